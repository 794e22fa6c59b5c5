/* quartier generate: synthetic scenarios of any size, for benchmarks and tests. */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STR(x) #x
#define XSTR(x) STR(x)

static const char usage_generate[] =
	"Usage: quartier generate [--size NAME] [OPTIONS]\n"
	"\n"
	"Writes a synthetic scenario (JSON) that passes `quartier validate`: every figure invented, at\n"
	"the orders of magnitude of the Esslingen example. The same options and seed give the same file.\n"
	"\n"
	"Options:\n"
	"  --size NAME          district (the default: 107 GU sites, 44 municipalities,\n"
	"                       20 Kombimodell sites, 300 offers, 12 quarters), large (300, 100, 60,\n"
	"                       2000, 20) or state (1500, 1100, 200, 10000, 12); the options below\n"
	"                       change single sizes\n"
	"  --municipalities N   municipalities, 1.." XSTR(QT_MAX_MUNICIPALITIES) "\n"
	"  --sites N            GU sites, 1.." XSTR(QT_MAX_GU) "\n"
	"  --kombimodell N      Kombimodell candidate sites, 0.." XSTR(QT_MAX_KOMBI) "\n"
	"  --offers N           flat offers, 0.." XSTR(QT_MAX_OFFERS) "\n"
	"  --periods N          quarters from 2016Q3, 1.." XSTR(QT_MAX_PERIODS) "\n"
	"  --seed N             seed of the random numbers (default 1)\n"
	"  --futures N          N equally probable futures of arrivals (2..20), 1 to 2 times the\n"
	"                       arrivals, 2 committed quarters (README \"Futures\")\n"
	"  --measures           also the further measures: sites' areas and a living-space standard\n"
	"                       rising from 4.5 to 7 m2 half-way, transfers of the towns' permanent\n"
	"                       sites, and funding (the same figures otherwise)\n"
	"  -o, --out FILE       write FILE (through a temporary name) instead of standard output\n"
	"  -h, --help           this help\n"
	"\n"
	"Exit status: 0 written, 1 internal error, 2 bad option.\n";

/* A whole number in [lo, hi]; prints what was wrong and returns -1 if it is not. */
static int parse_int(long long *out, const char *arg, const char *option, long long lo, long long hi)
{
	char *end;
	errno = 0;
	long long v = strtoll(arg, &end, 10);
	if (errno || end == arg || *end || v < lo || v > hi) {
		fprintf(stderr, "quartier: %s expects a whole number in %lld..%lld, got '%s'\n", option, lo, hi, arg);
		return -1;
	}
	*out = v;
	return 0;
}

enum { OPT_SIZE = 256, OPT_MUNI, OPT_SITES, OPT_KOMBI, OPT_OFFERS, OPT_PERIODS, OPT_SEED, OPT_FUTURES, OPT_MEASURES };

static int parse_generate(qt_generate_options *g, const char **out, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "size", required_argument, NULL, OPT_SIZE },
		{ "municipalities", required_argument, NULL, OPT_MUNI },
		{ "sites", required_argument, NULL, OPT_SITES },
		{ "kombimodell", required_argument, NULL, OPT_KOMBI },
		{ "offers", required_argument, NULL, OPT_OFFERS },
		{ "periods", required_argument, NULL, OPT_PERIODS },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "futures", required_argument, NULL, OPT_FUTURES },
		{ "measures", no_argument, NULL, OPT_MEASURES },
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 }
	};
	/* Sizes given one by one override the named size wherever they stand. */
	int *field[OPT_PERIODS + 1] = { 0 };
	field[OPT_MUNI] = &g->municipalities;
	field[OPT_SITES] = &g->gu_sites;
	field[OPT_KOMBI] = &g->kombimodell;
	field[OPT_OFFERS] = &g->offers;
	field[OPT_PERIODS] = &g->periods;
	static const long long most[OPT_PERIODS + 1] = { [OPT_MUNI] = QT_MAX_MUNICIPALITIES, [OPT_SITES] = QT_MAX_GU,
							  [OPT_KOMBI] = QT_MAX_KOMBI, [OPT_OFFERS] = QT_MAX_OFFERS,
							  [OPT_PERIODS] = QT_MAX_PERIODS };
	static const long long least[OPT_PERIODS + 1] = { [OPT_MUNI] = 1, [OPT_SITES] = 1, [OPT_PERIODS] = 1 };
	static const char *const name[OPT_PERIODS + 1] = { [OPT_MUNI] = "--municipalities", [OPT_SITES] = "--sites",
							    [OPT_KOMBI] = "--kombimodell", [OPT_OFFERS] = "--offers",
							    [OPT_PERIODS] = "--periods" };
	long long given[OPT_PERIODS + 1];
	int set[OPT_PERIODS + 1] = { 0 };
	const char *size = NULL;
	qt_generate_options_init(g);
	*out = NULL;
	int c;
	long long v;
	while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_SIZE:
			size = optarg;
			break;
		case OPT_MUNI:
		case OPT_SITES:
		case OPT_KOMBI:
		case OPT_OFFERS:
		case OPT_PERIODS:
			if (parse_int(&given[c], optarg, name[c], least[c], most[c]))
				return EXIT_INPUT;
			set[c] = 1;
			break;
		case OPT_SEED:
			if (parse_int(&v, optarg, "--seed", 0, 9223372036854775807LL))
				return EXIT_INPUT;
			g->seed = (unsigned long long)v;
			break;
		case OPT_FUTURES:
			if (parse_int(&v, optarg, "--futures", 2, QT_MAX_FUTURES))
				return EXIT_INPUT;
			g->futures = (int)v;
			break;
		case OPT_MEASURES:
			g->measures = 1;
			break;
		case 'o':
			*out = optarg;
			break;
		case 'h':
			fputs(usage_generate, stdout);
			return -1;
		default:
			fputs(usage_generate, stderr);
			return EXIT_INPUT;
		}
	}
	if (optind != argc) {
		fputs(usage_generate, stderr);
		return EXIT_INPUT;
	}
	if (size && qt_generate_options_size(g, size))
		return cli_fail_input("--size expects district, large or state, got '%s'", size);
	for (int i = OPT_MUNI; i <= OPT_PERIODS; i++)
		if (set[i])
			*field[i] = (int)given[i];
	return 0;
}

int cmd_generate(int argc, char **argv)
{
	qt_generate_options g;
	const char *out;
	int rc = parse_generate(&g, &out, argc, argv);
	if (rc)
		return rc < 0 ? 0 : rc;
	if (out) {
		if ((rc = qt_generate_file(out, &g))) {
			fprintf(stderr, "quartier: %s\n", qt_last_error());
			return rc == QT_EINVAL ? EXIT_INPUT : EXIT_INTERNAL;
		}
		return 0;
	}
	char *text = NULL;
	if ((rc = qt_generate(&text, &g))) {
		fprintf(stderr, "quartier: %s\n", qt_last_error());
		return rc == QT_EINVAL ? EXIT_INPUT : EXIT_INTERNAL;
	}
	if (fputs(text, stdout) < 0 || fflush(stdout) != 0) {
		fprintf(stderr, "quartier: writing the scenario failed\n");
		rc = EXIT_INTERNAL;
	}
	free(text);
	return rc;
}
