/* The district's further measures (MODEL.md "Extensions"): handing a GU over, the living-space
 * standard, and who pays. Each has a tiny scenario solved by hand below; the checker catches a
 * planted violation of each new rule. */
#include "testutil.h"

#include "internal.h"

#include <cJSON.h>
#include <math.h>

typedef struct {
	qt_scenario *s;
	qt_plan *p;
} solved;

static solved solve_file(const char *path)
{
	solved r = { NULL, NULL };
	qt_errors *e = NULL;
	int rc = qt_scenario_read_file(&r.s, &e, path);
	for (size_t i = 0; i < qt_errors_count(e); i++)
		fprintf(stderr, "%s: %s: %s\n", path, qt_errors_pointer(e, i), qt_errors_message(e, i));
	qt_errors_free(e);
	assert_int_equal(rc, 0);
	qt_solve_options opt;
	qt_solve_options_init(&opt);
	opt.time_limit_s = 20;
	assert_int_equal(qt_solve(&r.p, r.s, &opt), 0);
	assert_int_equal(qt_plan_status(r.p), QT_STATUS_OPTIMAL);
	return r;
}

static void solved_free(solved *r)
{
	qt_plan_free(r->p);
	qt_scenario_free(r->s);
}

/* The checker finds at least one violation at pointer (printing them all if not), or none when
 * pointer is NULL. */
static void expect_violation(const solved *r, const char *pointer)
{
	qt_errors *v = NULL;
	int count = qt_plan_check(&v, r->s, r->p);
	int found = 0;
	for (size_t i = 0; i < qt_errors_count(v); i++)
		found |= pointer && strcmp(qt_errors_pointer(v, i), pointer) == 0;
	if (pointer ? !found : count != 0) {
		fprintf(stderr, "%d violations, none at %s\n", count, pointer ? pointer : "-");
		for (size_t i = 0; i < qt_errors_count(v); i++)
			fprintf(stderr, "violation %s: %s\n", qt_errors_pointer(v, i), qt_errors_message(v, i));
	}
	qt_errors_free(v);
	if (pointer)
		assert_true(found);
	else
		assert_int_equal(count, 0);
}

static void assert_euro(double got, double want)
{
	if (fabs(got - want) > 1e-6)
		fail_msg("%.2f EUR, expected %.2f", got, want);
}

/* tests/fixtures/measures_transfer.json: GU-1 (10 places, 500 per person, 1000 per open quarter)
 * holds 4 single persons entitled to AU (Fehlbeleger); Altstadt has no AU places of its own, so
 * its quota of 4 persons stays unmet while they wait. GU-1 may be handed over from 2024Q2 for
 * 2000 EUR and then gives Altstadt 4 AU places (100 per person and quarter).
 * Keeping GU-1 both quarters: per quarter 4 x 500 + 1000 + waiting 4 x 600 + under quota 4 x 300
 * = 6600, 13200 in all. Handing it over in 2024Q2: 2024Q1 as before, 6600; 2024Q2 the transfer
 * 2000 and the 4 persons in its AU places 4 x 100 = 400, no waiting, quota met: 2400.
 * Optimum 6600 + 2400 = 9000 EUR, of which real cost 3000 + 2000 + 400 = 5400. */
static void test_transfer_pays(void **state)
{
	(void)state;
	solved r = solve_file("tests/fixtures/measures_transfer.json");
	assert_euro(r.p->objective, 9000);
	assert_euro(r.p->cost, 5400);
	int T = r.s->T;
	assert_int_equal(r.p->tr[QT_IX(0, 1, T)], 0);
	assert_int_equal(r.p->tr[QT_IX(0, 2, T)], 1);
	assert_int_equal(r.p->open[QT_IX(0, 2, T)], 0);
	assert_true(fabs(r.p->A[QT_IX(0, 2, T)] - 4) < 1e-9);
	assert_true(fabs(qt_plan_au_capacity(r.s, r.p, 0, 2) - 4) < 1e-9);
	expect_violation(&r, NULL);
	solved_free(&r);
}

/* tests/fixtures/measures_standard.json: 10 persons in vU live in GU-1 (10 places on 45 m2). At
 * 4.5 m2 per place in 2017Q4 it holds all 10 (45 / 4.5); at 7 m2 from 2018Q1 only floor(45 / 7) =
 * 6. GU-2 (5 places at 600) opens for 1000. 2017Q4: 10 x 500 + 1000 = 6000. 2018Q1: GU-1, the
 * cheaper, full with 6 x 500 + 1000 = 4000, GU-2 4 x 600 + 1000 + opening 1000 = 4400 (no other
 * way: GU-2 alone holds 5, and an unhoused person costs 100000). Optimum 6000 + 8400 = 14400 EUR;
 * without the standard 12000. */
static void test_standard_forces_move(void **state)
{
	(void)state;
	solved r = solve_file("tests/fixtures/measures_standard.json");
	assert_euro(r.p->objective, 14400);
	int T = r.s->T;
	assert_int_equal(qt_gu_capacity(r.s, &r.s->gu[0], 1), 10);
	assert_int_equal(qt_gu_capacity(r.s, &r.s->gu[0], 2), 6);
	assert_int_equal(r.p->x[QT_IX(0, 2, T)], 6);
	assert_int_equal(r.p->x[QT_IX(1, 2, T)], 4);
	assert_int_equal(r.p->up[QT_IX(1, 2, T)], 1);
	expect_violation(&r, NULL);
	solved_free(&r);
}

/* tests/fixtures/measures_payers.json: examples/tiny.json (optimum 19200, derived in
 * tests/test_solve.c: GU-1 16 persons x 500 x 2 + 1000 x 2 = 18000, AU stock 3 persons x 100 x 2
 * = 600, the flat W-1 100 x 3 months x 2 = 600) with funding: the Land 100 per person taken in
 * and 50 per person in vU and quarter, 135 to a municipality per person placed, half the KdU federal.
 * Land: 10 taken in x 100 + (16 + 16) in vU x 50 = 2600. Federal: 600 / 2 = 300. Municipalities:
 * 600 - 4 placed x 135 = 60. District: 18000 + 300 + 540 - 2600 = 16240.
 * 16240 + 60 + 2600 + 300 = 19200, the real cost. */
static void test_payers_sum_to_cost(void **state)
{
	(void)state;
	solved r = solve_file("tests/fixtures/measures_payers.json");
	assert_euro(r.p->objective, 19200);
	assert_euro(r.p->payer_total[QT_PAY_DISTRICT], 16240);
	assert_euro(r.p->payer_total[QT_PAY_MUNICIPALITIES], 60);
	assert_euro(r.p->payer_total[QT_PAY_LAND], 2600);
	assert_euro(r.p->payer_total[QT_PAY_FEDERAL], 300);
	int T = r.s->T;
	/* 2024Q1: Land 1000 + 16 x 50 = 1800; federal 150; municipalities 300 - 540 = -240 */
	assert_euro(r.p->payers[QT_IX(QT_PAY_LAND, 1, T)], 1800);
	assert_euro(r.p->payers[QT_IX(QT_PAY_FEDERAL, 1, T)], 150);
	assert_euro(r.p->payers[QT_IX(QT_PAY_MUNICIPALITIES, 1, T)], -240);
	expect_violation(&r, NULL);
	solved_free(&r);
}

/* The district's objective: its net cost plus the penalties is what the plan minimised. */
static void test_district_objective(void **state)
{
	(void)state;
	solved r = solve_file("tests/fixtures/measures_all.json");
	double pen = 0;
	for (int i = 0; i < QT_NPEN; i++)
		pen += r.p->penalty[i];
	assert_euro(r.p->objective, r.p->payer_total[QT_PAY_DISTRICT] + pen);
	double sum = 0;
	for (int i = 0; i < QT_NPAYER; i++)
		sum += r.p->payer_total[i];
	assert_true(fabs(sum - r.p->cost) < 1e-6);
	expect_violation(&r, NULL);
	solved_free(&r);
}

/* Planted violations of each new rule. */
static void test_checker_catches(void **state)
{
	(void)state;
	solved r = solve_file("tests/fixtures/measures_transfer.json");
	int T = r.s->T;
	/* handed over before its earliest period */
	r.p->tr[QT_IX(0, 1, T)] = 1;
	r.p->open[QT_IX(0, 1, T)] = 0;
	expect_violation(&r, "/gu_sites/0/transferred/0");
	r.p->tr[QT_IX(0, 1, T)] = 0;
	r.p->open[QT_IX(0, 1, T)] = 1;
	/* still running as GU after the handing over */
	r.p->up[QT_IX(0, 2, T)] = 1;
	r.p->open[QT_IX(0, 2, T)] = 1;
	expect_violation(&r, "/gu_sites/0/open/1");
	r.p->up[QT_IX(0, 2, T)] = 0;
	r.p->open[QT_IX(0, 2, T)] = 0;
	/* handed over although it was not running */
	r.p->open[QT_IX(0, 1, T)] = 0;
	expect_violation(&r, "/gu_sites/0/transferred/1");
	r.p->open[QT_IX(0, 1, T)] = 1;
	/* AU stock above the places: without the transfer, Altstadt has none */
	r.p->tr[QT_IX(0, 2, T)] = 0;
	r.p->dn[QT_IX(0, 2, T)] = 1;
	expect_violation(&r, "/municipalities/0/au_stock/1");
	r.p->tr[QT_IX(0, 2, T)] = 1;
	r.p->dn[QT_IX(0, 2, T)] = 0;
	/* a payer's figure that does not add up */
	r.p->payer_total[QT_PAY_LAND] += 1;
	expect_violation(&r, "/payers_total/land");
	r.p->payer_total[QT_PAY_LAND] -= 1;
	r.p->payers[QT_IX(QT_PAY_DISTRICT, 1, T)] += 1;
	expect_violation(&r, "/payers");
	r.p->payers[QT_IX(QT_PAY_DISTRICT, 1, T)] -= 1;
	expect_violation(&r, NULL);
	solved_free(&r);

	/* more persons than the standard leaves places */
	r = solve_file("tests/fixtures/measures_standard.json");
	r.p->x[QT_IX(0, 2, T)] += 1;
	r.p->x[QT_IX(1, 2, T)] -= 1;
	expect_violation(&r, "/gu_sites/0/persons/1");
	solved_free(&r);
}

/* The objective as a what-if: measures_all.json minimises the district's net cost (19640, which is
 * also what it pays under the public objective: the plan is the same); compare and sweep show it
 * against the public objective (real cost 22600) per payer. */
static void test_objective_whatif(void **state)
{
	(void)state;
	tu_run_result r = tu_run("compare tests/fixtures/measures_all.json --set-b /funding/objective=public");
	if (r.status != 0)
		fprintf(stderr, "%s", r.err);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "objective minimised"));
	assert_non_null(strstr(r.out, "paid by district EUR"));
	assert_non_null(strstr(r.out, "paid by municipalities EUR"));
	tu_run_free(&r);
	r = tu_run("sweep tests/fixtures/measures_all.json --vary /funding/objective=public,district --format json");
	assert_int_equal(r.status, 0);
	cJSON *j = cJSON_Parse(r.out);
	assert_non_null(j);
	const cJSON *v = cJSON_GetObjectItem(j, "variants");
	assert_int_equal(cJSON_GetArraySize(v), 2);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(v, 0), "value")->valuestring, "public");
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(v, 1), "value")->valuestring, "district");
	assert_euro(cJSON_GetObjectItem(cJSON_GetArrayItem(v, 0), "objective")->valuedouble, 22600);
	assert_euro(cJSON_GetObjectItem(cJSON_GetArrayItem(v, 1), "objective")->valuedouble, 19640);
	cJSON_Delete(j);
	tu_run_free(&r);
	r = tu_run("sweep tests/fixtures/measures_all.json --vary /funding/objective=public,county");
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "/funding/objective: expected one of \"public\", \"district\""));
	tu_run_free(&r);
}

/* The plan JSON of SCENARIO.md: payers per period and in total, capacity per period, and
 * transferred where a site may be handed over. */
static void test_plan_json(void **state)
{
	(void)state;
	tu_run_result r = tu_run("solve tests/fixtures/measures_transfer.json --format json --no-store");
	assert_int_equal(r.status, 0);
	cJSON *j = cJSON_Parse(r.out);
	assert_non_null(j);
	assert_euro(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "payers_total"), "district")->valuedouble, 5000);
	assert_euro(cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "payers"), "municipalities"), 1)
			    ->valuedouble,
		    400);
	const cJSON *gu = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "gu_sites"), 0);
	assert_int_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(gu, "capacity"), 1)->valueint, 10);
	assert_true(cJSON_IsFalse(cJSON_GetArrayItem(cJSON_GetObjectItem(gu, "transferred"), 0)));
	assert_true(cJSON_IsTrue(cJSON_GetArrayItem(cJSON_GetObjectItem(gu, "transferred"), 1)));
	cJSON_Delete(j);
	tu_run_free(&r);
	r = tu_run("solve tests/fixtures/measures_transfer.json --no-store");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\u2192AU"));
	assert_non_null(strstr(r.out, "Who pays"));
	tu_run_free(&r);
}

/* --set reaches the new keys like any other: an object the file leaves out is created, and the
 * value is checked as in the file. */
static void test_set_new_keys(void **state)
{
	(void)state;
	tu_run_result r = tu_run("validate tests/fixtures/measures_standard.json --set /space_standard_m2=10");
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "/gu_sites/0/occupied: GU-1 holds 4 places in 2017Q4 (45 m2 at 10 m2 per place)"));
	tu_run_free(&r);
	r = tu_run("validate tests/fixtures/measures_standard.json --set /funding/objective=district "
		   "--set /funding/kdu_federal_share=0.5 --set /gu_sites/1/area_m2=35");
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	r = tu_run("validate tests/fixtures/measures_transfer.json --set /gu_sites/0/transfer/earliest=2025Q1");
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "/gu_sites/0/transfer/earliest: period 2025Q1 is outside the horizon"));
	tu_run_free(&r);
	/* the district's objective on the transfer example: AU stock costs are the municipality's, so
	 * handing the site over pays even more for the district (its GU costs 3000 in 2024Q2) */
	r = tu_run("solve tests/fixtures/measures_transfer.json --set /funding/objective=district --format json --no-store --check");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.err, "plan check: no violation"));
	cJSON *j = cJSON_Parse(r.out);
	assert_non_null(j);
	assert_euro(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "objective"), "total")->valuedouble, 8600);
	cJSON_Delete(j);
	tu_run_free(&r);
}

/* quartier generate --measures: the same scenario plus the measures' keys, valid and solvable
 * with a clean check; without the flag none of them. */
static void test_generate_measures(void **state)
{
	(void)state;
	qt_generate_options g;
	qt_generate_options_init(&g);
	g.municipalities = 4;
	g.gu_sites = 12;
	g.kombimodell = 1;
	g.offers = 6;
	g.periods = 4;
	g.seed = 7;
	char *plain, *with;
	assert_int_equal(qt_generate(&plain, &g), 0);
	g.measures = 1;
	assert_int_equal(qt_generate(&with, &g), 0);
	assert_null(strstr(plain, "space_standard_m2"));
	assert_non_null(strstr(with, "\"space_standard_m2\": [4.5,4.5,7,7]"));
	assert_non_null(strstr(with, "\"funding\""));
	assert_non_null(strstr(with, "\"area_m2\""));
	qt_scenario *s;
	assert_int_equal(qt_scenario_parse(&s, NULL, with, strlen(with)), 0);
	assert_true(s->space_std != NULL);
	qt_plan *p;
	qt_solve_options opt;
	qt_solve_options_init(&opt);
	opt.time_limit_s = 20;
	assert_int_equal(qt_solve(&p, s, &opt), 0);
	assert_int_equal(qt_plan_check(NULL, s, p), 0);
	qt_plan_free(p);
	qt_scenario_free(s);
	free(plain);
	free(with);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transfer_pays),      cmocka_unit_test(test_standard_forces_move),
		cmocka_unit_test(test_payers_sum_to_cost), cmocka_unit_test(test_district_objective),
		cmocka_unit_test(test_checker_catches),    cmocka_unit_test(test_objective_whatif),
		cmocka_unit_test(test_plan_json),          cmocka_unit_test(test_set_new_keys),
		cmocka_unit_test(test_generate_measures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
