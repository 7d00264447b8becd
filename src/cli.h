/*
 * cli: the command line. The only module that parses options, prints to
 * the terminal and chooses the exit status (exitcode.h).
 */
#ifndef TIENDO_CLI_H
#define TIENDO_CLI_H

/** Run tiendo with these arguments; returns the process exit status. */
int cli_main(int argc, char **argv);

#endif
