/* The printable quota sheets in a real browser: headless Chromium prints them to PDF and takes a
 * screenshot; the PDF must have one page per sheet, and the screenshot must show a sheet that is not
 * blank and that nothing sticks out of on the right (Chromium would silently shrink an over-wide page
 * to fit when printing, so the page count alone could not catch it). The browser: browser.h. */
#define TU_TEST_NAME "test_html"
#include "browser.h"

#include <cJSON.h>
#include <dirent.h>

/* Screen layout of a sheet (sheet_html.c): a 210 mm (794 px) white page centred in the window, 8 mm
 * (30 px) below its top, with 13 mm (49 px) padding. In a 900 px window the page spans x = 53..847 and
 * its text x = 102..798; the right padding x = 802..845 must stay white over the page's height. */
static void check_screenshot(const char *dir, const char *file)
{
	check_page_screenshot(dir, file, 900, 1200, 0.01, 802, 845);
}

/* ---- the tests ---- */

static int count_files(const char *dir, const char *suffix)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	size_t sl = strlen(suffix);
	for (struct dirent *e; (e = readdir(d));) {
		size_t l = strlen(e->d_name);
		n += l > sl && !strcmp(e->d_name + l - sl, suffix);
	}
	closedir(d);
	return n;
}

static void remove_dir(const char *dir)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* The district example without a plan: 44 sheets, each one A4 page; the overview one landscape page. */
static void test_quota_sheets_print(void **state)
{
	(void)state;
	need_chromium();
	char *dir = tu_tmpdir();
	tu_run_result r = tu_run("quota examples/esslingen-2016.json --format html --out %s", dir);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	assert_int_equal(count_files(dir, ".html"), 44 + 2);
	assert_int_equal(print_pages(dir, "alle-blaetter.html"), 44);
	assert_int_equal(print_pages(dir, "08116049-nuertingen.html"), 1);
	assert_int_equal(print_pages(dir, "uebersicht.html"), 1);
	check_screenshot(dir, "08116049-nuertingen.html");
	remove_dir(dir);
	free(dir);
}

/* The municipality with the most flat offers used: the fullest sheet. */
static const char *fullest_sheet(const cJSON *overview)
{
	const cJSON *m, *best = NULL;
	int most = -1;
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(overview, "municipalities"))
	{
		int n = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(m, "offers_used"));
		if (n > most) {
			most = n;
			best = m;
		}
	}
	assert_non_null(best);
	return cJSON_GetObjectItemCaseSensitive(best, "file")->valuestring;
}

/* With a plan (solve --sheets): still one page per sheet, the fullest one included. Under the
 * sanitizers (QT_SLOW_BUILD) the tiny example stands in for the district's, whose solve is too slow
 * there. */
static void test_plan_sheets_print(void **state)
{
	(void)state;
	need_chromium();
	int slow = getenv("QT_SLOW_BUILD") != NULL;
	const char *file = slow ? "examples/tiny.json" : "examples/esslingen-2016.json";
	int sheets = slow ? 2 : 44;
	char *dir = tu_tmpdir();
	char args[1024];
	snprintf(args, sizeof args, "solve %s --time-limit 10 --no-progress --format json --sheets %s", file, dir);
	tu_run_result r = tu_run_solving(args);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	assert_int_equal(count_files(dir, ".html"), sheets + 2);
	char path[1024];
	snprintf(path, sizeof path, "%s/uebersicht.json", dir);
	char *text = tu_slurp(path, NULL);
	cJSON *j = cJSON_Parse(text);
	assert_non_null(j);
	char fullest[512];
	snprintf(fullest, sizeof fullest, "%s.html", fullest_sheet(j));
	cJSON_Delete(j);
	free(text);
	assert_int_equal(print_pages(dir, "alle-blaetter.html"), sheets);
	assert_int_equal(print_pages(dir, fullest), 1);
	assert_int_equal(print_pages(dir, "uebersicht.html"), 2); /* quotas, then the balance */
	check_screenshot(dir, fullest);
	remove_dir(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quota_sheets_print),
		cmocka_unit_test(test_plan_sheets_print),
	};
	return cmocka_run_group_tests(tests, browser_setup, NULL);
}
