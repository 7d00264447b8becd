/*
 * infile: only regular files are opened, nothing blocks, and a link out
 * of the root is refused.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "infile.h"
#include "sha256.h"

static char root[64], other[64];

static char *at(const char *dir, const char *name)
{
	static char buf[4][256];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", dir, name);
	return buf[k];
}

static void setup(void)
{
	FILE *f;

	strcpy(root, "/tmp/tiendo-infile-XXXXXX");
	strcpy(other, "/tmp/tiendo-infile-out-XXXXXX");
	cr_assert(mkdtemp(root) && mkdtemp(other));
	cr_assert((f = fopen(at(root, "ok.csv"), "w")));
	fputs("a,b\n", f);
	fclose(f);
	cr_assert((f = fopen(at(other, "secret"), "w")));
	fputs("x\n", f);
	fclose(f);
	cr_assert_eq(mkfifo(at(root, "fifo.csv"), 0600), 0);
	cr_assert_eq(mkdir(at(root, "dir.csv"), 0700), 0);
	cr_assert_eq(symlink("/dev/zero", at(root, "zero.csv")), 0);
	cr_assert_eq(symlink("nowhere.csv", at(root, "dangling.csv")), 0);
	cr_assert_eq(symlink("loop2.csv", at(root, "loop1.csv")), 0);
	cr_assert_eq(symlink("loop1.csv", at(root, "loop2.csv")), 0);
	cr_assert_eq(symlink(at(other, "secret"), at(root, "out.csv")), 0);
	cr_assert_eq(symlink("ok.csv", at(root, "in.csv")), 0);
}

static void teardown(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s' '%s'", root, other);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(infile, .init = setup, .fini = teardown);

static void refused(const char *name, const char *r, int want)
{
	errno = 0;
	cr_assert_eq(infile_open(at(root, name), r), -1, "%s opened", name);
	cr_assert_eq(errno, want, "%s: errno %d (%s), want %d", name, errno,
		     strerror(errno), want);
	errno = 0;
	cr_assert_eq(infile_check(at(root, name), r), -1, "%s passed", name);
	cr_assert_eq(errno, want, "%s: check errno %d", name, errno);
}

Test(infile, regular_file_and_link_inside_root_open)
{
	char b[8] = { 0 };
	int fd = infile_open(at(root, "ok.csv"), root);

	cr_assert_geq(fd, 0);
	cr_assert_eq(read(fd, b, 3), 3);
	cr_assert_str_eq(b, "a,b");
	/* reads block again: a short read would mean O_NONBLOCK stayed */
	cr_assert_eq(fcntl(fd, F_GETFL) & O_NONBLOCK, 0);
	close(fd);
	fd = infile_open(at(root, "in.csv"), root);
	cr_assert_geq(fd, 0);
	close(fd);
}

Test(infile, fifo_is_refused_without_waiting_for_a_writer)
{
	refused("fifo.csv", NULL, ENODEV);
}

Test(infile, folder_device_dangling_and_looping_links_are_refused)
{
	refused("dir.csv", NULL, EISDIR);
	refused("zero.csv", NULL, ENODEV);
	refused("dangling.csv", NULL, ENOLINK);
	refused("loop1.csv", NULL, ELOOP);
	refused("missing.csv", NULL, ENOENT);
}

Test(infile, link_out_of_the_root_is_refused_only_under_a_root)
{
	int fd;

	refused("out.csv", root, EXDEV);
	fd = infile_open(at(root, "out.csv"), NULL);
	cr_assert_geq(fd, 0);
	close(fd);
}

Test(infile, unreadable_file_is_refused)
{
	if (geteuid() == 0)
		cr_skip_test("root reads every file");
	cr_assert_eq(chmod(at(root, "ok.csv"), 0), 0);
	refused("ok.csv", NULL, EACCES);
}

Test(infile, sha256_of_a_fifo_or_a_device_fails_at_once)
{
	char hex[65];
	uint64_t size;

	cr_assert_eq(sha256_file(at(root, "fifo.csv"), NULL, hex, &size), -1);
	cr_assert_eq(errno, ENODEV);
	cr_assert_eq(sha256_file(at(root, "zero.csv"), NULL, hex, &size), -1);
	cr_assert_eq(sha256_file(at(root, "out.csv"), root, hex, &size), -1);
	cr_assert_eq(errno, EXDEV);
	cr_assert_eq(sha256_file(at(root, "ok.csv"), root, hex, &size), 0);
	cr_assert_eq(size, 4);
}
