/* The report page (--format html) and the workbook (--format xlsx) of solve, show, compare and sweep,
 * on the district example (the tiny example under the sanitizers, QT_SLOW_BUILD, where the district's
 * solves are too slow): every number a chart shows equals the plan's JSON, recomputed from it by
 * tests/check_report.py (Debian's python3 with python3-openpyxl for the workbook); the page prints on
 * A4 landscape in headless Chromium (browser.h), its screenshot is not blank and nothing sticks out of
 * the page. One solve of the district is shared by the plan's tests (the run database, `show`). */
#define TU_TEST_NAME "test_report_page"
#include "browser.h"

static char *dir;          /* the group's temporary directory */
static const char *file;   /* the scenario */
static const char *limit;  /* --time-limit of each solve */

/* Runs quartier with the arguments; fails the test unless it exits 0. */
static void run_ok(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void run_ok(const char *fmt, ...)
{
	char args[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(args, sizeof args, fmt, ap);
	va_end(ap);
	tu_run_result r = tu_run_solving(args);
	if (r.status != 0)
		fail_msg("quartier %s: exit %d\n%s", args, r.status, r.err);
	tu_run_free(&r);
}

/* One solve stored in the group's database as run 1, written as the report page; its plan as JSON. */
static int group_setup(void **state)
{
	if (browser_setup(state))
		return -1;
	int slow = getenv("QT_SLOW_BUILD") != NULL;
	file = slow ? "examples/tiny.json" : "examples/esslingen-2016.json";
	limit = "10";
	dir = tu_tmpdir();
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "solve %s --time-limit %s --no-progress --db %s/runs.db --format html --out %s/solve.html",
		 file, limit, dir, dir);
	tu_run_result r = tu_run_solving(cmd);
	int ok = r.status == 0;
	if (!ok)
		fprintf(stderr, "test_report_page: the solve failed (%d): %s\n", r.status, r.err);
	tu_run_free(&r);
	r = tu_run("show 1 --db %s/runs.db --format json", dir);
	ok = ok && r.status == 0;
	char path[512];
	snprintf(path, sizeof path, "%s/plan.json", dir);
	if (ok)
		tu_write(path, r.out);
	tu_run_free(&r);
	return ok ? 0 : -1;
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

/* The page solve wrote: every chart's numbers equal the plan's; self-contained. */
static void test_solve_html_shows_the_plan(void **state)
{
	(void)state;
	check_report("html %s/solve.html %s/plan.json", dir, dir);
}

/* show writes the same page from the database, byte for byte, and the workbook: every cell of the
 * plan's sheets equals the JSON, and the time series have charts. */
static void test_show_html_and_xlsx(void **state)
{
	(void)state;
	run_ok("show 1 --db %s/runs.db --format html --out %s/show.html", dir, dir);
	char a[512], b[512];
	snprintf(a, sizeof a, "%s/solve.html", dir);
	snprintf(b, sizeof b, "%s/show.html", dir);
	size_t la, lb;
	char *ta = tu_slurp(a, &la), *tb = tu_slurp(b, &lb);
	assert_non_null(ta);
	assert_non_null(tb);
	assert_int_equal(la, lb);
	assert_memory_equal(ta, tb, la);
	free(ta);
	free(tb);
	run_ok("show 1 --db %s/runs.db --format xlsx --out %s/show.xlsx", dir, dir);
	check_report("xlsx %s/show.xlsx %s/plan.json", dir, dir);
}

/* The page in a browser: printed on A4 landscape pages, a screenshot with ink, and nothing wider than
 * the page: on screen the 297 mm page (1123 px) is centred in a 1200 px window (x = 38..1161) with
 * 10 mm (38 px) padding, so x = 1125..1159 must stay white. */
static void test_page_prints(void **state)
{
	(void)state;
	need_chromium();
	int pages = print_pages(dir, "solve.html");
	int slow = getenv("QT_SLOW_BUILD") != NULL;
	if (pages < (slow ? 4 : 8) || pages > (slow ? 12 : 20))
		fail_msg("the report page prints on %d pages", pages);
	check_page_screenshot(dir, "solve.html", 1200, 1600, 0.02, 1125, 1159);
}

/* solve writes the workbook directly too (tiny example: one more solve of the district would add
 * nothing the stored run does not show). */
static void test_solve_xlsx(void **state)
{
	(void)state;
	run_ok("solve examples/tiny.json --no-progress --db %s/tiny.db --format xlsx --out %s/tiny.xlsx", dir, dir);
	tu_run_result r = tu_run("show last --db %s/tiny.db --format json", dir);
	assert_int_equal(r.status, 0);
	char path[512];
	snprintf(path, sizeof path, "%s/tiny.json", dir);
	tu_write(path, r.out);
	tu_run_free(&r);
	check_report("xlsx %s/tiny.xlsx %s/tiny.json", dir, dir);
}

/* compare: both plans in every chart, each mark equal to the table under it; the workbook. */
static void test_compare_html_and_xlsx(void **state)
{
	(void)state;
	run_ok("compare %s --set-b /rent_caps/factor=1.1 --time-limit %s --no-progress --format html --out %s/compare.html",
	       file, limit, dir);
	check_report("html-compare %s/compare.html", dir);
	if (chromium[0]) /* nothing wider than the page either; the window (1000 px) lies within the page */
		check_page_screenshot(dir, "compare.html", 1200, 1000, 0.02, 1125, 1159);
	run_ok("compare examples/tiny.json --set-b /rent_caps/factor=1.1 --no-progress --format xlsx --out %s/compare.xlsx",
	       dir);
	check_report("xlsx-compare %s/compare.xlsx", dir);
}

/* sweep: cost, each penalty and the shortfalls of every variant; the workbook. */
static void test_sweep_html_and_xlsx(void **state)
{
	(void)state;
	run_ok("sweep %s --vary /rent_caps/factor=0.9,1.1 --time-limit %s --no-progress --format html --out %s/sweep.html",
	       file, limit, dir);
	check_report("html-sweep %s/sweep.html 2", dir);
	if (chromium[0])
		check_page_screenshot(dir, "sweep.html", 1200, 1000, 0.02, 1125, 1159);
	run_ok("sweep examples/tiny.json --vary /rent_caps/factor=0.9,1,1.1 --no-progress --format xlsx --out %s/sweep.xlsx",
	       dir);
	check_report("xlsx-sweep %s/sweep.xlsx 3", dir);
}

/* --format html without --out is bad input; a file that cannot be written fails the command with a
 * message and leaves neither the file nor a temporary one. */
static void test_bad_output(void **state)
{
	(void)state;
	tu_run_result r = tu_run("show 1 --db %s/runs.db --format html", dir);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "--format html needs --out FILE"));
	tu_run_free(&r);
	r = tu_run("solve examples/tiny.json --no-store --format xlsx");
	assert_int_equal(r.status, 2);
	tu_run_free(&r);
	char sub[512], cmd[1024];
	snprintf(sub, sizeof sub, "%s/taken", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	r = tu_run("show 1 --db %s/runs.db --format html --out %s", dir, sub); /* a directory is in the way */
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "taken"));
	tu_run_free(&r);
	snprintf(cmd, sizeof cmd, "ls %s | grep -c tmp", dir);
	FILE *p = popen(cmd, "r");
	char out[64] = "";
	assert_non_null(fgets(out, sizeof out, p));
	pclose(p);
	assert_int_equal(atoi(out), 0);
}

/* German: the text report of `show` in English and in German (LANG=de_DE.UTF-8, which works on a
 * machine without that locale too) line by line, no label left untranslated (tests/check_lang.py);
 * --lang de gives the same; the page and the workbook in German still show the plan's numbers. */
static void test_german(void **state)
{
	(void)state;
	char en[512], de[512], de2[512];
	snprintf(en, sizeof en, "%s/en.txt", dir);
	snprintf(de, sizeof de, "%s/de.txt", dir);
	snprintf(de2, sizeof de2, "%s/de2.txt", dir);
	tu_run_result r = tu_run("show 1 --db %s/runs.db --lang en", dir);
	assert_int_equal(r.status, 0);
	tu_write(en, r.out);
	tu_run_free(&r);
	setenv("LANG", "de_DE.UTF-8", 1);
	unsetenv("LANGUAGE");
	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	r = tu_run("show 1 --db %s/runs.db", dir);
	unsetenv("LANG");
	assert_int_equal(r.status, 0);
	tu_write(de, r.out);
	assert_non_null(strstr(r.out, "Je Quartal (Personen)"));
	tu_run_free(&r);
	r = tu_run("show 1 --db %s/runs.db --lang de", dir);
	assert_int_equal(r.status, 0);
	tu_write(de2, r.out);
	tu_run_free(&r);
	size_t l1, l2;
	char *t1 = tu_slurp(de, &l1), *t2 = tu_slurp(de2, &l2);
	assert_int_equal(l1, l2);
	assert_memory_equal(t1, t2, l1);
	free(t1);
	free(t2);
	char cmd[2048];
	snprintf(cmd, sizeof cmd, "%s tests/check_lang.py %s %s", check_python(), en, de);
	assert_int_equal(system(cmd), 0);
	run_ok("show 1 --db %s/runs.db --lang de --format html --out %s/de.html", dir, dir);
	check_report("html %s/de.html %s/plan.json", dir, dir);
	char path[512];
	snprintf(path, sizeof path, "%s/de.html", dir);
	char *page = tu_slurp(path, NULL);
	assert_non_null(strstr(page, "<html lang=\"de\">"));
	assert_non_null(strstr(page, "Unterbringungsplan"));
	free(page);
	run_ok("show 1 --db %s/runs.db --lang de --format xlsx --out %s/de.xlsx", dir, dir);
	check_report("xlsx %s/de.xlsx %s/plan.json", dir, dir);
	r = tu_run("show 1 --db %s/runs.db --lang fr", dir);
	assert_int_equal(r.status, 2);
	tu_run_free(&r);
	r = tu_run("show 1 --db %s/runs.db --lang de --format html", dir); /* a message in German */
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "--format html braucht --out DATEI"));
	tu_run_free(&r);
}

/* Re-planning: the page and the workbook of a run that kept Kombimodell orders show them, as the
 * text report does ("Committed Kombimodell orders"). */
static void test_kept_orders(void **state)
{
	(void)state;
	run_ok("solve tests/fixtures/store_kombi.json --no-progress --db %s/kept.db --format json", dir);
	run_ok("solve tests/fixtures/store_kombi_next.json --no-progress --db %s/kept.db --keep-orders 1 --format html "
	       "--out %s/kept.html", dir, dir);
	run_ok("show 2 --db %s/kept.db --format xlsx --out %s/kept.xlsx", dir, dir);
	char path[512];
	snprintf(path, sizeof path, "%s/kept.html", dir);
	char *page = tu_slurp(path, NULL);
	assert_non_null(page);
	const char *t = strstr(page, "id=\"tab-committed_orders\"");
	assert_non_null(t);
	assert_non_null(strstr(t, "<td class=\"n\">4</td>")); /* the 4 modules ordered in 2024Q1 */
	free(page);
	char cmd[2048];
	snprintf(cmd, sizeof cmd, "%s -c \"import openpyxl, sys; ws = openpyxl.load_workbook('%s/kept.xlsx')['committed_orders']; "
		 "sys.exit(0 if ws['D2'].value == 4 and ws['C2'].value == '2024Q1' else 1)\"", check_python(), dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_solve_html_shows_the_plan),
		cmocka_unit_test(test_show_html_and_xlsx),
		cmocka_unit_test(test_page_prints),
		cmocka_unit_test(test_solve_xlsx),
		cmocka_unit_test(test_compare_html_and_xlsx),
		cmocka_unit_test(test_sweep_html_and_xlsx),
		cmocka_unit_test(test_bad_output),
		cmocka_unit_test(test_german),
		cmocka_unit_test(test_kept_orders),
	};
	if (getenv("QT_TEST_FILTER")) /* e.g. "test_german" while working on one test */
		cmocka_set_test_filter(getenv("QT_TEST_FILTER"));
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
