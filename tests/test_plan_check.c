/* The plan checker's objective: recomputed from MODEL.md's formulas, it agrees with the solver on
 * every example and flags a stored figure that a wrong formula or a changed decision left behind. */
#include "testutil.h"

#include "internal.h"

#include <math.h>

typedef struct {
	qt_scenario *s;
	qt_plan *p;
} solved;

/* The scenario at path and the library's plan for it, with kept orders if n_kept > 0. */
static solved solve_file(const char *path, const qt_kept_order *kept, size_t n_kept)
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
	opt.time_limit_s = 30;
	opt.kept = kept;
	opt.n_kept = n_kept;
	assert_int_equal(qt_solve(&r.p, r.s, &opt), 0);
	assert_int_not_equal(qt_plan_status(r.p), QT_STATUS_NO_INTEGER_PLAN);
	return r;
}

static void solved_free(solved *r)
{
	qt_plan_free(r->p);
	qt_scenario_free(r->s);
}

/* The checker finds exactly the violations at the n pointers given (printing all if not). */
static void expect_violations(const solved *r, const char *const *pointers, size_t n)
{
	qt_errors *v = NULL;
	int count = qt_plan_check(&v, r->s, r->p);
	for (size_t i = 0; count != (int)n && i < qt_errors_count(v); i++)
		fprintf(stderr, "violation %s: %s\n", qt_errors_pointer(v, i), qt_errors_message(v, i));
	assert_int_equal(count, (int)n);
	for (size_t k = 0; k < n; k++) {
		size_t i = 0;
		while (i < qt_errors_count(v) && strcmp(qt_errors_pointer(v, i), pointers[k]) != 0)
			i++;
		if (i == qt_errors_count(v))
			fail_msg("no violation at %s", pointers[k]);
	}
	qt_errors_free(v);
}

/* Untampered plans are valid: the checker's sums and the solver's agree on every example, which
 * between them give every term a nonzero value (cross_small: provisional and sports-hall sites,
 * Kombimodell orders and conversions, flats, waiting and move penalties). */
static void test_examples_agree(void **state)
{
	(void)state;
	const char *const files[] = { "examples/tiny.json", "tests/fixtures/cross_small.json",
				      "tests/fixtures/cross_generated.json", "tests/fixtures/store_kombi.json" };
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		solved r = solve_file(files[i], NULL, 0);
		expect_violations(&r, NULL, 0);
		solved_free(&r);
	}
}

/* Modules kept from an earlier plan are paid for there: the plan's objective leaves them out and
 * the checker agrees. Two modules ordered in 2024Q1 serve store_kombi_next from 2024Q2 on. */
static void test_kept_orders_agree(void **state)
{
	(void)state;
	const qt_kept_order kept = { .kombi = "KM-1", .period = "2024Q1", .modules = 2 };
	solved r = solve_file("tests/fixtures/store_kombi_next.json", &kept, 1);
	assert_int_equal(r.p->kept[QT_IX(0, 0, r.s->T)], 2);
	expect_violations(&r, NULL, 0);
	solved_free(&r);
}

/* A real-cost figure that is off: only the cost is flagged, the total still matches. */
static void test_wrong_cost(void **state)
{
	(void)state;
	solved r = solve_file("examples/tiny.json", NULL, 0);
	r.p->cost += 400;
	expect_violations(&r, (const char *const[]){ "/objective/cost" }, 1);
	solved_free(&r);
}

/* Every penalty term is compared on its own, at its own pointer. */
static void test_each_penalty(void **state)
{
	(void)state;
	solved r = solve_file("examples/tiny.json", NULL, 0);
	for (int i = 0; i < QT_NPEN; i++) {
		char pointer[64];
		snprintf(pointer, sizeof pointer, "/objective/penalties/%s", qt_penalty_names[i]);
		double kept = r.p->penalty[i];
		r.p->penalty[i] += 1;
		expect_violations(&r, (const char *const[]){ pointer }, 1);
		r.p->penalty[i] = NAN;
		expect_violations(&r, (const char *const[]){ pointer }, 1);
		r.p->penalty[i] = kept;
	}
	expect_violations(&r, NULL, 0);
	solved_free(&r);
}

/* The figures a wrong KdU formula would store: tiny's plan uses flat W-1 (rent 100) from period 1
 * of 2, so MODEL.md's rent_o·3·(T - t_o + 1) gives 100·3·2 = 600 euro; counting the rent once per
 * quarter instead of once per month gives 100·2 = 200, a cost and a total 400 too low. */
static void test_wrong_kdu_formula(void **state)
{
	(void)state;
	solved r = solve_file("examples/tiny.json", NULL, 0);
	assert_int_equal(r.p->ao[0], 1);
	r.p->cost -= 400;
	r.p->objective -= 400;
	expect_violations(&r, (const char *const[]){ "/objective/cost", "/objective/total" }, 2);
	solved_free(&r);
}

/* A decision changed after the objective was set: one person of GU-1 in period 2 counted as
 * unhoused instead. Every balance still holds (15 in GU-1 + 1 unhoused = 16 in vU), but the stored
 * figures are stale: the cost is 500 too high (GU-1's place cost per quarter), and so the
 * district's share of it and the payers' sums, the unhoused penalty 100000 too low, and so the
 * total. */
static void test_changed_decision(void **state)
{
	(void)state;
	solved r = solve_file("examples/tiny.json", NULL, 0);
	assert_int_equal(r.p->x[QT_IX(0, 2, 2)], 16);
	r.p->x[QT_IX(0, 2, 2)] -= 1;
	r.p->U[2] += 1;
	expect_violations(&r,
			  (const char *const[]){ "/objective/cost", "/payers_total/district", "/payers_total",
						 "/payers", "/objective/penalties/unhoused", "/objective/total" },
			  6);
	solved_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_examples_agree),    cmocka_unit_test(test_kept_orders_agree),
		cmocka_unit_test(test_wrong_cost),        cmocka_unit_test(test_each_penalty),
		cmocka_unit_test(test_wrong_kdu_formula), cmocka_unit_test(test_changed_decision),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
