/* intake: stored names, collisions, the received.csv line, sweeping. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "intake.h"
#include "xalloc.h"

#define NOW 1699153445  /* 2023-11-05 03:04:05 UTC */

static char root[64];

static void setup(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	snprintf(root, sizeof(root), "/tmp/test-intake-XXXXXX");
	cr_assert_not_null(mkdtemp(root));
}

static void teardown(void)
{
	char *cmd = xasprintf("rm -rf '%s'", root);

	cr_assert_eq(system(cmd), 0);
	free(cmd);
}

TestSuite(intake, .init = setup, .fini = teardown);

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = xcalloc(1, 65536);

	cr_assert_not_null(f, "cannot open %s", path);
	fread(buf, 1, 65535, f);
	fclose(f);
	return buf;
}

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

static int period(void)
{
	int ym;

	cr_assert(ym_parse("2023-10", &ym));
	return ym;
}

/* Hidden names left in the month folder. */
static int hidden(const char *mdir)
{
	DIR *d = opendir(mdir);
	struct dirent *de;
	int n = 0;

	cr_assert_not_null(d);
	while ((de = readdir(d)))
		n += strncmp(de->d_name, ".intake-", 8) == 0;
	closedir(d);
	return n;
}

Test(intake, names_are_agency_period_and_time)
{
	char buf[64];
	int64_t t = (int64_t)date_from_civil(2023, 11, 5) * 86400 + 9 * 3600 +
		    4 * 60 + 5;

	cr_assert_str_eq(intake_name(buf, "BCT", period(), t, 1),
			 "BCT-2023-10-20231105T090405.csv");
	cr_assert_str_eq(intake_name(buf, "BCT", period(), t, 3),
			 "BCT-2023-10-20231105T090405-3.csv");
	cr_assert(intake_is_name("BCT-2023-10-20231105T090405.csv"));
	cr_assert(intake_is_name("BTC2-2023-10-20231105T090405-12.csv"));
	cr_assert_not(intake_is_name("BCT_t10.csv"));
	cr_assert_not(intake_is_name("bct-2023-10-20231105T090405.csv"));
	cr_assert_not(intake_is_name("BCT-2023-10-20231105T090405-0.csv"));
	cr_assert_not(intake_is_name("BCT-2023-10-20231105T090405.csv.bak"));
	cr_assert_not(intake_is_name("BCT-2023-10-20231105T0904.csv"));
}

Test(intake, store_writes_the_file_then_one_line)
{
	static const char data[] = "period,agency_code\n2023-10,BCT\n";
	struct intake_stored st;
	char *err = NULL, *log, *text, *path, *mdir;

	cr_assert_eq(intake_store(root, data, strlen(data), "BCT", period(),
				  NOW, &st, &err), 0, "%s", err);
	cr_assert_str_eq(st.file, "BCT-2023-10-20231105T030405.csv");
	cr_assert_str_eq(st.received_at, "2023-11-05 03:04:05");
	cr_assert_eq(strlen(st.sha256), 64);
	text = slurp(st.path);
	cr_assert_str_eq(text, data);
	free(text);
	path = xasprintf("%s/submissions/2023-10/received.csv", root);
	log = slurp(path);
	cr_assert(strstr(log, st.sha256));
	{
		static const char head[] = "file,received_at,agency,sha256\n"
			"BCT-2023-10-20231105T030405.csv,2023-11-05 03:04:05,BCT,";

		cr_assert_eq(strncmp(log, head, strlen(head)), 0, "%s", log);
		cr_assert_str_eq(log + strlen(head) + 64, "\n");
	}
	free(log);
	free(path);
	mdir = xasprintf("%s/submissions/2023-10", root);
	cr_assert_eq(hidden(mdir), 0);
	free(mdir);
}

Test(intake, same_second_gets_the_next_number)
{
	struct intake_stored a, b, c;
	char *err = NULL, *path, *log, *line;
	int lines = 0;

	cr_assert_eq(intake_store(root, "x", 1, "BCT", period(), NOW, &a,
				  &err), 0);
	cr_assert_eq(intake_store(root, "y", 1, "BCT", period(), NOW, &b,
				  &err), 0);
	cr_assert_eq(intake_store(root, "z", 1, "BTC", period(), NOW, &c,
				  &err), 0);
	cr_assert_str_eq(a.file, "BCT-2023-10-20231105T030405.csv");
	cr_assert_str_eq(b.file, "BCT-2023-10-20231105T030405-2.csv");
	cr_assert_str_eq(c.file, "BTC-2023-10-20231105T030405.csv");
	path = xasprintf("%s/submissions/2023-10/received.csv", root);
	log = slurp(path);
	for (line = log; (line = strchr(line, '\n')); line++)
		lines++;
	cr_assert_eq(lines, 4, "%s", log);   /* the header once */
	cr_assert(strstr(log, "\nBCT-2023-10-20231105T030405-2.csv,"));
	free(log);
	free(path);
}

Test(intake, a_hand_kept_log_keeps_its_columns)
{
	struct intake_stored st;
	char *err = NULL, *mdir, *path, *log;
	struct intake_line l;

	mdir = xasprintf("%s/submissions/2023-10", root);
	path = xasprintf("%s/submissions", root);
	cr_assert_eq(mkdir(path, 0755), 0);
	cr_assert_eq(mkdir(mdir, 0755), 0);
	free(path);
	path = xasprintf("%s/received.csv", mdir);
	/* two columns, CRLF, no line end after the last line */
	put(path, "file,received_at\r\nBCT_t10.csv,2023-11-03 09:15");
	cr_assert_eq(intake_store(root, "x", 1, "BCT", period(), NOW, &st,
				  &err), 0);
	log = slurp(path);
	cr_assert_str_eq(log, "file,received_at\r\nBCT_t10.csv,2023-11-03 "
			 "09:15\r\nBCT-2023-10-20231105T030405.csv,"
			 "2023-11-05 03:04:05\r\n");
	cr_assert(intake_logged(mdir, "BCT_t10.csv", &l));
	cr_assert_str_eq(l.agency, "");
	cr_assert_str_eq(l.received_at, "2023-11-03 09:15");
	cr_assert_not(intake_logged(mdir, "nothing.csv", &l));
	free(log);
	free(path);
	free(mdir);
}

Test(intake, a_log_without_the_columns_stores_nothing)
{
	struct intake_stored st;
	char *err = NULL, *mdir, *path, *log;
	DIR *d;
	struct dirent *de;
	int files = 0;

	mdir = xasprintf("%s/submissions/2023-10", root);
	path = xasprintf("%s/submissions", root);
	mkdir(path, 0755);
	mkdir(mdir, 0755);
	free(path);
	path = xasprintf("%s/received.csv", mdir);
	put(path, "name,when\nx,y\n");
	cr_assert_eq(intake_store(root, "x", 1, "BCT", period(), NOW, &st,
				  &err), -1);
	cr_assert_not_null(err);
	free(err);
	log = slurp(path);
	cr_assert_str_eq(log, "name,when\nx,y\n");
	d = opendir(mdir);
	while ((de = readdir(d)))
		files += de->d_name[0] != '.' &&
			 strcmp(de->d_name, "received.csv") != 0;
	closedir(d);
	cr_assert_eq(files, 0);
	cr_assert_eq(hidden(mdir), 0);
	free(log);
	free(path);
	free(mdir);
}

Test(intake, sweep_removes_temps_and_unlogged_names)
{
	struct intake_stored st;
	char *err = NULL, *mdir, *p;
	unsigned removed = 99;
	struct intake_line l;

	cr_assert_eq(intake_store(root, "x", 1, "BCT", period(), NOW, &st,
				  &err), 0);
	mdir = xasprintf("%s/submissions/2023-10", root);
	p = xasprintf("%s/.intake-abc123", mdir);
	put(p, "half");
	free(p);
	p = xasprintf("%s/BTC-2023-10-20231105T030405.csv", mdir);
	put(p, "stored, never logged");
	free(p);
	p = xasprintf("%s/BTC_by_mail.csv", mdir);
	put(p, "a file put there by hand");
	free(p);
	cr_assert_eq(intake_sweep(root, NULL, NULL, &removed, &err), 0);
	cr_assert_eq(removed, 2);
	cr_assert_eq(hidden(mdir), 0);
	p = xasprintf("%s/BTC-2023-10-20231105T030405.csv", mdir);
	cr_assert_neq(access(p, F_OK), 0);
	free(p);
	p = xasprintf("%s/BTC_by_mail.csv", mdir);
	cr_assert_eq(access(p, F_OK), 0);
	free(p);
	cr_assert_eq(access(st.path, F_OK), 0);
	cr_assert(intake_logged(mdir, st.file, &l));
	cr_assert_str_eq(l.agency, "BCT");
	cr_assert_str_eq(l.sha256, st.sha256);
	cr_assert_str_eq(l.received_at, "2023-11-05 03:04:05");
	free(mdir);
}

Test(intake, sweep_keeps_stored_files_when_the_log_is_gone)
{
	struct intake_stored st;
	char *err = NULL, *log;
	unsigned removed = 99;

	cr_assert_eq(intake_store(root, "x", 1, "BCT", period(), NOW, &st,
				  &err), 0);
	log = xasprintf("%s/submissions/2023-10/received.csv", root);
	cr_assert_eq(unlink(log), 0);
	cr_assert_eq(intake_sweep(root, NULL, NULL, &removed, &err), 0);
	cr_assert_eq(removed, 0);
	cr_assert_eq(access(st.path, F_OK), 0);
	free(log);
}
