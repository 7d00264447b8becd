/*
 * tokens: a token added is found by tokens_check() and only by it (not a
 * byte changed at either end), revoke removes every token of a name and
 * keeps the rest, the file holds no token and is mode 0600, a file others
 * may read is refused, a broken line is named, and two processes adding
 * at once both keep their tokens.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sha256.h"
#include "tokens.h"

static char dir[64], path[128];

static void setup(void)
{
	strcpy(dir, "/tmp/tiendo-tokens-XXXXXX");
	cr_assert(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/.tokens", dir);
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(tokens, .init = setup, .fini = teardown);

static void add(enum token_role role, const char *name, char token[65])
{
	char *err = NULL;
	int rc = tokens_add(path, role, name, token, &err);

	cr_assert_eq(rc, 0, "tokens_add: %s", err ? err : "");
	free(err);
}

static struct tokens *load(void)
{
	struct tokens *t = NULL;
	char *err = NULL;
	int rc = tokens_load(&t, path, &err);

	cr_assert_eq(rc, 0, "tokens_load: %s", err ? err : "");
	free(err);
	return t;
}

static void write_file(const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	cr_assert(f);
	fputs(text, f);
	cr_assert_eq(fclose(f), 0);
	cr_assert_eq(chmod(path, mode), 0);
}

static char *slurp(void)
{
	static char buf[1 << 16];
	FILE *f = fopen(path, "r");
	size_t n;

	cr_assert(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

Test(tokens, added_token_is_found_as_its_agency_and_file_holds_no_token)
{
	char a[65], b[65], admin[65];
	struct tokens *t;
	const struct token_entry *e;
	struct stat st;
	size_t i;

	add(TOKEN_AGENCY, "BNG", a);
	add(TOKEN_AGENCY, "BTC", b);
	add(TOKEN_ADMIN, "lan.nguyen", admin);
	cr_assert_eq(strlen(a), 64);
	for (i = 0; i < 64; i++)
		cr_assert(strchr("0123456789abcdef", a[i]), "%s", a);
	cr_assert_str_neq(a, b);
	t = load();
	cr_assert_eq(tokens_count(t), 3);
	e = tokens_check(t, a, 64);
	cr_assert(e);
	cr_assert_eq(e->role, TOKEN_AGENCY);
	cr_assert_str_eq(e->name, "BNG");
	e = tokens_check(t, b, 64);
	cr_assert(e);
	cr_assert_str_eq(e->name, "BTC");
	e = tokens_check(t, admin, 64);
	cr_assert(e);
	cr_assert_eq(e->role, TOKEN_ADMIN);
	cr_assert_str_eq(e->name, "lan.nguyen");
	cr_assert_eq(tokens_at(t, 2), e);
	cr_assert(strstr(tokens_created_at(t, 0), "+07:00"));
	cr_assert_null(strstr(slurp(), a));
	cr_assert_null(strstr(slurp(), b));
	cr_assert_null(strstr(slurp(), admin));
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_mode & 07777, 0600, "mode %o", st.st_mode & 07777);
	tokens_free(t);
	tokens_free(NULL);
}

Test(tokens, digest_on_disk_is_sha256_of_token)
{
	char tok[65], hex[65], line[256];
	struct sha256 c;

	add(TOKEN_AGENCY, "BNG", tok);
	sha256_init(&c);
	sha256_update(&c, tok, 64);
	sha256_final_hex(&c, hex);
	snprintf(line, sizeof(line), "\nagency,BNG,%s,", hex);
	cr_assert(strstr(slurp(), line), "%s", slurp());
}

Test(tokens, wrong_tokens_are_refused_whatever_byte_differs)
{
	char a[65], b[65], w[65];
	struct tokens *t;

	add(TOKEN_AGENCY, "BNG", a);
	add(TOKEN_AGENCY, "BNG", b);  /* a second token keeps the first */
	t = load();
	cr_assert_eq(tokens_check(t, a, 64), tokens_at(t, 0));
	cr_assert_eq(tokens_check(t, b, 64), tokens_at(t, 1));
	memcpy(w, a, 65);
	w[0] = w[0] == 'a' ? 'b' : 'a';   /* first byte */
	cr_assert_null(tokens_check(t, w, 64));
	memcpy(w, b, 65);
	w[63] = w[63] == 'a' ? 'b' : 'a'; /* last byte */
	cr_assert_null(tokens_check(t, w, 64));
	cr_assert_null(tokens_check(t, a, 63));       /* a prefix */
	cr_assert_null(tokens_check(t, a, 65));       /* with its NUL */
	cr_assert_null(tokens_check(t, NULL, 0));
	cr_assert_null(tokens_check(t, "", 0));
	cr_assert_null(tokens_check(t, "\0\xff\n,", 4));
	cr_assert_null(tokens_check(NULL, a, 64));
	tokens_free(t);
}

Test(tokens, revoke_removes_every_token_of_the_name_and_keeps_the_rest)
{
	char a1[65], a2[65], b[65], admin[65], *err = NULL;
	struct tokens *t;

	add(TOKEN_AGENCY, "BNG", a1);
	add(TOKEN_AGENCY, "BTC", b);
	add(TOKEN_AGENCY, "BNG", a2);
	add(TOKEN_ADMIN, "lan", admin);
	cr_assert_eq(tokens_revoke(path, "BNG", &err), 2, "%s",
		     err ? err : "");
	cr_assert(strstr(slurp(), "# tiendo intake tokens"));  /* comments */
	t = load();
	cr_assert_eq(tokens_count(t), 2);
	cr_assert_null(tokens_check(t, a1, 64));
	cr_assert_null(tokens_check(t, a2, 64));
	cr_assert(tokens_check(t, b, 64));
	cr_assert(tokens_check(t, admin, 64));
	tokens_free(t);
	cr_assert_eq(tokens_revoke(path, "BNG", &err), 0);
	cr_assert_eq(tokens_revoke(path, "lan", &err), 1);
	cr_assert_eq(tokens_revoke(path, "BTC", &err), 1);
	t = load();
	cr_assert_eq(tokens_count(t), 0);
	tokens_free(t);
}

Test(tokens, file_others_may_read_is_refused_by_load_add_and_revoke)
{
	char tok[65], *err = NULL;
	struct tokens *t = NULL;

	add(TOKEN_AGENCY, "BNG", tok);
	cr_assert_eq(chmod(path, 0644), 0);
	cr_assert_eq(tokens_load(&t, path, &err), -1);
	cr_assert_null(t);
	cr_assert_eq(tokens_last_error(), TOKENS_ERR_PERMS);
	cr_assert(strstr(err, "chmod 600"), "%s", err);
	cr_assert(strstr(err, path), "%s", err);
	free(err);
	err = NULL;
	cr_assert_eq(tokens_add(path, TOKEN_AGENCY, "BTC", tok, &err), -1);
	cr_assert_eq(tokens_last_error(), TOKENS_ERR_PERMS);
	free(err);
	err = NULL;
	cr_assert_eq(tokens_revoke(path, "BNG", &err), -1);
	free(err);
	err = NULL;
	cr_assert_eq(chmod(path, 0620), 0);   /* group may write */
	cr_assert_eq(tokens_load(&t, path, &err), -1);
	free(err);
}

Test(tokens, broken_line_is_named_with_file_line_and_column)
{
	/* where each fault begins: the end of a short line, the role, the
	   name, the digest, the time, the comma too many */
	static const int col[] = { 14, 1, 8, 12, 77, 102 };
	static const char *const bad[] = {
		"agency,BNG,00\n",                                /* 3 fields */
		"user,BNG," "0000000000000000000000000000000000000000000000000000000000000000" ",2026-01-01T00:00:00+07:00\n",
		"agency,bng," "0000000000000000000000000000000000000000000000000000000000000000" ",2026-01-01T00:00:00+07:00\n",
		"agency,BNG," "000000000000000000000000000000000000000000000000000000000000000G" ",2026-01-01T00:00:00+07:00\n",
		"agency,BNG," "0000000000000000000000000000000000000000000000000000000000000000" ",yesterday\n",
		"agency,BNG," "0000000000000000000000000000000000000000000000000000000000000000" ",2026-01-01T00:00:00+07:00,x\n",
	};
	char want[160], *err = NULL;
	struct tokens *t = NULL;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		char text[512];

		snprintf(text, sizeof(text), "# comment\n\n%s", bad[i]);
		write_file(text, 0600);
		cr_assert_eq(tokens_load(&t, path, &err), -1, "case %zu", i);
		cr_assert_eq(tokens_last_error(), TOKENS_ERR_BROKEN);
		snprintf(want, sizeof(want), "%s:3:%d: error: ", path, col[i]);
		cr_assert(strstr(err, want), "case %zu: %s", i, err);
		free(err);
		err = NULL;
	}
}

Test(tokens, comments_blank_lines_and_crlf_are_read)
{
	struct tokens *t;

	write_file("# tokens\r\n\r\nadmin,lan," "00112233445566778899aabbccddeeff"
		   "00112233445566778899aabbccddeeff"
		   ",2026-01-01T00:00:00+07:00\r\n", 0600);
	t = load();
	cr_assert_eq(tokens_count(t), 1);
	cr_assert_eq(tokens_at(t, 0)->digest[31], 0xff);
	cr_assert_str_eq(tokens_created_at(t, 0), "2026-01-01T00:00:00+07:00");
	tokens_free(t);
}

Test(tokens, missing_file_tells_to_add_a_token)
{
	struct tokens *t = NULL;
	char *err = NULL;

	cr_assert_eq(tokens_load(&t, path, &err), -1);
	cr_assert_eq(tokens_last_error(), TOKENS_ERR_MISSING);
	cr_assert(strstr(err, "tiendo token add"), "%s", err);
	free(err);
	err = NULL;
	cr_assert_eq(tokens_revoke(path, "BNG", &err), -1);
	free(err);
}

Test(tokens, bad_names_are_refused_before_writing)
{
	char tok[65], *err = NULL;
	struct stat st;

	cr_assert_eq(tokens_add(path, TOKEN_AGENCY, "bng", tok, &err), -1);
	cr_assert_eq(tokens_last_error(), TOKENS_ERR_ARG);
	free(err);
	err = NULL;
	cr_assert_eq(tokens_add(path, TOKEN_AGENCY, "TOOLONGCODE", tok, &err),
		     -1);
	free(err);
	err = NULL;
	cr_assert_eq(tokens_add(path, TOKEN_ADMIN, "a,b", tok, &err), -1);
	free(err);
	err = NULL;
	cr_assert_eq(tokens_add(path, TOKEN_ADMIN, "a\nagency", tok, &err), -1);
	free(err);
	err = NULL;
	cr_assert_eq(tokens_add(path, TOKEN_ADMIN, "", tok, &err), -1);
	free(err);
	cr_assert_neq(stat(path, &st), 0);
}

Test(tokens, a_link_stays_a_link_and_its_target_is_rewritten)
{
	char real[160], tok[65], *err = NULL;
	struct stat st;
	struct tokens *t;

	snprintf(real, sizeof(real), "%s/real-tokens", dir);
	cr_assert_eq(symlink("real-tokens", path), 0);
	add(TOKEN_ADMIN, "ops", tok);         /* creates the target */
	add(TOKEN_AGENCY, "BNG", tok);
	cr_assert_eq(lstat(path, &st), 0);
	cr_assert(S_ISLNK(st.st_mode));
	cr_assert_eq(stat(real, &st), 0);
	cr_assert_eq(st.st_mode & 07777, 0600);
	cr_assert_eq(tokens_revoke(path, "ops", &err), 1);
	cr_assert_eq(lstat(path, &st), 0);
	cr_assert(S_ISLNK(st.st_mode));
	t = load();
	cr_assert_eq(tokens_count(t), 1);
	cr_assert(tokens_check(t, tok, 64));
	tokens_free(t);
}

#define ADDS 25

Test(tokens, two_processes_adding_at_once_keep_every_token)
{
	pid_t pid[2];
	int i, k, status;
	struct tokens *t;

	for (i = 0; i < 2; i++) {
		pid[i] = fork();
		cr_assert_geq(pid[i], 0);
		if (pid[i] == 0) {
			char tok[65], *err = NULL;

			for (k = 0; k < ADDS; k++)
				if (tokens_add(path, TOKEN_AGENCY,
					       i ? "BTC" : "BNG", tok, &err))
					_exit(1);
			_exit(0);
		}
	}
	for (i = 0; i < 2; i++) {
		cr_assert_eq(waitpid(pid[i], &status, 0), pid[i]);
		cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	t = load();
	cr_assert_eq(tokens_count(t), 2 * ADDS);
	tokens_free(t);
}
