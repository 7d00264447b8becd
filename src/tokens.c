/*
 * tokens: the intake service's credentials. See tokens.h for the file.
 *
 * Loading reads the whole file (it is small: a line per token) through a
 * descriptor whose mode is checked with fstat(), so that what is checked
 * is what is read. Changes take an exclusive flock on `FILE.lock`, read
 * the file again under it, and write the new text to a temporary file of
 * mode 0600 beside it, synced and renamed over: a reader (the server
 * reloading) sees the old file or the new one, never half of one, and
 * two processes adding at once both keep their token. Comments and the
 * other lines are kept as they were written.
 */
#define _GNU_SOURCE
#include "tokens.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sha256.h"
#include "strbuf.h"
#include "xalloc.h"

#define TOKENS_FILE_MAX (16u << 20)  /* a file larger than this is refused */
#define CREATED_MAX 31               /* longest created_at kept */
#define HANOI_OFFSET (7 * 3600)      /* UTC+7 all year since 1975 */

struct line_span {
	size_t start, end;      /* of a token's line in text, end past '\n' */
};

struct tokens {
	struct token_entry *v;
	char (*created)[CREATED_MAX + 1];
	struct line_span *span;
	size_t n, cap;
	char *text;             /* the file as read, for rewriting */
	size_t len;
};

static _Thread_local enum tokens_error last_error;

enum tokens_error tokens_last_error(void)
{
	return last_error;
}

/* Set *err (and the kind) and return -1. */
static int fail(char **err, enum tokens_error kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char **err, enum tokens_error kind, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	last_error = kind;
	if (err)
		*err = strbuf_detach(&sb, NULL);
	else
		strbuf_release(&sb);
	return -1;
}

const char *tokens_role_name(enum token_role role)
{
	return role == TOKEN_ADMIN ? "admin" : "agency";
}

/* An agency code as agencies.csv has them: [A-Z][A-Z0-9]{1,7}. */
static bool agency_code_ok(const char *s, size_t n)
{
	size_t i;

	if (n < 2 || n > TOKEN_AGENCY_MAX || s[0] < 'A' || s[0] > 'Z')
		return false;
	for (i = 1; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9')))
			return false;
	return true;
}

/* An admin's name: a letter or digit, then [A-Za-z0-9._@-], 32 at most. */
static bool admin_name_ok(const char *s, size_t n)
{
	size_t i;

	if (n < 1 || n > TOKEN_NAME_MAX)
		return false;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			     (c >= '0' && c <= '9');

		if (!alnum && (i == 0 || !strchr("._@-", c)))
			return false;
	}
	return true;
}

static bool name_ok(enum token_role role, const char *s, size_t n)
{
	return role == TOKEN_ADMIN ? admin_name_ok(s, n) : agency_code_ok(s, n);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* 64 lowercase hex digits into 32 bytes; false when they are not. */
static bool unhex(const char *s, size_t n, unsigned char out[32])
{
	size_t i;

	if (n != 64)
		return false;
	for (i = 0; i < 32; i++) {
		int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return false;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return true;
}

static void digest_of(const char *token, size_t len, unsigned char out[32])
{
	struct sha256 c;
	char hex[65];

	sha256_init(&c);
	if (len)
		sha256_update(&c, token, len);
	sha256_final_hex(&c, hex);
	unhex(hex, 64, out);
}

/* created_at as we write it: 2026-12-05T09:17:23+07:00 (loosely checked). */
static bool created_ok(const char *s, size_t n)
{
	size_t i;

	if (n < 10 || n > CREATED_MAX)
		return false;
	for (i = 0; i < n; i++)
		if (!strchr("0123456789-:T+Z.", s[i]))
			return false;
	return true;
}

static void push(struct tokens *t, const struct token_entry *e,
		 const char *created, size_t clen, size_t start, size_t end)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 16;
		t->v = xreallocarray(t->v, t->cap, sizeof(*t->v));
		t->created = xreallocarray(t->created, t->cap,
					   sizeof(*t->created));
		t->span = xreallocarray(t->span, t->cap, sizeof(*t->span));
	}
	t->v[t->n] = *e;
	memcpy(t->created[t->n], created, clen);
	t->created[t->n][clen] = '\0';
	t->span[t->n].start = start;
	t->span[t->n].end = end;
	t->n++;
}

/* One line (without its newline); 0, or -1 and *err. */
static int parse_line(struct tokens *t, const char *path, unsigned long lineno,
		      const char *s, size_t n, size_t start, size_t end,
		      char **err)
{
	const char *f[4], *comma;
	size_t fl[4], i, k;
	struct token_entry e;

	if (n && s[n - 1] == '\r')
		n--;
	if (n == 0 || s[0] == '#')
		return 0;
	for (k = 0; k < 4; k++) {
		f[k] = s;
		comma = k < 3 ? memchr(s, ',', n) : NULL;
		fl[k] = comma ? (size_t)(comma - s) : n;
		if (k < 3 && !comma)
			return fail(err, TOKENS_ERR_BROKEN, "%s:%lu:%zu: error: "
				    "a line is role,name,sha256,created_at: "
				    "it has %zu field%s", path, lineno,
				    (size_t)(s - f[0]) + n + 1, k + 1,
				    k ? "s" : "");
		if (comma) {
			n -= fl[k] + 1;
			s = comma + 1;
		}
	}
	if ((comma = memchr(f[3], ',', fl[3])))
		return fail(err, TOKENS_ERR_BROKEN, "%s:%lu:%zu: error: a line "
			    "is role,name,sha256,created_at: it has more "
			    "fields", path, lineno,
			    (size_t)(comma - f[0]) + 1);
	memset(&e, 0, sizeof(e));
	if (fl[0] == 6 && memcmp(f[0], "agency", 6) == 0)
		e.role = TOKEN_AGENCY;
	else if (fl[0] == 5 && memcmp(f[0], "admin", 5) == 0)
		e.role = TOKEN_ADMIN;
	else
		return fail(err, TOKENS_ERR_BROKEN, "%s:%lu:1: error: the role "
			    "is 'agency' or 'admin', not '%.*s'", path, lineno,
			    (int)(fl[0] > 16 ? 16 : fl[0]), f[0]);
	if (!name_ok(e.role, f[1], fl[1]))
		return fail(err, TOKENS_ERR_BROKEN, "%s:%lu:%zu: error: '%.*s' "
			    "is not %s", path, lineno, fl[0] + 2,
			    (int)(fl[1] > 40 ? 40 : fl[1]), f[1],
			    e.role == TOKEN_ADMIN ?
			    "an admin's name (letters, digits, '.', '_', '@', "
			    "'-'; 32 at most)" :
			    "an agency code (capitals and digits, 2 to 8)");
	memcpy(e.name, f[1], fl[1]);
	if (!unhex(f[2], fl[2], e.digest))
		return fail(err, TOKENS_ERR_BROKEN, "%s:%lu:%zu: error: the "
			    "digest is 64 lowercase hex digits (the SHA-256 of "
			    "the token, never the token)", path, lineno,
			    fl[0] + fl[1] + 3);
	if (!created_ok(f[3], fl[3]))
		return fail(err, TOKENS_ERR_BROKEN, "%s:%lu:%zu: error: "
			    "created_at is a time written like "
			    "2026-12-05T09:17:23+07:00", path, lineno,
			    fl[0] + fl[1] + fl[2] + 4);
	for (i = 0; i < t->n; i++)
		if (memcmp(t->v[i].digest, e.digest, 32) == 0)
			return fail(err, TOKENS_ERR_BROKEN, "%s:%lu:%zu: "
				    "error: the same digest as an earlier line "
				    "(of '%s'): each token is unique", path,
				    lineno, fl[0] + fl[1] + 3, t->v[i].name);
	push(t, &e, f[3], fl[3], start, end);
	return 0;
}

static int parse(struct tokens *t, const char *path, char **err)
{
	size_t pos = 0;
	unsigned long lineno = 0;

	while (pos < t->len) {
		const char *s = t->text + pos;
		const char *nl = memchr(s, '\n', t->len - pos);
		size_t n = nl ? (size_t)(nl - s) : t->len - pos;
		size_t end = nl ? pos + n + 1 : t->len;
		const char *nul;

		lineno++;
		if ((nul = memchr(s, '\0', n)))
			return fail(err, TOKENS_ERR_BROKEN, "%s:%lu:%zu: error: "
				    "a NUL byte: this is not a tokens file",
				    path, lineno, (size_t)(nul - s) + 1);
		if (parse_line(t, path, lineno, s, n, pos, end, err) < 0)
			return -1;
		pos = end;
	}
	return 0;
}

/*
 * Read path into a new struct tokens. *missing (when not NULL) is set and
 * 0 returned with an empty set when the file does not exist.
 */
static int load(struct tokens **out, const char *path, bool *missing,
		char **err)
{
	struct tokens *t;
	struct stat st;
	struct strbuf sb = STRBUF_INIT;
	int fd, e;

	*out = NULL;
	if (missing)
		*missing = false;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0 && errno == ENOENT && missing) {
		*missing = true;
		*out = xcalloc(1, sizeof(**out));
		(*out)->text = xstrdup("");
		return 0;
	}
	if (fd < 0 && errno == ENOENT)
		return fail(err, TOKENS_ERR_MISSING, "cannot open the tokens "
			    "file '%s': %s: make one with 'tiendo token add "
			    "CODE' (or 'tiendo token add --admin NAME')", path,
			    strerror(ENOENT));
	if (fd < 0)
		return fail(err, TOKENS_ERR_READ, "cannot open the tokens file "
			    "'%s': %s", path, strerror(errno));
	if (fstat(fd, &st) != 0) {
		e = errno;
		close(fd);
		return fail(err, TOKENS_ERR_READ, "cannot read '%s': %s", path,
			    strerror(e));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return fail(err, TOKENS_ERR_READ, "the tokens file '%s' is not "
			    "a regular file", path);
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		close(fd);
		return fail(err, TOKENS_ERR_PERMS, "the tokens file '%s' may "
			    "be read or written by others (mode %04o): "
			    "refused; run 'chmod 600 %s', and revoke its "
			    "tokens if someone else may have copied it", path,
			    (unsigned)(st.st_mode & 07777), path);
	}
	if ((uintmax_t)st.st_size > TOKENS_FILE_MAX) {
		close(fd);
		return fail(err, TOKENS_ERR_BROKEN, "the tokens file '%s' is "
			    "larger than %u MiB: this is not a tokens file",
			    path, TOKENS_FILE_MAX >> 20);
	}
	for (;;) {
		ssize_t r;

		strbuf_grow(&sb, 4096);
		r = read(fd, sb.buf + sb.len, 4096);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			e = errno;
			close(fd);
			strbuf_release(&sb);
			return fail(err, TOKENS_ERR_READ, "cannot read '%s': "
				    "%s", path, strerror(e));
		}
		if (r == 0)
			break;
		strbuf_setlen(&sb, sb.len + (size_t)r);
		if (sb.len > TOKENS_FILE_MAX) {
			close(fd);
			strbuf_release(&sb);
			return fail(err, TOKENS_ERR_BROKEN, "the tokens file "
				    "'%s' is larger than %u MiB: this is not a "
				    "tokens file", path, TOKENS_FILE_MAX >> 20);
		}
	}
	close(fd);
	t = xcalloc(1, sizeof(*t));
	t->text = strbuf_detach(&sb, &t->len);
	if (parse(t, path, err) < 0) {
		tokens_free(t);
		return -1;
	}
	*out = t;
	return 0;
}

int tokens_load(struct tokens **out, const char *path, char **err)
{
	last_error = TOKENS_ERR_NONE;
	return load(out, path, NULL, err);
}

const struct token_entry *tokens_check(const struct tokens *t,
				       const char *token, size_t len)
{
	unsigned char d[32];
	uintptr_t found = 0;
	size_t i, k;

	if (!t)
		return NULL;
	digest_of(token, len, d);
	/*
	 * Every entry, every byte: the time taken depends on the number of
	 * entries only, never on where or whether one matches. hit is 1
	 * when diff is 0 (diff - 1 borrows into bit 8), computed without a
	 * branch; the matching entry's address is picked with a mask.
	 */
	for (i = 0; i < t->n; i++) {
		unsigned diff = 0, hit;

		for (k = 0; k < 32; k++)
			diff |= (unsigned)(t->v[i].digest[k] ^ d[k]);
		hit = ((diff - 1u) >> 8) & 1u;
		found |= ((uintptr_t)0 - (uintptr_t)hit) &
			 (uintptr_t)&t->v[i];
	}
	return (const struct token_entry *)found;
}

size_t tokens_count(const struct tokens *t)
{
	return t ? t->n : 0;
}

const struct token_entry *tokens_at(const struct tokens *t, size_t i)
{
	return t && i < t->n ? &t->v[i] : NULL;
}

const char *tokens_created_at(const struct tokens *t, size_t i)
{
	return t && i < t->n ? t->created[i] : NULL;
}

void tokens_free(struct tokens *t)
{
	if (!t)
		return;
	free(t->v);
	free(t->created);
	free(t->span);
	free(t->text);
	free(t);
}

/* ---- changing the file ------------------------------------------------- */

/*
 * The file to rewrite: path itself, or the target of the link path is
 * (one not there yet too), so that a link stays a link. Written into real.
 */
static const char *target_of(const char *path, char real[PATH_MAX])
{
	char link[PATH_MAX], *copy;
	ssize_t n;

	if (realpath(path, real))
		return real;
	n = readlink(path, link, sizeof(link) - 1);
	if (n <= 0)
		return path;    /* not a link: the name itself */
	link[n] = '\0';
	copy = xstrdup(path);
	n = link[0] == '/' ? snprintf(real, PATH_MAX, "%s", link) :
	    snprintf(real, PATH_MAX, "%s/%s", dirname(copy), link);
	free(copy);
	return n > 0 && n < PATH_MAX ? real : path;
}

/* Take the lock beside path; the descriptor, or -1 and *err. */
static int lock_file(const char *path, char **err)
{
	char *lp = xasprintf("%s.lock", path);
	int fd = open(lp, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	int e;

	if (fd < 0) {
		e = errno;
		fail(err, TOKENS_ERR_WRITE, "cannot create the lock file '%s': "
		     "%s", lp, strerror(e));
		free(lp);
		return -1;
	}
	while (flock(fd, LOCK_EX) != 0) {
		if (errno == EINTR)
			continue;
		e = errno;
		close(fd);
		fail(err, TOKENS_ERR_WRITE, "cannot lock '%s': %s", lp,
		     strerror(e));
		free(lp);
		return -1;
	}
	free(lp);
	return fd;
}

static int write_all(int fd, const char *buf, size_t n)
{
	while (n) {
		ssize_t w = write(fd, buf, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Sync the folder holding path, so that the rename itself is kept. */
static void sync_dir(const char *path)
{
	char *copy = xstrdup(path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(copy);
}

/* Replace path with text: temporary file (0600), fsync, rename. */
static int replace(const char *path, const char *text, size_t len, char **err)
{
	char *tmp = xasprintf("%s.tmp-XXXXXX", path);
	int fd = mkstemp(tmp), e;

	if (fd < 0) {
		e = errno;
		fail(err, TOKENS_ERR_WRITE, "cannot write '%s': %s", path,
		     strerror(e));
		free(tmp);
		return -1;
	}
	if (fchmod(fd, 0600) != 0 || write_all(fd, text, len) != 0 ||
	    fsync(fd) != 0) {
		e = errno ? errno : EIO;
		close(fd);
		goto broken;
	}
	if (close(fd) != 0) {
		e = errno;
		goto broken;
	}
	if (rename(tmp, path) != 0) {
		e = errno;
		goto broken;
	}
	free(tmp);
	sync_dir(path);
	return 0;
broken:
	unlink(tmp);
	free(tmp);
	return fail(err, TOKENS_ERR_WRITE, "cannot write '%s': %s", path,
		    strerror(e));
}

/* Now in Hanoi, ISO 8601 with its offset. */
static void hanoi_now(char buf[CREATED_MAX + 1])
{
	time_t now = time(NULL) + HANOI_OFFSET;
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(buf, CREATED_MAX + 1, "%Y-%m-%dT%H:%M:%S+07:00", &tm);
}

static int random_bytes(unsigned char *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = getrandom(buf + got, n - got, 0);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

int tokens_add(const char *path, enum token_role role, const char *name,
	       char token_out[65], char **err)
{
	static const char head[] =
		"# tiendo intake tokens: role,name,sha256,created_at (Hanoi "
		"time).\n# Only each token's SHA-256 is kept; keep this file "
		"mode 0600.\n";
	static const char digits[] = "0123456789abcdef";
	struct tokens *t = NULL;
	struct strbuf sb = STRBUF_INIT;
	unsigned char raw[32], d[32];
	char created[CREATED_MAX + 1];
	char real[PATH_MAX];
	bool missing;
	int lock, rc = -1;
	size_t i;

	last_error = TOKENS_ERR_NONE;
	if ((role != TOKEN_AGENCY && role != TOKEN_ADMIN) || !name ||
	    !name_ok(role, name, strlen(name)))
		return fail(err, TOKENS_ERR_ARG, "'%s' is not %s", name ? name :
			    "", role == TOKEN_ADMIN ? "an admin's name "
			    "(letters, digits, '.', '_', '@', '-'; 32 at most)"
			    :
			    "an agency code (capitals and digits, 2 to 8)");
	path = target_of(path, real);
	lock = lock_file(path, err);
	if (lock < 0)
		return -1;
	if (load(&t, path, &missing, err) < 0)
		goto out;
	do {
		if (random_bytes(raw, sizeof(raw)) < 0) {
			fail(err, TOKENS_ERR_WRITE, "cannot draw a random "
			     "token: %s", strerror(errno));
			goto out;
		}
		for (i = 0; i < 32; i++) {
			token_out[2 * i] = digits[raw[i] >> 4];
			token_out[2 * i + 1] = digits[raw[i] & 15];
		}
		token_out[64] = '\0';
		digest_of(token_out, 64, d);
	} while (tokens_check(t, token_out, 64));  /* never, but cheap */
	hanoi_now(created);
	if (missing)
		strbuf_addstr(&sb, head);
	strbuf_add(&sb, t->text, t->len);
	if (sb.len && sb.buf[sb.len - 1] != '\n')
		strbuf_addch(&sb, '\n');
	strbuf_addf(&sb, "%s,%s,", tokens_role_name(role), name);
	for (i = 0; i < 32; i++) {
		strbuf_addch(&sb, digits[d[i] >> 4]);
		strbuf_addch(&sb, digits[d[i] & 15]);
	}
	strbuf_addf(&sb, ",%s\n", created);
	rc = replace(path, sb.buf, sb.len, err);
out:
	if (rc < 0)
		memset(token_out, 0, 65);
	memset(raw, 0, sizeof(raw));
	strbuf_release(&sb);
	tokens_free(t);
	close(lock);
	return rc;
}

int tokens_revoke(const char *path, const char *name, char **err)
{
	struct tokens *t = NULL;
	struct strbuf sb = STRBUF_INIT;
	char real[PATH_MAX];
	size_t i, pos = 0;
	int lock, removed = 0, rc = -1;

	last_error = TOKENS_ERR_NONE;
	if (!name)
		return fail(err, TOKENS_ERR_ARG, "no name to revoke");
	path = target_of(path, real);
	lock = lock_file(path, err);
	if (lock < 0)
		return -1;
	if (load(&t, path, NULL, err) < 0)
		goto out;
	for (i = 0; i < t->n; i++) {
		if (strcmp(t->v[i].name, name) != 0)
			continue;
		strbuf_add(&sb, t->text + pos, t->span[i].start - pos);
		pos = t->span[i].end;
		removed++;
	}
	strbuf_add(&sb, t->text + pos, t->len - pos);
	rc = removed ? replace(path, sb.buf, sb.len, err) : 0;
out:
	strbuf_release(&sb);
	tokens_free(t);
	close(lock);
	return rc < 0 ? -1 : removed;
}
