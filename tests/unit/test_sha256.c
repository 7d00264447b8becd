#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "sha256.h"

static void digest(const void *p, size_t n, char hex[65])
{
	struct sha256 c;

	sha256_init(&c);
	sha256_update(&c, p, n);
	sha256_final_hex(&c, hex);
}

Test(sha256, known_answers_of_fips_180_examples)
{
	char hex[65];

	digest("", 0, hex);
	cr_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	digest("abc", 3, hex);
	cr_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, hex);
	cr_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

Test(sha256, pieces_of_any_size_give_the_same_digest)
{
	static char data[1000];
	char whole[65], pieces[65];
	struct sha256 c;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (char)('a' + i % 26);
	digest(data, sizeof(data), whole);
	sha256_init(&c);
	for (size_t i = 0, step = 1; i < sizeof(data); i += step, step = step % 70 + 1)
		sha256_update(&c, data + i, i + step > sizeof(data) ? sizeof(data) - i : step);
	sha256_final_hex(&c, pieces);
	cr_assert_str_eq(whole, pieces);
	/* a million 'a': the FIPS long message */
	sha256_init(&c);
	memset(data, 'a', sizeof(data));
	for (int i = 0; i < 1000; i++)
		sha256_update(&c, data, sizeof(data));
	sha256_final_hex(&c, whole);
	cr_assert_str_eq(whole, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

Test(sha256, file_digest_matches_and_missing_file_fails)
{
	char hex[65], want[65];
	uint64_t size = 0;
	FILE *f = fopen("build/sha256-test.txt", "wb");

	cr_assert(f);
	fputs("tiến độ\n", f);
	fclose(f);
	cr_assert_eq(sha256_file("build/sha256-test.txt", NULL, hex, &size), 0);
	digest("tiến độ\n", strlen("tiến độ\n"), want);
	cr_assert_str_eq(hex, want);
	cr_assert_eq(size, strlen("tiến độ\n"));
	cr_assert_eq(sha256_file("build/no-such-file", NULL, hex, &size), -1);
}
