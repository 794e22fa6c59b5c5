/* The quartier command line, end to end: exit codes, outputs, CSV files. */
#include "testutil.h"

#include <cJSON.h>
#include <math.h>

static void test_help_and_version(void **state)
{
	(void)state;
	tu_run_result r = tu_run("--help");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "  validate "));
	assert_non_null(strstr(r.out, "  solve "));
	tu_run_free(&r);
	r = tu_run("solve --help");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "--time-limit"));
	assert_non_null(strstr(r.out, "--format"));
	tu_run_free(&r);
	r = tu_run("--version");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "quartier 0.1.0"));
	tu_run_free(&r);
	r = tu_run("frobnicate x.json");
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "unknown command 'frobnicate'"));
	tu_run_free(&r);
	r = tu_run("");
	assert_int_equal(r.status, 2);
	tu_run_free(&r);
}

static void test_validate(void **state)
{
	(void)state;
	tu_run_result r = tu_run("validate examples/tiny.json");
	assert_int_equal(r.status, 0);
	assert_memory_equal(r.out, "ok\n", 3);
	assert_non_null(strstr(r.out, "2 periods"));
	tu_run_free(&r);

	char *dir = tu_tmpdir(), path[512];
	snprintf(path, sizeof path, "%s/bad.json", dir);
	tu_write(path, "{\"quartier\":1,\"name\":\"bad\",\"periods\":{\"start\":\"2016Q5\",\"count\":2},"
		       "\"intake\":{\"backlog\":-1,\"arrivals\":[1,2,3]},\"municipalities\":[],"
		       "\"gu_sites\":[],\"tpyo\":1}");
	r = tu_run("validate %s", path);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "/periods/start"));
	assert_non_null(strstr(r.err, "/intake/backlog"));
	assert_non_null(strstr(r.err, "/tpyo"));
	assert_string_equal(r.out, "");
	tu_run_free(&r);
	unlink(path);

	r = tu_run("validate %s/missing.json", dir);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "missing.json"));
	tu_run_free(&r);
	rmdir(dir);
	free(dir);
}

static void test_solve_bad_options(void **state)
{
	(void)state;
	tu_run_result r = tu_run("solve examples/tiny.json --time-limit abc");
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "--time-limit"));
	tu_run_free(&r);
	r = tu_run("solve examples/tiny.json --format csv");
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "--out"));
	tu_run_free(&r);
	r = tu_run("solve examples/tiny.json --format xml");
	assert_int_equal(r.status, 2);
	tu_run_free(&r);
	r = tu_run("solve examples/tiny.json --gap 1.5");
	assert_int_equal(r.status, 2);
	tu_run_free(&r);
}

static void test_solve_text(void **state)
{
	(void)state;
	tu_run_result r = tu_run("solve examples/tiny.json --check");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "optimal"));
	assert_non_null(strstr(r.out, "GU-1"));
	assert_non_null(strstr(r.out, "Bergdorf"));
	assert_non_null(strstr(r.out, "W-1"));
	assert_non_null(strstr(r.err, "plan check: no violation"));
	tu_run_free(&r);
}

static void test_solve_json(void **state)
{
	(void)state;
	tu_run_result r = tu_run("solve examples/tiny.json --format json");
	assert_int_equal(r.status, 0);
	cJSON *j = cJSON_Parse(r.out);
	assert_non_null(j);
	assert_string_equal(tu_item(j, "status")->valuestring, "optimal");
	assert_int_equal(cJSON_GetArraySize(tu_item(j, "periods")), 2);
	const cJSON *obj = tu_item(j, "objective");
	assert_true(fabs(tu_item(obj, "total")->valuedouble - 19200) < 1e-6);
	assert_true(fabs(tu_item(tu_item(obj, "penalties"), "backlog")->valuedouble) < 1e-9);
	const cJSON *gu = cJSON_GetArrayItem(tu_item(j, "gu_sites"), 0);
	assert_string_equal(tu_item(gu, "id")->valuestring, "GU-1");
	assert_int_equal(cJSON_GetArrayItem(tu_item(gu, "persons"), 0)->valueint, 16);
	const cJSON *used = tu_item(j, "offers_used");
	assert_int_equal(cJSON_GetArraySize(used), 1);
	assert_string_equal(tu_item(cJSON_GetArrayItem(used, 0), "id")->valuestring, "W-1");
	cJSON_Delete(j);
	tu_run_free(&r);
}

static void test_solve_csv(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	tu_run_result r = tu_run("solve examples/tiny.json --format csv --out %s/tables", dir);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	const char *files[] = { "summary", "periods", "gu_sites", "kombimodell", "municipalities", "offers_used" };
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		char path[512];
		snprintf(path, sizeof path, "%s/tables/%s.csv", dir, files[i]);
		size_t len;
		char *text = tu_slurp(path, &len);
		assert_non_null(text);
		assert_true(len > 3);
		assert_memory_equal(text, "\xEF\xBB\xBF", 3);
		assert_non_null(strchr(text, ';'));
		assert_non_null(strstr(text, "\r\n"));
		free(text);
		unlink(path);
	}
	char path[512];
	snprintf(path, sizeof path, "%s/tables/municipalities.csv", dir);
	snprintf(path, sizeof path, "%s/tables", dir);
	rmdir(path);
	rmdir(dir);
	free(dir);
}

/* The district example at real size: a plan within the default 60 s and 0.5 % gap, checked. */
static void test_solve_esslingen(void **state)
{
	(void)state;
	int slow = getenv("QT_SLOW_BUILD") != NULL;
	tu_run_result r = tu_run("solve examples/esslingen-2016.json --format json --check --time-limit 60");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.err, "plan check: no violation"));
	cJSON *j = cJSON_Parse(r.out);
	assert_non_null(j);
	const char *st = tu_item(j, "status")->valuestring;
	assert_true(!strcmp(st, "optimal") || !strcmp(st, "gap_reached") || (slow && !strcmp(st, "time_limit")));
	if (!slow)
		assert_true(tu_item(j, "gap")->valuedouble <= 0.005);
	assert_int_equal(cJSON_GetArraySize(tu_item(j, "gu_sites")), 107);
	assert_int_equal(cJSON_GetArraySize(tu_item(j, "municipalities")), 44);
	cJSON_Delete(j);
	tu_run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_help_and_version), cmocka_unit_test(test_validate),
		cmocka_unit_test(test_solve_bad_options), cmocka_unit_test(test_solve_text),
		cmocka_unit_test(test_solve_json),       cmocka_unit_test(test_solve_csv),
		cmocka_unit_test(test_solve_esslingen),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
