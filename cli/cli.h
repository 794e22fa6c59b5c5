/* Shared by the quartier commands: exit codes, loading a scenario, parsing numbers. */
#ifndef QT_CLI_H
#define QT_CLI_H

#include "quartier.h"

enum { EXIT_PLAN = 0, EXIT_INTERNAL = 1, EXIT_INPUT = 2, EXIT_NOPLAN = 3 };

/* A command: argv[0] is the command's name; returns the exit status. */
typedef int (*cli_command)(int argc, char **argv);

/* The --set POINTER=VALUE overrides given anywhere on the command line (main.c takes them out of
 * argv before the command sees it), applied by cli_load to every scenario a command reads. */
extern const char **cli_sets;
extern size_t cli_n_sets;

/* Reads a scenario with the --set overrides, printing every error to stderr; returns 0 or an exit
 * status. */
int cli_load(qt_scenario **out, const char *path);
/* The same with an explicit list of overrides instead of cli_sets. */
int cli_load_with(qt_scenario **out, const char *path, const char *const *sets, size_t n_sets);
/* Prints "quartier: " and the message to stderr; returns EXIT_INPUT. */
int cli_fail_input(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Parses a number >= 0; prints what was wrong (naming the option) and returns -1 if it is not. */
int cli_parse_number(double *out, const char *arg, const char *option);

/* Prints a qt_progress line on stderr (the --progress option). */
void cli_show_progress(const qt_progress *p, void *ctx);

int cmd_validate(int argc, char **argv);
int cmd_solve(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_offers(int argc, char **argv);

#endif
