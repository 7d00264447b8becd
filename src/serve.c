/*
 * serve: the HTTP side of intake. libmicrohttpd lives here and nowhere
 * else, as libharu lives in pdf.c.
 *
 * A request is answered in the connection's thread. Every limit is taken
 * before memory is spent: the size (Content-Length, then a running count
 * of the body), the connections (all, and per address), the time (idle,
 * by libmicrohttpd; whole, by a reaper of our own that shuts down a
 * connection whose request has lasted too long: a client sending one byte
 * a second is cut off), the requests per token. A request owns its memory
 * and frees it when it completes. The global state is the configuration
 * (read only), the token table (reloaded whole, swapped under a lock),
 * the sessions and the rate buckets (each under its mutex).
 */
#include "serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "aggregate.h"
#include "batch.h"
#include "date.h"
#include "escape.h"
#include "msg.h"
#include "render_data.h"
#include "render_form.h"
#include "strbuf.h"
#include "tokens.h"
#include "xalloc.h"

#define COOKIE "tiendo_session"
#define SMALL_BODY 4096               /* /login, /logout */
#define DISCARD_MAX 4                 /* a chunked body over the limit is
					 read to this many times it */
#define MAX_SESSIONS 4096
/* libmicrohttpd's pool per connection: headers and its buffers (bodies are
   ours, counted against the budget). At 64 KiB 0.9.75 closes every
   connection after one answer; 256 KiB keeps them alive. */
#define CONN_MEMORY (256 * 1024)

static const char csp[] =
	"default-src 'none'; script-src 'self'; style-src 'self'; "
	"img-src 'self' data:; connect-src 'self'; form-action 'self'; "
	"frame-ancestors 'none'; base-uri 'none'";

struct session {
	char id[65], csrf[65];
	struct token_entry who;
	time_t last;
};

struct bucket {                       /* a token's requests */
	unsigned char digest[32];
	double level;                 /* requests it may still make */
	double at;                    /* when level was counted */
};

struct conn {                         /* a connection, for the reaper */
	int fd;
	time_t since;                 /* its request began (or it opened) */
	struct conn *prev, *next;
};

struct server {
	const struct serve_conf *c;
	struct MHD_Daemon *d;
	int lsock;
	unsigned port;
	bool tls;
	char *cert, *key;
	pthread_rwlock_t tlock;
	struct tokens *tokens;
	pthread_mutex_t slock;
	struct session *sessions;
	size_t nsessions;
	pthread_mutex_t block;        /* the buckets, inflight and busy */
	size_t inflight, budget;      /* bytes of bodies reserved, at most */
	unsigned busy;                /* requests begun and not yet answered */
	struct bucket *buckets;
	size_t nbuckets, capbuckets;
	pthread_mutex_t clock;
	pthread_cond_t wake;
	struct conn *conns;
	bool stopping;
	pthread_t reaper;
};

enum route {
	R_NONE, R_CHECK, R_SUBMIT, R_FORM, R_STATUS, R_PROBLEMS, R_SESSION,
	R_LOGIN, R_LOGOUT, R_INDEX, R_STATIC
};

struct who {
	bool ok;
	bool cookie;                  /* by the session cookie */
	struct token_entry t;
	char csrf[65];                /* the session's, or "" */
};

struct req {
	enum route route;
	enum lang lang;
	struct who who;
	time_t start;
	struct strbuf body;
	size_t limit;
	size_t reserved;              /* of the server's body budget */
	bool too_big;
	size_t discarded;       /* bytes read and thrown away once too big */
};

/* ---- small things ---------------------------------------------------- */

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Seconds since 1970 as local seconds (date.h). */
static int64_t local_now(void)
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	return (int64_t)date_from_civil(tm.tm_year + 1900, tm.tm_mon + 1,
					tm.tm_mday) * 86400 +
	       tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
}

static void random_hex(char out[65])
{
	unsigned char b[32];
	size_t got = 0;

	while (got < sizeof(b)) {
		ssize_t n = getrandom(b + got, sizeof(b) - got, 0);

		if (n > 0)
			got += (size_t)n;
		else if (errno != EINTR)
			abort();  /* no randomness: no session is safe */
	}
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
}

/* Equal in constant time for strings of the same length. */
static bool same_secret(const char *a, const char *b)
{
	size_t n = strlen(a);
	unsigned char d = 0;

	if (n != strlen(b) || n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

static const char *arg(struct MHD_Connection *c, const char *key)
{
	return MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, key);
}

/* The period of ?period=, or the one being reported now when absent and
   dflt; -1 when not a month. */
static int period_arg(struct MHD_Connection *c, bool dflt, const char **raw)
{
	const char *p = arg(c, "period");
	int ym;

	*raw = p ? p : "";
	if (!p || !*p)
		return dflt ? ym_of((int32_t)(local_now() / 86400)) - 1 : -1;
	return ym_check(p, &ym) == DATE_OK ? ym : -1;
}

/* ---- answers --------------------------------------------------------- */

struct answer {
	unsigned status;
	const char *type;
	char *body;                   /* malloc'd, or NULL */
	size_t len;
	const char *headers[8][2];    /* extra, NULL-ended */
	char *owned[4];               /* header values to free */
};

static void add_header(struct answer *a, const char *k, const char *v)
{
	for (int i = 0; i < 7; i++)
		if (!a->headers[i][0]) {
			a->headers[i][0] = k;
			a->headers[i][1] = v;
			return;
		}
}

static char *own(struct answer *a, char *v)
{
	for (int i = 0; i < 4; i++)
		if (!a->owned[i])
			return a->owned[i] = v;
	return v;  /* never more than four */
}

static enum MHD_Result send_answer(struct MHD_Connection *c,
				   struct answer *a, bool page)
{
	struct MHD_Response *r;
	enum MHD_Result rc;

	r = MHD_create_response_from_buffer(a->len, a->body ? a->body : "",
					    a->body ? MHD_RESPMEM_MUST_FREE :
					    MHD_RESPMEM_PERSISTENT);
	if (!r) {
		free(a->body);
		for (int i = 0; i < 4; i++)
			free(a->owned[i]);
		return MHD_NO;
	}
	if (a->type)
		MHD_add_response_header(r, "Content-Type", a->type);
	MHD_add_response_header(r, "Content-Security-Policy", csp);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Cache-Control",
				page ? "no-cache" : "no-store");
	for (int i = 0; i < 8 && a->headers[i][0]; i++)
		MHD_add_response_header(r, a->headers[i][0], a->headers[i][1]);
	rc = MHD_queue_response(c, a->status, r);
	MHD_destroy_response(r);
	for (int i = 0; i < 4; i++)
		free(a->owned[i]);
	return rc;
}

/* The text written to a memory stream, as an answer's body. */
struct membuf {
	FILE *f;
	char *buf;
	size_t len;
};

static FILE *mem_open(struct membuf *m)
{
	m->buf = NULL;
	m->len = 0;
	m->f = open_memstream(&m->buf, &m->len);
	if (!m->f)
		abort();  /* out of memory, as xmalloc */
	return m->f;
}

static void mem_to(struct membuf *m, struct answer *a, unsigned status,
		   const char *type)
{
	fclose(m->f);
	a->status = status;
	a->type = type;
	a->body = m->buf;
	a->len = m->len;
}

#define JSON_TYPE "application/json; charset=utf-8"

/* {"error": code, "message": ...} with status. */
static enum MHD_Result error(struct MHD_Connection *c, struct req *r,
			     unsigned status, const char *code, enum msg_id id,
			     ...)
{
	struct answer a;
	struct membuf m;
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	memset(&a, 0, sizeof(a));
	va_start(ap, id);
	strbuf_vaddf(&sb, msg(r->lang, id), ap);
	va_end(ap);
	mem_open(&m);
	fputs("{\"error\": ", m.f);
	escape_json_string(m.f, code);
	fputs(", \"message\": ", m.f);
	escape_json_string(m.f, sb.buf);
	fputs("}\n", m.f);
	strbuf_release(&sb);
	mem_to(&m, &a, status, JSON_TYPE);
	if (status == 401)
		add_header(&a, "WWW-Authenticate", "Bearer realm=\"tiendo\"");
	if (status == 429 || status == 503)
		add_header(&a, "Retry-After", "10");
	if (status == 405)
		add_header(&a, "Allow", r->route == R_CHECK ||
			   r->route == R_SUBMIT || r->route == R_LOGIN ||
			   r->route == R_LOGOUT ? "POST" : "GET, HEAD");
	return send_answer(c, &a, false);
}

/* A period missing, or one that is not a month up to the current one. */
static enum MHD_Result bad_period(struct MHD_Connection *c, struct req *r,
				  const char *raw)
{
	if (!raw || !*raw)
		return error(c, r, 400, "bad-period", M_HTTP_NO_PERIOD);
	return error(c, r, 400, "bad-period", M_HTTP_BAD_PERIOD, raw);
}

/* A name the page gives a file: one name, printable, not hidden. */
static bool plain_name(const char *name)
{
	size_t n = strlen(name);

	if (!n || n > 200 || name[0] == '.' || strstr(name, ".."))
		return false;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '/' || *p == '\\')
			return false;
	return true;
}

/* A limit in bytes as people read it: "10 MB", "512 KB", "900 byte". */
static char *size_words(size_t n, enum lang lang, char buf[32])
{
	const char *unit = n >= 1024 * 1024 ? "MB" : n >= 1024 ? "KB" :
			   lang == LANG_VI ? "byte" : "bytes";
	double v = n >= 1024 * 1024 ? n / 1048576.0 : n >= 1024 ? n / 1024.0 :
		   (double)n;

	if (v == floor(v))
		snprintf(buf, 32, "%.0f %s", v, unit);
	else
		snprintf(buf, 32, "%.1f %s", v, unit);
	if (lang == LANG_VI && strchr(buf, '.'))
		*strchr(buf, '.') = ',';
	return buf;
}

/* 413: the body passes the route's limit; nothing is kept. */
static enum MHD_Result too_large(struct MHD_Connection *c, struct req *r)
{
	char lim[32];

	return error(c, r, 413, "too-large", M_HTTP_TOO_LARGE,
		     size_words(r->limit, r->lang, lim));
}

/* ---- tokens, sessions, rates ----------------------------------------- */

static bool token_lookup(struct server *s, const char *tok, size_t n,
			 struct token_entry *out)
{
	const struct token_entry *e;

	pthread_rwlock_rdlock(&s->tlock);
	e = tokens_check(s->tokens, tok, n);
	if (e)
		*out = *e;
	pthread_rwlock_unlock(&s->tlock);
	return e != NULL;
}

/* Is who's token still in the table (not revoked since sign-in)? */
static bool still_valid(struct server *s, const struct token_entry *t)
{
	bool ok = false;

	pthread_rwlock_rdlock(&s->tlock);
	for (size_t i = 0; i < tokens_count(s->tokens) && !ok; i++)
		ok = memcmp(tokens_at(s->tokens, i)->digest, t->digest,
			    32) == 0;
	pthread_rwlock_unlock(&s->tlock);
	return ok;
}

static void session_new(struct server *s, const struct token_entry *t,
			char id[65])
{
	time_t now = time(NULL);
	size_t i, k = 0;

	pthread_mutex_lock(&s->slock);
	/* forget the expired; when full, the one idle longest */
	for (i = 0; i < s->nsessions; i++)
		if (now - s->sessions[i].last <= SERVE_SESSION_IDLE)
			s->sessions[k++] = s->sessions[i];
	s->nsessions = k;
	if (s->nsessions == MAX_SESSIONS) {
		size_t old = 0;

		for (i = 1; i < s->nsessions; i++)
			if (s->sessions[i].last < s->sessions[old].last)
				old = i;
		s->sessions[old] = s->sessions[--s->nsessions];
	}
	if (!s->sessions)
		s->sessions = xcalloc(MAX_SESSIONS, sizeof(*s->sessions));
	random_hex(s->sessions[s->nsessions].id);
	random_hex(s->sessions[s->nsessions].csrf);
	s->sessions[s->nsessions].who = *t;
	s->sessions[s->nsessions].last = now;
	memcpy(id, s->sessions[s->nsessions].id, 65);
	s->nsessions++;
	pthread_mutex_unlock(&s->slock);
}

static bool session_find(struct server *s, const char *id, struct who *w)
{
	time_t now = time(NULL);
	bool found = false;

	pthread_mutex_lock(&s->slock);
	for (size_t i = 0; i < s->nsessions && !found; i++) {
		struct session *se = &s->sessions[i];

		if (!same_secret(se->id, id) ||
		    now - se->last > SERVE_SESSION_IDLE)
			continue;
		se->last = now;
		w->t = se->who;
		memcpy(w->csrf, se->csrf, 65);
		found = true;
	}
	pthread_mutex_unlock(&s->slock);
	return found;
}

static void session_end(struct server *s, const char *id)
{
	pthread_mutex_lock(&s->slock);
	for (size_t i = 0; i < s->nsessions; i++)
		if (same_secret(s->sessions[i].id, id)) {
			s->sessions[i] = s->sessions[--s->nsessions];
			break;
		}
	pthread_mutex_unlock(&s->slock);
}

/* May this token make one more request now? A bucket of rate requests
   refilled at rate a minute. */
static bool rate_ok(struct server *s, const unsigned char digest[32])
{
	double now = mono(), cap = s->c->rate;
	struct bucket *b = NULL;
	bool ok;

	if (!s->c->rate)
		return true;
	pthread_mutex_lock(&s->block);
	for (size_t i = 0; i < s->nbuckets && !b; i++)
		if (memcmp(s->buckets[i].digest, digest, 32) == 0)
			b = &s->buckets[i];
	if (!b) {
		XGROW(s->buckets, s->nbuckets + 1, s->capbuckets);
		b = &s->buckets[s->nbuckets++];
		memcpy(b->digest, digest, 32);
		b->level = cap;
		b->at = now;
	}
	b->level += (now - b->at) * cap / 60.0;
	if (b->level > cap)
		b->level = cap;
	b->at = now;
	ok = b->level >= 1.0;
	if (ok)
		b->level -= 1.0;
	pthread_mutex_unlock(&s->block);
	return ok;
}

/* Reserve n bytes of the body budget; false when it is spent. */
static bool reserve(struct server *s, size_t n)
{
	bool ok;

	pthread_mutex_lock(&s->block);
	ok = s->inflight + n <= s->budget;
	if (ok)
		s->inflight += n;
	pthread_mutex_unlock(&s->block);
	return ok;
}

static void release(struct server *s, size_t n)
{
	pthread_mutex_lock(&s->block);
	s->inflight -= n;
	pthread_mutex_unlock(&s->block);
}

/* Who calls: a Bearer token, else the session cookie. */
static void identify(struct server *s, struct MHD_Connection *c,
		     struct who *w)
{
	const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
						    "Authorization");
	const char *ck;

	memset(w, 0, sizeof(w[0]));
	if (h && strncasecmp(h, "Bearer ", 7) == 0) {
		const char *t = h + 7;

		while (*t == ' ')
			t++;
		w->ok = token_lookup(s, t, strlen(t), &w->t);
		return;
	}
	ck = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, COOKIE);
	if (ck && session_find(s, ck, w)) {
		w->cookie = true;
		w->ok = still_valid(s, &w->t);
	}
}

/* ---- the routes ------------------------------------------------------ */

static const char *const statics[][2] = {
	{ "intake.js", "text/javascript; charset=utf-8" },
	{ "intake.css", "text/css; charset=utf-8" },
	{ "icon.svg", "image/svg+xml" },
};

#define NSTATICS (sizeof(statics) / sizeof(statics[0]))

static enum route route_of(const char *url)
{
	static const struct { const char *path; enum route r; } routes[] = {
		{ "/api/check", R_CHECK }, { "/api/submit", R_SUBMIT },
		{ "/api/form", R_FORM }, { "/api/status", R_STATUS },
		{ "/api/problems", R_PROBLEMS }, { "/api/session", R_SESSION },
		{ "/login", R_LOGIN }, { "/logout", R_LOGOUT },
		{ "/", R_INDEX }, { "/index.html", R_INDEX },
	};

	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++)
		if (strcmp(url, routes[i].path) == 0)
			return routes[i].r;
	if (strncmp(url, "/static/", 8) == 0)
		for (size_t i = 0; i < NSTATICS; i++)
			if (strcmp(url + 8, statics[i][0]) == 0)
				return R_STATIC;
	return R_NONE;
}

static bool is_post(enum route r)
{
	return r == R_CHECK || r == R_SUBMIT || r == R_LOGIN || r == R_LOGOUT;
}

static bool is_api(enum route r)
{
	return r >= R_CHECK && r <= R_SESSION;
}

/* A file of the pages folder, or 404. */
static enum MHD_Result page(struct server *s, struct MHD_Connection *c,
			    struct req *r, const char *name, const char *type)
{
	char *path = xasprintf("%s/%s", s->c->pages, name);
	struct answer a;
	struct stat sb;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char *buf;

	free(path);
	memset(&a, 0, sizeof(a));
	if (fd < 0 || fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) ||
	    sb.st_size > (8 << 20)) {
		if (fd >= 0)
			close(fd);
		return error(c, r, 404, "not-found", M_HTTP_NOT_FOUND, name);
	}
	buf = xmalloc((size_t)sb.st_size + 1);
	a.len = 0;
	while (a.len < (size_t)sb.st_size) {
		ssize_t n = read(fd, buf + a.len, (size_t)sb.st_size - a.len);

		if (n <= 0)
			break;
		a.len += (size_t)n;
	}
	close(fd);
	a.status = 200;
	a.type = type;
	a.body = buf;
	return send_answer(c, &a, r->route == R_STATIC);
}

static enum MHD_Result h_check(struct server *s, struct MHD_Connection *c,
			       struct req *r)
{
	const struct intake *in = s->c->intake;
	const char *raw, *name = arg(c, "name");
	int period = period_arg(c, false, &raw);
	struct submission_result res;
	struct answer a;
	struct membuf m;

	memset(&a, 0, sizeof(a));
	if (period < 0 && *raw)
		return bad_period(c, r, raw);
	/* the name the page gave, for the problems; a plain one */
	if (name && *name && !plain_name(name))
		return error(c, r, 400, "bad-name", M_HTTP_BAD_NAME, name);
	if (!name || !*name)
		name = "upload.csv";
	mem_open(&m);
	intake_check(in, r->body.buf, r->body.len, name,
		     r->who.t.role == TOKEN_AGENCY ? r->who.t.name : NULL,
		     period, (int64_t)time(NULL), r->lang, m.f, &res);
	mem_to(&m, &a, 200, JSON_TYPE);
	return send_answer(c, &a, false);
}

static enum MHD_Result h_submit(struct server *s, struct MHD_Connection *c,
				struct req *r)
{
	const struct intake *in = s->c->intake;
	const char *raw;
	int period = period_arg(c, false, &raw);
	struct submission_result res;
	struct intake_stored st;
	struct answer a;
	struct membuf m;
	char *err = NULL;
	enum MHD_Result rc;

	memset(&a, 0, sizeof(a));
	if (r->who.t.role != TOKEN_AGENCY)
		return error(c, r, 403, "agency-only", M_HTTP_AGENCY_ONLY);
	if (period < 0 || period > ym_of((int32_t)(local_now() / 86400)))
		return bad_period(c, r, raw);
	mem_open(&m);
	if (intake_submit(in, r->body.buf, r->body.len, r->who.t.name, period,
			  (int64_t)time(NULL), r->lang, m.f, &st, &res,
			  &err) < 0) {
		fclose(m.f);
		free(m.buf);
		rc = error(c, r, 500, "not-stored", M_HTTP_STORE, err);
		free(err);
		return rc;
	}
	mem_to(&m, &a, 201, JSON_TYPE);
	return send_answer(c, &a, false);
}

static enum MHD_Result h_form(struct server *s, struct MHD_Connection *c,
			      struct req *r)
{
	const struct intake *in = s->c->intake;
	const char *raw, *code = r->who.t.name, *asked = arg(c, "agency");
	int period = period_arg(c, true, &raw);
	const struct agency *ag;
	struct answer a;
	struct membuf m;
	char ym[8];

	memset(&a, 0, sizeof(a));
	if (period < 0)
		return bad_period(c, r, raw);
	if (r->who.t.role == TOKEN_ADMIN) {
		if (!asked || !*asked)
			return error(c, r, 400, "bad-agency",
				     M_HTTP_NO_AGENCY);
		code = asked;
	} else if (asked && *asked && strcasecmp(asked, code) != 0) {
		return error(c, r, 403, "not-yours", M_HTTP_OTHER_AGENCY,
			     asked, code);
	}
	ag = roadmap_agency(in->rm, code);
	if (!ag || !agency_valid_between(ag, ym_first_day(period),
					 ym_last_day(period)))
		return error(c, r, 400, "bad-agency", M_HTTP_BAD_AGENCY, code);
	mem_open(&m);
	render_form(m.f, in->rm, in->ss->progress, ag->code, period, r->lang);
	mem_to(&m, &a, 200, "text/csv; charset=utf-8");
	add_header(&a, "Content-Disposition",
		   own(&a, xasprintf("attachment; filename=\"%s-%s-form.csv\"",
				     ag->code, ym_format(period, ym))));
	return send_answer(c, &a, false);
}

/* The files of the period, as the run reads them. */
struct files_ctx {
	FILE *f;
	const char *mdir;
	bool admin, first;
	const char *agency;
};

static void on_file(void *ctx, const struct batch_file *bf)
{
	struct files_ctx *fc = ctx;
	struct intake_line l;
	const char *agency = bf->agency;
	char when[20];

	intake_logged(fc->mdir, bf->name, &l);
	if (l.agency[0])
		agency = l.agency;
	if (!fc->admin && (!agency || strcmp(agency, fc->agency) != 0))
		return;
	if (l.received_at[0])
		snprintf(when, sizeof(when), "%s", l.received_at);
	else
		datetime_format(bf->received, when);
	fputs(fc->first ? "\n  " : ",\n  ", fc->f);
	fc->first = false;
	fputs("{\"file\": ", fc->f);
	escape_json_string(fc->f, bf->name);
	fputs(", \"agency\": ", fc->f);
	escape_json_string(fc->f, agency);
	fputs(", \"received_at\": ", fc->f);
	escape_json_string(fc->f, when);
	fputs(", \"sha256\": ", fc->f);
	escape_json_string(fc->f, l.sha256[0] ? l.sha256 : NULL);
	fprintf(fc->f, ", \"rows\": %lu, \"accepted\": %lu, \"rejected\": %lu, "
		"\"errors\": %lu, \"warnings\": %lu}", bf->res.stats.rows,
		bf->res.stats.accepted, bf->res.stats.rejected,
		bf->res.stats.errors, bf->res.stats.warnings);
}

static void discard(void *ctx, const struct diag *d)
{
	(void)ctx;
	(void)d;
}

static bool always(void *ctx)
{
	(void)ctx;
	return true;
}

static enum MHD_Result h_status(struct server *s, struct MHD_Connection *c,
				struct req *r)
{
	const struct intake *in = s->c->intake;
	const struct diag_sink quiet = { discard, NULL, r->lang, always };
	const char *raw;
	int period = period_arg(c, true, &raw);
	struct aggregator *agg;
	struct summary *sum;
	struct batch_opts bo;
	struct batch_result br;
	struct files_ctx fc;
	struct membuf files, doc;
	struct answer a;
	json_t *root, *rows, *out;
	size_t i;
	char ym[8], *mdir;
	bool admin = r->who.t.role == TOKEN_ADMIN;

	memset(&a, 0, sizeof(a));
	if (period < 0)
		return bad_period(c, r, raw);
	ym_format(period, ym);
	mdir = xasprintf("%s/submissions/%s", in->input, ym);
	agg = agg_new(in->rm, &s->c->tpl->settings, period,
		      ym_last_day(period), &quiet);
	agg_set_moment(agg, local_now());
	memset(&fc, 0, sizeof(fc));
	fc.f = mem_open(&files);
	fc.mdir = mdir;
	fc.admin = admin;
	fc.first = true;
	fc.agency = r->who.t.name;
	memset(&bo, 0, sizeof(bo));
	bo.input = in->input;
	bo.rm = in->rm;
	bo.ss = in->ss;
	bo.received = in->received;
	bo.period = period;
	bo.sink = &quiet;
	bo.allow_other_agency = in->allow_other_agency;
	bo.agg = agg;
	bo.on_file = on_file;
	bo.ctx = &fc;
	batch_run(&bo, &br);
	sum = agg_finish(agg);
	fputs(fc.first ? "]" : "\n]", files.f);
	fclose(files.f);

	/* summary's own compliance rows, the caller's, with their names */
	mem_open(&doc);
	render_summary_json(doc.f, sum, in->rm);
	fclose(doc.f);
	root = json_loadb(doc.buf, doc.len, 0, NULL);
	free(doc.buf);
	out = json_array();
	rows = root ? json_object_get(root, "compliance") : NULL;
	for (i = 0; rows && i < json_array_size(rows); i++) {
		json_t *row = json_array_get(rows, i);
		const char *code = json_string_value(json_object_get(row,
								     "agency"));
		const char *p = json_string_value(json_object_get(row,
								  "period"));
		const struct agency *ag;

		if (!code || !p || strcmp(p, ym) != 0 ||
		    (!admin && strcmp(code, r->who.t.name) != 0))
			continue;
		ag = roadmap_agency(in->rm, code);
		json_object_set_new(row, "name", json_string(
			!ag ? code : r->lang == LANG_EN && ag->name_en ?
			ag->name_en : ag->name_vi));
		json_array_append(out, row);
	}
	{
		char *comp = json_dumps(out, JSON_COMPACT | JSON_ENSURE_ASCII);

		mem_open(&doc);
		fprintf(doc.f, "{\"period\": \"%s\", \"compliance\": %s,\n"
			"\"files\": [%s}\n", ym, comp ? comp : "[]",
			files.buf);
		free(comp);
	}
	json_decref(out);
	json_decref(root);
	free(files.buf);
	summary_free(sum);
	agg_free(agg);
	free(mdir);
	mem_to(&doc, &a, 200, JSON_TYPE);
	return send_answer(c, &a, false);
}

static enum MHD_Result h_problems(struct server *s, struct MHD_Connection *c,
				  struct req *r)
{
	const struct intake *in = s->c->intake;
	const char *raw, *name = arg(c, "file");
	int period = period_arg(c, false, &raw);
	struct submission_result res;
	struct intake_line l;
	struct answer a;
	struct membuf m;
	char ym[8], *mdir;
	bool logged;

	memset(&a, 0, sizeof(a));
	if (period < 0)
		return bad_period(c, r, raw);
	if (!name || !*name)
		return error(c, r, 400, "bad-name", M_HTTP_NO_NAME);
	if (!plain_name(name))
		return error(c, r, 400, "bad-name", M_HTTP_BAD_NAME, name);
	ym_format(period, ym);
	mdir = xasprintf("%s/submissions/%s", in->input, ym);
	logged = intake_logged(mdir, name, &l);
	free(mdir);
	if (!logged)
		return error(c, r, 404, "no-file", M_HTTP_NO_FILE, name, ym);
	if (!l.agency[0]) {  /* a hand-kept log: the agency of its name */
		const char *an = batch_agency_from_name(in->rm, name);

		snprintf(l.agency, sizeof(l.agency), "%s", an ? an : "");
	}
	if (r->who.t.role != TOKEN_ADMIN && strcmp(l.agency, r->who.t.name))
		return error(c, r, 403, "not-yours", M_HTTP_NOT_YOURS, name);
	mem_open(&m);
	if (intake_check_stored(in, period, name, r->lang, m.f, &res) < 0) {
		fclose(m.f);
		free(m.buf);
		return error(c, r, 404, "no-file", M_HTTP_NO_FILE, name, ym);
	}
	mem_to(&m, &a, 200, JSON_TYPE);
	return send_answer(c, &a, false);
}

static enum MHD_Result h_session(struct server *s, struct MHD_Connection *c,
				 struct req *r)
{
	const struct agency *ag = NULL;
	int32_t today = (int32_t)(local_now() / 86400);
	int period = ym_of(today) - 1;
	struct answer a;
	struct membuf m;
	char ym[8], day[11];

	memset(&a, 0, sizeof(a));
	if (r->who.t.role == TOKEN_AGENCY)
		ag = roadmap_agency(s->c->intake->rm, r->who.t.name);
	mem_open(&m);
	fputs("{\"agency\": ", m.f);
	escape_json_string(m.f, r->who.t.role == TOKEN_AGENCY ?
			   r->who.t.name : NULL);
	fputs(", \"name\": ", m.f);
	escape_json_string(m.f, !ag ? r->who.t.name :
			   r->lang == LANG_EN && ag->name_en ? ag->name_en :
			   ag->name_vi);
	fprintf(m.f, ", \"admin\": %s, \"csrf\": ",
		r->who.t.role == TOKEN_ADMIN ? "true" : "false");
	escape_json_string(m.f, r->who.csrf);
	fprintf(m.f, ", \"period\": \"%s\", \"deadline\": \"%s\"}\n",
		ym_format(period, ym),
		date_format(ym_first_day(period + 1) +
			    s->c->tpl->settings.deadline_day - 1, day));
	mem_to(&m, &a, 200, JSON_TYPE);
	return send_answer(c, &a, false);
}

/* A field of an application/x-www-form-urlencoded body, decoded. */
static char *form_field(const char *body, const char *key)
{
	size_t k = strlen(key);
	const char *p = body;

	while (p && *p) {
		const char *end = strchr(p, '&');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		if (n > k && strncmp(p, key, k) == 0 && p[k] == '=') {
			char *v = xstrndup(p + k + 1, n - k - 1);

			for (char *q = v; *q; q++)
				if (*q == '+')
					*q = ' ';
			MHD_http_unescape(v);
			return v;
		}
		p = end ? end + 1 : NULL;
	}
	return NULL;
}

static void see_other(struct answer *a, char *where)
{
	a->status = 303;
	a->type = "text/plain; charset=utf-8";
	add_header(a, "Location", own(a, where));
}

static enum MHD_Result h_login(struct server *s, struct MHD_Connection *c,
			       struct req *r)
{
	char *tok = form_field(r->body.buf, "token");
	char *lang = form_field(r->body.buf, "lang");
	const char *l = lang && strcmp(lang, "en") == 0 ? "en" : "vi";
	struct token_entry t;
	struct answer a;
	char id[65];

	memset(&a, 0, sizeof(a));
	if (tok && token_lookup(s, tok, strlen(tok), &t)) {
		session_new(s, &t, id);
		see_other(&a, xasprintf("/?lang=%s", l));
		add_header(&a, "Set-Cookie", own(&a, xasprintf(
			COOKIE "=%s; HttpOnly; SameSite=Strict; Path=/%s", id,
			s->tls ? "; Secure" : "")));
	} else {
		see_other(&a, xasprintf("/?login=failed&lang=%s", l));
	}
	free(tok);
	free(lang);
	return send_answer(c, &a, false);
}

static enum MHD_Result h_logout(struct server *s, struct MHD_Connection *c,
				struct req *r)
{
	char *csrf = form_field(r->body.buf, "csrf");
	char *lang = form_field(r->body.buf, "lang");
	const char *ck = MHD_lookup_connection_value(c, MHD_COOKIE_KIND,
						     COOKIE);
	struct answer a;

	memset(&a, 0, sizeof(a));
	if (!r->who.cookie || !csrf || !same_secret(csrf, r->who.csrf)) {
		free(csrf);
		free(lang);
		return error(c, r, 403, "csrf", M_HTTP_CSRF);
	}
	session_end(s, ck);
	see_other(&a, xasprintf("/?lang=%s", lang && !strcmp(lang, "en") ?
				"en" : "vi"));
	add_header(&a, "Set-Cookie", COOKIE "=; HttpOnly; SameSite=Strict; "
		   "Path=/; Max-Age=0");
	free(csrf);
	free(lang);
	return send_answer(c, &a, false);
}

/* ---- the request ----------------------------------------------------- */

/* The checks made once the headers are in; MHD_YES to read on, else the
   answer was queued (or the connection is to be closed). */
static enum MHD_Result admit(struct server *s, struct MHD_Connection *c,
			     struct req *r, const char *url,
			     const char *method, bool *answered)
{
	const char *cl;
	bool post = strcmp(method, "POST") == 0;
	bool get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;

	*answered = true;
	if (r->route == R_NONE)
		return error(c, r, 404, "not-found", M_HTTP_NOT_FOUND, url);
	if ((is_post(r->route) && !post) || (!is_post(r->route) && !get))
		return error(c, r, 405, "method", M_HTTP_METHOD, url, method);
	r->limit = r->route == R_CHECK || r->route == R_SUBMIT ?
		   s->c->max_upload : SMALL_BODY;
	cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
					 "Content-Length");
	if (cl && strtoull(cl, NULL, 10) > r->limit)
		return too_large(c, r);
	if (r->route == R_LOGOUT)
		identify(s, c, &r->who);
	if (is_api(r->route)) {
		const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
							    "X-CSRF-Token");

		identify(s, c, &r->who);
		if (!r->who.ok) {
			const char *au = MHD_lookup_connection_value(
				c, MHD_HEADER_KIND, "Authorization");
			const char *ck = MHD_lookup_connection_value(
				c, MHD_COOKIE_KIND, COOKIE);

			return error(c, r, 401, au || ck ? "bad-token" :
				     "no-token", au || ck ? M_HTTP_BAD_TOKEN :
				     M_HTTP_NO_TOKEN);
		}
		if (r->who.cookie && post && (!h || !same_secret(h,
								  r->who.csrf)))
			return error(c, r, 403, "csrf", M_HTTP_CSRF);
		if (!rate_ok(s, r->who.t.digest))
			return error(c, r, 429, "rate", M_HTTP_RATE);
	}
	if (post) {
		/* the body's room, before a byte of it is read */
		size_t n = cl ? (size_t)strtoull(cl, NULL, 10) : r->limit;

		if (!reserve(s, n))
			return error(c, r, 503, "busy", M_HTTP_BUSY);
		r->reserved = n;
	}
	*answered = false;
	return MHD_YES;
}

static enum MHD_Result dispatch(struct server *s, struct MHD_Connection *c,
				struct req *r, const char *url)
{
	switch (r->route) {
	case R_CHECK: return h_check(s, c, r);
	case R_SUBMIT: return h_submit(s, c, r);
	case R_FORM: return h_form(s, c, r);
	case R_STATUS: return h_status(s, c, r);
	case R_PROBLEMS: return h_problems(s, c, r);
	case R_SESSION: return h_session(s, c, r);
	case R_LOGIN: return h_login(s, c, r);
	case R_LOGOUT: return h_logout(s, c, r);
	case R_INDEX: return page(s, c, r, "index.html",
				  "text/html; charset=utf-8");
	case R_STATIC:
		for (size_t i = 0; i < NSTATICS; i++)
			if (strcmp(url + 8, statics[i][0]) == 0)
				return page(s, c, r, statics[i][0],
					    statics[i][1]);
		break;
	case R_NONE:
		break;
	}
	return error(c, r, 404, "not-found", M_HTTP_NOT_FOUND, url);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	struct server *s = cls;
	struct req *r = *con_cls;
	bool answered;

	(void)version;
	if (!r) {
		const char *l = arg(c, "lang");
		enum MHD_Result rc;

		r = xcalloc(1, sizeof(*r));
		pthread_mutex_lock(&s->block);
		s->busy++;
		pthread_mutex_unlock(&s->block);
		strbuf_init(&r->body);
		*con_cls = r;
		r->start = time(NULL);
		r->lang = l && strcmp(l, "en") == 0 ? LANG_EN : LANG_VI;
		r->route = route_of(url);
		rc = admit(s, c, r, url, method, &answered);
		/* answered now, the body unread, the connection closes;
		   else the answer comes once the request is in (and the
		   connection may serve the next one) */
		return rc;
	}
	if (*upload_size) {
		if (time(NULL) - r->start > (time_t)s->c->request_timeout)
			return MHD_NO;  /* too slow: cut off */
		if (!r->too_big && r->body.len + *upload_size > r->limit) {
			/* a body without Content-Length grew past the limit:
			   keep nothing more; libmicrohttpd answers only once
			   the body is in, so read on, up to DISCARD_MAX
			   times the limit, and throw it away */
			r->too_big = true;
			strbuf_release(&r->body);
		}
		if (r->too_big) {
			r->discarded += *upload_size;
			if (r->discarded / DISCARD_MAX > r->limit)
				return MHD_NO;  /* too much: cut off */
		} else {
			strbuf_add(&r->body, upload, *upload_size);
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (r->too_big)
		return too_large(c, r);
	return dispatch(s, c, r, url);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct server *s = cls;
	struct req *r = *con_cls;
	const union MHD_ConnectionInfo *ci;

	(void)toe;
	if (r) {
		if (r->reserved)
			release(s, r->reserved);
		pthread_mutex_lock(&s->block);
		s->busy--;
		pthread_mutex_unlock(&s->block);
		strbuf_release(&r->body);
		free(r);
		*con_cls = NULL;
	}
	/* the next request's time starts now */
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	if (ci && ci->socket_context) {
		pthread_mutex_lock(&s->clock);
		((struct conn *)ci->socket_context)->since = time(NULL);
		pthread_mutex_unlock(&s->clock);
	}
}

/* ---- connections and their time -------------------------------------- */

static void on_connection(void *cls, struct MHD_Connection *c,
			  void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	struct server *s = cls;
	struct conn *k;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
			c, MHD_CONNECTION_INFO_CONNECTION_FD);

		k = xcalloc(1, sizeof(*k));
		k->fd = ci ? ci->connect_fd : -1;
		k->since = time(NULL);
		pthread_mutex_lock(&s->clock);
		k->next = s->conns;
		if (s->conns)
			s->conns->prev = k;
		s->conns = k;
		pthread_mutex_unlock(&s->clock);
		*socket_context = k;
		return;
	}
	k = *socket_context;
	if (!k)
		return;
	pthread_mutex_lock(&s->clock);
	if (k->prev)
		k->prev->next = k->next;
	else
		s->conns = k->next;
	if (k->next)
		k->next->prev = k->prev;
	pthread_mutex_unlock(&s->clock);
	free(k);
	*socket_context = NULL;
}

/*
 * Once a second, shut down the connections whose request has lasted
 * longer than request_timeout: libmicrohttpd's own timeout counts idle
 * time only, which a byte a second resets. The socket is shut down, not
 * closed: libmicrohttpd then sees it end and closes it itself.
 */
static void *reaper(void *arg)
{
	struct server *s = arg;

	pthread_mutex_lock(&s->clock);
	while (!s->stopping) {
		struct timespec ts;
		time_t now = time(NULL);

		for (struct conn *k = s->conns; k; k = k->next)
			if (k->fd >= 0 &&
			    now - k->since > (time_t)s->c->request_timeout) {
				shutdown(k->fd, SHUT_RDWR);
				k->since = now;  /* once */
			}
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 1;
		pthread_cond_timedwait(&s->wake, &s->clock, &ts);
	}
	pthread_mutex_unlock(&s->clock);
	return NULL;
}

/* ---- starting and stopping ------------------------------------------- */

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	return strbuf_detach(&sb, NULL);
}

/* Listen on "ADDR:PORT" or "[ADDR6]:PORT"; the socket or -1 (*why). */
static int listen_on(const char *spec, bool *v6, enum serve_fail *why,
		     char **err)
{
	struct sockaddr_storage ss;
	socklen_t len;
	char host[64];
	const char *colon = strrchr(spec, ':');
	char *end;
	unsigned long port;
	int fd, one = 1;

	memset(&ss, 0, sizeof(ss));
	*why = SERVE_FAIL_ADDRESS;
	if (!colon || colon == spec || (size_t)(colon - spec) >= sizeof(host))
		goto bad;
	port = strtoul(colon + 1, &end, 10);
	if (!colon[1] || *end || port > 65535)
		goto bad;
	memcpy(host, spec, (size_t)(colon - spec));
	host[colon - spec] = '\0';
	*v6 = host[0] == '[';
	if (*v6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
		size_t n = strlen(host);

		if (host[n - 1] != ']')
			goto bad;
		host[n - 1] = '\0';
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((unsigned short)port);
		if (inet_pton(AF_INET6, host + 1, &a->sin6_addr) != 1)
			goto bad;
		len = sizeof(*a);
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)&ss;

		a->sin_family = AF_INET;
		a->sin_port = htons((unsigned short)port);
		if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
			goto bad;
		len = sizeof(*a);
	}
	*why = SERVE_FAIL_LISTEN;
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		*err = xasprintf("cannot listen on '%s': %s", spec,
				 strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, len) < 0 ||
	    listen(fd, 128) < 0) {
		*err = xasprintf("cannot listen on '%s': %s", spec,
				 strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
bad:
	*err = xasprintf("'%s' is not an address to listen on: give "
			 "ADDR:PORT (127.0.0.1:8080, [::1]:8080)", spec);
	return -1;
}

struct server *serve_start(const struct serve_conf *c, enum serve_fail *why,
			   char **err)
{
	struct server *s = xcalloc(1, sizeof(*s));
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD |
			 MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL |
			 MHD_USE_ITC;  /* for MHD_quiesce_daemon() */
	const union MHD_DaemonInfo *di;
	bool v6 = false;

	s->c = c;
	s->lsock = -1;
	s->budget = c->max_memory ? c->max_memory : 8 * c->max_upload;
	if (!c->max_memory && s->budget < SERVE_MEMORY_MIN)
		s->budget = SERVE_MEMORY_MIN;
	pthread_rwlock_init(&s->tlock, NULL);
	pthread_mutex_init(&s->slock, NULL);
	pthread_mutex_init(&s->block, NULL);
	pthread_mutex_init(&s->clock, NULL);
	pthread_cond_init(&s->wake, NULL);
	if (tokens_load(&s->tokens, c->tokens, err) < 0) {
		*why = SERVE_FAIL_TOKENS;
		goto fail;
	}
	if (c->tls_cert || c->tls_key) {
		if (!c->tls_cert || !c->tls_key) {
			*why = SERVE_FAIL_TLS;
			*err = xstrdup("give both --tls-cert and --tls-key");
			goto fail;
		}
		s->cert = slurp(c->tls_cert);
		s->key = slurp(c->tls_key);
		if (!s->cert || !s->key) {
			*why = SERVE_FAIL_TLS;
			*err = xasprintf("cannot read '%s': %s", !s->cert ?
					 c->tls_cert : c->tls_key,
					 strerror(errno));
			goto fail;
		}
		s->tls = true;
		flags |= MHD_USE_TLS;
	}
	s->lsock = listen_on(c->listen, &v6, why, err);
	if (s->lsock < 0)
		goto fail;
	if (v6)
		flags |= MHD_USE_IPv6;
	s->d = MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, s,
		MHD_OPTION_LISTEN_SOCKET, s->lsock,
		MHD_OPTION_CONNECTION_LIMIT, c->max_connections,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, c->max_per_ip,
		MHD_OPTION_CONNECTION_TIMEOUT, c->idle_timeout,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
		s->tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, s->cert,
		MHD_OPTION_HTTPS_MEM_KEY, s->key,
		MHD_OPTION_END);
	if (!s->d) {
		*why = SERVE_FAIL_START;
		*err = xasprintf("the server on '%s' would not start%s",
				 c->listen, s->tls ? " (is the TLS key the "
				 "certificate's?)" : "");
		goto fail;
	}
	s->lsock = -1;  /* the daemon's now: it closes it */
	di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di ? di->port : 0;
	if (pthread_create(&s->reaper, NULL, reaper, s) != 0)
		abort();
	return s;
fail:
	if (s->lsock >= 0)
		close(s->lsock);
	tokens_free(s->tokens);
	free(s->cert);
	free(s->key);
	free(s);
	return NULL;
}

unsigned serve_port(const struct server *s)
{
	return s->port;
}

int serve_reload_tokens(struct server *s, char **err)
{
	struct tokens *t, *old;

	if (tokens_load(&t, s->c->tokens, err) < 0)
		return -1;
	pthread_rwlock_wrlock(&s->tlock);
	old = s->tokens;
	s->tokens = t;
	pthread_rwlock_unlock(&s->tlock);
	tokens_free(old);
	return 0;
}

/* Let the requests under way finish, for request_timeout at most (the
   reaper cuts off any that would last longer); no new connection is taken. */
static void drain(struct server *s)
{
	const struct timespec tick = { 0, 50 * 1000 * 1000 };
	double until = mono() + (double)s->c->request_timeout;
	unsigned busy;

	for (;;) {
		pthread_mutex_lock(&s->block);
		busy = s->busy;
		pthread_mutex_unlock(&s->block);
		if (!busy || mono() > until)
			return;
		nanosleep(&tick, NULL);
	}
}

void serve_stop(struct server *s)
{
	MHD_socket ls;

	if (!s)
		return;
	ls = MHD_quiesce_daemon(s->d);
	drain(s);
	pthread_mutex_lock(&s->clock);
	s->stopping = true;
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->clock);
	pthread_join(s->reaper, NULL);
	MHD_stop_daemon(s->d);
	if (ls != MHD_INVALID_SOCKET)
		close(ls);  /* quiesced: ours to close, after the stop */
	if (s->lsock >= 0)
		close(s->lsock);
	tokens_free(s->tokens);
	free(s->sessions);
	free(s->buckets);
	free(s->cert);
	free(s->key);
	pthread_rwlock_destroy(&s->tlock);
	pthread_mutex_destroy(&s->slock);
	pthread_mutex_destroy(&s->block);
	pthread_mutex_destroy(&s->clock);
	pthread_cond_destroy(&s->wake);
	free(s);
}
