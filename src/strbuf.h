/*
 * strbuf: a growable, always NUL-terminated byte string (after git's
 * strbuf.h). Used to build messages, keys and output lines.
 */
#ifndef TIENDO_STRBUF_H
#define TIENDO_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;    /* NUL-terminated; never NULL after strbuf_init() */
	size_t len;   /* bytes used, not counting the NUL */
	size_t alloc; /* bytes allocated; 0 while buf points at a static "" */
};

#define STRBUF_INIT { (char *)strbuf_empty, 0, 0 }
extern const char strbuf_empty[1];

/** Initialise to the empty string; allocates nothing. */
void strbuf_init(struct strbuf *sb);
/** Free the buffer and reset to empty. Accepts an initialised empty sb. */
void strbuf_release(struct strbuf *sb);
/** Hand the buffer to the caller (who frees it) and reset sb to empty. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
/** Make room for n more bytes. */
void strbuf_grow(struct strbuf *sb, size_t n);
/** Truncate to len bytes (len <= sb->len). */
void strbuf_setlen(struct strbuf *sb, size_t len);
static inline void strbuf_reset(struct strbuf *sb) { strbuf_setlen(sb, 0); }
void strbuf_add(struct strbuf *sb, const void *data, size_t n);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);

#endif
