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

/* Parses --format among the allowed ones (bits 1 << QT_FORMAT_*); returns 0, or EXIT_INPUT after
 * saying which formats the command takes. */
#define CLI_FORMATS(text, json, csv) \
	(((text) ? 1u << QT_FORMAT_TEXT : 0) | ((json) ? 1u << QT_FORMAT_JSON : 0) | ((csv) ? 1u << QT_FORMAT_CSV : 0))
#define CLI_ALL_FORMATS (CLI_FORMATS(1, 1, 1) | 1u << QT_FORMAT_HTML)
int cli_parse_format(qt_format *out, const char *arg, unsigned allowed);
/* The formats written as one file into --out FILE (html, xlsx). */
#define CLI_FILE_FORMATS ((1u << QT_FORMAT_HTML) | (1u << QT_FORMAT_XLSX))
int cli_is_file_format(qt_format format);
/* After a report file was written (rc from qt_report_file and its siblings): says where on stderr,
 * or why it failed; returns 0 or an exit status. */
int cli_file_written(int rc, qt_format format, const char *path);

/* Prints a qt_progress line on stderr (the --progress option). */
void cli_show_progress(const qt_progress *p, void *ctx);

/* The solver options of every command that solves: entries of its getopt_long table, taken by
 * cli_solve_option. --progress defaults to on when stderr is a terminal. */
enum { CLI_OPT_TIME = 0x1100, CLI_OPT_GAP, CLI_OPT_PROGRESS, CLI_OPT_NO_PROGRESS, CLI_OPT_JOBS };
#define CLI_SOLVE_OPTIONS                                                                                 \
	{ "time-limit", required_argument, NULL, CLI_OPT_TIME }, { "gap", required_argument, NULL, CLI_OPT_GAP }, \
		{ "progress", no_argument, NULL, CLI_OPT_PROGRESS },                                      \
		{ "no-progress", no_argument, NULL, CLI_OPT_NO_PROGRESS }, { "verbose", no_argument, NULL, 'v' }, \
		{ "jobs", required_argument, NULL, CLI_OPT_JOBS }
/* Solver options as parsed: the library's, and whether progress was asked (-1: not said). */
typedef struct {
	qt_solve_options solve;
	int progress;
} cli_solver;
/* Sets the defaults (qt_solve_options_init, progress not said). */
void cli_solver_init(cli_solver *cs);
/* Takes option c if it is one of CLI_SOLVE_OPTIONS: returns 1 if taken, 0 if c is another option,
 * or -1 after printing why the value is bad. */
int cli_solver_option(cli_solver *cs, int c, const char *arg);
/* Puts the progress printer into the options if asked, or by default when stderr is a terminal. */
void cli_solver_finish(cli_solver *cs);

int cmd_validate(int argc, char **argv);
int cmd_solve(int argc, char **argv);
int cmd_quota(int argc, char **argv);
/* Writes every quota sheet of s with plan p into dir, all formats (solve --sheets DIR); returns 0 or
 * an exit status after printing why. */
int cli_write_sheets(const char *dir, const qt_scenario *s, const qt_plan *p);
int cmd_export(int argc, char **argv);
int cmd_generate(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_offers(int argc, char **argv);
int cmd_tables(int argc, char **argv);
int cmd_init(int argc, char **argv);

/* ---- the run database (cmd_runs.c) ---- */
int cmd_runs(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_series(int argc, char **argv);
int cmd_export_run(int argc, char **argv);

/* What quartier solve does with the run database: its options, the database opened before the
 * solve, the Kombimodell orders kept from an earlier run. Zero-initialised by the caller. */
typedef struct {
	const char *db;      /* --db FILE (else $QUARTIER_DB, else ./quartier.db) */
	int no_store;        /* --no-store */
	const char *keep;    /* --keep-orders RUN */
	qt_store *st;
	long kept_from;
	qt_kept_order *kept;
	size_t n_kept;
} cli_store;

enum { CLI_OPT_DB = 0x1000, CLI_OPT_NO_STORE, CLI_OPT_KEEP_ORDERS };
/* The entries of solve's getopt_long table for the options above. */
#define CLI_STORE_OPTIONS                                                                                 \
	{ "db", required_argument, NULL, CLI_OPT_DB }, { "no-store", no_argument, NULL, CLI_OPT_NO_STORE }, \
		{ "keep-orders", required_argument, NULL, CLI_OPT_KEEP_ORDERS }
#define CLI_STORE_USAGE                                                                                   \
	"  --db FILE          the run database the run is stored in (default: $QUARTIER_DB, else\n"         \
	"                     ./quartier.db); see quartier runs, show, diff, series\n"                      \
	"  --no-store         do not store the run\n"                                                        \
	"  --keep-orders RUN  re-planning: keep the Kombimodell modules stored run RUN (an id or\n"          \
	"                     'last') ordered before this scenario's first quarter as committed\n"

/* Takes option c (getopt_long's value) if it is one of CLI_STORE_OPTIONS; returns 1 if it was. */
int cli_store_option(cli_store *cs, int c, const char *arg);
/* Opens the database (unless --no-store without --keep-orders) and puts the kept orders into opt;
 * returns 0 or an exit status after printing why. */
int cli_store_prepare(cli_store *cs, const qt_scenario *s, qt_solve_options *opt);
/* Stores the run in one transaction and says so on stderr; returns 0 or an exit status. */
int cli_store_run(cli_store *cs, const qt_scenario *s, const qt_plan *p, const qt_solve_options *opt, int argc,
		  char **argv);
/* The plan's reports with the kept orders as committed (qt_report_kept), or with future (not NULL)
 * the full report of that future of a plan over futures; returns 0 or an exit status. */
int cli_store_reports(qt_format format, const char *out_dir, const char *future, const qt_scenario *s,
		      const qt_plan *p, const cli_store *cs);
void cli_store_close(cli_store *cs);

#endif
