/* Shared by the quartier commands: exit codes, loading a scenario, parsing numbers. */
#ifndef QT_CLI_H
#define QT_CLI_H

#include "quartier.h"

enum { EXIT_PLAN = 0, EXIT_INTERNAL = 1, EXIT_INPUT = 2, EXIT_NOPLAN = 3 };

/* A command: argv[0] is the command's name; returns the exit status. */
typedef int (*cli_command)(int argc, char **argv);

/* Reads a scenario, printing every error to stderr; returns 0 or an exit status. */
int cli_load(qt_scenario **out, const char *path);
/* Prints "quartier: " and the message to stderr; returns EXIT_INPUT. */
int cli_fail_input(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Parses a number >= 0; prints what was wrong (naming the option) and returns -1 if it is not. */
int cli_parse_number(double *out, const char *arg, const char *option);

int cmd_validate(int argc, char **argv);
int cmd_solve(int argc, char **argv);

#endif
