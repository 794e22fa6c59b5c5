/* quartier validate, quartier solve. */
#include "cli.h"

#include <getopt.h>
#include <signal.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_validate[] =
	"Usage: quartier validate FILE [--canonical]\n"
	"\n"
	"Reads the scenario FILE (JSON, a workbook .xlsx or a directory of CSV files, see README.md)\n"
	"and checks every key and value. Prints 'ok' and a one-line summary, or one line per error\n"
	"found: the JSON Pointer of the datum (and for a workbook its cell) and what was expected.\n"
	"With --canonical, prints the valid scenario as canonical JSON instead (keys sorted, notes\n"
	"left out), to compare two scenarios. Exit 0 if valid, 2 if not.\n";

static const char usage_solve[] =
	"Usage: quartier solve FILE [OPTIONS]\n"
	"\n"
	"Solves the scenario FILE and prints the plan: a summary (status, gap, time, objective split\n"
	"into real cost and penalties), shortfalls per period, every GU site per period, Kombimodell\n"
	"orders and conversions, placements per municipality and source, and the flat offers used.\n"
	"\n"
	"Options:\n"
	"  --format FMT       text (default: aligned tables), json (the plan object of the README),\n"
	"                     csv (one file per table into --out DIR, for German Excel),\n"
	"                     html (a printable page with charts) or xlsx (a workbook), into --out FILE\n"
	"  -o, --out DIR|FILE directory for --format csv, file for html and xlsx\n"
	"  --time-limit S     stop after S seconds (default: the scenario's solver.time_limit_s, 60)\n"
	"  --gap G            stop at relative gap G, e.g. 0.001 (default: the scenario's solver.gap)\n"
	"  --progress         report progress on stderr about once a second (default when stderr\n"
	"                     is a terminal); --no-progress turns it off\n"
	"  -v, --verbose      also print GLPK's own log on stderr\n"
	"  --jobs N           threads, 1..256 (default: the machine's cores): with 2 or more the\n"
	"                     bound is computed on a second thread beside the site search (programs\n"
	"                     of 5,000 columns and more); --jobs 1: one thread\n"
	"  --check            run the plan checker and print its verdict on stderr\n"
	"  --sheets DIR       also write the AU quota sheets with the plan into DIR (every format,\n"
	"                     as quartier quota --plan --out DIR)\n"
	"  --future ID        a scenario with futures: the full tables of future ID (text, json,\n"
	"                     or its page or workbook with html or xlsx)\n"
	"  --value-of-information\n"
	"                     a scenario with futures: also WS, EEV, RP, EVPI and VSS (more solves\n"
	"                     within the same time limit)\n"
	CLI_STORE_USAGE
	"  -h, --help         this help\n"
	"\n"
	"Exit status: 0 a plan, 1 internal error, 2 bad input, 3 no integer plan in time.\n";

int cmd_validate(int argc, char **argv)
{
	static const struct option opts[] = { { "help", no_argument, NULL, 'h' },
					      { "canonical", no_argument, NULL, 'C' },
					      { 0, 0, 0, 0 } };
	int c, canonical = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage_validate, stdout);
			return 0;
		}
		if (c == 'C') {
			canonical = 1;
			continue;
		}
		fputs(usage_validate, stderr);
		return EXIT_INPUT;
	}
	if (optind != argc - 1) {
		fputs(usage_validate, stderr);
		return EXIT_INPUT;
	}
	qt_scenario *s;
	int rc = cli_load(&s, argv[optind]);
	if (rc)
		return rc;
	if (canonical) {
		char *text = NULL;
		rc = qt_scenario_canonical(&text, s);
		if (!rc)
			printf("%s\n", text);
		free(text);
		qt_scenario_free(s);
		return rc ? EXIT_INTERNAL : 0;
	}
	char *summary = qt_scenario_summary(s);
	printf("ok\n%s\n", summary ? summary : "");
	free(summary);
	qt_scenario_free(s);
	return 0;
}

typedef struct {
	qt_format format;
	const char *out_dir;
	const char *sheets_dir; /* --sheets DIR: the quota sheets with the plan (cmd_quota.c) */
	int check;
	const char *future; /* --future ID */
	cli_solver run;
	cli_store store; /* --db, --no-store, --keep-orders (cmd_runs.c) */
} solve_args;

enum { OPT_FORMAT = 256, OPT_CHECK, OPT_SHEETS, OPT_FUTURE, OPT_VOI };

static int parse_solve(solve_args *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "out", required_argument, NULL, 'o' },
		CLI_SOLVE_OPTIONS,
		{ "check", no_argument, NULL, OPT_CHECK },
		{ "sheets", required_argument, NULL, OPT_SHEETS },
		{ "future", required_argument, NULL, OPT_FUTURE },
		{ "value-of-information", no_argument, NULL, OPT_VOI },
		CLI_STORE_OPTIONS,
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 }
	};
	memset(a, 0, sizeof *a);
	cli_solver_init(&a->run);
	int c;
	while ((c = getopt_long(argc, argv, "o:vh", opts, NULL)) != -1) {
		int taken = cli_solver_option(&a->run, c, optarg);
		if (taken < 0)
			return EXIT_INPUT;
		if (taken)
			continue;
		switch (c) {
		case OPT_FORMAT:
			if (cli_parse_format(&a->format, optarg, CLI_FORMATS(1, 1, 1) | CLI_FILE_FORMATS))
				return EXIT_INPUT;
			break;
		case 'o':
			a->out_dir = optarg;
			break;
		case OPT_CHECK:
			a->check = 1;
			break;
		case OPT_SHEETS:
			a->sheets_dir = optarg;
			break;
		case OPT_FUTURE:
			a->future = optarg;
			break;
		case OPT_VOI:
			a->run.solve.value_of_information = 1;
			break;
		case 'h':
			fputs(usage_solve, stdout);
			return -1;
		default:
			if (cli_store_option(&a->store, c, optarg))
				break;
			fputs(usage_solve, stderr);
			return EXIT_INPUT;
		}
	}
	if (optind != argc - 1) {
		fputs(usage_solve, stderr);
		return EXIT_INPUT;
	}
	if (a->format == QT_FORMAT_CSV && !a->out_dir)
		return cli_fail_input("--format csv needs --out DIR");
	if (cli_is_file_format(a->format) && !a->out_dir)
		return cli_fail_input("--format %s needs --out FILE", a->format == QT_FORMAT_HTML ? "html" : "xlsx");
	if (a->future && a->format == QT_FORMAT_CSV)
		return cli_fail_input("--future ID reports as text, json, html or xlsx");
	cli_solver_finish(&a->run);
	return 0;
}

static int write_reports(const solve_args *a, const qt_scenario *s, const qt_plan *p)
{
	return cli_store_reports(a->format, a->out_dir, a->future, s, p, &a->store);
}

static int check_plan(const qt_scenario *s, const qt_plan *p)
{
	qt_errors *v = NULL;
	int n = qt_plan_check(&v, s, p);
	if (n == 0) {
		fprintf(stderr, "quartier: plan check: no violation\n");
		return 0;
	}
	for (size_t i = 0; i < qt_errors_count(v); i++)
		fprintf(stderr, "quartier: plan check: %s: %s\n", qt_errors_pointer(v, i), qt_errors_message(v, i));
	qt_errors_free(v);
	return EXIT_INTERNAL;
}

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* Ctrl-C ends the search; the best plan so far is still reported (status "interrupted"). */
static void catch_sigint(qt_solve_options *opt)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	opt->stop = &interrupted;
}

int cmd_solve(int argc, char **argv)
{
	solve_args a;
	int rc = parse_solve(&a, argc, argv);
	if (rc)
		return rc < 0 ? 0 : rc;
	qt_scenario *s;
	if ((rc = cli_load(&s, argv[optind])))
		return rc;
	qt_plan *p = NULL;
	catch_sigint(&a.run.solve);
	int stored = cli_store_prepare(&a.store, s, &a.run.solve);
	int src = stored || (a.future && qt_scenario_future_find(s, a.future) < 0) ? 0 : qt_solve(&p, s, &a.run.solve);
	if (stored) {
		rc = stored;
	} else if (a.future && qt_scenario_future_find(s, a.future) < 0) {
		rc = cli_fail_input("--future %s: the scenario has no future of that id", a.future);
	} else if (src == QT_ENOPLAN) {
		fprintf(stderr, "quartier: %s\n", qt_last_error());
		rc = EXIT_NOPLAN;
	} else if (src) {
		fprintf(stderr, "quartier: %s\n", qt_last_error());
		rc = src == QT_EINPUT ? EXIT_INPUT : EXIT_INTERNAL;
	} else {
		stored = cli_store_run(&a.store, s, p, &a.run.solve, argc, argv);
		rc = write_reports(&a, s, p);
		if (!rc && a.sheets_dir)
			rc = cli_write_sheets(a.sheets_dir, s, p);
		if (!rc && a.check)
			rc = check_plan(s, p);
		if (!rc)
			rc = stored;
	}
	cli_store_close(&a.store);
	qt_plan_free(p);
	qt_scenario_free(s);
	return rc;
}

