/* Cross-checks: the library's optimum against glpsol on the independent MathProg formulation
 * (models/quartier.mod) and against CBC on the library's own program exported as MPS and LP;
 * the scenario generator; the export and generate commands. */
#include "testutil.h"

#include "internal.h"
#include "model.h"

#include <glpk.h>
#include <math.h>

/* Examples where quartier, glpsol and CBC all prove optimality within seconds. */
static const char *const EXAMPLES[] = {
	"examples/tiny.json",                   /* hand optimum 19200 (tests/test_solve.c) */
	"tests/fixtures/cross_small.json",      /* hand-made: every feature of MODEL.md */
	"tests/fixtures/measures_all.json",     /* a transfer, a living-space standard, payers with the
						 * district's objective (MODEL.md "Extensions") */
	"tests/fixtures/measures_transfer.json", /* a site handed over (hand optimum 9000, test_measures.c) */
	"tests/fixtures/measures_standard.json", /* a move forced by the standard (hand optimum 14400) */
	"tests/fixtures/cross_generated.json",  /* quartier generate --municipalities 3 --sites 4
						 * --kombimodell 1 --offers 6 --periods 3 --seed 1 */
	/* Futures (MODEL.md "Futures"): the futures program, export and MathProg alike. */
	"tests/fixtures/futures_small.json",    /* cross_small with three futures, K = 2 */
	/* Hand optimum 53,500: opening the reserve GU-2 in the committed quarter (30,000) and
	 * closing GU-1 costs the low future 37,000 + 6,000 (10 persons x 500 and the fixed cost of
	 * the one open site per quarter) and the high one 47,000 + 17,000 (30 persons); half each.
	 * Not opening leaves 10 persons a quarter in the high future's backlog (50,000): 60,000. */
	"tests/fixtures/futures_vss.json",
	"tests/fixtures/futures_worst.json",    /* the same, objective worst: hand optimum 64,000 */
};
#define N_EXAMPLES (sizeof EXAMPLES / sizeof *EXAMPLES)

static qt_scenario *load(const char *path)
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

/* The library's plan for s within time_limit_s and gap; it must come out. */
static qt_plan *solved(const qt_scenario *s, double time_limit_s, double gap)
{
	qt_solve_options opt;
	qt_solve_options_init(&opt);
	opt.time_limit_s = time_limit_s;
	opt.gap = gap;
	qt_plan *p = NULL;
	assert_int_equal(qt_solve(&p, s, &opt), 0);
	return p;
}

/* The library's optimum; it must prove it (status optimal). */
static double library_optimum(const qt_scenario *s, const char *path)
{
	qt_plan *p = solved(s, 120, 0);
	if (qt_plan_status(p) != QT_STATUS_OPTIMAL)
		fprintf(stderr, "%s: quartier status %s, gap %g\n", path, qt_status_name(qt_plan_status(p)),
			qt_plan_gap(p));
	assert_int_equal(qt_plan_status(p), QT_STATUS_OPTIMAL);
	double z = qt_plan_objective(p);
	/* The proven bound (Gomory rounds on cross_small: 48 of them, 739,821.30 against the optimum
	 * 745,113.52) never lies above the optimum: "optimal" hides a bound above the plan. */
	assert_true(p->bound <= z + 1e-7 * fmax(1.0, fabs(z)));
	qt_errors *v = NULL;
	assert_int_equal(qt_plan_check(&v, s, p), 0);
	qt_plan_free(p);
	return z;
}

static void assert_same(double a, double b, const char *what, const char *path)
{
	double rel = fabs(a - b) / fmax(1.0, fabs(a));
	if (rel > 1e-6)
		fprintf(stderr, "%s: quartier %.10g, %s %.10g (relative difference %g)\n", path, a, what, b, rel);
	assert_true(rel <= 1e-6);
}

static int have(const char *program)
{
	char cmd[256];
	snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", program);
	int ok = system(cmd) == 0;
	if (!ok)
		fprintf(stderr, "%s not found: install Debian's %s (make deps does)\n", program,
			!strcmp(program, "cbc") ? "coinor-cbc" : "glpk-utils");
	return ok;
}

/* The text after `key` on the first line of file that holds it, or NULL. */
static char *line_after(const char *file, const char *key)
{
	char *text = tu_slurp(file, NULL);
	if (!text)
		return NULL;
	char *at = strstr(text, key), *out = NULL;
	if (at) {
		at += strlen(key);
		size_t n = strcspn(at, "\n");
		out = strndup(at, n);
	}
	free(text);
	return out;
}

static void run(const char *cmd)
{
	int st = system(cmd);
	if (st != 0)
		fprintf(stderr, "failed (%d): %s\n", st, cmd);
	assert_int_equal(st, 0);
}

/* glpsol with opts on models/quartier.mod and the exported data of s; returns the objective and
 * asserts that the status line contains want. */
static double glpsol_objective(const qt_scenario *s, const char *dir, const char *opts, const char *want)
{
	assert_int_equal(qt_export_mathprog(dir, s, "models/quartier.mod"), 0);
	char cmd[1024], out[512];
	snprintf(out, sizeof out, "%s/glpsol.txt", dir);
	snprintf(cmd, sizeof cmd, "glpsol -m %s/quartier.mod -d %s/quartier.dat %s -o %s >%s/glpsol.log 2>&1", dir,
		 dir, opts, out, dir);
	run(cmd);
	char *status = line_after(out, "Status:");
	char *obj = line_after(out, "Objective:  total =");
	assert_non_null(status);
	assert_non_null(obj);
	assert_non_null(strstr(status, want));
	assert_null(strstr(status, "NON-OPTIMAL"));
	double z = strtod(obj, NULL);
	free(status);
	free(obj);
	return z;
}

/* glpsol on models/quartier.mod with the exported data: must prove its optimum. */
static double glpsol_optimum(const qt_scenario *s, const char *dir)
{
	return glpsol_objective(s, dir, "--cuts --tmlim 120", "INTEGER OPTIMAL");
}

/* CBC on the library's program exported as free MPS (or CPLEX LP): must prove its optimum. */
static double cbc_optimum(const qt_scenario *s, const char *dir, qt_export_format fmt)
{
	char file[512], sol[512], cmd[1536];
	snprintf(file, sizeof file, "%s/program.%s", dir, fmt == QT_EXPORT_MPS ? "mps" : "lp");
	snprintf(sol, sizeof sol, "%s/cbc.sol", dir);
	assert_int_equal(qt_export_program(file, fmt, s), 0);
	snprintf(cmd, sizeof cmd, "cbc %s%s -sec 120 -solve -solu %s >%s/cbc.log 2>&1",
		 fmt == QT_EXPORT_LP ? "-import " : "", file, sol, dir);
	run(cmd);
	/* first line: "Optimal - objective value 19200.00000000" */
	char *text = tu_slurp(sol, NULL);
	assert_non_null(text);
	if (strncmp(text, "Optimal", 7))
		fprintf(stderr, "cbc: %.200s\n", text);
	assert_memory_equal(text, "Optimal", 7);
	char *v = strstr(text, "objective value");
	assert_non_null(v);
	double z = strtod(v + strlen("objective value"), NULL);
	free(text);
	return z;
}

static void clean(char *dir)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	run(cmd);
	free(dir);
}

static void test_glpsol_on_mathprog(void **state)
{
	(void)state;
	assert_true(have("glpsol"));
	for (size_t i = 0; i < N_EXAMPLES; i++) {
		qt_scenario *s = load(EXAMPLES[i]);
		char *dir = tu_tmpdir();
		double z = library_optimum(s, EXAMPLES[i]);
		if (i == 0)
			assert_true(fabs(z - 19200) < 1e-6);
		if (strstr(EXAMPLES[i], "futures_vss"))
			assert_true(fabs(z - 53500) < 1e-6);
		if (strstr(EXAMPLES[i], "futures_worst"))
			assert_true(fabs(z - 64000) < 1e-6);
		double g = glpsol_optimum(s, dir);
		fprintf(stderr, "%s: quartier %.10g, glpsol %.10g\n", EXAMPLES[i], z, g);
		assert_same(z, g, "glpsol on models/quartier.mod", EXAMPLES[i]);
		clean(dir);
		qt_scenario_free(s);
	}
}

static void test_cbc_on_mps_and_lp(void **state)
{
	(void)state;
	assert_true(have("cbc"));
	for (size_t i = 0; i < N_EXAMPLES; i++) {
		qt_scenario *s = load(EXAMPLES[i]);
		char *dir = tu_tmpdir();
		double z = library_optimum(s, EXAMPLES[i]);
		double c = cbc_optimum(s, dir, QT_EXPORT_MPS);
		double l = cbc_optimum(s, dir, QT_EXPORT_LP);
		fprintf(stderr, "%s: quartier %.10g, cbc on MPS %.10g, on LP %.10g\n", EXAMPLES[i], z, c, l);
		assert_same(z, c, "cbc on the MPS export", EXAMPLES[i]);
		assert_same(z, l, "cbc on the LP export", EXAMPLES[i]);
		clean(dir);
		qt_scenario_free(s);
	}
}

/* At full size neither glpsol nor CBC proves an optimum in test time, but both formulations must
 * have the same LP relaxation: the library's program as built against models/quartier.mod. */
static void test_lp_relaxation_esslingen(void **state)
{
	(void)state;
	assert_true(have("glpsol"));
	const char *path = "examples/esslingen-2016.json";
	qt_scenario *s = load(path);
	qt_program_stats st;
	assert_int_equal(qt_program_stats_get(&st, s, 1), 0);
	char *dir = tu_tmpdir();
	double g = glpsol_objective(s, dir, "--nomip", "OPTIMAL");
	fprintf(stderr, "%s: LP relaxation: library %.10g, glpsol on models/quartier.mod %.10g\n", path,
		st.lp_objective, g);
	assert_same(st.lp_objective, g, "the LP relaxation of models/quartier.mod", path);
	clean(dir);
	qt_scenario_free(s);
}

/* The exported program is the library's: same size as the one qt_solve reports, unique row
 * names, and GLPK reads it back. */
static void test_export_program(void **state)
{
	(void)state;
	qt_scenario *s = load("tests/fixtures/cross_small.json");
	qt_program_stats st;
	assert_int_equal(qt_program_stats_get(&st, s, 1), 0);
	assert_true(st.rows > 0 && st.cols > 0 && st.ints > 0 && st.nonzeros > 0);
	assert_true(st.build_s >= 0 && st.lp_s >= 0);
	qt_plan *p = solved(s, 60, 0);
	assert_int_equal(st.rows, p->rows);
	assert_int_equal(st.cols, p->cols);
	assert_int_equal(st.ints, p->ints);
	assert_true(st.lp_objective <= qt_plan_objective(p) + 1e-6); /* a relaxation bounds the optimum */
	qt_plan_free(p);

	char *dir = tu_tmpdir(), path[512];
	snprintf(path, sizeof path, "%s/p.mps", dir);
	assert_int_equal(qt_export_program(path, QT_EXPORT_MPS, s), 0);
	glp_term_out(GLP_OFF);
	glp_prob *lp = glp_create_prob();
	assert_int_equal(glp_read_mps(lp, GLP_MPS_FILE, NULL, path), 0);
	assert_int_equal(glp_get_num_rows(lp), st.rows);
	assert_int_equal(glp_get_num_cols(lp), st.cols);
	assert_int_equal(glp_get_num_int(lp), st.ints);
	glp_create_index(lp);
	for (int i = 1; i <= st.rows; i++)
		assert_int_equal(glp_find_row(lp, glp_get_row_name(lp, i)), i);
	glp_delete_prob(lp);
	glp_free_env();
	unlink(path);

	/* nothing is left behind when the target cannot be written */
	snprintf(path, sizeof path, "%s/missing/p.lp", dir);
	assert_int_equal(qt_export_program(path, QT_EXPORT_LP, s), QT_EIO);
	assert_int_equal(qt_export_program(NULL, QT_EXPORT_LP, s), QT_EINVAL);
	snprintf(path, sizeof path, "%s/file", dir);
	tu_write(path, "x");
	assert_int_equal(qt_export_mathprog(path, s, NULL), QT_EIO);
	unlink(path);
	clean(dir);
	qt_scenario_free(s);
}

/* The data file carries every set size and the library's quotas. */
static void test_mathprog_data(void **state)
{
	(void)state;
	qt_scenario *s = load("tests/fixtures/cross_small.json");
	char *dir = tu_tmpdir(), path[512];
	assert_int_equal(qt_export_mathprog(dir, s, NULL), 0);
	snprintf(path, sizeof path, "%s/quartier.dat", dir);
	char *text = tu_slurp(path, NULL);
	assert_non_null(text);
	assert_non_null(strstr(text, "param T := 5;"));
	assert_non_null(strstr(text, "param nG := 4;"));
	assert_non_null(strstr(text, "param nM := 3;"));
	assert_non_null(strstr(text, "param nK := 2;"));
	assert_non_null(strstr(text, "param nO := 6;"));
	assert_non_null(strstr(text, "param P_move := 200;"));
	assert_non_null(strstr(text, "# Scenario: Cross-check"));
	qt_quotas q;
	assert_int_equal(qt_quotas_compute(&q, s), 0);
	char row[128];
	snprintf(row, sizeof row, "\n  1 %ld %ld %ld %ld %ld\n", q.q[QT_IX(0, 1, 5)], q.q[QT_IX(0, 2, 5)],
		 q.q[QT_IX(0, 3, 5)], q.q[QT_IX(0, 4, 5)], q.q[QT_IX(0, 5, 5)]);
	char *quota = strstr(text, "param q :");
	assert_non_null(quota);
	assert_non_null(strstr(quota, row));
	qt_quotas_free(&q);
	free(text);
	snprintf(path, sizeof path, "%s/quartier.mod", dir);
	assert_int_equal(access(path, F_OK), -1); /* no model asked for */
	clean(dir);
	qt_scenario_free(s);
}

/* ---- the generator ---- */

static qt_scenario *parse_text(const char *text)
{
	qt_scenario *s = NULL;
	qt_errors *e = NULL;
	int rc = qt_scenario_parse(&s, &e, text, strlen(text));
	for (size_t i = 0; i < qt_errors_count(e); i++)
		fprintf(stderr, "generated: %s: %s\n", qt_errors_pointer(e, i), qt_errors_message(e, i));
	qt_errors_free(e);
	assert_int_equal(rc, 0);
	return s;
}

static void assert_sizes(const qt_scenario *s, int sites, int munis, int kombi, int offers, int periods)
{
	assert_int_equal(s->n_gu, sites);
	assert_int_equal(s->n_muni, munis);
	assert_int_equal(s->n_kombi, kombi);
	assert_int_equal(s->n_offer, offers);
	assert_int_equal(s->T, periods);
}

static void test_generate_named_sizes(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		int sites, munis, kombi, offers, periods;
	} sizes[] = { { "district", 107, 44, 20, 300, 12 },
		      { "large", 300, 100, 60, 2000, 20 },
		      { "state", 1500, 1100, 200, 10000, 12 } };
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		qt_generate_options g;
		qt_generate_options_init(&g);
		assert_int_equal(qt_generate_options_size(&g, sizes[i].name), 0);
		char *text = NULL;
		assert_int_equal(qt_generate(&text, &g), 0);
		qt_scenario *s = parse_text(text);
		assert_sizes(s, sizes[i].sites, sizes[i].munis, sizes[i].kombi, sizes[i].offers, sizes[i].periods);
		/* realistic: about 1 % of the places of the district example per site, AU quota > 0 */
		long places = 0;
		for (int k = 0; k < s->n_gu; k++)
			places += s->gu[k].places;
		assert_true(places > 40L * s->n_gu && places < 120L * s->n_gu);
		assert_true(qt_start_vu(s) > 0);
		qt_scenario_free(s);
		free(text);
	}
	qt_generate_options g;
	qt_generate_options_init(&g);
	assert_int_equal(qt_generate_options_size(&g, "planet"), QT_EINVAL);
	assert_int_equal(g.gu_sites, 107);
}

/* Large programs take the interior-point path (lib/solve_relax.c): the bound proven from its duals
 * lies at or below the LP relaxation's optimum (weak duality) and close to it, and the plan is
 * complete, checked and within 2 % of that bound. */
static void test_large_program_interior(void **state)
{
	(void)state;
	qt_scenario *s = tu_generated(60, 300, 20, 300, 3);
	/* the LP relaxation by the simplex method, for reference */
	qt_model m;
	assert_int_equal(qt_model_build(&m, s), 0);
	assert_true(glp_get_num_cols(m.lp) >= QT_IPM_MIN_COLUMNS);
	glp_smcp sp;
	glp_init_smcp(&sp);
	sp.msg_lev = GLP_MSG_OFF;
	sp.presolve = GLP_ON;
	assert_int_equal(glp_simplex(m.lp, &sp), 0);
	double lp = glp_get_obj_val(m.lp);
	qt_model_free(&m);

	qt_plan *p = solved(s, 120, 0.02);
	qt_errors *v = NULL;
	assert_int_equal(qt_plan_check(&v, s, p), 0);
	qt_errors_free(v);
	double z = qt_plan_objective(p);
	fprintf(stderr, "interior path: LP %.2f, bound %.2f, plan %.2f, gap %.4f %%, %.1f s\n", lp, p->bound, z,
		100 * qt_plan_gap(p), qt_plan_seconds(p));
	assert_true(p->bound <= lp + 1e-7 * fabs(lp));
	assert_true(p->bound >= lp - 1e-3 * fabs(lp));
	assert_true(p->bound <= z);
	assert_true(qt_plan_gap(p) <= 0.02);
	assert_true(qt_plan_status(p) == QT_STATUS_GAP_REACHED);
	/* the plan keeps its dive's first basis: a dive again on its site plan starts from it */
	assert_non_null(p->basis[QT_BASIS_DIVE]);
	qt_plan_free(p);
	qt_scenario_free(s);
}

static void test_generate_deterministic(void **state)
{
	(void)state;
	qt_generate_options g;
	qt_generate_options_init(&g);
	g.seed = 42;
	char *a = NULL, *b = NULL, *c = NULL;
	assert_int_equal(qt_generate(&a, &g), 0);
	assert_int_equal(qt_generate(&b, &g), 0);
	g.seed = 43;
	assert_int_equal(qt_generate(&c, &g), 0);
	assert_string_equal(a, b);
	assert_true(strcmp(a, c) != 0);
	free(a);
	free(b);
	free(c);
}

/* Valid by construction at every size, including the extremes: MODEL.md constraint 2 and the AU
 * stock check hold (qt_scenario_parse rejects a scenario that breaks either). */
static void test_generate_always_valid(void **state)
{
	(void)state;
	static const int shapes[][5] = {
		/* municipalities, sites, kombimodell, offers, periods */
		{ 1, 1, 0, 0, 1 },   { 1, 1, 0, 0, 80 },   { 2000, 1, 0, 0, 1 }, { 1, 5000, 0, 0, 2 },
		{ 3, 2, 500, 0, 4 }, { 5, 5, 5, 100000, 8 }, { 44, 107, 20, 300, 12 }, { 7, 13, 3, 17, 40 },
	};
	for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++) {
		unsigned long long seeds = shapes[i][3] > 1000 ? 1 : 4;
		for (unsigned long long seed = 0; seed < seeds; seed++) {
			qt_generate_options g;
			qt_generate_options_init(&g);
			g.municipalities = shapes[i][0];
			g.gu_sites = shapes[i][1];
			g.kombimodell = shapes[i][2];
			g.offers = shapes[i][3];
			g.periods = shapes[i][4];
			g.seed = seed * 7919;
			char *text = NULL;
			assert_int_equal(qt_generate(&text, &g), 0);
			qt_scenario *s = parse_text(text);
			assert_sizes(s, g.gu_sites, g.municipalities, g.kombimodell, g.offers, g.periods);
			qt_scenario_free(s);
			free(text);
		}
	}
	qt_generate_options g;
	qt_generate_options_init(&g);
	char *text = NULL;
	g.gu_sites = 0;
	assert_int_equal(qt_generate(&text, &g), QT_EINVAL);
	g.gu_sites = 1;
	g.periods = 81;
	assert_int_equal(qt_generate(&text, &g), QT_EINVAL);
	g.periods = 12;
	g.version = 0;
	assert_int_equal(qt_generate(&text, &g), QT_EINVAL);
	assert_null(text);
}

/* ---- the commands ---- */

static void test_cli_export(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	tu_run_result r = tu_run("export examples/tiny.json --mathprog %s/mp --mps %s/p.mps --lp %s/p.lp --stats", dir,
				 dir, dir);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "rows=56 cols=71 integers=43"));
	assert_non_null(strstr(r.out, "lp_s="));
	tu_run_free(&r);
	const char *files[] = { "mp/quartier.dat", "mp/quartier.mod", "p.mps", "p.lp" };
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		char path[512];
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		assert_int_equal(access(path, R_OK), 0);
	}
	r = tu_run("export --help");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "--mathprog DIR"));
	tu_run_free(&r);
	r = tu_run("export examples/tiny.json");
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "export needs"));
	tu_run_free(&r);
	r = tu_run("export examples/tiny.json --mathprog %s/mp --model %s/nothing.mod", dir, dir);
	assert_int_equal(r.status, 2);
	tu_run_free(&r);
	r = tu_run("export examples/tiny.json --mps %s/missing/p.mps", dir);
	assert_int_equal(r.status, 1);
	assert_non_null(strstr(r.err, "MPS export"));
	tu_run_free(&r);
	clean(dir);
}

static void test_cli_generate(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();
	tu_run_result r = tu_run("generate --sites 9 --municipalities 4 --kombimodell 2 --offers 30 --periods 6 "
				 "--seed 5 --out %s/g.json",
				 dir);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "");
	tu_run_free(&r);
	r = tu_run("validate %s/g.json", dir);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "4 municipalities, 9 GU sites"));
	tu_run_free(&r);
	/* stdout and --out give the same text; a single size overrides the named one */
	r = tu_run("generate --sites 9 --municipalities 4 --kombimodell 2 --offers 30 --periods 6 --seed 5");
	assert_int_equal(r.status, 0);
	char path[512];
	snprintf(path, sizeof path, "%s/g.json", dir);
	char *file = tu_slurp(path, NULL);
	assert_string_equal(r.out, file);
	free(file);
	tu_run_free(&r);
	r = tu_run("generate --periods 3 --size large --offers 10 --out %s/l.json", dir);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	r = tu_run("validate %s/l.json", dir);
	assert_non_null(strstr(r.out, "3 periods"));
	assert_non_null(strstr(r.out, "300 GU sites"));
	assert_non_null(strstr(r.out, "10 housing offers"));
	tu_run_free(&r);
	const char *bad[] = { "--size planet", "--sites 0", "--periods 81", "--offers x", "--seed -1", "extra" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		r = tu_run("generate %s", bad[i]);
		assert_int_equal(r.status, 2);
		assert_string_equal(r.out, "");
		tu_run_free(&r);
	}
	r = tu_run("generate --out %s/missing/g.json", dir);
	assert_int_equal(r.status, 1);
	tu_run_free(&r);
	clean(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_glpsol_on_mathprog),
		cmocka_unit_test(test_cbc_on_mps_and_lp),
		cmocka_unit_test(test_lp_relaxation_esslingen),
		cmocka_unit_test(test_export_program),
		cmocka_unit_test(test_mathprog_data),
		cmocka_unit_test(test_generate_named_sizes),
		cmocka_unit_test(test_large_program_interior),
		cmocka_unit_test(test_generate_deterministic),
		cmocka_unit_test(test_generate_always_valid),
		cmocka_unit_test(test_cli_export),
		cmocka_unit_test(test_cli_generate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
