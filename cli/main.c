/* quartier: the command-line tool. Argument handling and output only; the work is the library's,
 * reached through include/quartier.h alone. Each command lives in its own cli/cmd_*.c. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	cli_command run;
	const char *summary;
} commands[] = {
	{ "validate", cmd_validate, "check a scenario; prints 'ok' and a summary, or every error" },
	{ "solve", cmd_solve, "solve a scenario and print the plan's reports" },
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
	      "\n"
	      "Exit status: 0 success (a plan, a valid scenario), 1 internal error, 2 bad input,\n"
	      "3 no integer plan within the time limit.\n",
	      f);
}

int main(int argc, char **argv)
{
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
