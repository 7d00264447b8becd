/*
 * runstat.c: run one command and measure it, for the benchmark.
 *
 *   runstat [-o FILE] [-e FILE] -- COMMAND [ARG...]
 *
 * Starts COMMAND with fork/execvp, its stdout to /dev/null (or to -o FILE;
 * stderr to -e FILE, else inherited), waits with wait4, and prints one line:
 *   wall=1.234 user=1.100 sys=0.120 rss_mb=12.3 status=1
 * wall from CLOCK_MONOTONIC, rss_mb the child's peak resident set
 * (ru_maxrss, MB = 2^20 bytes), status its exit status, or 128+N when killed
 * by signal N (then also signal=N).  runstat exits 0 when it could measure,
 * 2 when it could not start or wait for the command, 64 on usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double secs(struct timeval t)
{
	return (double)t.tv_sec + (double)t.tv_usec / 1e6;
}

static void redirect(const char *path, int fd, int flags)
{
	int f = open(path, flags, 0666);
	if (f < 0 || dup2(f, fd) < 0) {
		fprintf(stderr, "runstat: %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	close(f);
}

int main(int argc, char **argv)
{
	const char *out = "/dev/null", *err = NULL;
	struct timespec t0, t1;
	struct rusage ru;
	int i = 1, st;
	pid_t pid;

	while (i < argc && argv[i][0] == '-') {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		if (!strcmp(argv[i], "-o") && i + 1 < argc)
			out = argv[i + 1];
		else if (!strcmp(argv[i], "-e") && i + 1 < argc)
			err = argv[i + 1];
		else
			break;
		i += 2;
	}
	if (i >= argc) {
		fputs("usage: runstat [-o FILE] [-e FILE] -- COMMAND [ARG...]\n", stderr);
		return 64;
	}

	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0) {
		perror("runstat: fork");
		return 2;
	}
	if (pid == 0) {
		redirect(out, STDOUT_FILENO, O_WRONLY | O_CREAT | O_TRUNC);
		if (err)
			redirect(err, STDERR_FILENO, O_WRONLY | O_CREAT | O_TRUNC);
		execvp(argv[i], argv + i);
		fprintf(stderr, "runstat: %s: %s\n", argv[i], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &st, 0, &ru) < 0) {
		if (errno != EINTR) {
			perror("runstat: wait4");
			return 2;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);

	printf("wall=%.3f user=%.3f sys=%.3f rss_mb=%.1f status=%d",
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
	       secs(ru.ru_utime), secs(ru.ru_stime), (double)ru.ru_maxrss / 1024.0,
	       WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
	if (WIFSIGNALED(st))
		printf(" signal=%d", WTERMSIG(st));
	putchar('\n');
	return 0;
}
