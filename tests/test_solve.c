/* Solving: the hand-solved tiny optimum, the plan checker, GLPK errors caught. */
#include "testutil.h"

#include "internal.h"
#include "solve_internal.h"

#include <glpk.h>
#include <math.h>

static qt_scenario *load(const char *path)
{
	qt_scenario *s = NULL;
	qt_errors *e = NULL;
	int rc = qt_scenario_read_file(&s, &e, path);
	for (size_t i = 0; i < qt_errors_count(e); i++)
		fprintf(stderr, "%s: %s\n", qt_errors_pointer(e, i), qt_errors_message(e, i));
	qt_errors_free(e);
	assert_int_equal(rc, 0);
	return s;
}

static qt_plan *solve(const qt_scenario *s, double limit)
{
	qt_solve_options opt;
	qt_solve_options_init(&opt);
	opt.time_limit_s = limit;
	qt_plan *p = NULL;
	assert_int_equal(qt_solve(&p, s, &opt), 0);
	assert_non_null(p);
	return p;
}

static int has_violation(const qt_errors *v, const char *pointer)
{
	for (size_t i = 0; i < qt_errors_count(v); i++)
		if (!strcmp(qt_errors_pointer(v, i), pointer))
			return 1;
	return 0;
}

static void assert_plan_valid(const qt_scenario *s, const qt_plan *p)
{
	qt_errors *v = NULL;
	int n = qt_plan_check(&v, s, p);
	for (size_t i = 0; i < qt_errors_count(v); i++)
		fprintf(stderr, "violation %s: %s\n", qt_errors_pointer(v, i), qt_errors_message(v, i));
	qt_errors_free(v);
	assert_int_equal(n, 0);
}

/* examples/tiny.json, solved by hand.
 * Period 1: 10 persons assigned; a backlog person costs 5000 a quarter, a GU place 500, so all 10
 * are taken in: vU = 10 + 10 - 4 entitled = 16. The 4 entitled single persons are best placed at
 * once (waiting costs 600 + 500 a quarter). Quotas: N = 4 by population 600:400 = 2.4 and 1.6 ->
 * floors 2 and 1, the remaining person to the larger remainder (B) -> 2 and 2, in both periods.
 * Altstadt has 3 own places, Bergdorf 1 and the flat W-1 (rent 100 <= cap 400; W-2 at 500 is
 * above the cap and not eligible). Placing 2 in Altstadt, 1 in Bergdorf's place and 1 in W-1 meets
 * both quotas: AU 3 persons x 100 x 2 quarters = 600, KdU 100 x 3 months x 2 quarters = 600.
 * Any other split costs more (3 in Altstadt, 1 in Bergdorf: AU 800 + over 1x100x2 + under
 * 1x300x2 = 1600). GU-1 holds the 16: 16 x 500 x 2 = 16000 + fixed 1000 x 2 = 2000; opening GU-2
 * (10 places at 100) would save at most 10 x 400 x 2 = 8000 but costs 9000 + 2 x 1000.
 * Optimum: 16000 + 2000 + 600 + 600 = 19200 euro, no penalty. */
static void test_tiny_optimum(void **state)
{
	(void)state;
	qt_scenario *s = load("examples/tiny.json");
	qt_plan *p = solve(s, 10);
	assert_int_equal(qt_plan_status(p), QT_STATUS_OPTIMAL);
	assert_true(fabs(qt_plan_objective(p) - 19200) < 1e-6);
	assert_true(fabs(p->cost - 19200) < 1e-6);
	assert_int_equal(p->acc[1], 10);
	assert_int_equal(p->x[QT_IX(0, 1, 2)], 16);
	assert_int_equal(p->x[QT_IX(0, 2, 2)], 16);
	assert_int_equal(p->open[QT_IX(1, 1, 2)], 0);
	assert_int_equal(p->as[QT_IX(0 * QT_NCLASS + 0, 1, 2)], 2);
	assert_int_equal(p->as[QT_IX(1 * QT_NCLASS + 0, 1, 2)], 1);
	assert_int_equal(p->ao[0], 1);
	assert_int_equal(p->ao[1], 0);
	assert_int_equal(p->under[QT_IX(1, 2, 2)], 0);
	assert_true(p->gap < 1e-9);
	assert_plan_valid(s, p);
	qt_plan_free(p);
	qt_scenario_free(s);
}

/* Every planted violation is caught, each at its own place. */
static void test_checker_catches(void **state)
{
	(void)state;
	qt_scenario *s = load("examples/tiny.json");
	qt_plan *p = solve(s, 10);
	qt_errors *v = NULL;

	p->x[QT_IX(0, 2, 2)] += 1; /* one person too many in GU-1: the GU balance breaks */
	assert_true(qt_plan_check(&v, s, p) >= 1);
	assert_true(has_violation(v, "/totals/gu_persons/1"));
	qt_errors_free(v);
	p->x[QT_IX(0, 2, 2)] -= 1;
	assert_int_equal(qt_plan_check(NULL, s, p), 0);

	p->x[QT_IX(0, 1, 2)] = 21; /* above the site's 20 places */
	p->x[QT_IX(0, 2, 2)] = 21;
	p->U[1] -= 5;
	p->U[2] -= 5;
	assert_true(qt_plan_check(&v, s, p) >= 2);
	assert_true(has_violation(v, "/gu_sites/0/persons/0"));
	assert_true(has_violation(v, "/gu_sites/0/persons/1"));
	qt_errors_free(v);
	p->x[QT_IX(0, 1, 2)] = p->x[QT_IX(0, 2, 2)] = 16;
	p->U[1] += 5;
	p->U[2] += 5;

	p->ao[1] = 1; /* the ineligible flat W-2 used */
	assert_true(qt_plan_check(&v, s, p) >= 1);
	assert_true(has_violation(v, "/offers_used/W-2"));
	qt_errors_free(v);
	p->ao[1] = 0;

	p->objective += 1; /* a wrong total */
	assert_int_equal(qt_plan_check(&v, s, p), 1);
	assert_string_equal(qt_errors_pointer(v, 0), "/objective/total");
	qt_errors_free(v);
	qt_plan_free(p);
	qt_scenario_free(s);
}

static int provoke_glpk_error(void *ctx)
{
	(void)ctx;
	glp_prob *lp = glp_create_prob();
	glp_add_cols(lp, 1);
	glp_set_col_bnds(lp, 7, GLP_FX, 0, 0); /* column 7 does not exist: GLPK raises an error */
	return 0;
}

static int after_error(void *ctx)
{
	*(int *)ctx = glp_get_num_cols(glp_create_prob()) == 0;
	return 0;
}

/* A GLPK error returns QT_ESOLVER with its message instead of aborting, and GLPK works after it. */
static void test_glpk_error_caught(void **state)
{
	(void)state;
	assert_int_equal(qt_glpk_guarded(provoke_glpk_error, NULL, 0), QT_ESOLVER);
	assert_non_null(strstr(qt_last_error(), "GLPK failed"));
	assert_non_null(strstr(qt_last_error(), "glp_set_col_bnds"));
	int ok = 0;
	assert_int_equal(qt_glpk_guarded(after_error, &ok, 0), 0);
	assert_int_equal(ok, 1);
	glp_free_env();
}

/* The bound on its own thread (--jobs 2) and on the main one (--jobs 1), on a generated program
 * of 6,258 columns (above QT_PARALLEL_MIN_COLUMNS): both plans pass the checker; the threaded
 * solve has a bound (its rounds start at once), which lies below both plans, as does the
 * one-thread solve's bound where it got one in the time: both bound the same program. */
static void test_bound_thread(void **state)
{
	(void)state;
	qt_scenario *s = tu_generated(25, 60, 10, 150, 3);
	qt_plan *p[2];
	for (int j = 0; j < 2; j++) {
		qt_solve_options opt;
		qt_solve_options_init(&opt);
		opt.time_limit_s = 10;
		opt.jobs = j + 1;
		assert_int_equal(qt_solve(&p[j], s, &opt), 0);
		assert_plan_valid(s, p[j]);
		assert_true(p[j]->cols >= 5000);
	}
	assert_true(isfinite(p[1]->bound));
	for (int a = 0; a < 2; a++)
		for (int b = 0; b < 2; b++)
			assert_true(!isfinite(p[a]->bound) ||
				    p[a]->bound <= p[b]->objective + 1e-6 * fabs(p[b]->objective));
	for (int j = 0; j < 2; j++)
		qt_plan_free(p[j]);
	qt_scenario_free(s);
}

/* The second site variant on the bound's thread (lib/solve_side.c), on the generated `district`
 * (seed 1), two jobs, gap 0.1 %. The first variant (most-fractional branching) searches a quarter
 * of the time; its plan, 156,045,719.36 EUR, misses 0.1 % against every bound the solve proves
 * (at most about 155,880,000 EUR). Run after it on the main thread, the second variant's plan is
 * 156,015,036.72 EUR; run on the bound's thread beside it, 155,998,904.04 EUR (README, "Both
 * cores"). Either way the plan is proven within 0.1 % and no worse than 156,015,036.72 EUR; on
 * this machine it is the bound's thread's. Under the sanitizers (QT_SLOW_BUILD) the solve gets 20 s
 * and only its plan is checked: the two threads' plans and copies are what they look at. */
static void test_side_variant(void **state)
{
	(void)state;
	int slow = getenv("QT_SLOW_BUILD") != NULL;
	qt_generate_options g;
	qt_generate_options_init(&g);
	assert_int_equal(qt_generate_options_size(&g, "district"), 0);
	g.seed = 1;
	qt_scenario *s = tu_generated_from(&g);
	qt_solve_options opt;
	qt_solve_options_init(&opt);
	opt.time_limit_s = slow ? 20 : 60;
	opt.gap = 0.001;
	opt.jobs = 2;
	qt_plan *p = NULL;
	assert_int_equal(qt_solve(&p, s, &opt), 0);
	fprintf(stderr, "district seed 1, two jobs: %.2f EUR, gap %.4f %%, %.1f s\n", p->objective,
		100 * p->gap, p->seconds);
	assert_plan_valid(s, p);
	if (!slow) {
		assert_int_equal(p->status, QT_STATUS_GAP_REACHED);
		assert_true(p->gap <= 0.001);
		assert_true(p->objective <= 156015036.72 + 0.01);
	}
	qt_plan_free(p);
	qt_scenario_free(s);
}

/* A small LP of named rows and columns: min x + 2y + 3z (+ 10w) subject to x (+ w) + y >= 2 and
 * y + z >= 1 (both rows named "cover", as the model names its rows by kind), x + z <= 4 ("cap"),
 * every column >= 0. By hand: y = 1 meets both covers, then x = 1 the first: 3 (y = 0 needs x = 2
 * and z = 1: 5; y = 2: 4). Its optimal basis: x, y and the cap row basic. w (reduced cost
 * 10 - 1 = 9 against the first cover's dual 1) stays at 0: the same optimum. */
static glp_prob *basis_lp(int with_w, int with_y)
{
	glp_prob *lp = glp_create_prob();
	glp_add_rows(lp, 3);
	glp_set_row_name(lp, 1, "cover");
	glp_set_row_bnds(lp, 1, GLP_LO, 2, 0);
	glp_set_row_name(lp, 2, "cover");
	glp_set_row_bnds(lp, 2, GLP_LO, 1, 0);
	glp_set_row_name(lp, 3, "cap");
	glp_set_row_bnds(lp, 3, GLP_UP, 0, 4);
	const char *name[] = { "x", "w", "y", "z" };
	const double cost[] = { 1, 10, 2, 3 };
	const int rows[][2] = { { 1, 3 }, { 1, 0 }, { 1, 2 }, { 2, 3 } };
	for (int c = 0; c < 4; c++) {
		if ((c == 1 && !with_w) || (c == 2 && !with_y))
			continue;
		int j = glp_add_cols(lp, 1);
		glp_set_col_name(lp, j, name[c]);
		glp_set_col_bnds(lp, j, GLP_LO, 0, 0);
		glp_set_obj_coef(lp, j, cost[c]);
		int ind[3] = { 0, rows[c][0], rows[c][1] };
		double val[3] = { 0, 1, 1 };
		glp_set_mat_col(lp, j, rows[c][1] ? 2 : 1, ind, val);
	}
	return lp;
}

static int simplex_pivots(glp_prob *lp)
{
	glp_smcp sp;
	glp_init_smcp(&sp);
	sp.msg_lev = GLP_MSG_OFF;
	glp_set_it_cnt(lp, 0);
	assert_int_equal(glp_simplex(lp, &sp), 0);
	assert_int_equal(glp_get_status(lp), GLP_OPT);
	assert_true(fabs(glp_get_obj_val(lp) - 3) < 1e-9);
	return glp_get_it_cnt(lp);
}

/* A warm start's basis by name (solve_basis.c): the optimal basis of the LP above, loaded into
 * the LP with a column w added among the others, is optimal there at once (no pivot, where the
 * trivial basis takes some); into the LP without the basic column y it cannot make a basis (two
 * basic of three rows) and says so. */
static void test_warm_basis(void **state)
{
	(void)state;
	glp_prob *a = basis_lp(0, 1);
	assert_true(simplex_pivots(a) > 0);
	qt_basis *b = qt_basis_save(a, a);
	assert_non_null(b);
	glp_prob *wider = basis_lp(1, 1);
	assert_int_equal(qt_basis_load(b, wider, wider), 1);
	assert_int_equal(glp_get_col_stat(wider, 1), GLP_BS); /* x */
	assert_int_equal(glp_get_col_stat(wider, 2), GLP_NL); /* w, new */
	assert_int_equal(glp_get_col_stat(wider, 3), GLP_BS); /* y */
	assert_int_equal(glp_get_row_stat(wider, 3), GLP_BS); /* cap */
	assert_int_equal(simplex_pivots(wider), 0);
	assert_true(fabs(glp_get_col_prim(wider, 2)) < 1e-9);
	glp_prob *narrower = basis_lp(0, 0);
	assert_int_equal(qt_basis_load(b, narrower, narrower), 0);
	qt_basis_free(b);
	glp_delete_prob(a);
	glp_delete_prob(wider);
	glp_delete_prob(narrower);
}

/* Rounding a relaxed placement into whole households (solve_round.c), by hand. One quarter,
 * nobody arriving; waiting: 2 single persons, one household of 2, one of 3, all in GU-1.
 * Altstadt has 3 AU places, Bergdorf 1 (exit rate 0). The relaxed solution places 3 persons in
 * Altstadt (1.5 single persons and half the household of 3) and 1 in Bergdorf (half a single
 * person and a quarter of the household of 2).
 * In turn, Altstadt first: no whole household but single persons; topped up with the 2 single
 * persons there are; 1 place left, which no larger household fits; Bergdorf gets nobody: 2
 * persons placed. Packed: first the whole households (Altstadt 1 single person, Bergdorf none),
 * Altstadt then lacks 2 and Bergdorf 1; the household of 3 fits nowhere, the household of 2 into
 * Altstadt (where the solution had none of it, in the second pass), the last single person into
 * Bergdorf: 4 persons placed, the household of 3 waits. Packed places more and stands. */
static void test_round_packed(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), *path = tu_path_in(dir, "round.json");
	tu_write(path,
		 "{\"quartier\": 1, \"name\": \"Rounding\", \"periods\": {\"start\": \"2024Q1\", \"count\": 1},\n"
		 " \"intake\": {\"backlog\": 0, \"arrivals\": [0]},\n"
		 " \"households\": {\"entitled\": {}, \"waiting\": {\"1\": 2, \"2\": 1, \"3\": 1}},\n"
		 " \"municipalities\": [\n"
		 "  {\"id\": \"A\", \"name\": \"Altstadt\", \"population\": 600, \"rent_area\": \"I\",\n"
		 "   \"au_places\": 3, \"au_occupied\": 0, \"au_cost\": 100},\n"
		 "  {\"id\": \"B\", \"name\": \"Bergdorf\", \"population\": 400, \"rent_area\": \"I\",\n"
		 "   \"au_places\": 1, \"au_occupied\": 0, \"au_cost\": 100}],\n"
		 " \"gu_sites\": [{\"id\": \"GU-1\", \"name\": \"Hauptstraße\", \"municipality\": \"A\",\n"
		 "   \"kind\": \"permanent\", \"places\": 20, \"occupied\": 7, \"open\": true,\n"
		 "   \"cost\": {\"per_place\": 500, \"fixed\": 1000, \"open\": 0, \"close\": 0}}],\n"
		 " \"kombimodell\": [],\n"
		 " \"rent_caps\": {\"factor\": 1.0, \"areas\": {\"I\": {\"1\": 400, \"2\": 500, \"3\": 600,\n"
		 "   \"4\": 700, \"5+\": 800}}},\n"
		 " \"housing_offers\": [],\n"
		 " \"quota\": {\"method\": \"hare-niemeyer\", \"key\": {\"population\": 1}, \"gu_credit_rate\": 0},\n"
		 " \"exit_rate\": 0}\n");
	qt_scenario *s = load(path);
	qt_model m;
	assert_int_equal(qt_model_build(&m, s), 0);
	double *val = calloc((size_t)glp_get_num_cols(m.lp) + 1, sizeof *val);
	assert_non_null(val);
	val[m.o[QT_IX(0, 1, 1)]] = 1;
	val[m.x[QT_IX(0, 1, 1)]] = 7;
	val[m.P[QT_IX(0, 1, 1)]] = 3;
	val[m.as[QT_IX(0 * QT_NCLASS + 0, 1, 1)]] = 1.5;
	val[m.as[QT_IX(0 * QT_NCLASS + 2, 1, 1)]] = 0.5;
	val[m.P[QT_IX(1, 1, 1)]] = 1;
	val[m.as[QT_IX(1 * QT_NCLASS + 0, 1, 1)]] = 0.5;
	val[m.as[QT_IX(1 * QT_NCLASS + 1, 1, 1)]] = 0.25;
	qt_plan *p = qt_plan_alloc(1, s->n_gu, s->n_kombi, s->n_muni, s->n_offer);
	assert_non_null(p);
	assert_int_equal(qt_round_plan(&m, val, p), 0);
	assert_int_equal(p->as[QT_IX(0 * QT_NCLASS + 0, 1, 1)], 1); /* Altstadt: 1 single person */
	assert_int_equal(p->as[QT_IX(0 * QT_NCLASS + 1, 1, 1)], 1); /* and the household of 2 */
	assert_int_equal(p->as[QT_IX(0 * QT_NCLASS + 2, 1, 1)], 0);
	assert_int_equal(p->as[QT_IX(1 * QT_NCLASS + 0, 1, 1)], 1); /* Bergdorf: 1 single person */
	assert_int_equal(p->as[QT_IX(1 * QT_NCLASS + 1, 1, 1)], 0);
	assert_int_equal(p->F[QT_IX(2, 1, 1)], 1);                  /* the household of 3 waits */
	assert_int_equal(p->F[QT_IX(0, 1, 1)] + p->F[QT_IX(1, 1, 1)], 0);
	assert_int_equal(p->x[QT_IX(0, 1, 1)], 3);                   /* in GU-1 */
	qt_plan_free(p);
	free(val);
	qt_model_free(&m);
	qt_scenario_free(s);
	tu_remove_tree(dir);
	free(path);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tiny_optimum),
		cmocka_unit_test(test_checker_catches),
		cmocka_unit_test(test_glpk_error_caught),
		cmocka_unit_test(test_bound_thread),
		cmocka_unit_test(test_side_variant),
		cmocka_unit_test(test_warm_basis),
		cmocka_unit_test(test_round_packed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
