/* quartier: the command-line tool. Argument handling and output only; the work is the library's,
 * reached through include/quartier.h alone. Each command lives in its own cli/cmd_*.c. */
#include "cli.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#ifndef QT_LOCALEDIR
#define QT_LOCALEDIR "/usr/local/share/locale"
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
	      "  --lang LANG     de or en: the language of reports, pages, workbooks and messages\n"
	      "                  (default: German when LANGUAGE, LC_ALL, LC_MESSAGES or LANG says de)\n"
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

/* Takes --lang LANG (or --lang=LANG) out of argv, anywhere before "--"; returns the new argc, or -1
 * when --lang has no value. *lang: the last one given, else NULL. */
static int take_lang(int argc, char **argv, const char **lang)
{
	int out = 1;
	*lang = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			while (i < argc)
				argv[out++] = argv[i++];
			break;
		}
		if (!strcmp(argv[i], "--lang")) {
			if (i + 1 >= argc)
				return -1;
			*lang = argv[++i];
		} else if (!strncmp(argv[i], "--lang=", 7)) {
			*lang = argv[i] + 7;
		} else {
			argv[out++] = argv[i];
		}
	}
	argv[out] = NULL;
	return out;
}

/* The language the environment asks for: the first of LANGUAGE, LC_ALL, LC_MESSAGES, LANG that is
 * set ("de_DE.UTF-8" -> German). */
static const char *lang_of_environment(void)
{
	static const char *const vars[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };
	for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return !strncmp(v, "de", 2) ? "de" : "en";
	}
	return "en";
}

/* Where the German catalogue is: beside the program (build/locale, also for build/asan/quartier),
 * else installed under PREFIX/share/locale relative to the program, else QT_LOCALEDIR. */
static const char *locale_dir(char *buf, size_t size)
{
	char exe[3900];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	static const char *const rel[] = { "locale", "../locale", "../share/locale" };
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		for (size_t i = 0; i < sizeof rel / sizeof *rel; i++) {
			struct stat st;
			char mo[4400];
			snprintf(buf, size, "%s/%s", exe, rel[i]);
			snprintf(mo, sizeof mo, "%s/de/LC_MESSAGES/quartier.mo", buf);
			if (stat(mo, &st) == 0)
				return buf;
		}
	}
	return QT_LOCALEDIR;
}

/* German needs gettext to look at LANGUAGE, which it ignores in the "C" locale: so messages take the
 * environment's locale, or C.UTF-8 where that is "C" (a machine without a German locale). */
static int choose_language(const char *lang)
{
	if (!lang)
		lang = lang_of_environment();
	int german = !strncmp(lang, "de", 2);
	if (german) {
		const char *loc = setlocale(LC_MESSAGES, "");
		if (!loc || !strcmp(loc, "C") || !strcmp(loc, "POSIX"))
			setlocale(LC_MESSAGES, "C.UTF-8");
		setenv("LANGUAGE", "de", 1);
	}
	char dir[4200];
	if (qt_set_language(lang, german ? locale_dir(dir, sizeof dir) : NULL)) {
		fprintf(stderr, "quartier: --lang: %s\n", qt_last_error());
		return EXIT_INPUT;
	}
	return 0;
}

int main(int argc, char **argv)
{
	keep_freed_memory();
	const char *lang;
	argc = take_lang(argc, argv, &lang);
	if (argc < 0) {
		fputs("quartier: --lang expects de or en\n", stderr);
		return EXIT_INPUT;
	}
	if (choose_language(lang))
		return EXIT_INPUT;
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
