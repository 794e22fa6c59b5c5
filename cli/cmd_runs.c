/* The run database on the command line: quartier runs, show, diff, series, export-run, and what
 * quartier solve does with it (--db, --no-store, --keep-orders). */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* --db, else $QUARTIER_DB, else quartier.db in the working directory. */
static const char *db_path(const char *option)
{
	if (option && *option)
		return option;
	const char *env = getenv("QUARTIER_DB");
	return env && *env ? env : "quartier.db";
}

/* Prints the library's last error; bad input (a bad database, an unknown run) is exit status 2. */
static int fail(int rc)
{
	fprintf(stderr, "quartier: %s\n", qt_last_error());
	return rc == QT_EINPUT ? EXIT_INPUT : EXIT_INTERNAL;
}

static int open_db(qt_store **st, const char *option, qt_store_mode mode)
{
	int rc = qt_store_open(st, db_path(option), mode);
	return rc ? fail(rc) : 0;
}

/* ---- quartier solve and the run database ---- */

int cli_store_option(cli_store *cs, int c, const char *arg)
{
	switch (c) {
	case CLI_OPT_DB:
		cs->db = arg;
		return 1;
	case CLI_OPT_NO_STORE:
		cs->no_store = 1;
		return 1;
	case CLI_OPT_KEEP_ORDERS:
		cs->keep = arg;
		return 1;
	}
	return 0;
}

int cli_store_prepare(cli_store *cs, const qt_scenario *s, qt_solve_options *opt)
{
	if (cs->no_store && !cs->keep)
		return 0;
	/* Opened before solving, so that a database that cannot take the run stops us at once. */
	int rc = open_db(&cs->st, cs->db, cs->no_store ? QT_STORE_READ : QT_STORE_WRITE);
	if (rc || !cs->keep)
		return rc;
	if ((rc = qt_store_find_run(&cs->kept_from, cs->st, cs->keep)) ||
	    (rc = qt_store_orders_before(&cs->kept, &cs->n_kept, cs->st, cs->kept_from, s)))
		return fail(rc);
	opt->kept = cs->kept;
	opt->n_kept = cs->n_kept;
	long modules = 0;
	for (size_t i = 0; i < cs->n_kept; i++)
		modules += cs->kept[i].modules;
	char start[8];
	qt_scenario_period_label(s, 1, start);
	if (modules)
		fprintf(stderr, "quartier: keeping %ld Kombimodell module%s that run %ld ordered before %s\n",
			modules, modules == 1 ? "" : "s", cs->kept_from, start);
	else
		fprintf(stderr, "quartier: run %ld ordered no Kombimodell modules before %s: none to keep\n",
			cs->kept_from, start);
	return 0;
}

/* Test hook (tests/test_store.c): hold the run's transaction open this many milliseconds before
 * COMMIT, so that a test can kill a writer in the middle of storing a run. */
static void test_pause(void)
{
	const char *env = getenv("QUARTIER_TEST_STORE_PAUSE_MS");
	long ms = env ? atol(env) : 0;
	if (ms <= 0 || ms > 600000)
		return;
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

int cli_store_run(cli_store *cs, const qt_scenario *s, const qt_plan *p, const qt_solve_options *opt, int argc,
		  char **argv)
{
	if (cs->no_store || !cs->st)
		return 0;
	qt_run_info info;
	qt_run_info_init(&info);
	info.argc = argc;
	info.argv = (const char *const *)argv;
	info.n_sets = cli_n_sets;
	info.sets = cli_sets;
	info.opt = opt;
	info.kept_from = cs->kept_from;
	long id = 0;
	int rc = qt_store_begin(cs->st);
	if (!rc) {
		rc = qt_store_add_run(&id, cs->st, s, p, &info);
		if (!rc)
			test_pause();
		if (rc)
			qt_store_rollback(cs->st);
		else
			rc = qt_store_commit(cs->st);
	}
	if (rc) {
		fprintf(stderr, "quartier: the run was not stored: %s\n", qt_last_error());
		return EXIT_INTERNAL;
	}
	fprintf(stderr, "quartier: run %ld stored in %s\n", id, db_path(cs->db));
	return 0;
}

/* Writes the reports report() makes; returns 0 or an exit status. */
static int written(int rc, qt_format format, const char *out_dir)
{
	if (rc == 0 && fflush(stdout) != 0)
		rc = QT_EIO;
	if (rc) {
		fprintf(stderr, "quartier: writing the reports failed: %s\n", qt_last_error());
		return EXIT_INTERNAL;
	}
	if (format == QT_FORMAT_CSV)
		fprintf(stderr, "quartier: CSV tables written to %s\n", out_dir);
	return 0;
}

int cli_store_reports(qt_format format, const char *out_dir, const char *future, const qt_scenario *s,
		      const qt_plan *p, const cli_store *cs)
{
	int f = future ? qt_scenario_future_find(s, future) : -1;
	if (future && !qt_plan_futures(p))
		return cli_fail_input("--future %s: the plan is not a plan over futures", future);
	if (future && f < 0)
		return cli_fail_input("--future %s: the scenario has no future of that id", future);
	if (future)
		return written(qt_report_future(stdout, s, p, f, format), format, out_dir);
	if (cli_is_file_format(format) && qt_plan_futures(p))
		return cli_fail_input("--format %s: a plan over futures is written as text, json or csv",
				      format == QT_FORMAT_HTML ? "html" : "xlsx");
	if (cli_is_file_format(format))
		return cli_file_written(qt_report_kept(stdout, out_dir, format, s, p, cs->kept, cs->n_kept), format,
					out_dir);
	return written(qt_report_kept(stdout, out_dir, format, s, p, cs->kept, cs->n_kept), format, out_dir);
}

void cli_store_close(cli_store *cs)
{
	qt_store_close(cs->st);
	qt_kept_orders_free(cs->kept, cs->n_kept);
	cs->st = NULL;
	cs->kept = NULL;
	cs->n_kept = 0;
}

/* ---- the commands over stored runs ---- */

enum { A_FORMAT = 1, A_OUT = 2, A_FILTER = 4, A_ALL = 8, A_SCENARIO = 16, A_FILE = 32, A_FUTURE = 64 };

typedef struct {
	const char *db, *out, *filter;
	const char *future; /* show --future ID */
	qt_format format;
	int all, scenario;
	char **pos; /* the positional arguments */
} read_args;

enum { OPT_R_DB = 300, OPT_R_FORMAT, OPT_R_ALL, OPT_R_SCENARIO, OPT_R_FUTURE };

/* Parses a command's options; returns 0, -1 after --help, or an exit status. */
static int parse_read(read_args *a, int argc, char **argv, const char *usage, int npos, unsigned allowed,
		      int json_csv_only)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, OPT_R_DB },   { "format", required_argument, NULL, OPT_R_FORMAT },
		{ "out", required_argument, NULL, 'o' },       { "all", no_argument, NULL, OPT_R_ALL },
		{ "scenario", optional_argument, NULL, OPT_R_SCENARIO }, { "help", no_argument, NULL, 'h' },
		{ "future", required_argument, NULL, OPT_R_FUTURE },
		{ 0, 0, 0, 0 }
	};
	memset(a, 0, sizeof *a);
	a->format = json_csv_only ? QT_FORMAT_JSON : QT_FORMAT_TEXT;
	int c;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_R_DB:
			a->db = optarg;
			break;
		case OPT_R_FORMAT:
			if (!(allowed & A_FORMAT))
				goto bad;
			if (cli_parse_format(&a->format, optarg,
					     CLI_FORMATS(!json_csv_only, 1, 1) | (allowed & A_FILE ? CLI_FILE_FORMATS : 0)))
				return EXIT_INPUT;
			break;
		case 'o':
			if (!(allowed & A_OUT))
				goto bad;
			a->out = optarg;
			break;
		case OPT_R_FUTURE:
			if (!(allowed & A_FUTURE))
				goto bad;
			a->future = optarg;
			break;
		case OPT_R_ALL:
			if (!(allowed & A_ALL))
				goto bad;
			a->all = 1;
			break;
		case OPT_R_SCENARIO:
			if (allowed & A_FILTER) {
				if (!optarg)
					return cli_fail_input("--scenario expects a text: --scenario=TEXT");
				a->filter = optarg;
			} else if ((allowed & A_SCENARIO) && !optarg) {
				a->scenario = 1;
			} else {
				goto bad;
			}
			break;
		case 'h':
			fputs(usage, stdout);
			return -1;
		default:
			goto bad;
		}
	}
	if (argc - optind != npos)
		goto bad;
	a->pos = argv + optind;
	if (a->format == QT_FORMAT_CSV && (allowed & A_OUT) && !a->out)
		return cli_fail_input("--format csv needs --out DIR");
	if (cli_is_file_format(a->format) && !a->out)
		return cli_fail_input("--format %s needs --out FILE", a->format == QT_FORMAT_HTML ? "html" : "xlsx");
	if (a->future && a->format != QT_FORMAT_TEXT && a->format != QT_FORMAT_JSON)
		return cli_fail_input("--future ID reports as text or json");
	return 0;
bad:
	fputs(usage, stderr);
	return EXIT_INPUT;
}

static const char usage_runs[] =
	"Usage: quartier runs [--db FILE] [--format text|json|csv] [--scenario=TEXT]\n"
	"\n"
	"Lists the runs stored in the run database: id, when it was stored (UTC), scenario, the\n"
	"number of futures of a plan over futures, first quarter and quarters, status, gap, objective\n"
	"and real cost, and the key shortfalls (unhoused person-quarters; backlog, Fehlbeleger and\n"
	"persons under quota at the end).\n"
	"\n"
	"Options:\n"
	"  --db FILE          the run database (default: $QUARTIER_DB, else ./quartier.db)\n"
	"  --format FMT       text (default), json (an array), csv (one table on stdout)\n"
	"  --scenario=TEXT    only runs whose scenario name contains TEXT\n"
	"  -h, --help         this help\n"
	"\n"
	"Exit status: 0 success, 1 internal error, 2 bad input (e.g. not a run database).\n";

static const char usage_series[] =
	"Usage: quartier series [--db FILE] [--format text|json|csv] [--scenario=TEXT]\n"
	"\n"
	"Key figures across the stored runs, in the order they were stored: the monitoring time\n"
	"series. For each run: the plan for its first quarter (backlog, Fehlbeleger, unhoused, GU\n"
	"places and persons, AU placements) and its horizon (objective, cost, unhoused and backlog\n"
	"person-quarters, persons under quota at the end, modules ordered and kept, households\n"
	"placed into flats).\n"
	"\n"
	"Options: as quartier runs.\n";

static const char usage_show[] =
	"Usage: quartier show RUN [--db FILE] [--format text|json|csv|html|xlsx] [-o DIR|FILE] [--scenario]\n"
	"                         [--future ID]\n"
	"\n"
	"Prints the reports of the solve that stored RUN (a run id or 'last'), from the database and\n"
	"without solving: the same tables, JSON object or CSV files as quartier solve printed.\n"
	"\n"
	"Options:\n"
	"  --db FILE          the run database (default: $QUARTIER_DB, else ./quartier.db)\n"
	"  --format FMT       text (default), json, csv (one file per table into --out DIR),\n"
	"                     html (a printable page with charts) or xlsx (a workbook) into --out FILE\n"
	"  -o, --out DIR|FILE directory for --format csv, file for html and xlsx\n"
	"  --scenario         print the scenario the run solved, exactly as it was read, instead\n"
	"  --future ID        a plan over futures: the full tables of future ID (text or json)\n"
	"  -h, --help         this help\n";

static const char usage_diff[] =
	"Usage: quartier diff RUN_A RUN_B [--db FILE] [--format text|json|csv] [-o DIR] [--all]\n"
	"\n"
	"What changed from RUN_A to RUN_B: key figures (A, B, B - A), the scenario's changed values\n"
	"(JSON Pointers, overrides applied), and per period, GU site, Kombimodell site and\n"
	"municipality, matched by period label (2016Q3) and id, so runs of different quarters line\n"
	"up. Only rows that differ are listed unless --all. Two plans over futures: their figures\n"
	"over the futures, the committed decisions that differ, and per future (matched by id) the\n"
	"tables above with a `future` column; a plan over futures and an ordinary run: the\n"
	"ordinary plan against each future.\n"
	"\n"
	"Options:\n"
	"  --db FILE          the run database (default: $QUARTIER_DB, else ./quartier.db)\n"
	"  --format FMT       text (default), json, csv (one file per table into --out DIR)\n"
	"  -o, --out DIR      directory for --format csv\n"
	"  --all              every row, also those that are the same\n"
	"  -h, --help         this help\n";

static const char usage_export_run[] =
	"Usage: quartier export-run RUN --format json|csv [-o DIR] [--db FILE]\n"
	"\n"
	"Writes a stored run whole. json (default; stdout): {\"quartier\": 1, \"run\": {...}, \"scenario\":\n"
	"{...}, \"plan\": {...}}: the run's record (time, command, overrides, options, solver figures,\n"
	"scenario SHA-256), the scenario document and the plan object of quartier solve --format json.\n"
	"csv (into --out DIR): run.csv, scenario.json (the stored bytes) and the plan's CSV tables.\n";

int cmd_runs(int argc, char **argv)
{
	read_args a;
	int rc = parse_read(&a, argc, argv, usage_runs, 0, A_FORMAT | A_FILTER, 0);
	if (rc)
		return rc < 0 ? 0 : rc;
	qt_store *st;
	if ((rc = open_db(&st, a.db, QT_STORE_READ)))
		return rc;
	rc = qt_store_report_runs(stdout, a.format, st, a.filter);
	qt_store_close(st);
	return rc ? fail(rc) : 0;
}

int cmd_series(int argc, char **argv)
{
	read_args a;
	int rc = parse_read(&a, argc, argv, usage_series, 0, A_FORMAT | A_FILTER, 0);
	if (rc)
		return rc < 0 ? 0 : rc;
	qt_store *st;
	if ((rc = open_db(&st, a.db, QT_STORE_READ)))
		return rc;
	rc = qt_store_report_series(stdout, a.format, st, a.filter);
	qt_store_close(st);
	return rc ? fail(rc) : 0;
}

static int show_run(qt_store *st, const read_args *a, long id)
{
	int rc;
	if (a->scenario) {
		char *text = NULL;
		size_t len = 0;
		if ((rc = qt_store_scenario_text(&text, &len, st, id)))
			return fail(rc);
		int bad = fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0;
		free(text);
		return bad ? (fputs("quartier: cannot write the scenario\n", stderr), EXIT_INTERNAL) : 0;
	}
	char *line = NULL;
	qt_scenario *s = NULL;
	qt_plan *p = NULL;
	qt_kept_order *kept = NULL;
	size_t n = 0;
	if (!(rc = qt_store_describe(&line, st, id)) && !(rc = qt_store_load(&s, &p, st, id)))
		rc = qt_store_kept_orders(&kept, &n, st, id);
	if (rc) {
		free(line);
		return fail(rc);
	}
	fprintf(stderr, "quartier: %s\n", line);
	cli_store cs = { .kept = kept, .n_kept = n };
	rc = cli_store_reports(a->format, a->out, a->future, s, p, &cs);
	free(line);
	qt_kept_orders_free(kept, n);
	qt_plan_free(p);
	qt_scenario_free(s);
	return rc;
}

int cmd_show(int argc, char **argv)
{
	read_args a;
	int rc = parse_read(&a, argc, argv, usage_show, 1, A_FORMAT | A_OUT | A_SCENARIO | A_FILE | A_FUTURE, 0);
	if (rc)
		return rc < 0 ? 0 : rc;
	qt_store *st;
	long id;
	if ((rc = open_db(&st, a.db, QT_STORE_READ)))
		return rc;
	rc = qt_store_find_run(&id, st, a.pos[0]);
	rc = rc ? fail(rc) : show_run(st, &a, id);
	qt_store_close(st);
	return rc;
}

int cmd_diff(int argc, char **argv)
{
	read_args a;
	int rc = parse_read(&a, argc, argv, usage_diff, 2, A_FORMAT | A_OUT | A_ALL, 0);
	if (rc)
		return rc < 0 ? 0 : rc;
	qt_store *st;
	long ra, rb;
	if ((rc = open_db(&st, a.db, QT_STORE_READ)))
		return rc;
	if ((rc = qt_store_find_run(&ra, st, a.pos[0])) || (rc = qt_store_find_run(&rb, st, a.pos[1])) ||
	    (rc = qt_store_report_diff(stdout, a.out, a.format, st, ra, rb, a.all)))
		rc = fail(rc);
	else if (a.format == QT_FORMAT_CSV)
		fprintf(stderr, "quartier: CSV tables written to %s\n", a.out);
	qt_store_close(st);
	return rc;
}

int cmd_export_run(int argc, char **argv)
{
	read_args a;
	int rc = parse_read(&a, argc, argv, usage_export_run, 1, A_FORMAT | A_OUT, 1);
	if (rc)
		return rc < 0 ? 0 : rc;
	qt_store *st;
	long id;
	if ((rc = open_db(&st, a.db, QT_STORE_READ)))
		return rc;
	if ((rc = qt_store_find_run(&id, st, a.pos[0])) || (rc = qt_store_export(stdout, a.out, a.format, st, id)))
		rc = fail(rc);
	else if (a.format == QT_FORMAT_CSV)
		fprintf(stderr, "quartier: run %ld written to %s\n", id, a.out);
	qt_store_close(st);
	return rc;
}
