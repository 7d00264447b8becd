/*
 * xalloc: allocation that cannot fail.
 *
 * Out of memory is not a condition tiendo can report sensibly half-way
 * through a file, so every allocation goes through here and aborts the
 * process with a message when the system refuses (as redis' zmalloc does).
 */
#ifndef TIENDO_XALLOC_H
#define TIENDO_XALLOC_H

#include <stddef.h>

/** malloc() that aborts on failure; never returns NULL. */
void *xmalloc(size_t n);
/** calloc() that aborts on failure or overflow; never returns NULL. */
void *xcalloc(size_t nmemb, size_t size);
/** realloc() that aborts on failure; never returns NULL. */
void *xrealloc(void *p, size_t n);
/** realloc() of an array of nmemb items of size bytes, overflow-checked. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
/** strdup() that aborts on failure; NULL gives NULL. Caller frees. */
char *xstrdup(const char *s);
/** strndup() that aborts on failure. Caller frees. */
char *xstrndup(const char *s, size_t n);
/** printf into a fresh string. Caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/** Grow *arr (of *cap items of size bytes) so that it holds at least need. */
#define XGROW(arr, need, cap) do { \
	if ((size_t)(need) > (cap)) { \
		size_t xg_n_ = (cap) ? (cap) * 2 : 8; \
		while (xg_n_ < (size_t)(need)) xg_n_ *= 2; \
		(arr) = xreallocarray((arr), xg_n_, sizeof(*(arr))); \
		(cap) = xg_n_; \
	} \
} while (0)

#endif
