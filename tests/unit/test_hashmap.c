/* hashmap: strmap and u64map under growth. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "hashmap.h"

Test(hashmap, strmap_keeps_every_key_and_value)
{
	struct strmap *m = strmap_new();
	char key[32];
	int i;

	for (i = 0; i < 20000; i++) {
		bool added;
		struct strmap_entry *e;

		snprintf(key, sizeof(key), "BCT-ECO-%05d", i);
		e = strmap_put(m, key, strlen(key), &added);
		cr_assert(added);
		e->value = (uint64_t)i + 1;
	}
	cr_assert_eq(strmap_count(m), 20000);
	for (i = 0; i < 20000; i += 7) {
		struct strmap_entry *e;

		snprintf(key, sizeof(key), "BCT-ECO-%05d", i);
		e = strmap_get(m, key, strlen(key));
		cr_assert_not_null(e);
		cr_assert_eq(e->value, (uint64_t)i + 1);
		cr_assert_str_eq(e->key, key);
	}
	cr_assert_null(strmap_get(m, "absent", 6));
	strmap_free(m);
}

Test(hashmap, u64map_adds_once)
{
	struct u64map *m = u64map_new();
	uint32_t v;
	uint64_t k;

	for (k = 0; k < 50000; k++)
		cr_assert(u64map_add(m, k * 2654435761u, (uint32_t)k, &v));
	cr_assert_not(u64map_add(m, 0, 99, &v));
	cr_assert_eq(v, 0);
	cr_assert_not(u64map_add(m, (uint64_t)5 * 2654435761u, 99, &v));
	cr_assert_eq(v, 5);
	cr_assert(u64map_get(m, (uint64_t)49999 * 2654435761u, &v));
	cr_assert_eq(v, 49999);
	cr_assert_not(u64map_get(m, 1, &v));
	cr_assert_eq(u64map_count(m), 50000);
	u64map_free(m);
}
