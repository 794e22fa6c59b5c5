/* The solve strategy (README, "The model and how it is solved").
 *
 * Plain branch-and-bound on the program as MODEL.md states it finds no integer plan on a district:
 * thousands of integer person counts give GLPK nothing useful to branch on. So:
 *  A. Sites: site and module decisions integer, person counts continuous, AU places less a small
 *     allowance for whole persons. GLPK's branch-and-cut (presolve, cuts, pseudocost branching)
 *     finds the site and module plan.
 *  B. Persons: the site and module plan fixed, a dive: per period a small search for whole
 *     households, rounding (round.c), fix, re-solve, next period. The result satisfies every
 *     constraint exactly.
 *  C. Bound, on a copy of the program kept to the end: Gomory rounds with the person counts and
 *     the implied integers integer. Every LP optimum on the way is a relaxation of the whole
 *     program: the proven lower bound the gap is measured against.
 *  Then other variants of A and B while time remains; last, on the copy, a search with the persons
 *  placed per municipality and period integer (its root, and on larger programs its branching,
 *  raise the bound), and on small programs the whole program from the plan as incumbent.
 * Large programs replace A and C by the interior-point relaxation (relax.c): its duals give the
 * bound, its rounded solution the site plan. If no site plan comes out in time, the status quo
 * (no openings, no modules) stands in. */
/* glp_gmi_cut: exported by GLPK 5.0, declared only under GLP_UNDOC. */
#define GLP_UNDOC 1
#include "model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void qt_solve_options_init(qt_solve_options *opt)
{
	memset(opt, 0, sizeof *opt);
	opt->version = QT_SOLVE_OPTIONS_VERSION;
	opt->time_limit_s = -1;
	opt->gap = -1;
}

typedef struct {
	const qt_scenario *s;
	qt_solve_options opt;
	double t0, deadline, gap;
	qt_model m;
	double *val;          /* column values [1..ncols] */
	qt_plan *plan;
	double bound;         /* proven lower bound of the whole program */
	long nodes, nodes_phase;
	const char *phase;
	double last_report;
	int bounding;         /* the running search bounds the whole program */
	double *incumbent;    /* the plan as columns, handed to GLPK's search once */
	int incumbent_given;
	double best;          /* objective of the best complete plan so far, HUGE_VAL: none */
	int polishing;        /* the running search's incumbents are plans of the whole program */
	double allowance;     /* the site search's allowance for whole persons (variant) */
	double threshold;     /* rounding threshold of sites from the relaxation (variant) */
	double pass_s;        /* seconds the last site search and dive took */
	glp_prob *bq;         /* the copy of the program the bound is computed on, with its cuts */
	double root_stop;     /* the bound's search ends its root by then */
	int branching;        /* the bound's search branches past its root */
	int past_root;        /* it is past its root */
	double cb_last, cb_step; /* the last call of its callback, the longest time between two */
	int cut_passes;       /* Gomory rounds run on bq so far */
	double *relaxed;      /* the interior-point relaxation's solution, [1..ncols] */
	struct bounds {
		int type;
		double lb, ub;
	} *bounds;            /* every column's bounds as built, [1..ncols] */
} solver;

static double gap_of(const solver *sv, const qt_plan *p);
static void restore_bounds(solver *sv);

/* Progress at most once a second. GLPK marks "no bound" with -DBL_MAX: shown as none. */
static void report(solver *sv, double incumbent, double bound)
{
	double t = now();
	if (!sv->opt.progress || t - sv->last_report < 1.0)
		return;
	if (!(fabs(bound) < 1e300))
		bound = -HUGE_VAL;
	if (!(fabs(incumbent) < 1e300))
		incumbent = HUGE_VAL;
	sv->last_report = t;
	qt_progress pr = { t - sv->t0, incumbent, bound, sv->phase };
	sv->opt.progress(&pr, sv->opt.progress_ctx);
}

static int stopped(const solver *sv)
{
	return sv->opt.stop && *sv->opt.stop;
}

static void on_tree(glp_tree *tree, void *info)
{
	solver *sv = info;
	if (stopped(sv)) {
		glp_ios_terminate(tree);
		return;
	}
	int a, n, total;
	glp_ios_tree_size(tree, &a, &n, &total);
	sv->nodes_phase = total;
	if (sv->incumbent && !sv->incumbent_given && glp_ios_reason(tree) == GLP_IHEUR) {
		sv->incumbent_given = 1;
		glp_ios_heur_sol(tree, sv->incumbent);
	}
	double bound = -HUGE_VAL, inc = HUGE_VAL;
	int best = glp_ios_best_node(tree);
	if (best)
		bound = glp_ios_node_bound(tree, best);
	glp_prob *lp = glp_ios_get_prob(tree);
	if (glp_mip_status(lp) == GLP_FEAS || glp_mip_status(lp) == GLP_OPT)
		inc = glp_mip_obj_val(lp);
	if (sv->bounding && best && bound > sv->bound && bound < 1e300)
		sv->bound = bound;
	/* The site search's incumbent is a relaxed value, not a plan: only plans are reported. */
	report(sv, sv->polishing ? fmin(sv->best, inc) : sv->best, sv->bound);
}

static int ms_left(const solver *sv)
{
	double left = sv->deadline - now();
	return left > 0.001 ? (int)(left * 1000) : 1;
}

static void mip_params(glp_iocp *p, solver *sv, double share_of_rest, double gap, int presolve)
{
	glp_init_iocp(p);
	p->msg_lev = sv->opt.verbose ? GLP_MSG_ON : GLP_MSG_OFF;
	p->presolve = presolve ? GLP_ON : GLP_OFF;
	p->br_tech = GLP_BR_PCH;
	p->bt_tech = GLP_BT_BLB;
	p->gmi_cuts = GLP_ON;
	p->mir_cuts = GLP_ON;
	p->cov_cuts = GLP_ON;
	p->clq_cuts = GLP_ON;
	p->mip_gap = gap;
	p->tm_lim = (int)(ms_left(sv) * share_of_rest);
	if (p->tm_lim < 1)
		p->tm_lim = 1;
	p->cb_func = on_tree;
	p->cb_info = sv;
}

/* Sets the kind of n columns of a column map (entries 0 stand for no column). */
static void set_kind(glp_prob *lp, const int *cols, size_t n, int kind)
{
	for (size_t i = 0; i < n; i++)
		if (cols[i])
			glp_set_col_kind(lp, cols[i], kind);
}

static size_t n_placed(const solver *sv)
{
	return (size_t)sv->s->n_muni * (size_t)(sv->s->T + 1);
}

/* Whole persons leave part of the AU places unused: the exit rate makes the room in a municipality's
 * stock fractional, and a plan can only fill its whole part. Searching sites and modules against AU
 * places reduced by this allowance per municipality and period lets the site plan hold the GU
 * places those persons need. Measured on the Esslingen example (README, "Solve strategy"). */
static const double allowance_tries[] = { 0.3, 0.8, 0.0 };

static int lp_solve(solver *sv, int dual, double share, int grace_ms);

/* GLPK's MIP presolver pays on a district (it halves the site search on the Esslingen example) but
 * does not watch the time limit: on programs beyond this size it runs for tens of seconds, so
 * there the search starts from a time-limited LP instead. */
#define QT_PRESOLVE_MAX_COLUMNS 50000

/* A site is kept open in a quarter where the relaxation has it open to at least this share; the
 * first value, then the others while time remains. */
static const double threshold_tries[] = { 0.5, 0.3, 0.7 };
#define QT_TRIES (sizeof threshold_tries / sizeof *threshold_tries)

static int use_presolve(const solver *sv)
{
	return sv->plan->cols <= QT_PRESOLVE_MAX_COLUMNS;
}

static int use_ipm(const solver *sv)
{
	return sv->plan->cols >= QT_IPM_MIN_COLUMNS;
}

/* GLPK's interior-point method has no time limit: it is started only if its expected time, from
 * the nonzeros, fits into the time left. Measured (`quartier export --stats`): 2.9 s at 201,653
 * nonzeros (`large`), 21.8 s at 721,252 (`state`); the estimate lies above both. */
static double ipm_expected_s(const solver *sv)
{
	return 4e-5 * glp_get_num_nz(sv->m.lp);
}

static int ipm_fits(const solver *sv)
{
	return !stopped(sv) && ipm_expected_s(sv) < sv->deadline - now();
}

static int ipm_solve(solver *sv)
{
	if (!ipm_fits(sv))
		return QT_ENOPLAN;
	return qt_relax_ipm(sv->m.lp, sv->val, sv->opt.verbose);
}

/* Large programs: the LP relaxation by the interior-point method gives the proven bound (from its
 * duals) and, rounded, the site and module plan. Returns 1 if sv->val holds such a plan. */
static int phase_relax(solver *sv, int round_sites)
{
	size_t n = (size_t)sv->plan->cols + 1;
	if (sv->relaxed) {
		memcpy(sv->val, sv->relaxed, n * sizeof *sv->val);
	} else {
		sv->phase = "relaxation";
		report(sv, sv->best, sv->bound);
		if (ipm_solve(sv))
			return 0;
		double z = qt_dual_bound(&sv->m, 1);
		if (z > sv->bound)
			sv->bound = z;
		sv->relaxed = malloc(n * sizeof *sv->relaxed);
		if (sv->relaxed)
			memcpy(sv->relaxed, sv->val, n * sizeof *sv->val);
	}
	if (round_sites)
		qt_round_sites(&sv->m, sv->val, sv->threshold, sv->plan->kept);
	report(sv, sv->best, sv->bound);
	return 1;
}

static void shift_au_capacity(solver *sv, double by)
{
	for (size_t i = 0; i < n_placed(sv); i++) {
		int r = sv->m.au_cap_row[i];
		if (r)
			glp_set_row_bnds(sv->m.lp, r, GLP_UP, 0, glp_get_row_ub(sv->m.lp, r) + by);
	}
}

/* A: sites and modules, person counts continuous, AU places less the allowance above. Its bound is
 * not one of the program (the places differ); phase_cuts and phase_bound give that. Returns 1 if
 * an integral site and module plan is in sv->val. */
static int phase_sites(solver *sv)
{
	glp_prob *lp = sv->m.lp;
	glp_iocp p;
	sv->phase = "sites";
	set_kind(sv->m.lp, sv->m.person, (size_t)sv->m.n_person, GLP_CV);
	set_kind(sv->m.lp, sv->m.P, n_placed(sv), GLP_CV);
	int pre = use_presolve(sv);
	/* Its own gap: tight for a tight target, a quarter of a loose one (the dive adds to it). */
	mip_params(&p, sv, 0.6, sv->gap <= 1e-3 ? fmin(sv->gap / 2, 5e-4) : sv->gap / 4, pre);
	shift_au_capacity(sv, -sv->allowance);
	if (pre || lp_solve(sv, 0, 0.6, 0) == 0)
		glp_intopt(lp, &p);
	shift_au_capacity(sv, sv->allowance);
	sv->nodes += sv->nodes_phase;
	sv->nodes_phase = 0;
	int st = glp_mip_status(lp);
	if (st != GLP_OPT && st != GLP_FEAS)
		return 0;
	int n = glp_get_num_cols(lp);
	for (int j = 1; j <= n; j++)
		sv->val[j] = glp_mip_col_val(lp, j);
	return 1;
}

/* GLPK's branch-and-bound checks the time only between nodes; on a district a single node's LP
 * outlasts the time limit by seconds (measured: 8.6 s over a 20 s limit on the Esslingen example),
 * and there the search proves nothing new in a minute. So it runs on small programs only. */
#define QT_POLISH_MAX_COLUMNS 5000

/* The bound's search (phase_bound): the root until root_stop, past the root only if branching,
 * and only until the plan's gap is reached. GLPK looks at its time limit only between nodes: past
 * the root, the search ends early by the longest step between two calls so far, not late by one. */
static void bound_search(glp_tree *tree, void *info)
{
	solver *sv = info;
	on_tree(tree, info);
	double t = now();
	if (sv->past_root && t - sv->cb_last > sv->cb_step)
		sv->cb_step = t - sv->cb_last;
	sv->cb_last = t;
	if (glp_ios_reason(tree) == GLP_IBRANCH)
		sv->past_root = 1;
	if ((sv->past_root && !sv->branching) || t > sv->root_stop ||
	    (sv->past_root && t + sv->cb_step > sv->deadline) || gap_of(sv, sv->plan) <= sv->gap)
		glp_ios_terminate(tree);
}

/* One cut per basic integer column with a fractional value, most fractional first (GLPK's
 * glp_gmi_cut on the optimal basis of q), into pool as rows sum val x >= rhs. Like GLPK's own
 * glp_gmi_gen, cuts with a coefficient outside [1e-3, 1e3] are left out (numerically unsafe);
 * unlike it, every fractional column yields one (glp_gmi_gen takes at most max_cuts, the values
 * nearest above an integer first). Measured on the Esslingen example, 5 rounds: 172,016,495 EUR
 * this way, 171,982,737 with glp_gmi_gen (500 a round). Returns the number of cuts. */
typedef struct {
	int j;
	double away; /* distance of the fractional part from 1/2 */
} gmi_candidate;

static int by_fractionality(const void *a, const void *b)
{
	double x = ((const gmi_candidate *)a)->away, y = ((const gmi_candidate *)b)->away;
	return x < y ? -1 : x > y;
}

static int gomory_cuts(glp_prob *q, glp_prob *pool, int *ind, double *val)
{
	int n = glp_get_num_cols(q), m = glp_get_num_rows(q), made = 0, nc = 0;
	gmi_candidate *c = malloc(((size_t)n + 1) * sizeof *c);
	double *phi = malloc(((size_t)m + (size_t)n + 1) * sizeof *phi);
	if (!c || !phi)
		goto out;
	for (int j = 1; j <= n; j++) {
		if (glp_get_col_kind(q, j) != GLP_IV || glp_get_col_type(q, j) == GLP_FX ||
		    glp_get_col_stat(q, j) != GLP_BS)
			continue;
		double x = glp_get_col_prim(q, j), f = x - floor(x);
		if (f >= 0.01 && f <= 0.99)
			c[nc++] = (gmi_candidate){ j, fabs(f - 0.5) };
	}
	qsort(c, (size_t)nc, sizeof *c, by_fractionality);
	for (int k = 0; k < nc; k++) {
		int len = glp_gmi_cut(q, c[k].j, ind, val, phi);
		if (len < 1)
			continue;
		int ok = 1;
		for (int i = 1; i <= len && ok; i++)
			ok = fabs(val[i]) >= 1e-3 && fabs(val[i]) <= 1e3;
		if (!ok)
			continue;
		int r = glp_add_rows(pool, 1);
		glp_set_mat_row(pool, r, len, ind, val);
		glp_set_row_bnds(pool, r, GLP_LO, val[0], 0);
		made++;
	}
out:
	free(c);
	free(phi);
	return made;
}

#define QT_CUT_PASSES 60     /* Gomory rounds at most, in all */
#define QT_WARM_CUT_PASSES 3 /* of them before a warm start's plan is given up */

/* Rounds of Gomory's mixed-integer cuts on q, the whole program with every integer column
 * integer: solve the LP, add the cuts its optimal basis yields, solve again, until the bound stops
 * rising, the plan's gap is reached or the time share is spent. Every LP optimum on the way is a
 * proven lower bound of the program. Measured on the Esslingen example (with the implied integers
 * below): 171,873,697 EUR (the LP with the whole-person rows) to 172,022,253 in 15 rounds, 16 s. */
static void gomory_rounds(solver *sv, glp_prob *q, double share, int max_passes)
{
	double stop_at = now() + (sv->deadline - now()) * share;
	int nc = glp_get_num_cols(q);
	glp_prob *pool = glp_create_prob();
	int *ind = malloc(((size_t)nc + 1) * sizeof *ind);
	double *v = malloc(((size_t)nc + 1) * sizeof *v);
	if (!pool || !ind || !v)
		goto out;
	glp_add_cols(pool, nc);
	glp_smcp sp;
	glp_init_smcp(&sp);
	sp.msg_lev = sv->opt.verbose ? GLP_MSG_ON : GLP_MSG_OFF;
	/* The first rounds start from an advanced basis; later ones from the last basis, which the
	 * cuts added after it leave dual feasible. */
	int fresh = sv->cut_passes == 0;
	if (fresh)
		glp_adv_basis(q, 0);
	double last = -HUGE_VAL;
	for (int pass = 0, still = 0; pass < max_passes && !stopped(sv); pass++, sv->cut_passes++) {
		double left = stop_at - now();
		if (left < 0.05)
			break;
		sp.tm_lim = (int)(left * 1000);
		sp.meth = pass || !fresh ? GLP_DUALP : GLP_PRIMAL;
		if (glp_simplex(q, &sp) != 0 || glp_get_status(q) != GLP_OPT)
			break;
		double z = glp_get_obj_val(q);
		if (z > sv->bound)
			sv->bound = z;
		report(sv, sv->best, sv->bound);
		still = z - last < 1e-7 * fabs(z) ? still + 1 : 0;
		last = z;
		if (still >= 3 || gap_of(sv, sv->plan) <= sv->gap || gomory_cuts(q, pool, ind, v) <= 0)
			break;
		int n = glp_get_num_rows(pool);
		for (int i = 1; i <= n; i++) {
			int len = glp_get_mat_row(pool, i, ind, v);
			int r = glp_add_rows(q, 1);
			glp_set_mat_row(q, r, len, ind, v);
			glp_set_row_bnds(q, r, glp_get_row_type(pool, i), glp_get_row_lb(pool, i),
					 glp_get_row_ub(pool, i));
		}
		glp_erase_prob(pool);
		glp_add_cols(pool, nc);
	}
out:
	if (pool)
		glp_delete_prob(pool);
	free(ind);
	free(v);
}

/* Columns that are whole in some optimal plan, though the program declares them continuous:
 * backlog, persons in vU, waiting households and persons without a place are sums and differences
 * of whole numbers (SCENARIO.md: persons and households are whole), and below / above the quota
 * are, at an optimum, the positive and negative part of a whole difference (their penalties are
 * >= 0). Declaring them integer in the bound's copy leaves its optimum as it is and lets the cuts
 * use them. Measured on the Esslingen example, 20 rounds of glp_gmi_gen's cuts: 171,962,592 EUR
 * without, 171,991,238 with. */
static void implied_integers(const solver *sv, glp_prob *q)
{
	const qt_model *m = &sv->m;
	size_t per = (size_t)sv->s->T + 1;
	set_kind(q, m->bl, per, GLP_IV);
	set_kind(q, m->V, per, GLP_IV);
	set_kind(q, m->U, per, GLP_IV);
	set_kind(q, m->F, QT_NCLASS * per, GLP_IV);
	set_kind(q, m->under, n_placed(sv), GLP_IV);
	set_kind(q, m->over, n_placed(sv), GLP_IV);
}

/* C: the proven lower bound, on a copy of the program (sv->bq, kept to the end): Gomory rounds
 * with every person count and the implied integers integer, at most max_passes of them now; a
 * later call goes on from there (the cuts hold for every plan). Only while the plan's gap is
 * above the target. */
static void phase_cuts(solver *sv, int max_passes)
{
	if (sv->deadline - now() < 1.0 || stopped(sv) || gap_of(sv, sv->plan) <= sv->gap)
		return;
	sv->phase = "bound";
	glp_prob *q = sv->bq;
	if (!q) {
		restore_bounds(sv); /* the program as built, not as the dive left it */
		q = sv->bq = glp_create_prob();
		glp_copy_prob(q, sv->m.lp, GLP_OFF);
		set_kind(q, sv->m.person, (size_t)sv->m.n_person, GLP_IV);
		set_kind(q, sv->m.P, n_placed(sv), GLP_IV);
		implied_integers(sv, q);
	}
	gomory_rounds(sv, q, 0.25, max_passes);
}

/* C, last: on the copy with its cuts, a search in which the persons placed per municipality and
 * period are integer (the other person counts relaxed). Its root's cuts raise the bound; on
 * programs too large for the polishing search it then branches until the time limit or the
 * target gap (branching raises the best bound of the open nodes). The plan is not handed to it as
 * an incumbent: GLPK's presolver renumbers the columns, and glp_ios_heur_sol checks no row. */
static void phase_bound(solver *sv)
{
	glp_prob *q = sv->bq;
	if (!q || sv->deadline - now() < 1.0 || stopped(sv) || gap_of(sv, sv->plan) <= sv->gap)
		return;
	sv->phase = "bound";
	set_kind(q, sv->m.person, (size_t)sv->m.n_person, GLP_CV);
	glp_iocp p;
	int pre = use_presolve(sv);
	mip_params(&p, sv, 1.0, 0, pre);
	p.cb_func = bound_search;
	sv->branching = sv->plan->cols > QT_POLISH_MAX_COLUMNS;
	sv->root_stop = sv->branching ? sv->deadline : now() + 0.4 * (sv->deadline - now());
	sv->cb_last = sv->cb_step = 0;
	sv->past_root = 0;
	sv->bounding = 1;
	if ((pre || glp_get_status(q) == GLP_OPT) && glp_intopt(q, &p) == 0 && glp_mip_status(q) == GLP_OPT &&
	    glp_mip_obj_val(q) > sv->bound)
		sv->bound = glp_mip_obj_val(q); /* the search finished: its optimum bounds */
	sv->bounding = 0;
	sv->nodes += sv->nodes_phase;
	sv->nodes_phase = 0;
}

/* The status quo as a site plan: what is open stays open while it may, nothing opens, no modules. */
static void status_quo_sites(solver *sv)
{
	const qt_scenario *s = sv->s;
	int T = s->T;
	for (int g = 0; g < s->n_gu; g++) {
		int open = s->gu[g].open0;
		for (int t = 1; t <= T; t++) {
			size_t ix = QT_IX(g, t, T);
			int now_open = open && qt_gu_allowed(&s->gu[g], t);
			sv->val[sv->m.o[ix]] = now_open;
			sv->val[sv->m.up[ix]] = 0;
			sv->val[sv->m.dn[ix]] = open && !now_open;
			open = now_open;
		}
	}
	for (int k = 0; k < s->n_kombi; k++)
		for (int t = 1; t <= T; t++) {
			size_t ix = QT_IX(k, t, T);
			sv->val[sv->m.b[ix]] = sv->val[sv->m.ng[ix]] = sv->val[sv->m.na[ix]] = 0;
		}
}

static void fix_col(glp_prob *lp, int j, double v)
{
	if (j)
		glp_set_col_bnds(lp, j, GLP_FX, v, v);
}

/* Fixes the person counts of period t to the plan's values. */
static void fix_period(solver *sv, int t)
{
	const qt_scenario *s = sv->s;
	const qt_model *m = &sv->m;
	const qt_plan *p = sv->plan;
	int T = s->T;
	fix_col(m->lp, m->acc[t], (double)p->acc[t]);
	for (int g = 0; g < s->n_gu; g++)
		fix_col(m->lp, m->x[QT_IX(g, t, T)], (double)p->x[QT_IX(g, t, T)]);
	for (int k = 0; k < s->n_kombi; k++)
		fix_col(m->lp, m->y[QT_IX(k, t, T)], (double)p->y[QT_IX(k, t, T)]);
	for (size_t i = 0; i < (size_t)s->n_muni * QT_NCLASS; i++)
		fix_col(m->lp, m->as[QT_IX(i, t, T)], (double)p->as[QT_IX(i, t, T)]);
	for (int o = 0; o < s->n_offer; o++)
		if (s->offer[o].period == t)
			fix_col(m->lp, m->ao[o], (double)p->ao[o]);
}

/* Solves the LP within a share of the time left, or at least grace_ms. */
static int lp_solve(solver *sv, int dual, double share, int grace_ms)
{
	glp_smcp sp;
	glp_init_smcp(&sp);
	sp.msg_lev = sv->opt.verbose ? GLP_MSG_ON : GLP_MSG_OFF;
	sp.meth = dual ? GLP_DUALP : GLP_PRIMAL;
	int ms = (int)(ms_left(sv) * share);
	sp.tm_lim = ms > grace_ms ? ms : grace_ms > 0 ? grace_ms : 1;
	int ret = glp_simplex(sv->m.lp, &sp);
	if (ret == 0 && glp_get_status(sv->m.lp) == GLP_OPT) {
		int n = glp_get_num_cols(sv->m.lp);
		for (int j = 1; j <= n; j++)
			sv->val[j] = glp_get_col_prim(sv->m.lp, j);
		return 0;
	}
	return ret == GLP_ETMLIM ? QT_ENOPLAN : QT_ESOLVER;
}

/* Before period t is rounded: the households placed into each municipality's AU stock in t made
 * whole by a small search (households per municipality and class integer, all else relaxed).
 * Each stock takes only whole persons and the waiting pool holds few single persons to fill the
 * fractions: which municipality takes which household is what rounding alone does badly.
 * Measured on the Esslingen example, one site plan: LP with the sites fixed 171,947,099 EUR; the
 * dive's plan 172,324,466 without this search, with it the LP after every period so fixed
 * 172,193,002. Needs the simplex basis of the last LP; leaves sv->val as it was if the search
 * finds nothing in its time. */
static void set_period_kind(solver *sv, int t, int kind)
{
	const qt_scenario *s = sv->s;
	glp_set_col_kind(sv->m.lp, sv->m.acc[t], kind);
	for (int o = 0; o < s->n_offer; o++)
		if (sv->m.ao[o] && s->offer[o].period == t)
			glp_set_col_kind(sv->m.lp, sv->m.ao[o], kind);
	for (int mu = 0; mu < s->n_muni; mu++) {
		glp_set_col_kind(sv->m.lp, sv->m.P[QT_IX(mu, t, s->T)], kind);
		for (int h = 0; h < QT_NCLASS; h++)
			glp_set_col_kind(sv->m.lp, sv->m.as[QT_IX(mu * QT_NCLASS + h, t, s->T)], kind);
	}
}

/* 1 if the relaxed solution already places whole households in period t. */
static int placements_whole(const solver *sv, int t)
{
	const qt_scenario *s = sv->s;
	for (int mu = 0; mu < s->n_muni; mu++)
		for (int h = 0; h < QT_NCLASS; h++) {
			double v = sv->val[sv->m.as[QT_IX(mu * QT_NCLASS + h, t, s->T)]];
			if (fabs(v - round(v)) > 1e-6)
				return 0;
		}
	return 1;
}

/* The per-period search stops after this many nodes, so that the plan does not depend on the
 * machine's speed; most searches end well before (measured on the Esslingen example and the
 * generated `district`: 15 to 195 nodes, 0.1 to 1.0 s each). The time cap stays as a safety net. */
#define QT_PERIOD_NODES 400

static void period_search(glp_tree *tree, void *info)
{
	solver *sv = info;
	on_tree(tree, info);
	if (sv->nodes_phase >= QT_PERIOD_NODES)
		glp_ios_terminate(tree);
}

static void whole_placements(solver *sv, int t)
{
	glp_prob *lp = sv->m.lp;
	if (glp_get_status(lp) != GLP_OPT || sv->deadline - now() < 0.5 || placements_whole(sv, t))
		return;
	set_period_kind(sv, t, GLP_IV);
	glp_iocp p;
	glp_init_iocp(&p);
	p.msg_lev = GLP_MSG_OFF;
	p.presolve = GLP_OFF;
	p.br_tech = GLP_BR_PCH;
	p.bt_tech = GLP_BT_BLB;
	p.mip_gap = 1e-6;
	p.tm_lim = ms_left(sv) / 4 < 3000 ? ms_left(sv) / 4 : 3000;
	p.cb_func = period_search;
	p.cb_info = sv;
	int ret = glp_intopt(lp, &p);
	int st = glp_mip_status(lp);
	if ((ret == 0 || ret == GLP_ETMLIM || ret == GLP_EMIPGAP || ret == GLP_ESTOP) &&
	    (st == GLP_OPT || st == GLP_FEAS)) {
		int n = glp_get_num_cols(lp);
		for (int j = 1; j <= n; j++)
			sv->val[j] = glp_mip_col_val(lp, j);
	}
	sv->nodes += sv->nodes_phase;
	sv->nodes_phase = 0;
	set_period_kind(sv, t, GLP_CV);
}

/* B: fixes the site and module plan and dives: solve the LP over person counts, round one period,
 * fix it, re-solve, so later periods make up for what rounding took from earlier ones. */
static int phase_round(solver *sv)
{
	glp_prob *lp = sv->m.lp;
	sv->phase = "rounding";
	/* Person counts relaxed (a warm start skips the site search, which relaxes them); the
	 * per-period search makes one period's integer at a time. */
	set_kind(sv->m.lp, sv->m.person, (size_t)sv->m.n_person, GLP_CV);
	set_kind(sv->m.lp, sv->m.P, n_placed(sv), GLP_CV);
	for (int i = 0; i < sv->m.n_struct; i++)
		fix_col(lp, sv->m.structural[i], round(sv->val[sv->m.structural[i]]));
	int rc;
	if (use_ipm(sv)) {
		rc = ipm_solve(sv);
	} else {
		glp_adv_basis(lp, 0);
		/* The plan must come out even when the site search used up the time: a short grace. */
		rc = lp_solve(sv, 0, 1.0, 1000);
	}
	if (rc == QT_ENOPLAN && use_ipm(sv))
		return qt_set_error(QT_ENOPLAN,
				    "no integer plan within the time limit: the relaxation of this program "
				    "(%d columns) alone takes about %.0f s", sv->plan->cols, ipm_expected_s(sv));
	if (rc == QT_ENOPLAN)
		return qt_set_error(QT_ENOPLAN, "no integer plan within the time limit");
	if (rc)
		return qt_set_error(QT_ESOLVER, "the LP over person counts did not solve");
	qt_rounding *r;
	if ((rc = qt_round_begin(&r, &sv->m, sv->val, sv->plan)))
		return rc;
	int diving = 1;
	for (int t = 1; t <= sv->s->T; t++) {
		if (diving && !use_ipm(sv))
			whole_placements(sv, t);
		qt_round_period(r, sv->val, t);
		if (diving && t < sv->s->T && now() < sv->deadline) {
			fix_period(sv, t);
			diving = (use_ipm(sv) ? ipm_solve(sv) : lp_solve(sv, 1, 1.0, 0)) == 0;
		}
		report(sv, sv->best, sv->bound);
	}
	qt_round_free(r);
	sv->best = fmin(sv->best, sv->plan->objective);
	report(sv, sv->best, sv->bound);
	return 0;
}

static void save_bounds(solver *sv)
{
	for (int j = 1; j <= sv->plan->cols; j++)
		sv->bounds[j] = (struct bounds){ glp_get_col_type(sv->m.lp, j), glp_get_col_lb(sv->m.lp, j),
						 glp_get_col_ub(sv->m.lp, j) };
}

/* Undoes what the dive fixed. */
static void restore_bounds(solver *sv)
{
	for (int j = 1; j <= sv->plan->cols; j++)
		glp_set_col_bnds(sv->m.lp, j, sv->bounds[j].type, sv->bounds[j].lb, sv->bounds[j].ub);
}

/* The site and module decisions of opt.warm_start, if it is a plan of a scenario of the same shape:
 * a variant of the scenario (a sweep, a comparison) mostly keeps them. */
static int warm_sites(solver *sv)
{
	const qt_plan *w = sv->opt.warm_start;
	const qt_scenario *s = sv->s;
	if (!w || w->T != s->T || w->G != s->n_gu || w->K != s->n_kombi || w->M != s->n_muni)
		return 0;
	for (int t = 1; t <= s->T; t++) {
		for (int g = 0; g < s->n_gu; g++) {
			size_t ix = QT_IX(g, t, s->T);
			sv->val[sv->m.o[ix]] = w->open[ix];
			sv->val[sv->m.up[ix]] = w->up[ix];
			sv->val[sv->m.dn[ix]] = w->dn[ix];
		}
		for (int k = 0; k < s->n_kombi; k++) {
			size_t ix = QT_IX(k, t, s->T);
			sv->val[sv->m.b[ix]] = (double)w->b[ix];
			sv->val[sv->m.ng[ix]] = (double)w->ng[ix];
			sv->val[sv->m.na[ix]] = (double)w->na[ix];
		}
	}
	return 1;
}

static double gap_of(const solver *sv, const qt_plan *p)
{
	if (!(sv->bound > -HUGE_VAL))
		return HUGE_VAL;
	return fmax(0.0, (p->objective - sv->bound) / fmax(1.0, fabs(p->objective)));
}

/* An empty plan of the same shape as sv->plan (carrying its kept orders and sizes). */
static qt_plan *plan_like(const solver *sv)
{
	const qt_scenario *s = sv->s;
	qt_plan *p = qt_plan_alloc(s->T, s->n_gu, s->n_kombi, s->n_muni, s->n_offer);
	if (!p)
		return NULL;
	p->rows = sv->plan->rows;
	p->cols = sv->plan->cols;
	p->ints = sv->plan->ints;
	memcpy(p->kept, sv->plan->kept, (size_t)s->n_kombi * (size_t)(s->T + 1) * sizeof *p->kept);
	return p;
}

/* Site search and dive from scratch, after a warm start that fell short or with another variant of
 * the site search; keeps the better plan. */
static int solve_afresh(solver *sv, int warm_rc)
{
	qt_plan *first = sv->plan;
	if (warm_rc == 0) {
		sv->plan = plan_like(sv);
		if (!sv->plan) {
			sv->plan = first;
			return qt_set_error(QT_ENOMEM, "out of memory");
		}
	}
	restore_bounds(sv);
	if (!(use_ipm(sv) ? phase_relax(sv, 1) : phase_sites(sv)))
		status_quo_sites(sv);
	int rc = phase_round(sv);
	if (warm_rc == 0 && (rc || first->objective <= sv->plan->objective)) {
		qt_plan_free(sv->plan);
		sv->plan = first;
		return 0;
	}
	if (warm_rc == 0)
		qt_plan_free(first);
	return rc;
}

/* D: the whole program, every person count integer, from the plan so far as incumbent, while the
 * gap is above the target and time remains. On small programs this proves optimality, and its
 * bound is one of the whole program. */
static int phase_polish(solver *sv)
{
	if (stopped(sv) || sv->deadline - now() < 0.5 || gap_of(sv, sv->plan) <= sv->gap ||
	    sv->plan->cols > QT_POLISH_MAX_COLUMNS)
		return 0;
	glp_prob *lp = sv->m.lp;
	sv->phase = "polishing";
	restore_bounds(sv);
	set_kind(sv->m.lp, sv->m.person, (size_t)sv->m.n_person, GLP_IV);
	set_kind(sv->m.lp, sv->m.P, n_placed(sv), GLP_IV);
	if (lp_solve(sv, 0, 1.0, 0) != 0)
		return 0; /* no time for the LP: the plan stands */
	int n = glp_get_num_cols(lp);
	sv->incumbent = calloc((size_t)n + 1, sizeof(double));
	if (!sv->incumbent)
		return qt_set_error(QT_ENOMEM, "out of memory");
	qt_plan_to_columns(&sv->m, sv->plan, sv->incumbent);
	sv->incumbent_given = 0;
	glp_iocp p;
	mip_params(&p, sv, 1.0, sv->gap, 0);
	/* Cut rounds do not watch the time limit; here they would cost more than they bring. */
	p.gmi_cuts = p.mir_cuts = p.cov_cuts = p.clq_cuts = GLP_OFF;
	sv->bounding = sv->polishing = 1;
	int ret = glp_intopt(lp, &p);
	sv->bounding = sv->polishing = 0;
	sv->nodes += sv->nodes_phase;
	sv->nodes_phase = 0;
	int st = glp_mip_status(lp);
	if (st != GLP_OPT && st != GLP_FEAS)
		return 0;
	double z = glp_mip_obj_val(lp);
	if (ret == 0 && st == GLP_OPT)
		sv->bound = fmax(sv->bound, z); /* the search finished: its best plan is optimal */
	if (z < sv->plan->objective - 1e-6 * fmax(1.0, fabs(z))) {
		for (int j = 1; j <= n; j++)
			sv->val[j] = glp_mip_col_val(lp, j);
		return qt_round_plan(&sv->m, sv->val, sv->plan);
	}
	return 0;
}

/* ---- Re-planning (opt.kept): Kombimodell orders placed before the first period ---- */

/* The period t <= 0 of s labelled `label`, or 1 if the label is no period before s's first. */
static int period_before(const qt_scenario *s, const char *label)
{
	char buf[8];
	for (int t = 0; t > -4 * 1000; t--) {
		qt_period_label(s->start_year, s->start_q, t, buf);
		if (!strcmp(buf, label))
			return t;
	}
	return 1;
}

/* The row named `name` in which column j has an entry, or 0. ind and val hold a whole column. */
static int row_with(glp_prob *lp, int j, const char *name, int *ind, double *val)
{
	int len = glp_get_mat_col(lp, j, ind, val);
	for (int i = 1; i <= len; i++) {
		const char *n = glp_get_row_name(lp, ind[i]);
		if (n && !strcmp(n, name))
			return ind[i];
	}
	return 0;
}

/* Kept modules are being built: each takes one of its site's max_modules and, from lead quarters
 * after its order on, adds to the modules ready (the row ng + na - orders <= 0 becomes <= kept).
 * ready[QT_IX(k, t, T)] counts the kept modules of k usable in t; t = 0 all kept modules of k. */
static int keep_orders(solver *sv)
{
	const qt_scenario *s = sv->s;
	const qt_solve_options *o = &sv->opt;
	int T = s->T, rc = 0;
	if (!o->n_kept)
		return 0;
	if (!o->kept)
		return qt_set_error(QT_EINVAL, "qt_solve: n_kept without kept orders");
	long *ready = sv->plan->kept; /* the plan carries them, for the checker and the reports */
	int nrows = glp_get_num_rows(sv->m.lp);
	int *ind = calloc((size_t)nrows + 1, sizeof *ind);
	double *val = calloc((size_t)nrows + 1, sizeof *val);
	if (!ind || !val)
		rc = qt_set_error(QT_ENOMEM, "out of memory");
	for (size_t i = 0; !rc && i < o->n_kept; i++) {
		const struct qt_kept_order *ko = &o->kept[i];
		int k = 0, t;
		while (k < s->n_kombi && (!ko->kombi || strcmp(s->kombi[k].id, ko->kombi)))
			k++;
		char first[8];
		qt_period_label(s->start_year, s->start_q, 1, first);
		if (k == s->n_kombi)
			rc = qt_set_error(QT_EINPUT, "kept order: the scenario has no Kombimodell site '%s'",
					  ko->kombi ? ko->kombi : "");
		else if ((t = period_before(s, ko->period)) > 0)
			rc = qt_set_error(QT_EINPUT, "kept order of %s: '%.7s' is not a period before the first one, %s",
					  ko->kombi, ko->period, first);
		else if (ko->modules <= 0)
			rc = qt_set_error(QT_EINPUT, "kept order of %s in %s: %ld modules", ko->kombi, ko->period,
					  ko->modules);
		else
			for (int u = 0; u <= T; u++)
				if (u == 0 || u >= t + s->kombi[k].lead)
					ready[QT_IX(k, u, T)] += ko->modules;
	}
	for (int k = 0; !rc && k < s->n_kombi; k++) {
		long kept = ready[QT_IX(k, 0, T)];
		if (!kept)
			continue;
		int r = row_with(sv->m.lp, sv->m.b[QT_IX(k, 1, T)], "max_modules", ind, val);
		if (r)
			glp_set_row_bnds(sv->m.lp, r, GLP_UP, 0, fmax(0.0, (double)(s->kombi[k].max_modules - kept)));
		for (int t = 1; r && t <= T; t++) {
			r = row_with(sv->m.lp, sv->m.ng[QT_IX(k, t, T)], "modules_ready", ind, val);
			if (r)
				glp_set_row_bnds(sv->m.lp, r, GLP_UP, 0, (double)ready[QT_IX(k, t, T)]);
		}
		if (!r)
			rc = qt_set_error(QT_ESOLVER, "internal: no Kombimodell rows for the kept orders");
	}
	free(ind);
	free(val);
	return rc;
}

static int solve_guarded(void *ctx)
{
	solver *sv = ctx;
	int rc = qt_model_build(&sv->m, sv->s);
	if (rc)
		return rc;
	if ((rc = keep_orders(sv)))
		return rc;
	glp_prob *lp = sv->m.lp;
	sv->plan->rows = glp_get_num_rows(lp);
	sv->plan->cols = glp_get_num_cols(lp);
	sv->plan->ints = glp_get_num_int(lp);
	sv->val = calloc((size_t)sv->plan->cols + 1, sizeof(double));
	sv->bounds = calloc((size_t)sv->plan->cols + 1, sizeof *sv->bounds);
	if (!sv->val || !sv->bounds)
		return qt_set_error(QT_ENOMEM, "out of memory");
	save_bounds(sv);
	if (use_ipm(sv))
		glp_scale_prob(lp, GLP_SF_AUTO);
	sv->allowance = allowance_tries[0];
	sv->threshold = threshold_tries[0];
	int warm = 0, sited = 0;
	double t = now();
	if (use_ipm(sv))
		sited = phase_relax(sv, 1);
	warm = warm_sites(sv);
	if (!warm && !sited && (use_ipm(sv) || !phase_sites(sv)))
		status_quo_sites(sv);
	t = now() - t;
	double t_round = now();
	rc = phase_round(sv);
	sv->pass_s = t + (now() - t_round);
	/* A warm start's plan gets a few Gomory rounds first: if they do not prove it, the site
	 * search runs afresh, and the rounds go on after it. */
	if (!rc && !use_ipm(sv))
		phase_cuts(sv, warm ? QT_WARM_CUT_PASSES : QT_CUT_PASSES);
	if (warm && rc != QT_ENOMEM && !stopped(sv) && sv->deadline - now() > 1.0 &&
	    (rc || gap_of(sv, sv->plan) > sv->gap)) {
		rc = solve_afresh(sv, rc);
		if (!rc && !use_ipm(sv))
			phase_cuts(sv, QT_CUT_PASSES);
	}
	/* Time left and the gap not reached: the other variants of the site search, each only if
	 * the time left holds what the last one took. */
	for (size_t v = 1; v < QT_TRIES && !rc && !stopped(sv) && gap_of(sv, sv->plan) > sv->gap; v++) {
		t = now();
		if (sv->deadline - t < sv->pass_s)
			break;
		sv->allowance = allowance_tries[v];
		sv->threshold = threshold_tries[v];
		rc = solve_afresh(sv, 0);
		sv->pass_s = now() - t;
	}
	if (!rc)
		phase_bound(sv);
	return rc ? rc : phase_polish(sv);
}

static qt_status status_of(const solver *sv, double gap)
{
	if (stopped(sv))
		return QT_STATUS_INTERRUPTED;
	if (gap <= 1e-9)
		return QT_STATUS_OPTIMAL;
	if (gap <= sv->gap + 1e-12)
		return QT_STATUS_GAP_REACHED;
	return QT_STATUS_TIME_LIMIT;
}

int qt_solve(qt_plan **out, const qt_scenario *s, const qt_solve_options *opt)
{
	if (!out || !s)
		return qt_set_error(QT_EINVAL, "qt_solve: bad arguments");
	*out = NULL;
	solver sv;
	memset(&sv, 0, sizeof sv);
	sv.s = s;
	if (opt)
		sv.opt = *opt;
	else
		qt_solve_options_init(&sv.opt);
	sv.t0 = now();
	sv.last_report = sv.t0;
	double limit = sv.opt.time_limit_s > 0 ? fmin(sv.opt.time_limit_s, 1e6) : s->time_limit_s;
	sv.deadline = sv.t0 + limit;
	sv.gap = sv.opt.gap >= 0 ? sv.opt.gap : s->gap;
	sv.bound = -HUGE_VAL;
	sv.best = HUGE_VAL;
	sv.plan = qt_plan_alloc(s->T, s->n_gu, s->n_kombi, s->n_muni, s->n_offer);
	if (!sv.plan)
		return qt_set_error(QT_ENOMEM, "out of memory");
	int rc = qt_glpk_guarded(solve_guarded, &sv, sv.opt.verbose);
	if (rc == QT_ESOLVER)
		sv.m.lp = sv.bq = NULL; /* GLPK freed its environment, the problems with it */
	if (sv.bq)
		glp_delete_prob(sv.bq);
	qt_model_free(&sv.m);
	free(sv.val);
	free(sv.bounds);
	free(sv.incumbent);
	free(sv.relaxed);
	if (rc) {
		qt_plan_free(sv.plan);
		return rc;
	}
	qt_plan *p = sv.plan;
	p->seconds = now() - sv.t0;
	p->nodes = sv.nodes;
	p->bound = sv.bound;
	p->gap = gap_of(&sv, p);
	p->status = status_of(&sv, p->gap);
	*out = p;
	return 0;
}
