/* quartier quota: the AU quota sheets, with or without a plan; and the --sheets DIR of solve. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_quota[] =
	"Usage: quartier quota FILE [OPTIONS]\n"
	"\n"
	"The AU quota sheets of the scenario FILE, without solving: for every municipality its key\n"
	"share, credit, cumulative quota and increment per quarter, ties and Alabama-paradox flags.\n"
	"On stdout the overview of all municipalities (JSON: every sheet), or one sheet with -m.\n"
	"\n"
	"Options:\n"
	"  --format FMT           text (default), csv (German Excel), json, html (printable, A4)\n"
	"  -m, --municipality X   only the sheet of X: its id (AGS), its name or its file slug\n"
	"  -o, --out DIR          write one file per municipality (AGS-slug.txt/.csv/.json/.html), the\n"
	"                         overview (uebersicht.*) and all sheets in one (alle-blaetter.*) into\n"
	"                         DIR; every format unless --format is given\n"
	"  --plan                 solve the scenario first and add the plan's columns: placements by\n"
	"                         source, cumulative placements, arrears/surplus, flat offers used\n"
	"  --time-limit S, --gap G, --progress, --no-progress, -v/--verbose, --jobs N\n"
	"                         for --plan, as for quartier solve\n"
	"  --district NAME        the district named on the sheets (default: the scenario's name up\n"
	"                         to its first \" \xE2\x80\x93 \")\n"
	"  --future ID            a scenario with futures: the quotas of future ID and, with --plan,\n"
	"                         that future's plan of the plan over futures\n"
	"  -h, --help             this help\n"
	"\n"
	"Exit status: 0 sheets written, 1 internal or write error, 2 bad input or unknown\n"
	"municipality, 3 (--plan) no integer plan in time.\n";

typedef struct {
	qt_format format;  /* text unless --format is given */
	int one_format;    /* --format given: with --out only that format, else every one */
	const char *municipality, *out_dir, *district, *future;
	int plan;
	cli_solver run;
} quota_args;

enum { OPT_FORMAT = 256, OPT_PLAN, OPT_DISTRICT, OPT_FUTURE };

static int parse_quota(quota_args *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "municipality", required_argument, NULL, 'm' },
		{ "out", required_argument, NULL, 'o' },
		{ "plan", no_argument, NULL, OPT_PLAN },
		CLI_SOLVE_OPTIONS,
		{ "district", required_argument, NULL, OPT_DISTRICT },
		{ "future", required_argument, NULL, OPT_FUTURE },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 }
	};
	memset(a, 0, sizeof *a);
	cli_solver_init(&a->run);
	int c;
	while ((c = getopt_long(argc, argv, "m:o:vh", opts, NULL)) != -1) {
		int taken = cli_solver_option(&a->run, c, optarg);
		if (taken < 0)
			return EXIT_INPUT;
		if (taken)
			continue;
		switch (c) {
		case OPT_FORMAT:
			if (cli_parse_format(&a->format, optarg, CLI_ALL_FORMATS))
				return EXIT_INPUT;
			a->one_format = 1;
			break;
		case 'm':
			a->municipality = optarg;
			break;
		case 'o':
			a->out_dir = optarg;
			break;
		case OPT_PLAN:
			a->plan = 1;
			break;
		case OPT_DISTRICT:
			a->district = optarg;
			break;
		case OPT_FUTURE:
			a->future = optarg;
			break;
		case 'h':
			fputs(usage_quota, stdout);
			return -1;
		default:
			fputs(usage_quota, stderr);
			return EXIT_INPUT;
		}
	}
	if (optind != argc - 1) {
		fputs(usage_quota, stderr);
		return EXIT_INPUT;
	}
	cli_solver_finish(&a->run);
	return 0;
}

/* Solves s for --plan; prints why there is no plan and returns its exit status. */
static int solve_for_sheets(qt_plan **p, const qt_scenario *s, const qt_solve_options *opt)
{
	int rc = qt_solve(p, s, opt);
	if (rc == QT_ENOPLAN) {
		fprintf(stderr, "quartier: %s\n", qt_last_error());
		return EXIT_NOPLAN;
	}
	if (rc) {
		fprintf(stderr, "quartier: %s\n", qt_last_error());
		return rc == QT_EINPUT ? EXIT_INPUT : EXIT_INTERNAL;
	}
	return 0;
}

static int write_failed(void)
{
	fprintf(stderr, "quartier: writing the quota sheets failed: %s\n", qt_last_error());
	return EXIT_INTERNAL;
}

static int write_sheets(const quota_args *a, const qt_quota_sheets *q)
{
	size_t which = QT_SHEET_OVERVIEW;
	if (a->municipality && qt_quota_sheets_find(&which, q, a->municipality))
		return cli_fail_input("%s", qt_last_error());
	if (!a->out_dir) {
		int rc = qt_quota_sheets_write(stdout, q, which, a->format);
		return rc ? write_failed() : 0;
	}
	unsigned formats = a->one_format ? 1u << a->format : QT_SHEET_ALL_FORMATS;
	if (which == QT_SHEET_OVERVIEW)
		which = QT_SHEET_ALL;
	if (qt_quota_sheets_write_dir(a->out_dir, q, which, formats))
		return write_failed();
	if (which == QT_SHEET_ALL)
		fprintf(stderr, "quartier: %zu quota sheets and the overview written to %s\n", qt_quota_sheets_count(q),
			a->out_dir);
	else
		fprintf(stderr, "quartier: the quota sheet %s written to %s\n", qt_quota_sheets_stem(q, which), a->out_dir);
	return 0;
}

int cmd_quota(int argc, char **argv)
{
	quota_args a;
	int rc = parse_quota(&a, argc, argv);
	if (rc)
		return rc < 0 ? 0 : rc;
	qt_scenario *s;
	if ((rc = cli_load(&s, argv[optind])))
		return rc;
	qt_plan *p = NULL;
	if (a.future && qt_scenario_future_find(s, a.future) < 0)
		rc = cli_fail_input("--future %s: the scenario has no future of that id", a.future);
	else if (a.plan)
		rc = solve_for_sheets(&p, s, &a.run.solve);
	qt_quota_sheets *q = NULL;
	if (!rc) {
		qt_quota_sheet_options opt;
		qt_quota_sheet_options_init(&opt);
		opt.district = a.district;
		opt.future = a.future;
		int qrc = qt_quota_sheets_new(&q, s, p, &opt);
		if (qrc) {
			fprintf(stderr, "quartier: %s\n", qt_last_error());
			rc = qrc == QT_ENOMEM ? EXIT_INTERNAL : EXIT_INPUT;
		}
	}
	if (!rc)
		rc = write_sheets(&a, q);
	qt_quota_sheets_free(q);
	qt_plan_free(p);
	qt_scenario_free(s);
	return rc;
}

int cli_write_sheets(const char *dir, const qt_scenario *s, const qt_plan *p)
{
	qt_quota_sheets *q = NULL;
	int rc = qt_quota_sheets_new(&q, s, p, NULL);
	if (!rc)
		rc = qt_quota_sheets_write_dir(dir, q, QT_SHEET_ALL, QT_SHEET_ALL_FORMATS);
	if (!rc)
		fprintf(stderr, "quartier: %zu quota sheets with the plan written to %s\n", qt_quota_sheets_count(q), dir);
	qt_quota_sheets_free(q);
	return rc ? write_failed() : 0;
}
