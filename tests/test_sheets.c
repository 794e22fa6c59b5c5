/*
 * Scenarios as spreadsheets, through the real CLI: the round trips JSON -> workbook -> JSON and
 * JSON -> CSV -> JSON on every example; workbooks and CSV files written by other programs (openpyxl,
 * Python's csv module, in tests/sheets/make.py: a planner's formatted workbook, German Excel's and
 * LibreOffice's CSV) read to the same scenario; the catalogue of bad workbooks and CSV directories,
 * each with the exact lines expected; writing whole or not at all; quartier init.
 *
 * Scenarios are compared by `quartier validate --canonical`.
 */
#include "testutil.h"

#include <dirent.h>
#include <glob.h>

static char *tmp;

static const char *python(void)
{
	const char *p = getenv("QT_PYTHON");
	return p && *p ? p : access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
}

/* The canonical JSON of the scenario at path (the CLI must accept it); caller frees. */
static char *canonical(const char *path)
{
	tu_run_result r = tu_run("validate --canonical '%s'", path);
	if (r.status != 0)
		print_error("validate %s: %s\n", path, r.err);
	assert_int_equal(r.status, 0);
	free(r.err);
	assert_true(strlen(r.out) > 100);
	return r.out;
}

static void assert_same_scenario(const char *a, const char *b)
{
	char *ca = canonical(a), *cb = canonical(b);
	if (strcmp(ca, cb) != 0)
		print_error("%s and %s differ\n", a, b);
	assert_string_equal(ca, cb);
	free(ca);
	free(cb);
}

static void sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	assert_int_equal(system(cmd), 0);
}

static void for_each_example(void (*fn)(const char *json, const char *stem))
{
	glob_t g;
	assert_int_equal(glob("examples/*.json", 0, NULL, &g), 0);
	assert_true(g.gl_pathc >= 2);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		const char *base = strrchr(g.gl_pathv[i], '/') + 1;
		char stem[256];
		snprintf(stem, sizeof stem, "%s/%.*s", tmp, (int)(strlen(base) - 5), base);
		fn(g.gl_pathv[i], stem);
	}
	globfree(&g);
}

static void round_trip(const char *json, const char *stem)
{
	char xlsx[300], dir[300];
	snprintf(xlsx, sizeof xlsx, "%s-rt.xlsx", stem);
	snprintf(dir, sizeof dir, "%s-rt", stem);
	tu_run_result r = tu_run("tables '%s' --out '%s'", json, xlsx);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	r = tu_run("tables '%s' --out '%s'", json, dir);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	assert_same_scenario(json, xlsx);
	assert_same_scenario(json, dir);
	/* and on: the CSV files written from the workbook */
	char again[320];
	snprintf(again, sizeof again, "%s-rt2", stem);
	r = tu_run("tables '%s' --out '%s'", xlsx, again);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	assert_same_scenario(json, again);
}

static void test_round_trips(void **state)
{
	(void)state;
	for_each_example(round_trip);
}

static void independent(const char *json, const char *stem)
{
	static const char *const forms[][2] = { { "xlsx", ".xlsx" }, { "csv-de", "-de" }, { "csv-lo", "-lo" } };
	for (size_t i = 0; i < 3; i++) {
		char out[300];
		snprintf(out, sizeof out, "%s%s", stem, forms[i][1]);
		sh("%s tests/sheets/make.py %s '%s' '%s'", python(), forms[i][0], json, out);
		assert_same_scenario(json, out);
	}
}

/* openpyxl's workbook with styles, notes columns, empty rows, a README and a notes sheet; German
 * Excel's CSV (';', 1.234,5, Windows-1252, CRLF) and LibreOffice's (',', UTF-8, LF). */
static void test_independent_writers(void **state)
{
	(void)state;
	for_each_example(independent);
	/* the German files are what they claim: Windows-1252 (an umlaut is one byte), CRLF, 1.234 */
	char path[300];
	snprintf(path, sizeof path, "%s/esslingen-2016-de/municipalities.csv", tmp);
	char *text = tu_slurp(path, NULL);
	assert_non_null(text);
	assert_non_null(strstr(text, "\r\n"));
	assert_non_null(strstr(text, "N\xfcrtingen"));
	assert_non_null(strstr(text, ";3,35;"));
	assert_non_null(strstr(text, ";6.267;"));
	free(text);
}

/* Each bad case and the exact lines quartier validate prints for it (after "PATH: "). */
static const struct {
	const char *name;
	const char *lines;
} BAD[] = {
	{ "text-in-number",
	  "/gu_sites/1/places: gu_sites.csv:3:E (places): expected a whole number of places, got \"zwölf\"\n" },
	{ "text-in-number.xlsx",
	  "/gu_sites/1/places: gu_sites!E3 (places): expected a whole number of places, got \"zwölf\"\n" },
	{ "missing-sheet.xlsx", "(document): no sheet 'municipalities': expected one\n" },
	{ "missing-sheet", "(document): no file scenario.csv: expected one\n" },
	{ "duplicate-id.xlsx",
	  "/gu_sites/1/id: gu_sites!A3 (id): duplicate id 'GU-1': /gu_sites/0 and /gu_sites/1 both use it; expected "
	  "unique ids\n" },
	{ "unknown-column",
	  "(document): gu_sites.csv:1:E: unknown column 'plätze': expected one of id, name, municipality, kind, places, "
	  "area_m2, occupied, open, available_from, available_until, vacate_by, cost.per_place, cost.fixed, cost.open, "
	  "cost.close, transfer.earliest, transfer.au_places, transfer.cost, or x.NAME for notes\n"
	  "/gu_sites/0: gu_sites.csv:2: missing required key 'places'\n"
	  "/gu_sites/1: gu_sites.csv:3: missing required key 'places'\n" },
	{ "date-as-period.xlsx",
	  "/housing_offers/0/period: housing_offers!C2 (period): a number (45292; spreadsheets keep dates as numbers): "
	  "expected a period such as 2016Q3, entered as text\n" },
	{ "several",
	  "(document): kombimodell.csv:1:C: unknown column 'modules': expected one of id, municipality, max_modules, "
	  "places_per_module, lead_quarters, earliest, cost.module, cost.conversion, cost.per_place_gu, or x.NAME for "
	  "notes\n"
	  "/municipalities/1/population: municipalities.csv:3:C (population): expected a population > 0, got -5\n"
	  "/gu_sites/0/occupied: gu_sites.csv:2:F (occupied): expected a whole number of persons, got \"viele\"\n"
	  "/kombimodell/0: kombimodell.csv:2: missing required key 'max_modules'\n"
	  "/kombimodell/0: kombimodell.csv:2: missing required key 'places_per_module'\n" },
	{ "truncated.xlsx", "(document): not a readable .xlsx workbook: the zip archive is damaged or truncated\n" },
	{ "not-a-zip.xlsx", "(document): not a readable .xlsx workbook: the zip archive is damaged or truncated\n" },
	{ "zip-bomb.xlsx",
	  "(document): sheet gu_sites: xl/worksheets/sheet4.xml inflates to more than the limit (128 MiB a part, 256 "
	  "MiB in all): expected a smaller workbook\n" },
	{ "billion-laughs.xlsx",
	  "(document): sheet scenario: a DOCTYPE declaration: expected none (entities are refused)\n" },
};

static void test_bad_catalogue(void **state)
{
	(void)state;
	char dir[300];
	snprintf(dir, sizeof dir, "%s/bad", tmp);
	sh("%s tests/sheets/make.py bad '%s'", python(), dir);
	for (size_t i = 0; i < sizeof BAD / sizeof *BAD; i++) {
		char path[400], *want = NULL;
		snprintf(path, sizeof path, "%s/%s", dir, BAD[i].name);
		size_t n = 0, size = 0;
		FILE *m = open_memstream(&want, &size);
		for (const char *l = BAD[i].lines; *l; n++) {
			const char *nl = strchr(l, '\n');
			fprintf(m, "%s: %.*s", path, (int)(nl - l + 1), l);
			l = nl + 1;
		}
		fprintf(m, "%s: %zu error%s\n", path, n, n == 1 ? "" : "s");
		fclose(m);
		tu_run_result r = tu_run("validate '%s'", path);
		if (r.status != 2 || strcmp(r.err, want))
			print_error("case %s:\n%s", BAD[i].name, r.err);
		assert_int_equal(r.status, 2);
		assert_string_equal(r.err, want);
		assert_string_equal(r.out, "");
		tu_run_free(&r);
		free(want);
	}
}

/* The same plan from the workbook as from the JSON. */
static void test_solve_workbook(void **state)
{
	(void)state;
	char xlsx[300];
	snprintf(xlsx, sizeof xlsx, "%s/tiny-solve.xlsx", tmp);
	tu_run_result r = tu_run("tables examples/tiny.json --out '%s'", xlsx);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	/* the plans without the solve's time */
	tu_run_result a = tu_run("solve examples/tiny.json --format json --no-store | grep -v 'seconds\"'");
	tu_run_result b = tu_run("solve '%s' --format json --no-store | grep -v 'seconds\"'", xlsx);
	assert_int_equal(a.status, 0);
	assert_int_equal(b.status, 0);
	assert_non_null(strstr(a.out, "19200"));
	assert_string_equal(a.out, b.out);
	tu_run_free(&a);
	tu_run_free(&b);
}

/* The workbook kept in examples/ is the Esslingen scenario. */
static void test_example_workbook(void **state)
{
	(void)state;
	assert_same_scenario("examples/esslingen-2016.json", "examples/esslingen-2016.xlsx");
}

/* Writing is whole or not at all: a directory that exists with files is left alone, and nothing
 * is left behind where the output cannot be written. */
static void test_tables_atomic(void **state)
{
	(void)state;
	char dir[300], file[340];
	snprintf(dir, sizeof dir, "%s/taken", tmp);
	snprintf(file, sizeof file, "%s/keep.txt", dir);
	assert_int_equal(mkdir(dir, 0755), 0);
	tu_write(file, "mine\n");
	tu_run_result r = tu_run("tables examples/tiny.json --out '%s'", dir);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "it exists and is not empty"));
	tu_run_free(&r);
	sh("test \"$(ls '%s')\" = keep.txt && test -z \"$(ls -d '%s'.tmp.* 2>/dev/null)\"", dir, dir);
	r = tu_run("tables examples/tiny.json --out '%s/no/such/dir/x.xlsx'", tmp);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "cannot create a file next to"));
	tu_run_free(&r);
}

/* Limits: a cell longer than the limit, a separator-only CSV, an empty directory. */
static void test_limits(void **state)
{
	(void)state;
	char dir[300], path[340];
	snprintf(dir, sizeof dir, "%s/long", tmp);
	sh("cp -r '%s/bad/text-in-number' '%s'", tmp, dir);
	snprintf(path, sizeof path, "%s/kombimodell.csv", dir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs("id;municipality\r\n", f);
	for (int i = 0; i < 5000; i++)
		fputc('K', f);
	fputs(";A\r\n", f);
	fclose(f);
	tu_run_result r = tu_run("validate '%s'", dir);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "kombimodell.csv:2:A (id): a text of 5000 bytes: expected at most 4096"));
	tu_run_free(&r);
	snprintf(dir, sizeof dir, "%s/empty", tmp);
	assert_int_equal(mkdir(dir, 0755), 0);
	r = tu_run("validate '%s'", dir);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "is a directory without CSV files"));
	tu_run_free(&r);
}

/* A new district: the seed's 44 municipalities and every sheet's headers, as workbook and CSV,
 * the same scenario; with its periods set it is valid as it stands. */
static void test_init(void **state)
{
	(void)state;
	char dir[300], xlsx[340], csv[340];
	snprintf(dir, sizeof dir, "%s/district", tmp);
	snprintf(xlsx, sizeof xlsx, "%s/scenario.xlsx", dir);
	snprintf(csv, sizeof csv, "%s/scenario", dir);
	tu_run_result r = tu_run("init '%s'", dir);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	const char *paths[] = { xlsx, csv };
	for (int i = 0; i < 2; i++) {
		r = tu_run("validate '%s'", paths[i]);
		assert_int_equal(r.status, 2);
		assert_non_null(strstr(r.err, ": (document): missing required key 'periods'\n"));
		assert_non_null(strstr(r.err, ": 1 error\n"));
		tu_run_free(&r);
		r = tu_run("validate --set '/periods={\"start\":\"2016Q3\",\"count\":4}' '%s'", paths[i]);
		assert_int_equal(r.status, 0);
		assert_non_null(strstr(r.out, "4 periods from 2016Q3, 44 municipalities, 0 GU sites"));
		tu_run_free(&r);
	}
	snprintf(xlsx, sizeof xlsx, "%s/scenario/README.csv", dir);
	sh("grep -q 'quartier validate scenario.xlsx' '%s'", xlsx);
	snprintf(xlsx, sizeof xlsx, "%s/scenario/municipalities.csv", dir);
	sh("grep -q '^08116004;Altbach;6267;' '%s' && head -1 '%s' | grep -q 'id;name;population;rent_area;au_places'",
	   xlsx, xlsx);
	snprintf(xlsx, sizeof xlsx, "%s/scenario/gu_sites.csv", dir);
	sh("grep -q 'id;name;municipality;kind;places' '%s'", xlsx);
}

/* The columns of the keys of the second round (transfer.*, area_m2) reach the document; where
 * the JSON reader does not take them yet, its message names their cell. */
static void test_new_keys(void **state)
{
	(void)state;
	char dir[300];
	snprintf(dir, sizeof dir, "%s/new-keys", tmp);
	tu_run_result r = tu_run("tables examples/tiny.json --out '%s'", dir);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	sh("sed -i '1s/\r$/;transfer.earliest;transfer.au_places;area_m2\r/; 2s/\r$/;2024Q2;10;540\r/' "
	   "'%s/gu_sites.csv'",
	   dir);
	r = tu_run("validate --canonical '%s'", dir);
	if (r.status == 0) {
		assert_non_null(strstr(r.out, "\"area_m2\":540"));
		assert_non_null(strstr(r.out, "\"transfer\":{\"au_places\":10,\"earliest\":\"2024Q2\"}"));
	} else {
		assert_int_equal(r.status, 2);
		assert_non_null(strstr(r.err, ": /gu_sites/0/area_m2: gu_sites.csv:2:"));
		assert_non_null(strstr(r.err, " (area_m2): "));
		assert_non_null(strstr(r.err, ": /gu_sites/0/transfer: gu_sites.csv:2:"));
	}
	tu_run_free(&r);
}

/* The JSON Schema agrees with quartier validate on every example and catalogue case
 * (tests/schema/check.py, with python3-jsonschema). */
static void test_schema(void **state)
{
	(void)state;
	tu_run_result r = tu_run("--version"); /* the binary runs at all */
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	sh("%s tests/schema/check.py '%s' >%s/schema.log 2>&1 || { cat %s/schema.log; false; }", python(), tu_bin(), tmp,
	   tmp);
}

static int setup(void **state)
{
	(void)state;
	tmp = tu_tmpdir();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		return -1;
	free(tmp);
	return 0;
}

/* With --catalogue, only the bad inputs and limits (make test-valgrind runs these under valgrind). */
int main(int argc, char **argv)
{
	const struct CMUnitTest catalogue[] = { cmocka_unit_test(test_bad_catalogue), cmocka_unit_test(test_limits) };
	if (argc > 1 && !strcmp(argv[1], "--catalogue"))
		return cmocka_run_group_tests(catalogue, setup, teardown);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trips),	  cmocka_unit_test(test_independent_writers),
		cmocka_unit_test(test_bad_catalogue),	  cmocka_unit_test(test_solve_workbook),
		cmocka_unit_test(test_example_workbook), cmocka_unit_test(test_tables_atomic),
		cmocka_unit_test(test_limits),		  cmocka_unit_test(test_init),
		cmocka_unit_test(test_schema),		  cmocka_unit_test(test_new_keys),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
