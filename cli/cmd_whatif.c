/* quartier sweep, quartier compare, quartier offers: what-if questions on one scenario. */
#include "cli.h"

#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_sweep[] =
	"Usage: quartier sweep FILE --vary POINTER=FROM:TO:STEP [OPTIONS]\n"
	"       quartier sweep FILE --vary POINTER=A,B,C [OPTIONS]\n"
	"\n"
	"Solves FILE once per value of one numeric datum and prints one row per variant: the value,\n"
	"eligible offers (total and per household class), households placed in flats, Fehlbeleger\n"
	"(last quarter and average), unhoused and backlog person-quarters, KdU, real cost, objective,\n"
	"status, gap, seconds, plan-check violations, and the change against the first row. The\n"
	"values are split into as many contiguous runs as there are jobs, solved side by side; each\n"
	"variant starts from the sites and modules of the one before it in its run.\n"
	"For a scenario with futures (each variant solved from scratch) a row holds the objective\n"
	"over the futures, the expected and the worst, the expected real cost, each future's\n"
	"objective, status, gap, seconds, violations and the change against the first row (text,\n"
	"csv or json).\n"
	"\n"
	"Options:\n"
	"  --vary P=FROM:TO:STEP  the values FROM, FROM+STEP, ... up to TO (inclusive)\n"
	"  --vary P=A,B,C         these values: numbers, or words as --set takes them\n"
	"                         (--vary /funding/objective=public,district)\n"
	"  --format FMT           text (default), csv (';', UTF-8 BOM, decimal comma), json, or\n"
	"                         html (a printable page with charts) or xlsx (a workbook) into --out\n"
	"  -o, --out FILE         the file for --format html or xlsx\n"
	"  --jobs N               variants solved side by side, 1..256 (default: the machine's\n"
	"                         cores); --jobs 1 solves them one after the other\n"
	"  --time-limit S, --gap G, --progress, --no-progress, -v/--verbose\n"
	"                         as for solve, per variant\n"
	"  --set POINTER=VALUE    overrides applied to every variant (repeatable)\n"
	"Example: quartier sweep examples/esslingen-2016.json --vary /rent_caps/factor=0.9:1.2:0.05\n";

static const char usage_compare[] =
	"Usage: quartier compare A.json [B.json] [--set-b POINTER=VALUE ...] [OPTIONS]\n"
	"\n"
	"Solves two scenarios and prints them side by side with the differences B - A: key figures\n"
	"(objective, cost, each penalty, shortfalls, GU sites, modules, flats, KdU), then per period\n"
	"(matched by label), GU site, Kombimodell site and municipality (matched by id), only what\n"
	"differs: the same comparison as `quartier diff` of two stored runs. Without B.json, B is A\n"
	"with the --set-b overrides. --set overrides apply to both.\n"
	"Two scenarios with the same futures (ids): the objective over the futures (expected and\n"
	"worst), per future the objective, real cost and each penalty, and the decisions of the\n"
	"committed quarters that differ (text, json or csv).\n"
	"\n"
	"Options:\n"
	"  --set-b POINTER=VALUE  an override for B only (repeatable)\n"
	"  --format FMT           text (default), json, csv (one file per table into --out DIR),\n"
	"                         or html (a printable page with charts) or xlsx (a workbook) into\n"
	"                         --out\n"
	"  -o, --out FILE         the file for --format html or xlsx, the directory for csv\n"
	"  --jobs N               2 or more (default: the machine's cores, if 2 or more): A and B\n"
	"                         are solved side by side; 1: B after A, starting from A's sites\n"
	"                         and modules (not with futures: each side from scratch)\n"
	"  --time-limit S, --gap G, --progress, --no-progress, -v/--verbose\n"
	"                         as for solve\n";

static const char usage_offers[] =
	"Usage: quartier offers FILE [--format text|csv]\n"
	"\n"
	"Lists every flat offer with the rent cap it faces (at factor 1 and at the scenario's factor),\n"
	"whether it is eligible, and the smallest rent-cap factor at which it would qualify.\n";

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

typedef struct {
	qt_format format;
	const char *out; /* --out FILE for html and xlsx */
	cli_solver run;
	const char *vary;
	const char *sets_b[256];
	size_t n_sets_b;
} whatif_args;

enum { OPT_FORMAT = 256, OPT_VARY, OPT_SET_B };

/* Options shared by sweep and compare; returns 0, an exit status, or -1 after --help. */
static int parse(whatif_args *a, int argc, char **argv, const char *usage, unsigned formats)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "out", required_argument, NULL, 'o' },
		CLI_SOLVE_OPTIONS,
		{ "vary", required_argument, NULL, OPT_VARY },
		{ "set-b", required_argument, NULL, OPT_SET_B },
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
			if (cli_parse_format(&a->format, optarg, formats))
				return EXIT_INPUT;
			break;
		case 'o':
			if (!(formats & CLI_FILE_FORMATS)) {
				fputs(usage, stderr);
				return EXIT_INPUT;
			}
			a->out = optarg;
			break;
		case OPT_VARY:
			a->vary = optarg;
			break;
		case OPT_SET_B:
			if (a->n_sets_b == sizeof a->sets_b / sizeof *a->sets_b)
				return cli_fail_input("at most 256 --set-b options");
			a->sets_b[a->n_sets_b++] = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return -1;
		default:
			fputs(usage, stderr);
			return EXIT_INPUT;
		}
	}
	if (cli_is_file_format(a->format) && !a->out)
		return cli_fail_input("--format %s needs --out FILE", a->format == QT_FORMAT_HTML ? "html" : "xlsx");
	cli_solver_finish(&a->run);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	a->run.solve.stop = &interrupted;
	return 0;
}

/* "a,b,c" into a copy *words whose commas end the words (*n of them, none empty). */
static int split_words(const char *spec, char **words, size_t *n)
{
	if (!(*words = strdup(spec)))
		return EXIT_INTERNAL;
	*n = 1;
	for (char *c = *words; *c; c++)
		if (*c == ',') {
			*c = '\0';
			++*n;
		}
	const char *w = *words;
	for (size_t i = 0; i < *n; i++, w += strlen(w) + 1)
		if (!*w)
			return cli_fail_input("--vary %s: expected numbers or words separated by commas", spec);
	return 0;
}

/* "P=FROM:TO:STEP" or "P=A,B,C" (numbers, or words such as public,district) into a pointer and
 * values (or *words); returns 0 or an exit status. */
static int parse_vary(const char *vary, char **pointer, double **values, char **words, size_t *n)
{
	const char *eq = vary ? strchr(vary, '=') : NULL;
	if (!eq || vary[0] != '/' || !eq[1])
		return cli_fail_input("--vary expects POINTER=FROM:TO:STEP or POINTER=A,B,C, got '%s'",
				      vary ? vary : "(nothing)");
	*pointer = strndup(vary, (size_t)(eq - vary));
	const char *spec = eq + 1;
	double v[3];
	char *end;
	size_t cap = 1024;
	*values = calloc(cap, sizeof **values);
	*n = 0;
	if (!*pointer || !*values)
		return EXIT_INTERNAL;
	if (strchr(spec, ':')) {
		const char *p = spec;
		for (int i = 0; i < 3; i++) {
			v[i] = strtod(p, &end);
			if (end == p || (i < 2 && *end != ':') || (i == 2 && *end) || !isfinite(v[i]))
				return cli_fail_input("--vary %s: expected FROM:TO:STEP with three numbers", spec);
			p = end + 1;
		}
		if (!(v[2] > 0) || v[1] < v[0])
			return cli_fail_input("--vary %s: expected FROM <= TO and STEP > 0", spec);
		double count = floor((v[1] - v[0]) / v[2] + 1e-9) + 1;
		if (count > (double)cap)
			return cli_fail_input("--vary %s: %.0f values, at most %zu", spec, count, cap);
		for (size_t i = 0; i < (size_t)count; i++)
			(*values)[(*n)++] = round((v[0] + (double)i * v[2]) * 1e10) / 1e10;
		return 0;
	}
	const char *p = spec;
	double first = strtod(p, &end);
	if (end == p || (*end && *end != ',') || !isfinite(first))
		return split_words(spec, words, n);
	for (;;) {
		double x = strtod(p, &end);
		if (end == p || (*end && *end != ',') || !isfinite(x))
			return cli_fail_input("--vary %s: expected numbers separated by commas", spec);
		if (*n == cap)
			return cli_fail_input("--vary %s: at most %zu values", spec, cap);
		(*values)[(*n)++] = x;
		if (!*end)
			return 0;
		p = end + 1;
	}
}

static void print_errors(const char *what, qt_errors *errs)
{
	for (size_t i = 0; i < qt_errors_count(errs); i++)
		fprintf(stderr, "%s: %s: %s\n", what, qt_errors_pointer(errs, i), qt_errors_message(errs, i));
}

/* A sweep over futures is not drawn as a page or workbook: refused before any solve. */
static int no_futures_page(const char *path, qt_format format)
{
	qt_scenario *s = NULL;
	int rc = cli_load_with(&s, path, cli_sets, cli_n_sets);
	if (!rc && qt_scenario_futures(s))
		rc = cli_fail_input("sweep: a scenario with futures is swept as text, csv or json, not as --format %s",
				    format == QT_FORMAT_HTML ? "html" : "xlsx");
	qt_scenario_free(s);
	return rc;
}

int cmd_sweep(int argc, char **argv)
{
	whatif_args a;
	int rc = parse(&a, argc, argv, usage_sweep, CLI_FORMATS(1, 1, 1) | CLI_FILE_FORMATS);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (optind != argc - 1 || !a.vary) {
		fputs(usage_sweep, stderr);
		return EXIT_INPUT;
	}
	char *pointer = NULL, *words = NULL;
	double *values = NULL;
	const char *texts[1024];
	size_t n = 0;
	rc = parse_vary(a.vary, &pointer, &values, &words, &n);
	if (!rc && words && n > sizeof texts / sizeof *texts)
		rc = cli_fail_input("--vary %s: at most %zu values", a.vary, sizeof texts / sizeof *texts);
	for (size_t i = 0; !rc && words && i < n; i++)
		texts[i] = i ? texts[i - 1] + strlen(texts[i - 1]) + 1 : words;
	qt_sweep *sw = NULL;
	qt_errors *errs = NULL;
	if (!rc && cli_is_file_format(a.format))
		rc = no_futures_page(argv[optind], a.format);
	if (!rc) {
		int src = words ? qt_sweep_run_texts(&sw, &errs, argv[optind], cli_sets, cli_n_sets, pointer, texts, n,
						     &a.run.solve)
				: qt_sweep_run(&sw, &errs, argv[optind], cli_sets, cli_n_sets, pointer, values, n,
					       &a.run.solve);
		if (src == QT_EINPUT) {
			print_errors(argv[optind], errs);
			if (!errs)
				fprintf(stderr, "quartier: %s\n", qt_last_error());
			rc = EXIT_INPUT;
		} else if (src == QT_EIO) {
			fprintf(stderr, "quartier: %s\n", qt_last_error());
			rc = EXIT_INPUT;
		} else if (src) {
			fprintf(stderr, "quartier: %s\n", qt_last_error());
			rc = src == QT_ENOPLAN ? EXIT_NOPLAN : EXIT_INTERNAL;
		} else if (cli_is_file_format(a.format)) {
			rc = cli_file_written(qt_report_sweep_file(a.out, a.format, sw), a.format, a.out);
		} else if (qt_report_sweep(stdout, a.format, sw)) {
			fprintf(stderr, "quartier: %s\n", qt_last_error());
			rc = EXIT_INTERNAL;
		}
	}
	qt_errors_free(errs);
	qt_sweep_free(sw);
	free(pointer);
	free(values);
	free(words);
	return rc;
}

/* Solves both sides of a comparison (qt_solve_each); returns 0 or an exit status. */
static int solve_both(qt_plan **pa, qt_plan **pb, const qt_scenario *sa, const qt_scenario *sb,
		      const qt_solve_options *opt)
{
	const qt_scenario *s[2] = { sa, sb };
	qt_plan *p[2];
	int rc = qt_solve_each(p, s, 2, opt);
	*pa = p[0];
	*pb = p[1];
	if (rc == 0)
		return 0;
	fprintf(stderr, "quartier: %s\n", qt_last_error());
	return rc == QT_ENOPLAN ? EXIT_NOPLAN : EXIT_INTERNAL;
}

int cmd_compare(int argc, char **argv)
{
	whatif_args a;
	int rc = parse(&a, argc, argv, usage_compare, CLI_FORMATS(1, 1, 1) | CLI_FILE_FORMATS);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (a.format == QT_FORMAT_CSV && !a.out)
		return cli_fail_input("--format csv needs --out DIR");
	int files = argc - optind;
	if (files < 1 || files > 2 || (files == 1 && a.n_sets_b == 0)) {
		fputs(usage_compare, stderr);
		return EXIT_INPUT;
	}
	const char *path_a = argv[optind], *path_b = files == 2 ? argv[optind + 1] : path_a;
	const char *sets_b[512];
	size_t n_b = 0;
	for (size_t i = 0; i < cli_n_sets; i++)
		sets_b[n_b++] = cli_sets[i];
	for (size_t i = 0; i < a.n_sets_b; i++)
		sets_b[n_b++] = a.sets_b[i];
	qt_scenario *sa = NULL, *sb = NULL;
	qt_plan *pa = NULL, *pb = NULL;
	rc = cli_load(&sa, path_a);
	if (!rc)
		rc = cli_load_with(&sb, path_b, sets_b, n_b);
	if (!rc && qt_compare_check(sa, sb))
		rc = cli_fail_input("%s", qt_last_error());
	if (!rc && qt_scenario_futures(sa) && cli_is_file_format(a.format))
		rc = cli_fail_input("compare: scenarios with futures are compared as text, json or csv, not as --format %s",
				    a.format == QT_FORMAT_HTML ? "html" : "xlsx");
	if (!rc)
		rc = solve_both(&pa, &pb, sa, sb, &a.run.solve);
	if (!rc && cli_is_file_format(a.format)) {
		rc = cli_file_written(qt_report_compare_file(a.out, a.format, sa, pa, sb, pb), a.format, a.out);
	} else if (!rc && a.format == QT_FORMAT_CSV) {
		rc = cli_file_written(qt_report_compare_csv(a.out, sa, pa, sb, pb), a.format, a.out);
	} else if (!rc && qt_report_compare(stdout, a.format, sa, pa, sb, pb)) {
		fprintf(stderr, "quartier: %s\n", qt_last_error());
		rc = EXIT_INTERNAL;
	}
	qt_plan_free(pa);
	qt_plan_free(pb);
	qt_scenario_free(sa);
	qt_scenario_free(sb);
	return rc;
}

int cmd_offers(int argc, char **argv)
{
	whatif_args a;
	int rc = parse(&a, argc, argv, usage_offers, CLI_FORMATS(1, 1, 1));
	if (rc)
		return rc < 0 ? 0 : rc;
	if (optind != argc - 1 || a.format == QT_FORMAT_JSON) {
		fputs(usage_offers, stderr);
		return EXIT_INPUT;
	}
	qt_scenario *s;
	if ((rc = cli_load(&s, argv[optind])))
		return rc;
	if (qt_report_offers(stdout, a.format, s)) {
		fprintf(stderr, "quartier: %s\n", qt_last_error());
		rc = EXIT_INTERNAL;
	}
	qt_scenario_free(s);
	return rc;
}
