/*
 * infile: opening a file that a folder or a person hands us, safely.
 *
 * Only regular files are read. A FIFO, a device, a socket or a folder is
 * refused without blocking and without a byte read: the kind is looked at
 * before the open, the open itself does not wait (O_NONBLOCK, O_NOCTTY)
 * and the descriptor is looked at again before it is handed out, so a
 * path swapped in between is caught too. Under a root (the input folder),
 * a path whose real place is outside the root is refused: a symbolic
 * link in a month folder cannot carry /etc/passwd into a run.
 *
 * Failures keep the C library's way: -1 (or NULL) with errno set, where
 * tiendo gives some errno values a meaning of its own so that every
 * caller words them alike:
 *   ENOENT   no such file          ENOLINK  a link to nothing (dangling)
 *   EACCES   may not be read       ELOOP    links that loop
 *   EISDIR   a folder              ENODEV   a FIFO, device or socket
 *   EXDEV    a link that leaves the root
 */
#ifndef TIENDO_INFILE_H
#define TIENDO_INFILE_H

#include <stdio.h>

/**
 * Check that path names a regular file that may be opened for reading,
 * inside root when root is not NULL, without opening it. Returns 0, or
 * -1 with errno as above.
 */
int infile_check(const char *path, const char *root);

/**
 * Open path for reading (blocking reads, close-on-exec). root as for
 * infile_check(). Returns the descriptor, or -1 with errno as above.
 */
int infile_open(const char *path, const char *root);

/** The same as a stream ("rb"); NULL with errno as above. */
FILE *infile_fopen(const char *path, const char *root);

/**
 * infile_fopen() (no root) for a file tiendo reads itself (a template, a
 * schema); on failure NULL and *err (the caller frees) says "cannot read
 * the WHAT 'PATH': REASON".
 */
FILE *infile_fopen_said(const char *what, const char *path, char **err);

/**
 * Why a file could not be opened, in the words of tiendo's own English
 * messages and of the manifest ("a folder, not a file"): errno as above,
 * others as strerror() says them. A static string.
 */
const char *infile_reason(int err);

#endif
