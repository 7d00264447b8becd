/*
 * tokens: the credentials of the intake service (`tiendo serve`), kept in
 * the tokens file (default `.tokens` in the input folder).
 *
 * A token is 256 random bits shown once, as 64 lowercase hex digits, when
 * it is made; the file keeps only its SHA-256, never the token itself.
 * The file is text, one line per token:
 *
 *     role,name,sha256hex,created_at
 *
 * role is `agency` or `admin`; name is an agency code (up to 8 characters)
 * or an admin's name (up to 32), without commas, quotes or control
 * characters; sha256hex is the digest of the token as 64 lowercase hex
 * digits; created_at is when it was made, in Hanoi time, ISO 8601
 * (`2026-12-05T09:17:23+07:00`). Lines starting with `#` are comments, and
 * blank lines are skipped.
 *
 * The file must be readable and writable by its owner only (mode 0600):
 * one that group or others may read or write is refused. Changes rewrite
 * it whole (temporary name in the same folder, fsync, rename) under an
 * exclusive flock on a lock file beside it (`FILE.lock`), so that two
 * processes adding at once both keep their token. A FILE that is a
 * symbolic link stays one: its target is rewritten (and locked).
 */
#ifndef TIENDO_TOKENS_H
#define TIENDO_TOKENS_H

#include <stddef.h>

enum token_role { TOKEN_AGENCY, TOKEN_ADMIN };

#define TOKEN_NAME_MAX 32     /* longest admin name */
#define TOKEN_AGENCY_MAX 8    /* longest agency code */
#define TOKEN_HEX_LEN 64      /* characters of a token */

struct token_entry {
	enum token_role role;
	char name[33];            /* agency code (up to 8 chars) or admin name */
	unsigned char digest[32]; /* SHA-256 of the token */
};

struct tokens;

/**
 * Load the tokens file at path. Returns 0 and *out (free with
 * tokens_free()); or -1 and *err (a message, the caller frees) when it
 * cannot be read, is readable or writable by group or others (refused: the
 * message says `chmod 600 FILE`), or a line is broken (`FILE:LINE: ...`).
 * A missing file is an error too (the message tells to run `tiendo token
 * add`). tokens_last_error() then says which of these it was.
 */
int tokens_load(struct tokens **out, const char *path, char **err);

/** Why the last tokens_* call on this thread failed. */
enum tokens_error {
	TOKENS_ERR_NONE,
	TOKENS_ERR_MISSING,  /* the file does not exist */
	TOKENS_ERR_READ,     /* cannot be read (permissions of its folder, I/O) */
	TOKENS_ERR_PERMS,    /* group or others may read or write it: refused */
	TOKENS_ERR_BROKEN,   /* a line is broken */
	TOKENS_ERR_WRITE,    /* cannot be written (add, revoke) */
	TOKENS_ERR_ARG       /* a bad name or role given by the caller */
};
/** The kind of the last failure of a tokens_* call on this thread. */
enum tokens_error tokens_last_error(void);

/**
 * The entry whose digest is SHA-256(token[0..len)), comparing against
 * every entry in constant time (no early exit, no memcmp); NULL when none.
 * Accepts any bytes (a NULL token with len 0 too).
 */
const struct token_entry *tokens_check(const struct tokens *t,
				       const char *token, size_t len);

/**
 * A new random token for (role, name): 256 bits from getrandom(), written
 * as 64 lowercase hex chars into token_out (65 bytes with NUL). The file
 * is rewritten whole (temp name in the same folder, fsync, rename), mode
 * 0600, under an exclusive flock on a lock file beside it, and created
 * when missing. An agency may hold several tokens (a second add does not
 * revoke the first). The name is not checked against agencies.csv here
 * (the caller does). Returns 0, or -1 and *err (caller frees).
 */
int tokens_add(const char *path, enum token_role role, const char *name,
	       char token_out[65], char **err);

/**
 * Remove every token of name (of either role). Returns how many were
 * removed (0: none, not an error, the file left untouched), or -1 and
 * *err (caller frees).
 */
int tokens_revoke(const char *path, const char *name, char **err);

/** How many tokens t holds. */
size_t tokens_count(const struct tokens *t);
/** The i-th token in file order (i < tokens_count()), owned by t. */
const struct token_entry *tokens_at(const struct tokens *t, size_t i);
/** When the i-th token was made, as the file says (ISO, Hanoi time). */
const char *tokens_created_at(const struct tokens *t, size_t i);
/** Free t. Accepts NULL. */
void tokens_free(struct tokens *t);

/** "agency" or "admin". */
const char *tokens_role_name(enum token_role role);

#endif
