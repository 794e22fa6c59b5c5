/* quartier: the command-line tool. Argument handling and output only; the work is the library's,
 * reached through include/quartier.h alone. Each command lives in its own cli/cmd_*.c. */
#include "cli.h"

#include <stdio.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

static const struct {
	const char *name;
	cli_command run;
	const char *summary;
} commands[] = {
	{ "validate", cmd_validate, "check a scenario; prints 'ok' and a summary, or every error" },
	{ "solve", cmd_solve, "solve a scenario and print the plan's reports" },
	{ "quota", cmd_quota, "the AU quota sheet of every municipality (text, CSV, JSON, printable HTML)" },
	{ "export", cmd_export, "FILE: the program for other solvers (MathProg data, MPS, CPLEX LP); RUN: = export-run" },
	{ "tables", cmd_tables, "write a scenario as a workbook (.xlsx) or a directory of CSV files" },
	{ "init", cmd_init, "start a new district: a workbook and CSV files with the municipalities" },
	{ "generate", cmd_generate, "write a synthetic scenario of a given size (for benchmarks)" },
	{ "sweep", cmd_sweep, "solve once per value of one datum (e.g. the rent-cap factor), side by side" },
	{ "compare", cmd_compare, "solve two scenarios (or one and a variant) and show the differences" },
	{ "offers", cmd_offers, "each flat offer, the cap it faces and the factor at which it qualifies" },
	{ "runs", cmd_runs, "list the runs stored in the run database (SQLite)" },
	{ "show", cmd_show, "print a stored run's reports without solving" },
	{ "diff", cmd_diff, "what changed between two stored runs" },
	{ "series", cmd_series, "key figures across stored runs over time (monitoring)" },
	{ "export-run", cmd_export_run, "write a stored run whole: record, scenario, plan (json, csv)" },
};

static void usage(FILE *f)
{
	fputs("Usage: quartier COMMAND [OPTIONS] FILE\n"
	      "\n"
	      "Plans refugee accommodation for a district: GU sites, Kombimodell modules, AU placements\n"
	      "by municipality and quota, solved as an integer program with GLPK.\n"
	      "\n"
	      "Commands:\n",
	      f);
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\n"
	      "Options:\n"
	      "  -h, --help      this help; quartier COMMAND --help for a command's options\n"
	      "  -V, --version   the version\n"
	      "  --set POINTER=VALUE\n"
	      "                  override a scenario value by JSON Pointer before it is checked, with\n"
	      "                  any command that reads a scenario; repeatable. VALUE is JSON (a number,\n"
	      "                  an array ...) or else a string: --set /rent_caps/factor=1.1\n"
	      "\n"
	      "Exit status: 0 success (a plan, a valid scenario), 1 internal error, 2 bad input,\n"
	      "3 no integer plan within the time limit.\n",
	      f);
}

/* Takes every --set POINTER=VALUE (or --set=POINTER=VALUE) out of argv into cli_sets; returns the
 * new argc. Arguments after "--" are left alone. */
static int take_sets(int argc, char **argv)
{
	static const char *sets[256];
	int out = 1;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			while (i < argc)
				argv[out++] = argv[i++];
			break;
		}
		const char *v = NULL;
		if (!strcmp(argv[i], "--set") && i + 1 < argc)
			v = argv[++i];
		else if (!strncmp(argv[i], "--set=", 6))
			v = argv[i] + 6;
		if (!v) {
			argv[out++] = argv[i];
			continue;
		}
		if (cli_n_sets == sizeof sets / sizeof *sets)
			return -1;
		sets[cli_n_sets++] = v;
	}
	argv[out] = NULL;
	cli_sets = sets;
	return out;
}

/* GLPK allocates its working arrays afresh in every simplex call and frees them after it; glibc
 * then hands the freed top of the heap back to the kernel (above 128 KiB) and asks for it again in
 * the next call, page faults and all. A solve makes thousands of such calls (a dive re-solves its
 * LP per period): on the Esslingen example with --time-limit 5 that was 14,522 brk calls in 15 s
 * (`strace -c -f`) and 2.95 of 8.88 s spent in the kernel, 0.05 of 4.67 s once freed memory is
 * kept (`/usr/bin/time quartier solve examples/esslingen-2016.json --time-limit 5 --no-store`).
 * So the program keeps up to 256 MiB of freed heap and grows it 16 MiB at a time; blocks up to
 * 32 MiB come from the heap (reused) instead of fresh mappings. The library leaves the process's
 * allocator to the program; README "Robustness" says so. */
static void keep_freed_memory(void)
{
#ifdef __GLIBC__
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
	mallopt(M_TOP_PAD, 16 << 20);
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
}

int main(int argc, char **argv)
{
	keep_freed_memory();
	argc = take_sets(argc, argv);
	if (argc < 0) {
		fputs("quartier: at most 256 --set options\n", stderr);
		return EXIT_INPUT;
	}
	if (argc < 2) {
		usage(stderr);
		return EXIT_INPUT;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
		printf("quartier %s (GLPK %s)\n", QT_VERSION, qt_glpk_version());
		return 0;
	}
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (!strcmp(cmd, commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "quartier: unknown command '%s'\n\n", cmd);
	usage(stderr);
	return EXIT_INPUT;
}
