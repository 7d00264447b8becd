/*
 * The process exit statuses of tiendo, in one place (SPEC.md "Commands").
 * Only cli.c maps outcomes to these; library code returns its own errors.
 */
#ifndef TIENDO_EXITCODE_H
#define TIENDO_EXITCODE_H

enum exit_code {
	EXIT_OK = 0,          /* all good (warnings allowed) */
	EXIT_DATA = 1,        /* data errors found; outputs still written */
	EXIT_USAGE = 64,      /* bad command line */
	EXIT_NOINPUT = 66,    /* an input is missing or unreadable */
	EXIT_UNAVAILABLE = 69, /* serve: cannot listen */
	EXIT_CANTCREAT = 73,  /* an output cannot be written */
	EXIT_TEMPFAIL = 75,   /* another run holds the lock */
	EXIT_CONFIG = 78      /* a schema, template or roadmap is broken */
};

#endif
