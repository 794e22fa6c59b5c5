/* The report page (--format html) and the workbook (--format xlsx) of a plan over futures, of solve and
 * show, on the small fixtures: the decisions to take now come first, every future's numbers in every
 * chart and sheet equal the plan's JSON, recomputed from it by tests/check_report.py (Debian's python3
 * with python3-openpyxl for the workbook); the value of information when computed; --future ID gives
 * that future's ordinary page and workbook; the page prints on A4 landscape in headless Chromium
 * (browser.h). */
#define TU_TEST_NAME "test_report_futures_page"
#include "browser.h"

static char *dir; /* the group's temporary directory */

/* Runs quartier with the arguments; fails the test unless it exits 0; returns its stdout (freed by
 * the caller). */
static char *run_ok(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *run_ok(const char *fmt, ...)
{
	char args[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(args, sizeof args, fmt, ap);
	va_end(ap);
	tu_run_result r = tu_run("%s", args);
	if (r.status != 0)
		fail_msg("quartier %s: exit %d\n%s", args, r.status, r.err);
	char *out = strdup(r.out);
	tu_run_free(&r);
	return out;
}

/* quartier's stdout with the arguments into dir/name. */
static void run_into(const char *name, const char *args)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	char *out = run_ok("%s", args);
	tu_write(path, out);
	free(out);
}

static int group_setup(void **state)
{
	if (browser_setup(state))
		return -1;
	dir = tu_tmpdir();
	return dir ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	char cmd[512];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	int rc = system(cmd);
	free(dir);
	return rc == 0 ? 0 : -1;
}

static int same_file(const char *a, const char *b)
{
	char pa[512], pb[512];
	snprintf(pa, sizeof pa, "%s/%s", dir, a);
	snprintf(pb, sizeof pb, "%s/%s", dir, b);
	size_t la = 0, lb = 0;
	char *ta = tu_slurp(pa, &la), *tb = tu_slurp(pb, &lb);
	int same = ta && tb && la == lb && memcmp(ta, tb, la) == 0;
	free(ta);
	free(tb);
	return same;
}

/* solve writes the page of three futures; show writes the same page from the run database and the
 * workbook; every number equals the stored plan's JSON. */
static void test_solve_and_show(void **state)
{
	(void)state;
	char args[1024];
	free(run_ok("solve tests/fixtures/futures_small.json --no-progress --db %s/runs.db --format html --out %s/small.html",
		    dir, dir));
	snprintf(args, sizeof args, "show 1 --db %s/runs.db --format json", dir);
	run_into("small.json", args);
	check_report("html-futures %s/small.html %s/small.json", dir, dir);
	free(run_ok("show 1 --db %s/runs.db --format html --out %s/show.html", dir, dir));
	assert_true(same_file("small.html", "show.html"));
	free(run_ok("show 1 --db %s/runs.db --format xlsx --out %s/small.xlsx", dir, dir));
	check_report("xlsx-futures %s/small.xlsx %s/small.json", dir, dir);
}

/* With --value-of-information the page and the workbook show WS, EEV, RP, EVPI and VSS as the JSON. */
static void test_value_of_information(void **state)
{
	(void)state;
	char args[1024];
	snprintf(args, sizeof args, "solve tests/fixtures/futures_vss.json --value-of-information --no-progress --no-store "
				    "--format json");
	run_into("vss.json", args);
	free(run_ok("solve tests/fixtures/futures_vss.json --value-of-information --no-progress --no-store --format html "
		    "--out %s/vss.html", dir));
	check_report("html-futures %s/vss.html %s/vss.json", dir, dir);
	free(run_ok("solve tests/fixtures/futures_vss.json --value-of-information --no-progress --no-store --format xlsx "
		    "--out %s/vss.xlsx", dir));
	check_report("xlsx-futures %s/vss.xlsx %s/vss.json", dir, dir);
	char path[512];
	snprintf(path, sizeof path, "%s/vss.html", dir);
	char *page = tu_slurp(path, NULL);
	assert_non_null(page);
	assert_non_null(strstr(page, "id=\"tab-value_of_information\""));
	free(page);
}

/* --future ID with html or xlsx: that future's ordinary page and workbook (checked as a plan's), of
 * solve and of show. */
static void test_one_future(void **state)
{
	(void)state;
	char args[1024];
	snprintf(args, sizeof args, "solve tests/fixtures/futures_small.json --future hoch --no-progress --no-store "
				    "--format json");
	run_into("hoch.json", args);
	free(run_ok("solve tests/fixtures/futures_small.json --future hoch --no-progress --no-store --format html "
		    "--out %s/hoch.html", dir));
	check_report("html %s/hoch.html %s/hoch.json", dir, dir);
	snprintf(args, sizeof args, "show 1 --db %s/runs.db --future hoch --format json", dir);
	run_into("hoch_run.json", args);
	free(run_ok("show 1 --db %s/runs.db --future hoch --format html --out %s/hoch_run.html", dir, dir));
	check_report("html %s/hoch_run.html %s/hoch_run.json", dir, dir);
	free(run_ok("show 1 --db %s/runs.db --future hoch --format xlsx --out %s/hoch.xlsx", dir, dir));
	check_report("xlsx %s/hoch.xlsx %s/hoch_run.json", dir, dir);
}

/* Bad input: --future with csv, an unknown future, --future of an ordinary plan; nothing is written. */
static void test_bad_future(void **state)
{
	(void)state;
	tu_run_result r = tu_run("show 1 --db %s/runs.db --future nirgends --format html --out %s/bad.html", dir, dir);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "nirgends"));
	tu_run_free(&r);
	r = tu_run("show 1 --db %s/runs.db --future hoch --format csv --out %s/badcsv", dir, dir);
	assert_int_equal(r.status, 2);
	tu_run_free(&r);
	r = tu_run("solve examples/tiny.json --no-progress --no-store --future hoch --format xlsx --out %s/bad.xlsx", dir);
	assert_int_equal(r.status, 2);
	tu_run_free(&r);
	char path[512];
	snprintf(path, sizeof path, "%s/bad.html", dir);
	assert_int_not_equal(access(path, F_OK), 0);
	snprintf(path, sizeof path, "%s/bad.xlsx", dir);
	assert_int_not_equal(access(path, F_OK), 0);
}

/* German: the page's titles in German and still the plan's numbers; the text report of a plan over
 * futures in German has every label translated (tests/check_lang.py); the page prints on A4 landscape
 * pages with ink and nothing wider than the page (as test_report_page checks the plan's). */
static void test_german_and_print(void **state)
{
	(void)state;
	free(run_ok("show 1 --db %s/runs.db --lang de --format html --out %s/de.html", dir, dir));
	check_report("html-futures %s/de.html %s/small.json", dir, dir);
	char path[512];
	snprintf(path, sizeof path, "%s/de.html", dir);
	char *page = tu_slurp(path, NULL);
	assert_non_null(page);
	assert_non_null(strstr(page, "Jetzt zu treffende Entscheidungen"));
	assert_non_null(strstr(page, "Rückstand je Zukunft"));
	free(page);
	static const char *const lang[] = { "en", "de" };
	for (int i = 0; i < 2; i++) {
		char name[32], args[512];
		snprintf(name, sizeof name, "%s.txt", lang[i]);
		snprintf(args, sizeof args, "solve tests/fixtures/futures_vss.json --value-of-information --no-progress "
					    "--no-store --lang %s", lang[i]);
		run_into(name, args);
	}
	char cmd[2048];
	snprintf(cmd, sizeof cmd, "%s tests/check_lang.py %s/en.txt %s/de.txt", check_python(), dir, dir);
	assert_int_equal(system(cmd), 0);
	need_chromium();
	int pages = print_pages(dir, "small.html");
	if (pages < 3 || pages > 12)
		fail_msg("the page of a plan over futures prints on %d pages", pages);
	check_page_screenshot(dir, "small.html", 1200, 1600, 0.02, 1125, 1159);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_solve_and_show),
		cmocka_unit_test(test_value_of_information),
		cmocka_unit_test(test_one_future),
		cmocka_unit_test(test_bad_future),
		cmocka_unit_test(test_german_and_print),
	};
	if (getenv("QT_TEST_FILTER"))
		cmocka_set_test_filter(getenv("QT_TEST_FILTER"));
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
