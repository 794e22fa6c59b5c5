/* The solve strategy (README, "The model and how it is solved"): qt_solve and the order of its
 * phases.
 *
 * Plain branch-and-bound on the program as MODEL.md states it finds no integer plan on a district:
 * thousands of integer person counts give GLPK nothing useful to branch on. So:
 *  A. Sites (solve_sites.c): site and module decisions integer, person counts continuous, AU
 *     places less a small allowance for whole persons. GLPK's branch-and-cut (presolve, cuts,
 *     pseudocost branching) finds the site and module plan.
 *  B. Persons (solve_dive.c): the site and module plan fixed, a dive: per period a small search
 *     for whole households, rounding (solve_round.c), fix, re-solve, next period. The result satisfies
 *     every constraint exactly.
 *  C. Bound (solve_bound.c), on a copy of the program kept to the end: Gomory rounds with the
 *     person counts and the implied integers integer. Every LP optimum on the way is a relaxation
 *     of the whole program: the proven lower bound the gap is measured against.
 *  Then other variants of A and B while time remains; last, on the copy, a search with the persons
 *  placed per municipality and period integer (its root, and on larger programs its branching,
 *  raise the bound), and on small programs the whole program from the plan as incumbent
 *  (solve_polish.c).
 * Large programs replace A and C by the interior-point relaxation (solve_relax.c): its duals give the
 * bound, its rounded solution the site plan; the dive's first LP is solved by the simplex method
 * with GLPK's presolver where it fits, so that each period re-solves from its basis; with two
 * jobs the bound's thread runs the simplex and Gomory rounds on the whole program; with the
 * variants done and time left, the best site plan is dived again with the per-period searches.
 * If no site plan comes out in time, the status quo (no openings, no modules) stands in. The
 * tuning of all of it is in solve_tuning.h. */
#include "solve_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void qt_solve_options_init(qt_solve_options *opt)
{
	memset(opt, 0, sizeof *opt);
	opt->version = QT_SOLVE_OPTIONS_VERSION;
	opt->time_limit_s = -1;
	opt->gap = -1;
}

/* Site search and dive from scratch, after a warm start that fell short or with another variant of
 * the site search, or (sites) the dive again on the site plan of an earlier plan; keeps the
 * better plan. */
static int dive_afresh(qt_solver *sv, int warm_rc, const qt_plan *sites)
{
	qt_plan *first = sv->plan;
	if (warm_rc == 0) {
		qt_plan *fresh = qt_solver_plan_like(sv);
		if (!fresh)
			return qt_set_error(QT_ENOMEM, "out of memory");
		sv->plan = fresh;
	}
	qt_solver_restore_bounds(sv);
	if (sites)
		qt_plan_sites(sv, sites);
	else if (!(qt_solver_use_ipm(sv) ? qt_phase_relax(sv, 1) : qt_phase_sites(sv)))
		qt_status_quo_sites(sv);
	if (warm_rc == 0 && qt_solver_gap_reached(sv)) { /* proven meanwhile: no dive needed */
		qt_plan_free(sv->plan);
		sv->plan = first;
		return 0;
	}
	sv->sites_of = sites;
	int rc = qt_phase_round(sv);
	sv->sites_of = NULL;
	if (warm_rc == 0 && (rc || first->objective <= sv->plan->objective)) {
		qt_plan_free(sv->plan);
		sv->plan = first;
		return 0;
	}
	if (warm_rc == 0)
		qt_plan_free(first);
	return rc;
}

/* The program built, kept orders in it, and the solver's column arrays for it. */
static int prepare(qt_solver *sv)
{
	int rc = qt_model_build(&sv->m, sv->s);
	if (rc)
		return rc;
	if ((rc = qt_keep_orders(sv)))
		return rc;
	qt_fix_commitment(sv);
	glp_prob *lp = sv->m.lp;
	sv->plan->rows = glp_get_num_rows(lp);
	sv->plan->cols = glp_get_num_cols(lp);
	sv->plan->ints = glp_get_num_int(lp);
	sv->val = calloc((size_t)sv->plan->cols + 1, sizeof(double));
	sv->bounds = calloc((size_t)sv->plan->cols + 1, sizeof *sv->bounds);
	if (!sv->val || !sv->bounds)
		return qt_set_error(QT_ENOMEM, "out of memory");
	qt_solver_save_bounds(sv);
	if (qt_solver_use_ipm(sv))
		glp_scale_prob(lp, GLP_SF_AUTO);
	return 0;
}

static void use_variant(qt_solver *sv, size_t v)
{
	sv->variant = &qt_site_variants[v];
}

/* The first plan: sites from the relaxation, a warm start or the site search, then the dive.
 * Sets *warm if a warm start gave the sites. */
static int first_plan(qt_solver *sv, int *warm)
{
	int sited = 0;
	double t = qt_clock_s();
	if (qt_solver_use_ipm(sv))
		sited = qt_phase_relax(sv, 1);
	*warm = qt_warm_sites(sv);
	if (!*warm && !sited && (qt_solver_use_ipm(sv) || !qt_phase_sites(sv)))
		qt_status_quo_sites(sv);
	/* from now on the bound's thread leaves the site variants to this one */
	qt_bound_share_take_side(sv->share, QT_SIDE_MAIN);
	t = qt_clock_s() - t;
	double t_round = qt_clock_s();
	int rc = qt_phase_round(sv);
	sv->pass_s = t + (qt_clock_s() - t_round);
	return rc;
}

/* A warm start's plan gets a few Gomory rounds first: if they do not prove it, the site search
 * runs afresh, and the rounds go on after it. */
static int cut_or_afresh(qt_solver *sv, int rc, int warm)
{
	if (!rc && !qt_solver_use_ipm(sv))
		qt_phase_cuts(sv, warm ? QT_WARM_CUT_PASSES : QT_CUT_PASSES);
	if (warm && rc != QT_ENOMEM && !qt_solver_stopped(sv) && sv->deadline - qt_clock_s() > QT_MIN_PHASE_S &&
	    (rc || qt_solver_gap(sv) > sv->gap)) {
		rc = dive_afresh(sv, rc, NULL);
		if (!rc && !qt_solver_use_ipm(sv))
			qt_phase_cuts(sv, QT_CUT_PASSES);
	}
	return rc;
}

/* Time left and the gap not reached: the other variants of the site search, each only if the time
 * left holds what the last one took. */
static int other_variants(qt_solver *sv)
{
	int rc = 0;
	for (size_t v = 1; v < QT_SITE_VARIANTS && !rc && !qt_solver_stopped(sv) &&
			   qt_solver_gap(sv) > sv->gap;
	     v++) {
		double t = qt_clock_s();
		if (sv->deadline - t < sv->pass_s)
			break;
		if (qt_solver_use_ipm(sv) && v >= QT_IPM_SITE_VARIANTS)
			break; /* the time goes to the dive with the per-period searches */
		if (v == QT_SIDE_VARIANT && !qt_bound_share_take_side(sv->share, QT_SIDE_MAIN))
			continue; /* the bound's thread runs it */
		use_variant(sv, v);
		rc = dive_afresh(sv, 0, NULL);
		sv->pass_s = qt_clock_s() - t;
	}
	return rc;
}

/* On the interior-point path the dive runs without its per-period searches, which take seconds
 * each on such programs; with the variants done and time left, the best plan's site plan is dived
 * once more with them (the dive rounds whatever periods the time limit leaves it). */
static int dive_with_searches(qt_solver *sv)
{
	if (!qt_solver_use_ipm(sv) || qt_solver_stopped(sv) || qt_solver_gap_reached(sv) ||
	    sv->deadline - qt_clock_s() < QT_MIN_PHASE_S)
		return 0;
	sv->period_search = 1;
	int rc = dive_afresh(sv, 0, sv->plan);
	sv->period_search = 0;
	return rc;
}

static int solve_guarded(void *ctx)
{
	qt_solver *sv = ctx;
	int rc = prepare(sv), warm = 0;
	if (rc)
		return rc;
	use_variant(sv, 0);
	if (qt_bound_thread_wanted(sv))
		qt_bound_thread_start(sv); /* on failure the solve stays on one thread */
	rc = first_plan(sv, &warm);
	if (!sv->share)
		rc = cut_or_afresh(sv, rc, warm);
	if (!rc)
		rc = other_variants(sv);
	if (!rc)
		rc = dive_with_searches(sv);
	if (sv->share)
		qt_bound_thread_join(sv, rc != 0);
	else if (!rc)
		qt_phase_bound(sv);
	return rc ? rc : qt_phase_polish(sv);
}

/* qt_solve_bound: only the bound phases, on the program as built. */
static int bound_guarded(void *ctx)
{
	qt_solver *sv = ctx;
	int rc = prepare(sv);
	if (rc || qt_solver_use_ipm(sv))
		return rc;
	qt_phase_cuts(sv, QT_CUT_PASSES);
	qt_phase_bound(sv);
	return 0;
}

qt_status qt_solve_status(int stopped, double gap, double target)
{
	if (stopped)
		return QT_STATUS_INTERRUPTED;
	if (gap <= QT_OPTIMAL_GAP)
		return QT_STATUS_OPTIMAL;
	if (gap <= target + QT_GAP_SLACK)
		return QT_STATUS_GAP_REACHED;
	return QT_STATUS_TIME_LIMIT;
}

static void solver_init(qt_solver *sv, const qt_scenario *s, const qt_solve_options *opt)
{
	memset(sv, 0, sizeof *sv);
	sv->s = s;
	if (opt)
		sv->opt = *opt;
	else
		qt_solve_options_init(&sv->opt);
	sv->t0 = qt_clock_s();
	sv->last_report = sv->t0;
	double limit = sv->opt.time_limit_s > 0 ? fmin(sv->opt.time_limit_s, QT_MAX_TIME_LIMIT_S) : s->time_limit_s;
	sv->deadline = sv->t0 + limit;
	sv->gap = sv->opt.gap >= 0 ? sv->opt.gap : s->gap;
	sv->bound = -HUGE_VAL;
	sv->best = HUGE_VAL;
}

static void solver_free(qt_solver *sv, int rc)
{
	if (rc == QT_ESOLVER)
		sv->m.lp = sv->bq = NULL; /* GLPK freed its environment, the problems with it */
	if (sv->bq)
		glp_delete_prob(sv->bq);
	qt_model_free(&sv->m);
	free(sv->val);
	free(sv->bounds);
	free(sv->incumbent);
	free(sv->relaxed);
	for (int i = 0; i < QT_NBASIS; i++)
		qt_basis_free(sv->basis[i]);
}

int qt_solve_committed(qt_plan **out, const qt_scenario *s, const qt_solve_options *opt, const qt_plan *commit,
		       int K)
{
	if (!out || !s)
		return qt_set_error(QT_EINVAL, "qt_solve: bad arguments");
	*out = NULL;
	qt_solver sv;
	solver_init(&sv, s, opt);
	sv.commit = commit;
	sv.commit_K = commit ? K : 0;
	sv.plan = qt_plan_alloc(s->T, s->n_gu, s->n_kombi, s->n_muni, s->n_offer);
	if (!sv.plan)
		return qt_set_error(QT_ENOMEM, "out of memory");
	int rc = qt_glpk_guarded(solve_guarded, &sv, sv.opt.verbose);
	for (int i = 0; i < QT_NBASIS && !rc; i++) { /* the plan keeps them for a warm start */
		if (!sv.basis[i])
			continue; /* the interior-point path keeps its dive's in the plan itself */
		qt_basis_free(sv.plan->basis[i]);
		sv.plan->basis[i] = sv.basis[i];
		sv.basis[i] = NULL;
	}
	solver_free(&sv, rc);
	if (rc) {
		qt_plan_free(sv.plan);
		return rc;
	}
	qt_plan *p = sv.plan;
	p->seconds = qt_clock_s() - sv.t0;
	p->nodes = sv.nodes;
	p->bound = sv.bound;
	p->gap = qt_gap(p->objective, sv.bound);
	p->status = qt_solve_status(qt_solver_stopped(&sv), p->gap, sv.gap);
	*out = p;
	return 0;
}

int qt_solve_bound(double *bound, const qt_scenario *s, const qt_solve_options *opt, double objective)
{
	*bound = -HUGE_VAL;
	qt_solver sv;
	solver_init(&sv, s, opt);
	sv.plan = qt_plan_alloc(s->T, s->n_gu, s->n_kombi, s->n_muni, s->n_offer);
	if (!sv.plan)
		return qt_set_error(QT_ENOMEM, "out of memory");
	sv.plan->objective = sv.best = objective;
	int rc = qt_glpk_guarded(bound_guarded, &sv, sv.opt.verbose);
	solver_free(&sv, rc);
	qt_plan_free(sv.plan);
	if (!rc)
		*bound = sv.bound;
	return rc;
}
