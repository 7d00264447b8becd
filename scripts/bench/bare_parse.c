/*
 * bare_parse.c: the benchmark's baseline, a bare libcsv reader.
 *
 *   bare_parse [-d ;] FILE
 *
 * Reads FILE in 64 KiB chunks through csv_parse with
 * CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL; the callbacks only count
 * fields and records (they copy nothing).  Prints "rows=N fields=M bytes=B",
 * N counting the header record too.  This is the floor any validator built
 * on libcsv pays; tiendo's time is compared against it.
 * Exit 0 on success, 1 on a parse or read error, 64 on usage.
 */
#define _POSIX_C_SOURCE 200809L
#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

struct counts {
	unsigned long long rows, fields;
};

static void on_field(void *s, size_t len, void *data)
{
	(void)s;
	(void)len;
	((struct counts *)data)->fields++;
}

static void on_row(int c, void *data)
{
	(void)c;
	((struct counts *)data)->rows++;
}

int main(int argc, char **argv)
{
	static char buf[64 * 1024];
	struct csv_parser p;
	struct counts n = {0, 0};
	unsigned long long bytes = 0;
	unsigned char delim = CSV_COMMA;
	const char *path;
	FILE *f;
	size_t got;
	int argi = 1;

	if (argc == 4 && strcmp(argv[1], "-d") == 0 && strlen(argv[2]) == 1) {
		delim = (unsigned char)argv[2][0];
		argi = 3;
	}
	if (argc != argi + 1) {
		fputs("usage: bare_parse [-d DELIM] FILE\n", stderr);
		return 64;
	}
	path = argv[argi];
	f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "bare_parse: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		fputs("bare_parse: csv_init failed\n", stderr);
		return 1;
	}
	csv_set_delim(&p, delim);
	while ((got = fread(buf, 1, sizeof buf, f)) > 0) {
		bytes += got;
		if (csv_parse(&p, buf, got, on_field, on_row, &n) != got) {
			fprintf(stderr, "bare_parse: %s: %s near byte %llu\n", path,
				csv_strerror(csv_error(&p)), bytes);
			return 1;
		}
	}
	if (ferror(f)) {
		fprintf(stderr, "bare_parse: %s: read error\n", path);
		return 1;
	}
	fclose(f);
	if (csv_fini(&p, on_field, on_row, &n) != 0) {
		fprintf(stderr, "bare_parse: %s: %s at end of file\n", path,
			csv_strerror(csv_error(&p)));
		return 1;
	}
	csv_free(&p);
	printf("rows=%llu fields=%llu bytes=%llu\n", n.rows, n.fields, bytes);
	return 0;
}
