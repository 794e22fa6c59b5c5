/* Plans over futures: the library's plan on small examples (optimal, checked, equal in the
 * committed quarters), the checker catching a planted violation of non-anticipativity, the value of
 * information on an example built so that planning for the mean commits to the wrong site, and
 * the reports of `quartier solve` (text, JSON, CSV, --future). */
#include "testutil.h"

#include "internal.h"

#include <cJSON.h>
#include <math.h>

#define SMALL "tests/fixtures/futures_small.json"
#define VSS "tests/fixtures/futures_vss.json"

static qt_scenario *read_scenario(const char *path)
{
	qt_scenario *s = NULL;
	qt_errors *e = NULL;
	int rc = qt_scenario_read_file(&s, &e, path);
	for (size_t i = 0; i < qt_errors_count(e); i++)
		fprintf(stderr, "%s: %s: %s\n", path, qt_errors_pointer(e, i), qt_errors_message(e, i));
	qt_errors_free(e);
	assert_int_equal(rc, 0);
	return s;
}

/* jobs 0: the default (the machine's cores) */
static qt_plan *solve_jobs(const qt_scenario *s, int voi, int jobs)
{
	qt_solve_options opt;
	qt_solve_options_init(&opt);
	opt.time_limit_s = 30;
	opt.value_of_information = voi;
	opt.jobs = jobs;
	qt_plan *p = NULL;
	assert_int_equal(qt_solve(&p, s, &opt), 0);
	return p;
}

static qt_plan *solve(const qt_scenario *s, int voi) { return solve_jobs(s, voi, 0); }

/* Did the checker name this pointer? */
static int names(const qt_errors *v, const char *pointer)
{
	for (size_t i = 0; i < qt_errors_count(v); i++)
		if (!strcmp(qt_errors_pointer(v, i), pointer))
			return 1;
	return 0;
}

/* The small example: optimal over its futures (GLPK's search on the futures program proves it),
 * every future's plan valid, the committed quarters equal, the objective the expectation. */
static void test_small_optimal(void **state)
{
	(void)state;
	qt_scenario *s = read_scenario(SMALL);
	qt_plan *p = solve(s, 0);
	assert_int_equal(qt_plan_futures(p), 3);
	assert_int_equal(qt_plan_status(p), QT_STATUS_OPTIMAL);
	assert_int_equal(qt_plan_check(NULL, s, p), 0);
	double e = 0;
	for (int f = 0; f < 3; f++)
		e += s->future[f].probability * p->future[f]->objective;
	assert_true(fabs(e - qt_plan_objective(p)) < 1e-6 * e);
	assert_true(p->bound <= qt_plan_objective(p) + 1e-6);
	qt_plan_free(p);
	qt_scenario_free(s);
}

/* The futures' solves side by side (jobs 2, the futures alone and under a commitment on two
 * threads) give the same plan on every run, and one as good as one after the other (jobs 1). */
static void test_jobs(void **state)
{
	(void)state;
	qt_scenario *s = read_scenario(SMALL);
	qt_plan *a = solve_jobs(s, 0, 2), *b = solve_jobs(s, 0, 2), *one = solve_jobs(s, 0, 1);
	assert_int_equal(qt_plan_check(NULL, s, a), 0);
	for (int f = 0; f < 3; f++) {
		assert_true(a->future[f]->objective == b->future[f]->objective);
		size_t n = (size_t)s->n_gu * ((size_t)s->T + 1);
		assert_memory_equal(a->future[f]->open, b->future[f]->open, n * sizeof *a->future[f]->open);
	}
	assert_int_equal(qt_plan_status(a), QT_STATUS_OPTIMAL);
	assert_int_equal(qt_plan_status(one), QT_STATUS_OPTIMAL);
	assert_true(fabs(qt_plan_objective(a) - qt_plan_objective(one)) < 1e-6 * qt_plan_objective(one));
	qt_plan_free(a);
	qt_plan_free(b);
	qt_plan_free(one);
	qt_scenario_free(s);
}

/* The bound of the futures program on a generated scenario of 16,722 columns (above the size of
 * GLPK's own search): the Lagrangian bound with the interior-point duals of the non-anticipativity
 * rows lies at or below the program's LP relaxation, solved independently by the simplex
 * (`quartier export --stats`), and within 0.1 % of it (measured: equal to the cent), and the
 * plan over futures lies above it. Under the sanitizers the step may not fit into the limit. */
static void test_program_bound(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), path[512];
	snprintf(path, sizeof path, "%s/futures.json", dir);
	tu_run_result r = tu_run("generate --sites 25 --municipalities 60 --kombimodell 10 --offers 150 "
				 "--futures 2 --seed 3 --out %s", path);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	r = tu_run("export %s --stats", path);
	assert_int_equal(r.status, 0);
	const char *at = strstr(r.out, "lp_objective=");
	assert_non_null(at);
	double lp = strtod(at + strlen("lp_objective="), NULL);
	tu_run_free(&r);
	r = tu_run("solve %s --no-store --time-limit 15 --progress --format json", path);
	assert_int_equal(r.status, 0);
	at = strstr(r.err, "futures: the futures program relaxed  best");
	const char *b = at ? strstr(at, "bound ") : NULL;
	if (!getenv("QT_SLOW_BUILD") || b) {
		assert_non_null(b);
		double bound = strtod(b + strlen("bound "), NULL);
		assert_true(bound <= lp * (1 + 1e-6));
		assert_true(bound >= lp * (1 - 1e-3));
		cJSON *j = cJSON_Parse(r.out);
		assert_non_null(j);
		double z = tu_item(tu_item(j, "objective"), "total")->valuedouble;
		double final = tu_item(tu_item(j, "solve"), "bound")->valuedouble;
		assert_true(final >= bound * (1 - 1e-6) && z >= final);
		cJSON_Delete(j);
	}
	tu_run_free(&r);
	unlink(path);
	rmdir(dir);
	free(dir);
}

/* A future whose committed decision differs is caught, named by future, table and period. */
static void test_planted_violation(void **state)
{
	(void)state;
	qt_scenario *s = read_scenario(SMALL);
	qt_plan *p = solve(s, 0);
	int k = 0; /* KM-1: one more module ordered in the first quarter of future 2 only */
	p->future[2]->b[QT_IX(k, 1, s->T)] += 1;
	qt_errors *v = NULL;
	assert_true(qt_plan_check(&v, s, p) > 0);
	assert_true(names(v, "/futures/2/plan/kombimodell/0/ordered/0"));
	qt_errors_free(v);
	p->future[2]->b[QT_IX(k, 1, s->T)] -= 1;
	int g = 3; /* GU-4 open in the first quarter of future 1 only */
	p->future[1]->open[QT_IX(g, 1, s->T)] ^= 1;
	assert_true(qt_plan_check(&v, s, p) > 0);
	assert_true(names(v, "/futures/1/plan/gu_sites/3/open/0"));
	qt_errors_free(v);
	qt_plan_free(p);
	qt_scenario_free(s);
}

/* Built so that the mean (10 arrivals) fits the open site but the high future does not: the
 * mean-value plan opens nothing, the plan over futures opens the reserve now. VSS > 0 and
 * WS <= RP <= EEV. */
static void test_value_of_information(void **state)
{
	(void)state;
	qt_scenario *s = read_scenario(VSS);
	qt_plan *p = solve(s, 1);
	assert_int_equal(qt_plan_check(NULL, s, p), 0);
	const qt_voi *v = p->voi;
	assert_non_null(v);
	assert_true(v->vss > 1000);
	assert_true(v->rp <= v->eev + 1e-6);
	assert_true(v->rp >= v->ws - 1e-6);
	assert_true(fabs(v->evpi - (v->rp - v->ws)) < 1e-6);
	/* the reserve GU-2 opens in the committed quarter */
	assert_int_equal(p->future[0]->up[QT_IX(1, 1, s->T)], 1);
	qt_plan_free(p);
	qt_scenario_free(s);
}

/* The JSON of SCENARIO.md: commitment, futures with their plans, both objectives. */
static void test_json(void **state)
{
	(void)state;
	tu_run_result r = tu_run("solve %s --no-store --format json --value-of-information", SMALL);
	assert_int_equal(r.status, 0);
	cJSON *root = cJSON_Parse(r.out);
	assert_non_null(root);
	cJSON *c = cJSON_GetObjectItem(root, "commitment");
	assert_int_equal(cJSON_GetObjectItem(c, "quarters")->valueint, 2);
	cJSON *gu = cJSON_GetArrayItem(cJSON_GetObjectItem(c, "gu_sites"), 0);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(gu, "open")), 2);
	cJSON *fs = cJSON_GetObjectItem(root, "futures");
	assert_int_equal(cJSON_GetArraySize(fs), 3);
	double e = 0, w = 0;
	cJSON *f;
	cJSON_ArrayForEach(f, fs) {
		cJSON *plan = cJSON_GetObjectItem(f, "plan");
		double z = cJSON_GetObjectItem(cJSON_GetObjectItem(plan, "objective"), "total")->valuedouble;
		e += cJSON_GetObjectItem(f, "probability")->valuedouble * z;
		w = fmax(w, z);
		assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetObjectItem(plan, "totals"), "backlog")), 5);
	}
	cJSON *obj = cJSON_GetObjectItem(root, "objective");
	assert_true(fabs(cJSON_GetObjectItem(obj, "expected")->valuedouble - e) < 1e-3);
	assert_true(fabs(cJSON_GetObjectItem(obj, "worst")->valuedouble - w) < 1e-3);
	assert_true(fabs(cJSON_GetObjectItem(obj, "total")->valuedouble - e) < 1e-3);
	cJSON *voi = cJSON_GetObjectItem(root, "value_of_information");
	assert_non_null(cJSON_GetObjectItem(voi, "evpi"));
	assert_non_null(cJSON_GetObjectItem(cJSON_GetObjectItem(voi, "gaps"), "rp"));
	cJSON_Delete(root);
	tu_run_free(&r);
}

/* Text: the decisions to take now come first; --future gives one future's full tables, an unknown
 * one is bad input; CSV: every table, the per-future ones with a `future` column. */
static void test_cli_reports(void **state)
{
	(void)state;
	tu_run_result r = tu_run("solve %s --no-store --check", SMALL);
	assert_int_equal(r.status, 0);
	char *now = strstr(r.out, "Decisions to take now"), *side = strstr(r.out, "Futures side by side");
	assert_non_null(now);
	assert_non_null(side);
	assert_true(now < side);
	assert_non_null(strstr(r.err, "plan check: no violation"));
	tu_run_free(&r);

	r = tu_run("solve %s --no-store --future hoch", SMALL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "GU sites (persons per period)"));
	tu_run_free(&r);

	r = tu_run("solve %s --no-store --future nirgends", SMALL);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "nirgends"));
	tu_run_free(&r);

	char *dir = tu_tmpdir();
	r = tu_run("solve %s --no-store --format csv --out %s", SMALL, dir);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	char path[512];
	snprintf(path, sizeof path, "%s/gu_sites.csv", dir);
	char *csv = tu_slurp(path, NULL);
	assert_non_null(csv);
	assert_non_null(strstr(csv, "future;"));
	assert_non_null(strstr(csv, "hoch;"));
	free(csv);
	snprintf(path, sizeof path, "%s/commitment.csv", dir);
	csv = tu_slurp(path, NULL);
	assert_non_null(csv);
	free(csv);
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	free(dir);
}

/* quota --future: that future's quotas and, with --plan, that future's plan; the plan over futures
 * needs the future named. */
static void test_quota_future(void **state)
{
	(void)state;
	tu_run_result r = tu_run("quota %s --future hoch --plan --no-progress --format json", SMALL);
	assert_int_equal(r.status, 0);
	cJSON *root = cJSON_Parse(r.out);
	assert_non_null(root);
	cJSON_Delete(root);
	tu_run_free(&r);
	r = tu_run("quota %s --plan --no-progress", SMALL);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "needs the future"));
	tu_run_free(&r);
	r = tu_run("quota %s --future nirgends", SMALL);
	assert_int_equal(r.status, 2);
	tu_run_free(&r);
}

/* --set reaches the uncertainty keys; compare refuses scenarios over different futures (exit 2;
 * test_whatif_futures.c has the rest of compare and sweep over futures). */
static void test_set_sweep_compare(void **state)
{
	(void)state;
	tu_run_result r = tu_run("validate %s --set /uncertainty/commit_quarters=9", SMALL);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "/uncertainty/commit_quarters"));
	tu_run_free(&r);
	r = tu_run("validate %s --set /uncertainty/objective=\\\"worst\\\"", SMALL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "objective worst"));
	tu_run_free(&r);
	r = tu_run("compare %s %s --no-progress", VSS, SMALL);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "futures"));
	tu_run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_optimal),
		cmocka_unit_test(test_jobs),
		cmocka_unit_test(test_program_bound),
		cmocka_unit_test(test_planted_violation),
		cmocka_unit_test(test_value_of_information),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_cli_reports),
		cmocka_unit_test(test_quota_future),
		cmocka_unit_test(test_set_sweep_compare),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
