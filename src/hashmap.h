/*
 * hashmap: two open-addressing hash tables.
 *
 * strmap maps byte strings (under 4 GiB) to a 64-bit value and keeps one
 * copy of each key in an arena (so it doubles as a string interner); a
 * lookup reads one slot, with the key's hash in it, before the key; u64map maps 64-bit
 * keys to 32-bit values in 12 bytes a slot, for the primary keys of a
 * million rows. Memory grows with the number of distinct keys only.
 */
#ifndef TIENDO_HASHMAP_H
#define TIENDO_HASHMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strmap_entry {
	const char *key;   /* NUL-terminated copy, stable until strmap_free() */
	uint32_t len;
	uint32_t hash;     /* the map's own */
	uint64_t value;    /* zero when just added */
};

struct strmap;

/** A new empty map; free with strmap_free(). */
struct strmap *strmap_new(void);
/** The entry for key, or NULL. Valid until the next strmap_put(). */
struct strmap_entry *strmap_get(const struct strmap *m, const char *key,
				size_t len);
/**
 * The entry for key, added with value 0 when absent (*added tells which).
 * Valid until the next strmap_put().
 */
struct strmap_entry *strmap_put(struct strmap *m, const char *key, size_t len,
				bool *added);
/** Number of keys. */
size_t strmap_count(const struct strmap *m);
/** Call fn on every entry, in no particular order. */
void strmap_each(const struct strmap *m,
		 void (*fn)(void *ctx, const struct strmap_entry *e), void *ctx);
/** Free; accepts NULL. */
void strmap_free(struct strmap *m);

struct u64map;

struct u64map *u64map_new(void);
/** Value of key into *value; false when absent. */
bool u64map_get(const struct u64map *m, uint64_t key, uint32_t *value);
/**
 * Add key with value when absent and return true; when present, leave it,
 * set *existing to its value and return false.
 */
bool u64map_add(struct u64map *m, uint64_t key, uint32_t value,
		uint32_t *existing);
/** Start bringing key's slot into the cache, for a lookup soon. */
void u64map_prefetch(const struct u64map *m, uint64_t key);
size_t u64map_count(const struct u64map *m);
void u64map_free(struct u64map *m);

#endif
