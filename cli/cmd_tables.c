/* quartier tables, quartier init: scenarios as spreadsheets. */
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_tables[] =
	"Usage: quartier tables FILE --out PATH\n"
	"\n"
	"Writes the scenario FILE (JSON, workbook or CSV directory) as a workbook (PATH ending in\n"
	"`.xlsx`) or as a new directory of CSV files (';', UTF-8 with BOM, CRLF, decimal comma), one\n"
	"sheet or file per table of README.md \"Scenarios as spreadsheets\". Whole or not at all.\n"
	"\n"
	"Options:\n"
	"  -o, --out PATH     the workbook or directory to write (required)\n"
	"  -h, --help         this help\n";

static const char usage_init[] =
	"Usage: quartier init DIR [--seed FILE]\n"
	"\n"
	"Starts a new district in DIR: DIR/scenario.xlsx and the CSV directory DIR/scenario, each with\n"
	"the municipalities of the seed (AGS, name, population, area), every other sheet with its\n"
	"headers, and a README sheet that says what goes where.\n"
	"\n"
	"Options:\n"
	"  --seed FILE        the municipalities (default seeds/landkreis-esslingen/municipalities.csv;\n"
	"                     'none' for no municipalities)\n"
	"  -h, --help         this help\n";

/* Parses the options of both commands; returns -1 to go on, else the exit status. */
static int parse(int argc, char **argv, const char *usage, const char **out, const char **seed)
{
	static const struct option opts[] = { { "out", required_argument, NULL, 'o' },
					      { "seed", required_argument, NULL, 's' },
					      { "help", no_argument, NULL, 'h' },
					      { 0, 0, 0, 0 } };
	int c;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage, stdout);
			return 0;
		}
		if (c == 'o' && out)
			*out = optarg;
		else if (c == 's' && seed)
			*seed = optarg;
		else {
			fputs(usage, stderr);
			return EXIT_INPUT;
		}
	}
	if (optind != argc - 1 || (out && !*out)) {
		fputs(usage, stderr);
		return EXIT_INPUT;
	}
	return -1;
}

int cmd_tables(int argc, char **argv)
{
	const char *out = NULL;
	int rc = parse(argc, argv, usage_tables, &out, NULL);
	if (rc >= 0)
		return rc;
	qt_scenario *s;
	if ((rc = cli_load(&s, argv[optind])))
		return rc;
	rc = qt_scenario_write_tables(s, out);
	qt_scenario_free(s);
	if (rc) {
		fprintf(stderr, "quartier: %s\n", qt_last_error());
		return rc == QT_EIO ? EXIT_INPUT : EXIT_INTERNAL;
	}
	return 0;
}

int cmd_init(int argc, char **argv)
{
	const char *seed = "seeds/landkreis-esslingen/municipalities.csv";
	int rc = parse(argc, argv, usage_init, NULL, &seed);
	if (rc >= 0)
		return rc;
	rc = qt_district_init(argv[optind], strcmp(seed, "none") ? seed : NULL);
	if (rc) {
		fprintf(stderr, "quartier: %s\n", qt_last_error());
		return rc == QT_ENOMEM ? EXIT_INTERNAL : EXIT_INPUT;
	}
	printf("%s/scenario.xlsx\n%s/scenario/\n", argv[optind], argv[optind]);
	return 0;
}
