/*
 * cli_intake: the commands of the intake service, `tiendo token` (the
 * tokens file) and `tiendo serve` (the server, its signals and its log).
 */
#include "cli_shared.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>

#include "exitcode.h"
#include "intake.h"
#include "outfile.h"
#include "serve.h"
#include "tokens.h"
#include "xalloc.h"

/* ---- token ----------------------------------------------------------------- */

/* The exit status of a failed tokens_* call. */
static int tokens_status(void)
{
	switch (tokens_last_error()) {
	case TOKENS_ERR_MISSING:
	case TOKENS_ERR_READ:
		return EXIT_NOINPUT;
	case TOKENS_ERR_PERMS:     /* a setting to correct, as a broken file */
	case TOKENS_ERR_BROKEN:
		return EXIT_CONFIG;
	case TOKENS_ERR_ARG:
		return EXIT_USAGE;
	default:
		return EXIT_CANTCREAT;
	}
}

/* A running server reads the tokens file at start and on SIGHUP only. */
#define RELOAD_HINT "A running 'tiendo serve' sees the change on SIGHUP " \
	"(systemctl reload tiendo-serve) or when it starts again"

/*
 * The agency a token is made for: in agencies.csv, and still in
 * existence today (Hanoi). Its code, in capitals, into code; 0 or the
 * exit status.
 */
static int token_agency(const char *input, const char *given,
			char code[TOKEN_NAME_MAX + 1])
{
	struct roadmap *rm = NULL;
	struct emitter *em = emit_open(stderr, EMIT_TEXT, LANG_EN, 0);
	struct diag_sink sink = emit_sink(em);
	const struct agency *a;
	char *templates = find_templates();
	int32_t today = (int32_t)(((int64_t)time(NULL) + 7 * 3600) / 86400);
	int status = 0;
	char *p;

	snprintf(code, TOKEN_NAME_MAX + 1, "%s", given);
	for (p = code; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	status = load_roadmap(input, templates, &sink, &rm);
	if (status)
		goto out;
	a = roadmap_agency(rm, code);
	if (!a) {
		complain("token: there is no agency '%s' in %s/agencies.csv "
			"(for the secretariat: 'tiendo token add --admin "
			"NAME')", given, input);
		status = EXIT_USAGE;
	} else if (a->valid_to < today) {
		if (a->successor)
			complain("token: the agency '%s' no longer exists: "
				"its tasks passed to '%s'", a->code,
				a->successor);
		else
			complain("token: the agency '%s' no longer exists "
				"(see %s/agencies.csv)", a->code, input);
		status = EXIT_USAGE;
	}
out:
	emit_close(em);
	roadmap_free(rm);
	free(templates);
	return status;
}

static int token_list(const char *path)
{
	struct tokens *t = NULL;
	char *err = NULL;
	size_t i, k;

	if (tokens_load(&t, path, &err) < 0) {
		complain("%s", err);
		free(err);
		return tokens_status();
	}
	if (tokens_count(t) == 0)
		complain("token: no tokens in '%s'", path);
	else
		printf("%-7s %-32s %-25s %s\n", "role", "name", "created",
		       "digest");
	for (i = 0; i < tokens_count(t); i++) {
		const struct token_entry *e = tokens_at(t, i);

		/* the digest's first 8 hex digits tell lines apart; they
		   let no one sign in */
		printf("%-7s %-32s %-25s ", tokens_role_name(e->role), e->name,
		       tokens_created_at(t, i));
		for (k = 0; k < 4; k++)
			printf("%02x", e->digest[k]);
		putchar('\n');
	}
	tokens_free(t);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		complain("token: cannot write the list: %s", strerror(errno));
		return EXIT_CANTCREAT;
	}
	return EXIT_OK;
}

int cmd_token(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "tokens", required_argument, NULL, 'k' },
		{ "input", required_argument, NULL, 'i' },
		{ "admin", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *input = "input", *tokens = NULL, *admin = NULL, *sub;
	const char *name = NULL;
	char *path, *err = NULL, token[65], code[TOKEN_NAME_MAX + 1];
	int c, n, status = EXIT_OK;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "k:i:a:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'k': tokens = optarg; break;
		case 'i': input = optarg; break;
		case 'a': admin = optarg; break;
		case 'h':
			fputs(cli_help_text, stdout);
			return EXIT_OK;
		default:
			if (optopt)
				complain("token: option '-%c' needs a value or "
					"is unknown", optopt);
			else
				complain("token: unknown option '%s'",
					argv[optind - 1]);
			return usage(NULL, NULL);
		}
	}
	if (optind >= argc)
		return usage("token: say add, list or revoke", NULL);
	sub = argv[optind++];
	if (optind < argc)
		name = argv[optind++];
	if (optind < argc)
		return usage("token: unexpected argument '%s'", argv[optind]);
	if (strcmp(sub, "list") == 0) {
		if (name || admin)
			return usage("token: list takes no name", NULL);
	} else if (strcmp(sub, "add") == 0 || strcmp(sub, "revoke") == 0) {
		if (!name == !admin)
			return usage(admin ? "token: %s: give CODE or --admin "
				     "NAME, not both" : "token: %s: give the "
				     "agency's CODE, or --admin NAME", sub);
	} else {
		return usage("token: unknown subcommand '%s': use add, list "
			     "or revoke", sub);
	}
	path = tokens ? xstrdup(tokens) : xasprintf("%s/.tokens", input);
	if (strcmp(sub, "list") == 0) {
		status = token_list(path);
	} else if (strcmp(sub, "add") == 0) {
		if (!admin && (status = token_agency(input, name, code)))
			goto out;
		if (tokens_add(path, admin ? TOKEN_ADMIN : TOKEN_AGENCY,
			       admin ? admin : code, token, &err) < 0) {
			complain("%s", err);
			status = tokens_status();
			goto out;
		}
		printf("%s\n", token);
		memset(token, 0, sizeof(token));
		if (fflush(stdout) != 0 || ferror(stdout)) {
			/* the token is on disk but no one has seen it */
			complain("token: cannot write the token: %s; revoke "
				"it with 'tiendo token revoke %s'",
				strerror(errno), admin ? admin : code);
			status = EXIT_CANTCREAT;
			goto out;
		}
		complain("token: a new token for %s '%s' in '%s': it is shown "
			"only this once; hand it over privately. " RELOAD_HINT,
			admin ? "admin" : "agency", admin ? admin : code, path);
	} else {
		const char *who = admin ? admin : name;

		n = tokens_revoke(path, who, &err);
		/* agency codes are kept in capitals */
		if (n == 0 && !admin) {
			snprintf(code, sizeof(code), "%s", name);
			for (char *p = code; *p; p++)
				*p = (char)toupper((unsigned char)*p);
			if (strcmp(code, name) != 0)
				n = tokens_revoke(path, who = code, &err);
		}
		if (n < 0) {
			complain("%s", err);
			status = tokens_status();
		} else if (n == 0) {
			complain("token: no token of '%s' in '%s': nothing "
				"revoked", who, path);
		} else {
			complain("token: %d token%s of '%s' revoked in '%s'. "
				RELOAD_HINT, n, n == 1 ? "" : "s", who, path);
		}
	}
out:
	free(err);
	free(path);
	return status;
}

/* ---- serve ----------------------------------------------------------------- */

/* A whole number option; false (and said why) when it is not one. */
static bool number_opt(const char *name, const char *v, unsigned long max,
		       unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(v, &end, 10);
	if (errno || *end || !*v || v[0] == '-' || *out > max) {
		complain("serve: --%s needs a whole number up to %lu, not '%s'",
			 name, max, v);
		return false;
	}
	return true;
}

/* Each file the sweep at start removes, named in the log. */
static void swept(void *ctx, const char *path)
{
	(void)ctx;
	complain("serve: removed '%s'", path);
}

int cmd_serve(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "listen", required_argument, NULL, 'L' },
		{ "input", required_argument, NULL, 'i' },
		{ "output", required_argument, NULL, 'o' },
		{ "tokens", required_argument, NULL, 'k' },
		{ "template", required_argument, NULL, 'T' },
		{ "port-file", required_argument, NULL, 'P' },
		{ "tls-cert", required_argument, NULL, 'C' },
		{ "tls-key", required_argument, NULL, 'K' },
		{ "max-upload", required_argument, NULL, 'u' },
		{ "max-connections", required_argument, NULL, 'c' },
		{ "max-per-ip", required_argument, NULL, 'p' },
		{ "idle-timeout", required_argument, NULL, 'I' },
		{ "request-timeout", required_argument, NULL, 'R' },
		{ "rate", required_argument, NULL, 'r' },
		{ "max-memory", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct serve_conf sc;
	struct intake in = { 0 };
	struct setup su;
	struct options o;
	struct server *srv = NULL;
	enum serve_fail why;
	const char *template = NULL, *port_file = NULL;
	char *tokens = NULL, *pages = NULL, *err = NULL;
	unsigned long v;
	unsigned removed = 0;
	sigset_t sigs;
	int c, sig, status = EXIT_OK;

	memset(&sc, 0, sizeof(sc));
	memset(&su, 0, sizeof(su));
	sc.listen = "127.0.0.1:8080";
	sc.max_upload = SERVE_MAX_UPLOAD;
	sc.max_connections = SERVE_MAX_CONNECTIONS;
	sc.max_per_ip = SERVE_MAX_PER_IP;
	sc.idle_timeout = SERVE_IDLE_TIMEOUT;
	sc.request_timeout = SERVE_REQUEST_TIMEOUT;
	sc.rate = SERVE_RATE;
	memset(&o, 0, sizeof(o));
	o.input = "input";
	o.lang = LANG_VI;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "L:i:o:k:T:P:C:K:u:c:p:I:R:r:M:h",
				longopts, NULL)) != -1) {
		switch (c) {
		case 'L': sc.listen = optarg; break;
		case 'i': o.input = optarg; break;
		case 'o': break;  /* the runs' folder: intake writes none */
		case 'k': sc.tokens = optarg; break;
		case 'T': template = optarg; break;
		case 'P': port_file = optarg; break;
		case 'C': sc.tls_cert = optarg; break;
		case 'K': sc.tls_key = optarg; break;
		case 'u':
			if (!number_opt("max-upload", optarg, 1ul << 30, &v) ||
			    !v)
				return usage(NULL, NULL);
			sc.max_upload = v;
			break;
		case 'c':
			if (!number_opt("max-connections", optarg, 65536, &v))
				return usage(NULL, NULL);
			sc.max_connections = (unsigned)v;
			break;
		case 'p':
			if (!number_opt("max-per-ip", optarg, 65536, &v))
				return usage(NULL, NULL);
			sc.max_per_ip = (unsigned)v;
			break;
		case 'I':
			if (!number_opt("idle-timeout", optarg, 86400, &v))
				return usage(NULL, NULL);
			sc.idle_timeout = (unsigned)v;
			break;
		case 'R':
			if (!number_opt("request-timeout", optarg, 86400, &v) ||
			    !v)
				return usage(NULL, NULL);
			sc.request_timeout = (unsigned)v;
			break;
		case 'r':
			if (!number_opt("rate", optarg, 1000000, &v))
				return usage(NULL, NULL);
			sc.rate = (unsigned)v;
			break;
		case 'M':
			if (!number_opt("max-memory", optarg, 1ul << 40, &v) ||
			    !v)
				return usage(NULL, NULL);
			sc.max_memory = v;
			break;
		case 'h':
			fputs(cli_help_text, stdout);
			return EXIT_OK;
		default:
			if (optopt)
				complain("serve: option '-%c' needs a value or "
					"is unknown", optopt);
			else
				complain("serve: unknown option '%s'",
					argv[optind - 1]);
			return usage(NULL, NULL);
		}
	}
	if (optind < argc)
		return usage("serve: unexpected argument '%s'", argv[optind]);
	o.template = template;
	if ((status = setup_load(&su, &o)))
		goto out;
	if (!sc.tokens)
		sc.tokens = tokens = xasprintf("%s/.tokens", o.input);
	sc.pages = pages = xasprintf("%s/intake", su.templates);
	memset(&in, 0, sizeof(in));
	in.input = o.input;
	in.rm = su.rm;
	in.ss = &su.ss;
	in.received = su.received;
	in.allow_other_agency = su.tpl->allow_other_agency_rows;
	in.max_problems = 1000;
	in.cache = intake_cache_new();
	sc.intake = &in;
	sc.tpl = su.tpl;
	/* what a server killed half way left */
	if (intake_sweep(o.input, swept, NULL, &removed, &err) < 0) {
		complain("serve: %s", err);
		free(err);
		err = NULL;
	}
	if (removed)
		complain("serve: removed %u file%s above, which a stopped "
			 "server left half stored (never acknowledged)",
			 removed, removed == 1 ? "" : "s");

	/* the signals are waited for here, not in the server's threads */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	srv = serve_start(&sc, &why, &err);
	if (!srv) {
		complain("serve: %s", err);
		free(err);
		status = why == SERVE_FAIL_TOKENS ? tokens_status() :
			 why == SERVE_FAIL_ADDRESS ? EXIT_USAGE :
			 why == SERVE_FAIL_TLS ? EXIT_NOINPUT : EXIT_UNAVAILABLE;
		goto out;
	}
	if (port_file) {
		struct outfile *of = outfile_open(port_file);

		if (of)
			fprintf(outfile_stream(of), "%u\n", serve_port(srv));
		if (!of || outfile_commit(of) < 0) {
			complain("serve: cannot write '%s': %s", port_file,
				 strerror(errno));
			status = EXIT_CANTCREAT;
			goto out;
		}
	}
	complain("serve: listening on %s (port %u)%s; files go to "
		 "%s/submissions/", sc.listen, serve_port(srv),
		 sc.tls_cert ? " with TLS" : "", o.input);
	for (;;) {
		if (sigwait(&sigs, &sig) != 0)
			continue;
		if (sig != SIGHUP)
			break;
		if (serve_reload_tokens(srv, &err) < 0) {
			complain("serve: the tokens were not read again, the "
				 "old ones stay: %s", err);
			free(err);
			err = NULL;
		} else {
			complain("serve: tokens read again from '%s'",
				 sc.tokens);
		}
	}
	complain("serve: stopping: no new connection, the requests under way "
		 "finish (%u s at most)", sc.request_timeout);
	serve_stop(srv);
	srv = NULL;
	complain("serve: stopped");
out:
	serve_stop(srv);
	intake_cache_free(in.cache);
	setup_release(&su);
	free(tokens);
	free(pages);
	return status;
}

