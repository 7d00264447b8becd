/*
 * hashmap: FNV-1a hashing, linear probing, tables of a power-of-two size
 * kept at most 70 % full. Keys of strmap live in 64 KiB arena blocks so
 * their addresses never move.
 */
#include "hashmap.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define ARENA_BLOCK (64 * 1024)

struct block {
	struct block *next;
	size_t used, size;
	char data[];
};

struct strmap {
	struct strmap_entry *slots; /* key == NULL: empty */
	size_t cap, count;
	struct block *blocks;
};

static uint64_t fnv1a(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 1469598103934665603ull;

	while (n--) {
		h ^= *s++;
		h *= 1099511628211ull;
	}
	/* FNV's low bits, which pick the slot, depend on the bytes' low bits
	   only: mix the high bits down (splitmix64's finaliser) */
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ull;
	h ^= h >> 31;
	return h;
}

static char *arena_copy(struct strmap *m, const char *s, size_t n)
{
	struct block *b = m->blocks;
	char *d;

	if (!b || b->size - b->used < n + 1) {
		size_t size = n + 1 > ARENA_BLOCK ? n + 1 : ARENA_BLOCK;

		b = xmalloc(sizeof(*b) + size);
		b->next = m->blocks;
		b->used = 0;
		b->size = size;
		m->blocks = b;
	}
	d = b->data + b->used;
	memcpy(d, s, n);
	d[n] = '\0';
	b->used += n + 1;
	return d;
}

struct strmap *strmap_new(void)
{
	struct strmap *m = xcalloc(1, sizeof(*m));

	m->cap = 64;
	m->slots = xcalloc(m->cap, sizeof(*m->slots));
	return m;
}

static size_t find(const struct strmap *m, const char *key, size_t len,
		   uint32_t h)
{
	size_t i = h & (m->cap - 1);

	while (m->slots[i].key) {
		if (m->slots[i].hash == h && m->slots[i].len == len &&
		    memcmp(m->slots[i].key, key, len) == 0)
			return i;
		i = (i + 1) & (m->cap - 1);
	}
	return i;
}

static void grow(struct strmap *m)
{
	struct strmap_entry *old = m->slots;
	size_t oldcap = m->cap, i;

	m->cap *= 2;
	m->slots = xcalloc(m->cap, sizeof(*m->slots));
	for (i = 0; i < oldcap; i++) {
		size_t j;

		if (!old[i].key)
			continue;
		j = old[i].hash & (m->cap - 1);
		while (m->slots[j].key)
			j = (j + 1) & (m->cap - 1);
		m->slots[j] = old[i];
	}
	free(old);
}

struct strmap_entry *strmap_get(const struct strmap *m, const char *key,
				size_t len)
{
	size_t i = find(m, key, len, (uint32_t)fnv1a(key, len));

	return m->slots[i].key ? &m->slots[i] : NULL;
}

struct strmap_entry *strmap_put(struct strmap *m, const char *key, size_t len,
				bool *added)
{
	uint32_t h = (uint32_t)fnv1a(key, len);
	size_t i;

	if ((m->count + 1) * 10 > m->cap * 7)
		grow(m);
	i = find(m, key, len, h);
	if (added)
		*added = !m->slots[i].key;
	if (!m->slots[i].key) {
		m->slots[i].key = arena_copy(m, key, len);
		m->slots[i].len = (uint32_t)len;
		m->slots[i].hash = h;
		m->slots[i].value = 0;
		m->count++;
	}
	return &m->slots[i];
}

size_t strmap_count(const struct strmap *m)
{
	return m->count;
}

void strmap_each(const struct strmap *m,
		 void (*fn)(void *ctx, const struct strmap_entry *e), void *ctx)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		if (m->slots[i].key)
			fn(ctx, &m->slots[i]);
}

void strmap_free(struct strmap *m)
{
	struct block *b, *next;

	if (!m)
		return;
	for (b = m->blocks; b; b = next) {
		next = b->next;
		free(b);
	}
	free(m->slots);
	free(m);
}

/* u64map: key 0 is stored apart, since 0 marks an empty slot. */
struct u64map {
	uint64_t *keys;
	uint32_t *vals;
	size_t cap, count;
	bool has_zero;
	uint32_t zero_val;
};

static size_t mix(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdull;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53ull;
	k ^= k >> 33;
	return (size_t)k;
}

struct u64map *u64map_new(void)
{
	struct u64map *m = xcalloc(1, sizeof(*m));

	m->cap = 1024;
	m->keys = xcalloc(m->cap, sizeof(*m->keys));
	m->vals = xcalloc(m->cap, sizeof(*m->vals));
	return m;
}

static void u64_grow(struct u64map *m)
{
	uint64_t *ok = m->keys;
	uint32_t *ov = m->vals;
	size_t oc = m->cap, i;

	m->cap *= 2;
	m->keys = xcalloc(m->cap, sizeof(*m->keys));
	m->vals = xcalloc(m->cap, sizeof(*m->vals));
	for (i = 0; i < oc; i++) {
		size_t j;

		if (!ok[i])
			continue;
		j = mix(ok[i]) & (m->cap - 1);
		while (m->keys[j])
			j = (j + 1) & (m->cap - 1);
		m->keys[j] = ok[i];
		m->vals[j] = ov[i];
	}
	free(ok);
	free(ov);
}

bool u64map_get(const struct u64map *m, uint64_t key, uint32_t *value)
{
	size_t i;

	if (!key) {
		if (m->has_zero)
			*value = m->zero_val;
		return m->has_zero;
	}
	for (i = mix(key) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1)) {
		if (m->keys[i] == key) {
			*value = m->vals[i];
			return true;
		}
	}
	return false;
}

bool u64map_add(struct u64map *m, uint64_t key, uint32_t value,
		uint32_t *existing)
{
	size_t i;

	if (!key) {
		if (m->has_zero) {
			*existing = m->zero_val;
			return false;
		}
		m->has_zero = true;
		m->zero_val = value;
		m->count++;
		return true;
	}
	if ((m->count + 1) * 10 > m->cap * 7)
		u64_grow(m);
	for (i = mix(key) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1)) {
		if (m->keys[i] == key) {
			*existing = m->vals[i];
			return false;
		}
	}
	m->keys[i] = key;
	m->vals[i] = value;
	m->count++;
	return true;
}

void u64map_prefetch(const struct u64map *m, uint64_t key)
{
	size_t i = mix(key) & (m->cap - 1);

	__builtin_prefetch(&m->keys[i], 1);
	__builtin_prefetch(&m->vals[i], 1);
}

size_t u64map_count(const struct u64map *m)
{
	return m->count;
}

void u64map_free(struct u64map *m)
{
	if (!m)
		return;
	free(m->keys);
	free(m->vals);
	free(m);
}
