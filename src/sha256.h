/*
 * sha256: the SHA-256 digest (FIPS 180-4), for the run's manifest.
 *
 * No library on the dependency list computes it, and it is short: a
 * streaming context, and a helper that digests a whole file.
 */
#ifndef TIENDO_SHA256_H
#define TIENDO_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t bytes;              /* fed so far */
	unsigned char block[64];
	size_t used;                 /* bytes waiting in block */
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *data, size_t n);
/** The digest as 64 lowercase hex digits and a NUL. */
void sha256_final_hex(struct sha256 *c, char hex[65]);

/**
 * The digest of the regular file at path (under root when root is not
 * NULL: see infile.h), its size in *size. Returns 0, or -1 with errno set
 * when it cannot be read; a FIFO or a device is refused, never waited on.
 */
int sha256_file(const char *path, const char *root, char hex[65],
		uint64_t *size);

#endif
