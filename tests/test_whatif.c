/* What-if: overrides by JSON Pointer, eligibility at the cap, sweeps, comparison. */
#include "testutil.h"

#include "internal.h"

#include <cJSON.h>
#include <math.h>

static int has_error(const qt_errors *e, const char *pointer, const char *text)
{
	for (size_t i = 0; i < qt_errors_count(e); i++)
		if (!strcmp(qt_errors_pointer(e, i), pointer) && strstr(qt_errors_message(e, i), text))
			return 1;
	return 0;
}

static qt_scenario *tiny_with(const char *const *sets, size_t n)
{
	qt_scenario *s = NULL;
	qt_errors *e = NULL;
	assert_int_equal(qt_scenario_read_file_with(&s, &e, "examples/tiny.json", sets, n), 0);
	assert_null(e);
	return s;
}

static void test_override_values(void **state)
{
	(void)state;
	const char *sets[] = { "/rent_caps/factor=0.5", "/penalties/backlog=7", "/quota/method=sainte-lague",
			       "/intake/arrivals=[12,3]", "/gu_sites/1/places=12" };
	qt_scenario *s = tiny_with(sets, 5);
	assert_true(fabs(s->cap_factor - 0.5) < 1e-12);
	assert_true(fabs(s->penalty[QT_PEN_BACKLOG] - 7) < 1e-12);
	assert_int_equal(s->method, QT_SAINTE_LAGUE);
	assert_int_equal(s->arrivals[1], 12);
	assert_int_equal(s->arrivals[2], 3);
	assert_int_equal(s->gu[1].places, 12);
	assert_int_equal(s->offer[0].eligible, 1); /* 100 <= 400 x 0.5 */
	assert_int_equal(s->offer[1].eligible, 0); /* 500 > 200 */
	qt_scenario_free(s);
}

static void test_override_errors(void **state)
{
	(void)state;
	const char *sets[] = { "/municipalities/7/population=1", "/gu_sites/x/places=1", "rent_caps=1",
			       "/a~2b=1", "/exit_rate=-1", "/nonsense=1", "/intake/arrivals=[1,2,3]" };
	qt_scenario *s = NULL;
	qt_errors *e = NULL;
	assert_int_equal(qt_scenario_read_file_with(&s, &e, "examples/tiny.json", sets, 7), QT_EINPUT);
	assert_null(s);
	assert_true(has_error(e, "/municipalities/7/population", "not an index of this array of 2"));
	assert_true(has_error(e, "/gu_sites/x/places", "not an index"));
	assert_true(has_error(e, "", "expected POINTER=VALUE"));
	assert_true(has_error(e, "/a~2b", "not a valid JSON Pointer"));
	assert_true(has_error(e, "/exit_rate", "expected a share in [0, 1), got -1"));
	assert_true(has_error(e, "/nonsense", "unknown key 'nonsense'"));
	assert_true(has_error(e, "/intake/arrivals", "expected 2 numbers"));
	qt_errors_free(e);
}

/* W-1 rents for 100 under a cap of 400: it qualifies from factor 0.25 on, the boundary included. */
static void test_eligibility_at_the_cap(void **state)
{
	(void)state;
	const char *at[] = { "/rent_caps/factor=0.25" }, *below[] = { "/rent_caps/factor=0.2499" };
	qt_scenario *s = tiny_with(at, 1);
	assert_int_equal(s->offer[0].eligible, 1);
	assert_true(fabs(s->offer[0].cap - 100) < 1e-9);
	qt_scenario_free(s);
	s = tiny_with(below, 1);
	assert_int_equal(s->offer[0].eligible, 0);
	qt_scenario_free(s);
}

/* Raising the factor never lowers the number of eligible offers (the district example). */
static void test_eligible_monotone(void **state)
{
	(void)state;
	int last = -1;
	for (int i = 0; i <= 60; i++) {
		char set[64];
		snprintf(set, sizeof set, "/rent_caps/factor=%.2f", 0.7 + 0.01 * i);
		const char *sets[] = { set };
		qt_scenario *s = NULL;
		assert_int_equal(qt_scenario_read_file_with(&s, NULL, "examples/esslingen-2016.json", sets, 1), 0);
		int n = 0;
		for (int o = 0; o < s->n_offer; o++)
			n += s->offer[o].eligible;
		assert_true(n >= last);
		last = n;
		qt_scenario_free(s);
	}
	assert_true(last > 0);
}

/* Three municipalities, six flats at different rents: as the factor rises more flats qualify and,
 * every variant solved to proven optimality, the optimal objective never rises. */
static const char SMALL[] =
	"{\"quartier\":1,\"name\":\"flats\",\"periods\":{\"start\":\"2024Q1\",\"count\":3},"
	"\"intake\":{\"backlog\":0,\"arrivals\":[20,10,10]},"
	"\"households\":{\"entitled\":{\"1\":[6,4,2],\"2\":[2,1,1],\"4\":[1,0,1]}},"
	"\"municipalities\":["
	"{\"id\":\"a\",\"name\":\"A\",\"population\":500,\"rent_area\":\"I\",\"au_places\":4,\"au_cost\":300},"
	"{\"id\":\"b\",\"name\":\"B\",\"population\":300,\"rent_area\":\"I\",\"au_places\":2,\"au_cost\":300},"
	"{\"id\":\"c\",\"name\":\"C\",\"population\":200,\"rent_area\":\"II\",\"au_places\":1,\"au_cost\":300}],"
	"\"gu_sites\":[{\"id\":\"G1\",\"name\":\"g1\",\"municipality\":\"a\",\"kind\":\"permanent\",\"places\":40,"
	"\"occupied\":25,\"cost\":{\"per_place\":900,\"fixed\":5000}},"
	"{\"id\":\"G2\",\"name\":\"g2\",\"municipality\":\"b\",\"kind\":\"provisional\",\"places\":20,"
	"\"occupied\":5,\"cost\":{\"per_place\":700,\"fixed\":3000,\"close\":1000}}],"
	"\"rent_caps\":{\"areas\":{\"I\":{\"1\":400,\"2\":500,\"3\":600,\"4\":700,\"5+\":800},"
	"\"II\":{\"1\":350,\"2\":450,\"3\":550,\"4\":650,\"5+\":750}}},"
	"\"housing_offers\":["
	"{\"id\":\"o1\",\"municipality\":\"a\",\"period\":\"2024Q1\",\"household\":\"1\",\"rent\":380},"
	"{\"id\":\"o2\",\"municipality\":\"a\",\"period\":\"2024Q2\",\"household\":\"2\",\"rent\":540},"
	"{\"id\":\"o3\",\"municipality\":\"b\",\"period\":\"2024Q1\",\"household\":\"1\",\"rent\":430,\"units\":2},"
	"{\"id\":\"o4\",\"municipality\":\"b\",\"period\":\"2024Q3\",\"household\":\"4\",\"rent\":760},"
	"{\"id\":\"o5\",\"municipality\":\"c\",\"period\":\"2024Q2\",\"household\":\"1\",\"rent\":390},"
	"{\"id\":\"o6\",\"municipality\":\"c\",\"period\":\"2024Q1\",\"household\":\"2\",\"rent\":420}],"
	"\"exit_rate\":0,\"solver\":{\"time_limit_s\":20,\"gap\":0}}";

static void test_sweep_objective_monotone(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[512];
	snprintf(path, sizeof path, "%s/small.json", dir);
	tu_write(path, SMALL);
	const double factors[] = { 0.9, 1.0, 1.05, 1.1, 1.15, 1.2 };
	qt_sweep *sw = NULL;
	qt_errors *e = NULL;
	assert_int_equal(qt_sweep_run(&sw, &e, path, NULL, 0, "/rent_caps/factor", factors, 6, NULL), 0);
	assert_int_equal(qt_sweep_count(sw), 6);
	for (size_t i = 0; i < 6; i++) {
		const qt_kpis *k = qt_sweep_kpis(sw, i);
		assert_int_equal(k->status, QT_STATUS_OPTIMAL);
		assert_int_equal(k->violations, 0);
		if (i > 0) {
			const qt_kpis *prev = qt_sweep_kpis(sw, i - 1);
			assert_true(k->offers_eligible >= prev->offers_eligible);
			assert_true(k->objective <= prev->objective + 1e-6 * fabs(prev->objective));
		}
	}
	/* at 1.2 every offer qualifies (the dearest, o4, rents for 760 <= 700 x 1.2) */
	assert_true(qt_sweep_kpis(sw, 0)->offers_eligible < qt_sweep_kpis(sw, 5)->offers_eligible);
	assert_int_equal(qt_sweep_kpis(sw, 5)->offers_eligible, 6);
	assert_true(qt_sweep_kpis(sw, 5)->objective < qt_sweep_kpis(sw, 0)->objective);
	qt_sweep_free(sw);
	unlink(path);
	rmdir(dir);
	free(dir);
}

/* The variants of a sweep on one, two and three threads: every one optimal, so the objective of
 * each value is the same whatever the split; a bad value fails the same way on any number of
 * threads and names its datum; qt_solve_each on two threads gives each scenario its optimum. */
static void test_sweep_jobs_agree(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[512];
	snprintf(path, sizeof path, "%s/small.json", dir);
	tu_write(path, SMALL);
	const double factors[] = { 0.9, 1.0, 1.05, 1.1, 1.15, 1.2, 1.25 };
	double objective[3][7];
	for (int j = 1; j <= 3; j++) {
		qt_solve_options o;
		qt_solve_options_init(&o);
		o.jobs = j;
		qt_sweep *sw = NULL;
		assert_int_equal(qt_sweep_run(&sw, NULL, path, NULL, 0, "/rent_caps/factor", factors, 7, &o), 0);
		assert_int_equal(qt_sweep_count(sw), 7);
		for (size_t i = 0; i < 7; i++) {
			const qt_kpis *k = qt_sweep_kpis(sw, i);
			assert_int_equal(k->status, QT_STATUS_OPTIMAL);
			assert_int_equal(k->violations, 0);
			assert_true(k->value == factors[i]);
			objective[j - 1][i] = k->objective;
		}
		qt_sweep_free(sw);
	}
	for (size_t i = 0; i < 7; i++)
		for (int j = 1; j < 3; j++)
			assert_true(fabs(objective[j][i] - objective[0][i]) <= 1e-6 * fabs(objective[0][i]));

	const double bad[] = { 1.0, -3.0, 1.1 };
	for (int j = 1; j <= 2; j++) {
		qt_solve_options o;
		qt_solve_options_init(&o);
		o.jobs = j;
		qt_sweep *sw = NULL;
		qt_errors *e = NULL;
		assert_int_equal(qt_sweep_run(&sw, &e, path, NULL, 0, "/rent_caps/factor", bad, 3, &o), QT_EINPUT);
		assert_null(sw);
		assert_true(qt_errors_count(e) >= 1);
		assert_string_equal(qt_errors_pointer(e, 0), "/rent_caps/factor");
		qt_errors_free(e);
	}

	qt_scenario *s[2];
	assert_int_equal(qt_scenario_read_file(&s[0], NULL, path), 0);
	const char *set[] = { "/rent_caps/factor=1.2" };
	assert_int_equal(qt_scenario_read_file_with(&s[1], NULL, path, set, 1), 0);
	qt_solve_options o;
	qt_solve_options_init(&o);
	o.jobs = 2;
	qt_plan *p[2];
	assert_int_equal(qt_solve_each(p, (const qt_scenario *const *)s, 2, &o), 0);
	assert_true(fabs(qt_plan_objective(p[0]) - objective[0][1]) <= 1e-6 * objective[0][1]);
	assert_true(fabs(qt_plan_objective(p[1]) - objective[0][5]) <= 1e-6 * objective[0][5]);
	for (int i = 0; i < 2; i++) {
		qt_plan_free(p[i]);
		qt_scenario_free(s[i]);
	}
	unlink(path);
	rmdir(dir);
	free(dir);
}

static void test_cli_sweep_compare_offers(void **state)
{
	(void)state;
	tu_run_result r = tu_run("sweep examples/tiny.json --vary /rent_caps/factor=0.2,0.25,1.25 --format json");
	assert_int_equal(r.status, 0);
	cJSON *j = cJSON_Parse(r.out);
	assert_non_null(j);
	const cJSON *v = tu_item(j, "variants");
	assert_int_equal(cJSON_GetArraySize(v), 3);
	assert_int_equal(tu_item(cJSON_GetArrayItem(v, 0), "offers_eligible")->valueint, 0);
	assert_int_equal(tu_item(cJSON_GetArrayItem(v, 1), "offers_eligible")->valueint, 1);
	assert_int_equal(tu_item(cJSON_GetArrayItem(v, 2), "offers_eligible")->valueint, 2);
	assert_true(fabs(tu_item(cJSON_GetArrayItem(v, 1), "objective")->valuedouble - 19200) < 1e-6);
	cJSON_Delete(j);
	tu_run_free(&r);

	r = tu_run("sweep examples/tiny.json --vary /rent_caps/factor=0.5:0.4:0.1");
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "FROM <= TO"));
	tu_run_free(&r);
	r = tu_run("sweep examples/tiny.json --vary /nope=1,2");
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "/nope"));
	tu_run_free(&r);

	r = tu_run("compare examples/tiny.json --set-b /rent_caps/factor=0.2");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "B - A"));
	assert_non_null(strstr(r.out, "KdU for flats EUR"));
	tu_run_free(&r);

	r = tu_run("offers examples/tiny.json --format csv");
	assert_int_equal(r.status, 0);
	assert_memory_equal(r.out, "\xEF\xBB\xBF", 3);
	assert_non_null(strstr(r.out, "W-2;Altstadt;2024Q1;1;1;500,00;400,00;400,00;no;1,2500"));
	tu_run_free(&r);

	r = tu_run("solve examples/tiny.json --set /rent_caps/factor=0.2 --format json");
	assert_int_equal(r.status, 0);
	j = cJSON_Parse(r.out);
	assert_int_equal(cJSON_GetArraySize(tu_item(j, "offers_used")), 0);
	cJSON_Delete(j);
	tu_run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_override_values),    cmocka_unit_test(test_override_errors),
		cmocka_unit_test(test_eligibility_at_the_cap), cmocka_unit_test(test_eligible_monotone),
		cmocka_unit_test(test_sweep_objective_monotone), cmocka_unit_test(test_sweep_jobs_agree),
		cmocka_unit_test(test_cli_sweep_compare_offers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
