/*
 * serve: the intake service over HTTP (libmicrohttpd), the one door of
 * the server room. It owns the daemon, the routes, the limits, the
 * sessions and the token table; every answer about a file comes from the
 * library the CLI uses (intake, batch, aggregate, render_form).
 *
 * Routes (SPEC "Intake on arrival" and the intake contract): POST
 * /api/check, POST /api/submit, GET /api/form, GET /api/status, GET
 * /api/problems, GET /api/session, POST /login, POST /logout, GET /, GET
 * /static/NAME. Errors are JSON {"error", "message"} in the request's
 * language (?lang=en, else Vietnamese).
 */
#ifndef TIENDO_SERVE_H
#define TIENDO_SERVE_H

#include <stdbool.h>
#include <stddef.h>

#include "intake.h"
#include "template.h"

/* Defaults of the limits, each an option of `tiendo serve`. */
#define SERVE_MAX_UPLOAD (10u << 20)  /* bytes of a body */
#define SERVE_MAX_CONNECTIONS 256     /* at once */
#define SERVE_MAX_PER_IP 64           /* at once from one address */
#define SERVE_IDLE_TIMEOUT 15         /* seconds without a byte */
#define SERVE_REQUEST_TIMEOUT 60      /* seconds for a whole request */
#define SERVE_RATE 600                /* requests a minute per token */
#define SERVE_SESSION_IDLE (8 * 3600) /* seconds a session lives idle */

struct serve_conf {
	const char *listen;           /* "ADDR:PORT", "[ADDR6]:PORT" */
	const char *tokens;           /* the tokens file */
	const char *pages;            /* folder of index.html, intake.js,
					 intake.css, icon.svg */
	const char *tls_cert, *tls_key; /* PEM files, or NULL: plain HTTP */
	size_t max_upload;
	unsigned max_connections, max_per_ip;
	unsigned idle_timeout, request_timeout; /* seconds */
	unsigned rate;                /* requests a minute per token */
	const struct intake *intake;  /* the data folder, roadmap, schemas */
	const struct report_template *tpl; /* settings of the figures */
};

/** Why serve_start() failed. */
enum serve_fail {
	SERVE_FAIL_LISTEN,            /* cannot listen on the address */
	SERVE_FAIL_ADDRESS,           /* the address is not one */
	SERVE_FAIL_TOKENS,            /* the tokens file is refused */
	SERVE_FAIL_TLS,               /* certificate or key unreadable */
	SERVE_FAIL_START              /* the daemon would not start */
};

struct server;

/**
 * Load the tokens, listen and serve in threads of the server's own until
 * serve_stop(). c and what it points to must outlive the server. Returns
 * the server, or NULL with *why and *err (a message, the caller frees).
 */
struct server *serve_start(const struct serve_conf *c, enum serve_fail *why,
			   char **err);

/** The port the server listens on (the one bound for port 0). */
unsigned serve_port(const struct server *s);

/**
 * Read the tokens file again and swap the table whole. Returns 0, or -1
 * and *err (caller frees): the old table stays in force.
 */
int serve_reload_tokens(struct server *s, char **err);

/** Stop listening, finish the requests under way and free. Accepts NULL. */
void serve_stop(struct server *s);

#endif
