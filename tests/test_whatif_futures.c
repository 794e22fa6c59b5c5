/* quartier compare and quartier sweep on scenarios with futures: the figures they report are those
 * of separate `quartier solve` runs of each side (equal, as every solve here is optimal), B - A is
 * the difference, the committed decisions that differ are those of the two solves' commitments,
 * and the scenarios that cannot be compared or drawn are refused with exit status 2. */
#include "testutil.h"

#include <cJSON.h>
#include <math.h>

#define SMALL "tests/fixtures/futures_small.json"
#define VSS "tests/fixtures/futures_vss.json"
#define B_SET "/penalties/backlog=200"

static cJSON *json_of(tu_run_result *r)
{
	if (r->status != 0)
		fprintf(stderr, "%s", r->err);
	assert_int_equal(r->status, 0);
	cJSON *root = cJSON_Parse(r->out);
	assert_non_null(root);
	tu_run_free(r);
	return root;
}

/* The plan over futures of `quartier solve FILE [--set SET]` as JSON; it must be optimal. */
static cJSON *solved(const char *file, const char *set)
{
	tu_run_result r = tu_run("solve %s %s%s --no-store --no-progress --format json", file, set ? "--set " : "",
				 set ? set : "");
	cJSON *root = json_of(&r);
	assert_string_equal(cJSON_GetObjectItem(root, "status")->valuestring, "optimal");
	return root;
}

static double num(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItem(o, key);
	assert_true(cJSON_IsNumber(v));
	return v->valuedouble;
}

static void assert_same(double x, double y)
{
	if (fabs(x - y) > 1e-9 * fmax(1, fabs(x)))
		fail_msg("%.6f != %.6f", x, y);
}

/* The row of a compare table whose key columns are k1 (and k2 if not NULL). */
static const cJSON *row(const cJSON *table, const char *c1, const char *k1, const char *c2, const char *k2)
{
	const cJSON *r;
	cJSON_ArrayForEach(r, table)
	{
		if (!strcmp(cJSON_GetObjectItem(r, c1)->valuestring, k1) &&
		    (!c2 || !strcmp(cJSON_GetObjectItem(r, c2)->valuestring, k2)))
			return r;
	}
	fail_msg("no row %s %s", k1, k2 ? k2 : "");
	return NULL;
}

/* A, B and B - A of a row against the two solves' values. */
static void assert_row(const cJSON *r, double a, double b)
{
	assert_same(num(r, "a"), a);
	assert_same(num(r, "b"), b);
	assert_same(num(r, "b_minus_a"), b - a);
}

/* The future of a solve's JSON with this id. */
static const cJSON *future_plan(const cJSON *solve, const char *id)
{
	const cJSON *f;
	cJSON_ArrayForEach(f, cJSON_GetObjectItem(solve, "futures"))
	{
		if (!strcmp(cJSON_GetObjectItem(f, "id")->valuestring, id))
			return cJSON_GetObjectItem(f, "plan");
	}
	fail_msg("no future %s", id);
	return NULL;
}

static const char *const penalties[] = { "unhoused", "backlog", "waiting", "provisional", "quota_under",
					 "quota_over", "move" };
#define NPEN (sizeof penalties / sizeof *penalties)

/* The key figures over futures: objective (expected and worst), expected cost and penalties. */
static void check_figures(const cJSON *cmp, const cJSON *sa, const cJSON *sb)
{
	const cJSON *fig = cJSON_GetObjectItem(cmp, "figures");
	const cJSON *oa = cJSON_GetObjectItem(sa, "objective"), *ob = cJSON_GetObjectItem(sb, "objective");
	assert_row(row(fig, "figure", "objective EUR", NULL, NULL), num(oa, "total"), num(ob, "total"));
	assert_row(row(fig, "figure", "objective expected EUR", NULL, NULL), num(oa, "expected"), num(ob, "expected"));
	assert_row(row(fig, "figure", "objective worst EUR", NULL, NULL), num(oa, "worst"), num(ob, "worst"));
	assert_row(row(fig, "figure", "real cost expected EUR", NULL, NULL), num(oa, "cost"), num(ob, "cost"));
	for (size_t i = 0; i < NPEN; i++) {
		char label[64];
		snprintf(label, sizeof label, "penalty %s expected EUR", penalties[i]);
		assert_row(row(fig, "figure", label, NULL, NULL), num(cJSON_GetObjectItem(oa, "penalties"), penalties[i]),
			   num(cJSON_GetObjectItem(ob, "penalties"), penalties[i]));
	}
}

/* Per future, matched by id: objective, real cost and each penalty. */
static void check_futures(const cJSON *cmp, const cJSON *sa, const cJSON *sb)
{
	const cJSON *tab = cJSON_GetObjectItem(cmp, "futures"), *f;
	int n = 0;
	cJSON_ArrayForEach(f, cJSON_GetObjectItem(sa, "futures"))
	{
		const char *id = cJSON_GetObjectItem(f, "id")->valuestring;
		const cJSON *oa = cJSON_GetObjectItem(future_plan(sa, id), "objective");
		const cJSON *ob = cJSON_GetObjectItem(future_plan(sb, id), "objective");
		assert_row(row(tab, "future", id, "figure", "objective EUR"), num(oa, "total"), num(ob, "total"));
		assert_row(row(tab, "future", id, "figure", "real cost EUR"), num(oa, "cost"), num(ob, "cost"));
		for (size_t i = 0; i < NPEN; i++) {
			char label[64];
			snprintf(label, sizeof label, "penalty %s EUR", penalties[i]);
			assert_row(row(tab, "future", id, "figure", label),
				   num(cJSON_GetObjectItem(oa, "penalties"), penalties[i]),
				   num(cJSON_GetObjectItem(ob, "penalties"), penalties[i]));
		}
		n++;
	}
	assert_int_equal(n, 3);
}

/* Removes a temporary directory of tu_tmpdir and frees its name. */
static void remove_dir(char *dir)
{
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	free(dir);
}

/* The lines of commitment.csv of `quartier solve FILE --set SET --format csv` (no header). */
static char *commitment_csv(const char *set)
{
	char *dir = tu_tmpdir();
	tu_run_result r = tu_run("solve %s %s%s --no-store --no-progress --format csv --out %s", SMALL,
				 set ? "--set " : "", set ? set : "", dir);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	char path[512];
	snprintf(path, sizeof path, "%s/commitment.csv", dir);
	char *csv = tu_slurp(path, NULL);
	assert_non_null(csv);
	remove_dir(dir);
	char *body = strstr(csv, "\n");
	assert_non_null(body);
	memmove(csv, body + 1, strlen(body));
	return csv;
}

/* The count of the decision "period;kind;id;decision" in commitment.csv lines, 0 if absent. */
static long count_in(const char *csv, const char *key)
{
	size_t n = strlen(key);
	for (const char *p = csv; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, key, n) && p[n] == ';')
			return atol(p + n + 1);
	return 0;
}

/* Every decision of either solve whose counts differ is a row of the comparison, and no other. */
static void check_commitment(const cJSON *cmp)
{
	char *ca = commitment_csv(NULL), *cb = commitment_csv(B_SET);
	const cJSON *tab = cJSON_GetObjectItem(cmp, "commitment"), *r;
	int rows = 0, expected = 0;
	cJSON_ArrayForEach(r, tab)
	{
		char key[256];
		snprintf(key, sizeof key, "%s;%s;%s;%s", cJSON_GetObjectItem(r, "period")->valuestring,
			 cJSON_GetObjectItem(r, "kind")->valuestring, cJSON_GetObjectItem(r, "id")->valuestring,
			 cJSON_GetObjectItem(r, "decision")->valuestring);
		long a = count_in(ca, key), b = count_in(cb, key);
		assert_true(a != b);
		assert_int_equal((long)num(r, "count_a"), a);
		assert_int_equal((long)num(r, "count_b"), b);
		assert_int_equal((long)num(r, "count_b_minus_a"), b - a);
		rows++;
	}
	/* the decisions that differ, counted from the two files */
	for (int side = 0; side < 2; side++) {
		char *mine = side ? cb : ca, *other = side ? ca : cb;
		for (char *p = mine; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
			char key[256];
			const char *end = p;
			for (int k = 0; k < 4 && end; k++)
				end = strchr(end + (k > 0), ';');
			assert_non_null(end);
			snprintf(key, sizeof key, "%.*s", (int)(end - p), p);
			long mine_n = atol(end + 1), other_n = count_in(other, key);
			expected += side == 0 ? mine_n != other_n : other_n == 0;
		}
	}
	assert_true(rows > 0);
	assert_int_equal(rows, expected);
	free(ca);
	free(cb);
}

/* compare A --set-b: every figure equals the two separate solves', B - A their difference. */
static void test_compare_equals_solves(void **state)
{
	(void)state;
	cJSON *sa = solved(SMALL, NULL), *sb = solved(SMALL, B_SET);
	tu_run_result r = tu_run("compare %s --set-b %s --jobs 1 --no-progress --format json", SMALL, B_SET);
	cJSON *cmp = json_of(&r);
	check_figures(cmp, sa, sb);
	check_futures(cmp, sa, sb);
	check_commitment(cmp);
	cJSON_Delete(cmp);
	cJSON_Delete(sa);
	cJSON_Delete(sb);
}

/* Text and CSV: the tables are there; a comparison with no differing decision says so; CSV
 * without futures too. */
static void test_compare_text_csv(void **state)
{
	(void)state;
	tu_run_result r = tu_run("compare %s --set-b /exit_rate=0.5 --no-progress", VSS);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "objective worst EUR"));
	assert_non_null(strstr(r.out, "Per future"));
	assert_non_null(strstr(r.out, "The same decisions in both."));
	tu_run_free(&r);
	char *dir = tu_tmpdir();
	r = tu_run("compare %s %s --no-progress --format csv --out %s", VSS, VSS, dir);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	static const char *const files[] = { "figures", "futures", "commitment" };
	for (size_t i = 0; i < 3; i++) {
		char path[512];
		snprintf(path, sizeof path, "%s/%s.csv", dir, files[i]);
		char *csv = tu_slurp(path, NULL);
		assert_non_null(csv);
		if (i == 1)
			assert_non_null(strstr(csv, "hoch;objective EUR;64000;64000;0"));
		free(csv);
	}
	/* without futures: the key figures and the matched tables, one file each */
	r = tu_run("compare tests/fixtures/scn_valid.json --set-b /exit_rate=0.05 --no-progress --format csv --out %s",
		   dir);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	char path[512];
	snprintf(path, sizeof path, "%s/municipalities.csv", dir);
	char *csv = tu_slurp(path, NULL);
	assert_non_null(csv);
	assert_non_null(strstr(csv, "municipality;period;placed_a"));
	free(csv);
	remove_dir(dir);
}

static void assert_refused(const char *args, const char *words)
{
	tu_run_result r = tu_run("%s --no-progress", args);
	assert_int_equal(r.status, 2);
	if (!strstr(r.err, words))
		fail_msg("'%s' not in: %s", words, r.err);
	assert_true(!r.out || !*r.out);
	tu_run_free(&r);
}

/* Scenarios that cannot be compared or drawn: exit 2, the reason named, nothing printed. */
static void test_refusals(void **state)
{
	(void)state;
	assert_refused("compare " VSS " --set-b /uncertainty/futures/0/id=\\\"tief\\\"",
		       "the futures differ (A: niedrig, hoch; B: tief, hoch)");
	assert_refused("compare " VSS " " SMALL, "the futures differ");
	assert_refused("compare " VSS " tests/fixtures/scn_valid.json", "A has futures");
	assert_refused("compare tests/fixtures/scn_valid.json " VSS, "B has futures");
	assert_refused("compare " VSS " " VSS " --format html -o /tmp/whatif-futures.html", "not as --format html");
	assert_refused("compare " VSS " " VSS " --format csv", "--format csv needs --out DIR");
	assert_refused("sweep " VSS " --vary /exit_rate=0,0.1 --format xlsx -o /tmp/whatif-futures.xlsx",
		       "not as --format xlsx");
	assert_refused("sweep " VSS " --vary /uncertainty/futures/0/id=a,b --jobs 1", "other futures than the first");
}

/* sweep: per variant the figures of a separate solve of that variant; Δ against the first. */
static void test_sweep_equals_solves(void **state)
{
	(void)state;
	static const char *const values[] = { "200", "1000" };
	tu_run_result r = tu_run("sweep %s --vary /penalties/backlog=200,1000 --jobs 2 --no-progress --format json",
				 SMALL);
	cJSON *sw = json_of(&r);
	const cJSON *variants = cJSON_GetObjectItem(sw, "variants");
	assert_int_equal(cJSON_GetArraySize(variants), 2);
	for (int i = 0; i < 2; i++) {
		char set[64];
		snprintf(set, sizeof set, "/penalties/backlog=%s", values[i]);
		cJSON *s = solved(SMALL, set);
		const cJSON *v = cJSON_GetArrayItem(variants, i), *o = cJSON_GetObjectItem(s, "objective");
		assert_same(num(v, "value"), atof(values[i]));
		assert_same(num(v, "objective"), num(o, "total"));
		assert_same(num(v, "expected"), num(o, "expected"));
		assert_same(num(v, "worst"), num(o, "worst"));
		assert_same(num(v, "cost"), num(o, "cost"));
		assert_string_equal(cJSON_GetObjectItem(v, "status")->valuestring, "optimal");
		assert_int_equal((int)num(v, "violations"), 0);
		const cJSON *f;
		int n = 0;
		cJSON_ArrayForEach(f, cJSON_GetObjectItem(v, "futures"))
		{
			const cJSON *plan = future_plan(s, cJSON_GetObjectItem(f, "id")->valuestring);
			assert_same(num(f, "objective"), num(cJSON_GetObjectItem(plan, "objective"), "total"));
			assert_same(num(f, "cost"), num(cJSON_GetObjectItem(plan, "objective"), "cost"));
			n++;
		}
		assert_int_equal(n, 3);
		cJSON_Delete(s);
	}
	cJSON_Delete(sw);
}

/* sweep CSV: one objective column per future, and the change against the first row. */
static void test_sweep_csv(void **state)
{
	(void)state;
	tu_run_result r = tu_run("sweep %s --vary /uncertainty/futures/1/arrivals/0=20,30 --jobs 1 --no-progress "
				 "--format csv",
				 VSS);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "expected_eur;worst_eur;cost_expected_eur;objective_niedrig_eur;"
				      "objective_hoch_eur;status"));
	/* the rows: value;objective;expected;worst;cost;niedrig;hoch;...;d_expected;d_worst;d_cost */
	char *line = strstr(r.out, "\n30");
	assert_non_null(line);
	double v[14];
	char *p = line + 1;
	for (int i = 0; i < 14; i++) {
		char *semi = strchr(p, ';');
		for (char *c = p; *c && c != semi; c++)
			if (*c == ',')
				*c = '.';
		v[i] = i == 7 ? 0 : atof(p);
		assert_true(semi || i == 13);
		p = semi ? semi + 1 : p;
	}
	char *first = strstr(r.out, "\n20");
	assert_non_null(first);
	double e0 = atof(strchr(first + 1, ';') + 1); /* the objective column (expected) of the first row */
	assert_same(v[11], v[2] - e0);
	assert_same(v[2], 0.5 * v[5] + 0.5 * v[6]);
	assert_same(v[3], fmax(v[5], v[6]));
	tu_run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compare_equals_solves), cmocka_unit_test(test_compare_text_csv),
		cmocka_unit_test(test_refusals),	      cmocka_unit_test(test_sweep_equals_solves),
		cmocka_unit_test(test_sweep_csv),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
