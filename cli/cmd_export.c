/* quartier export: the program for other solvers (MPS, CPLEX LP) and the data of models/quartier.mod. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char usage_export[] =
	"Usage: quartier export FILE [--mathprog DIR] [--mps OUT] [--lp OUT] [--stats]\n"
	"\n"
	"Writes the planning program of the scenario FILE for other solvers, to cross-check quartier:\n"
	"\n"
	"  --mathprog DIR   DIR/quartier.dat, the data for models/quartier.mod (the program of\n"
	"                   MODEL.md in GNU MathProg), and a copy of the model as DIR/quartier.mod:\n"
	"                   glpsol -m DIR/quartier.mod -d DIR/quartier.dat -o solution.txt\n"
	"  --model PATH     the model file to copy (default: models/quartier.mod, if it is there)\n"
	"  --mps OUT        the library's own program in free MPS: cbc OUT solve\n"
	"  --lp OUT         the library's own program in CPLEX LP format: glpsol --lp OUT\n"
	"  --stats          print the program's size, the time to build it and the time to solve its\n"
	"                   LP relaxation, as one line of key=value pairs\n"
	"  -h, --help       this help\n"
	"\n"
	"Files are written to a temporary name and renamed. Exit status: 0 done, 1 internal error\n"
	"(a file could not be written), 2 bad input.\n";

#define DEFAULT_MODEL "models/quartier.mod"

typedef struct {
	const char *mathprog, *model, *mps, *lp;
	int stats;
} export_args;

enum { OPT_MATHPROG = 256, OPT_MODEL, OPT_MPS, OPT_LP, OPT_STATS };

static int parse_export(export_args *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "mathprog", required_argument, NULL, OPT_MATHPROG },
		{ "model", required_argument, NULL, OPT_MODEL },
		{ "mps", required_argument, NULL, OPT_MPS },
		{ "lp", required_argument, NULL, OPT_LP },
		{ "stats", no_argument, NULL, OPT_STATS },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 }
	};
	memset(a, 0, sizeof *a);
	int c;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_MATHPROG:
			a->mathprog = optarg;
			break;
		case OPT_MODEL:
			a->model = optarg;
			break;
		case OPT_MPS:
			a->mps = optarg;
			break;
		case OPT_LP:
			a->lp = optarg;
			break;
		case OPT_STATS:
			a->stats = 1;
			break;
		case 'h':
			fputs(usage_export, stdout);
			return -1;
		default:
			fputs(usage_export, stderr);
			return EXIT_INPUT;
		}
	}
	if (optind != argc - 1) {
		fputs(usage_export, stderr);
		return EXIT_INPUT;
	}
	if (!a->mathprog && !a->mps && !a->lp && !a->stats)
		return cli_fail_input("export needs --mathprog DIR, --mps OUT, --lp OUT or --stats");
	if (a->model && !a->mathprog)
		return cli_fail_input("--model goes with --mathprog DIR");
	if (a->model && access(a->model, R_OK) != 0)
		return cli_fail_input("cannot read the model file %s", a->model);
	return 0;
}

static int failed(const char *what)
{
	fprintf(stderr, "quartier: %s: %s\n", what, qt_last_error());
	return EXIT_INTERNAL;
}

static int run_export(const export_args *a, const qt_scenario *s)
{
	if (a->mathprog) {
		const char *model = a->model;
		if (!model && access(DEFAULT_MODEL, R_OK) == 0)
			model = DEFAULT_MODEL;
		if (qt_export_mathprog(a->mathprog, s, model))
			return failed("MathProg export");
		if (!model)
			fprintf(stderr, "quartier: %s/quartier.dat written; no model copied (%s not found here, "
					"give --model PATH): it is the data for quartier.mod\n",
				a->mathprog, DEFAULT_MODEL);
	}
	if (a->mps && qt_export_program(a->mps, QT_EXPORT_MPS, s))
		return failed("MPS export");
	if (a->lp && qt_export_program(a->lp, QT_EXPORT_LP, s))
		return failed("LP export");
	if (a->stats) {
		qt_program_stats st;
		if (qt_program_stats_get(&st, s, 1))
			return failed("program statistics");
		printf("rows=%d cols=%d integers=%d nonzeros=%d build_s=%.3f lp_s=%.3f lp_objective=%.10g lp_method=%s\n",
		       st.rows, st.cols, st.ints, st.nonzeros, st.build_s, st.lp_s, st.lp_objective,
		       st.lp_interior ? "interior" : "simplex");
		if (fflush(stdout) != 0)
			return failed("writing the statistics");
	}
	return 0;
}

/* "last" or a run id that is not also a file's name: quartier export RUN is export-run. */
static int names_a_run(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *v = argv[i];
		if (access(v, F_OK) == 0)
			continue;
		if (!strcmp(v, "last") || (*v && strspn(v, "0123456789") == strlen(v)))
			return 1;
	}
	return 0;
}

int cmd_export(int argc, char **argv)
{
	if (names_a_run(argc, argv))
		return cmd_export_run(argc, argv);
	export_args a;
	int rc = parse_export(&a, argc, argv);
	if (rc)
		return rc < 0 ? 0 : rc;
	qt_scenario *s;
	if ((rc = cli_load(&s, argv[optind])))
		return rc;
	rc = run_export(&a, s);
	qt_scenario_free(s);
	return rc;
}
