/* B, the dive: the site and module plan fixed, per period a small search for whole households,
 * rounding (solve_round.c), fix, re-solve, next period. The result satisfies every constraint exactly. */
#include "solve_internal.h"

#include <math.h>

static void fix_col(glp_prob *lp, int j, double v)
{
	if (j)
		glp_set_col_bnds(lp, j, GLP_FX, v, v);
}

/* Fixes the person counts of period t to the plan's values. */
static void fix_period(qt_solver *sv, int t)
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

/* Before period t is rounded: the households placed into each municipality's AU stock in t made
 * whole by a small search (households per municipality and class integer, all else relaxed).
 * Each stock takes only whole persons and the waiting pool holds few single persons to fill the
 * fractions: which municipality takes which household is what rounding alone does badly.
 * Measured on the Esslingen example, one site plan: LP with the sites fixed 171,947,099 EUR; the
 * dive's plan 172,324,466 without this search, with it the LP after every period so fixed
 * 172,193,002. Needs an optimal last LP (GLPK's presolver then solves the period's program
 * afresh); leaves sv->val as it was if the search finds nothing in its time. */
static void set_period_kind(qt_solver *sv, int t, int kind)
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
static int placements_whole(const qt_solver *sv, int t)
{
	const qt_scenario *s = sv->s;
	for (int mu = 0; mu < s->n_muni; mu++)
		for (int h = 0; h < QT_NCLASS; h++) {
			double v = sv->val[sv->m.as[QT_IX(mu * QT_NCLASS + h, t, s->T)]];
			if (fabs(v - round(v)) > QT_WHOLE_TOL)
				return 0;
		}
	return 1;
}

/* The node cap keeps the plan independent of the machine's speed. */
static void period_search(glp_tree *tree, void *info)
{
	qt_solver *sv = info;
	qt_solver_on_tree(tree, info);
	if (sv->nodes_phase >= QT_PERIOD_NODES)
		glp_ios_terminate(tree);
}

static void period_params(glp_iocp *p, qt_solver *sv)
{
	glp_init_iocp(p);
	p->msg_lev = GLP_MSG_OFF;
	p->presolve = QT_PERIOD_PRESOLVE;
	p->br_tech = QT_PERIOD_BRANCHING;
	p->bt_tech = GLP_BT_BLB;
	p->mip_gap = QT_PERIOD_GAP;
	int share = qt_solver_ms_left(sv) / QT_PERIOD_SHARE_DIVISOR;
	p->tm_lim = share < QT_PERIOD_CAP_MS ? share : QT_PERIOD_CAP_MS;
	p->cb_func = period_search;
	p->cb_info = sv;
}

static void whole_placements(qt_solver *sv, int t)
{
	if (sv->search_failed) { /* the last found none: skip this one (solve_tuning.h, QT_PERIOD_NODES) */
		sv->search_failed = 0;
		return;
	}
	glp_prob *lp = sv->m.lp;
	/* GLPK's presolver does not watch the time limit: a search starts only if the time left holds
	 * what the last one took (on the generated `large` one took up to 5 s). */
	double t0 = qt_clock_s();
	if (glp_get_status(lp) != GLP_OPT || sv->deadline - t0 < fmax(QT_MIN_SEARCH_S, sv->search_s) ||
	    placements_whole(sv, t))
		return;
	set_period_kind(sv, t, GLP_IV);
	glp_iocp p;
	period_params(&p, sv);
	int ret = glp_intopt(lp, &p);
	int st = glp_mip_status(lp);
	if ((ret == 0 || ret == GLP_ETMLIM || ret == GLP_EMIPGAP || ret == GLP_ESTOP) &&
	    (st == GLP_OPT || st == GLP_FEAS))
		qt_solver_take_mip(sv);
	else
		sv->search_failed = 1;
	qt_solver_end_search(sv);
	set_period_kind(sv, t, GLP_CV);
	sv->search_s = qt_clock_s() - t0;
}

/* Before period t is rounded: each municipality's placements of t capped at the whole persons its
 * AU stock can take, the earlier periods being whole. The relaxation fills the fractional room the
 * exit rate leaves; whole persons cannot, and the persons who stay in GU places instead crowd out
 * the intake, which then waits with the state. 1 if the last LP placed more than a cap (it is then
 * solved again). Measured (`--time-limit 60 --gap 0.001`, rounding in turn only): the first
 * dive's plan of the generated `large` 631,900,264 EUR against 632,044,902 without the caps; of
 * `state` (`--time-limit 300 --gap 0.01`) 2,090,080,485 against 2,092,558,930. */
static int cap_placements(qt_solver *sv, const qt_rounding *r, int t)
{
	const qt_scenario *s = sv->s;
	glp_prob *lp = sv->m.lp;
	int over = 0;
	for (int mu = 0; mu < s->n_muni; mu++) {
		int j = sv->m.P[QT_IX(mu, t, s->T)];
		if (glp_get_col_type(lp, j) == GLP_FX)
			continue;
		double lb = glp_get_col_lb(lp, j), cap = fmax(lb, floor(qt_round_room(r, mu, t) + QT_WHOLE_TOL));
		glp_set_col_bnds(lp, j, cap > lb ? GLP_DB : GLP_FX, lb, cap);
		if (sv->val[j] > cap + QT_WHOLE_TOL)
			over = 1;
	}
	return over;
}

/* On the interior-point path: the dive's first LP by the simplex method with GLPK's LP presolver,
 * which removes the fixed site plan, if its expected time fits (solve_tuning.h); 0 if it solved. */
static int first_lp_presolved(qt_solver *sv)
{
	if (QT_DIVE_SIMPLEX_S_PER_NONZERO * glp_get_num_nz(sv->m.lp) > sv->deadline - qt_clock_s())
		return QT_ENOPLAN;
	return qt_solver_lp_presolved(sv, QT_ALL_LEFT, QT_DIVE_GRACE_MS);
}

/* On the interior-point path, the dive again on the site plan of an earlier plan (sv->sites_of):
 * its first LP is the earlier dive's, solved from that one's optimal basis without the presolver;
 * nonzero if there is none or it did not solve. Measured on the generated `large` (seed 1,
 * `--time-limit 60 --gap 0.001`): 0.02 to 0.04 s against 3.6 to 4.5 s with the presolver, the
 * same LP optimum and plan. */
static int again_lp(qt_solver *sv)
{
	glp_prob *lp = sv->m.lp;
	if (!sv->sites_of || !qt_basis_load(sv->sites_of->basis[QT_BASIS_DIVE], lp, lp))
		return 1;
	return qt_solver_lp(sv, 0, QT_ALL_LEFT, QT_DIVE_GRACE_MS);
}

/* The first LP of the dive, over the person counts with the site plan fixed. Sets *simplex if
 * the simplex method solved it (the dive then re-solves from its basis). */
static int first_lp(qt_solver *sv, int *simplex)
{
	glp_prob *lp = sv->m.lp;
	/* Person counts relaxed (a warm start skips the site search, which relaxes them); the
	 * per-period search makes one period's integer at a time. */
	qt_set_kind(lp, sv->m.person, (size_t)sv->m.n_person, GLP_CV);
	qt_set_kind(lp, sv->m.P, qt_solver_n_placed(sv), GLP_CV);
	for (int i = 0; i < sv->m.n_struct; i++)
		fix_col(lp, sv->m.structural[i], round(sv->val[sv->m.structural[i]]));
	int rc;
	*simplex = 1;
	if (qt_solver_use_ipm(sv)) {
		rc = again_lp(sv) ? first_lp_presolved(sv) : 0;
		qt_bound_share_dive_basis(sv, rc ? NULL : lp);
		if (!rc && !sv->plan->basis[QT_BASIS_DIVE])
			sv->plan->basis[QT_BASIS_DIVE] = qt_basis_save(lp, lp); /* out of memory: none */
		if (rc) {
			*simplex = 0;
			rc = qt_solver_ipm(sv);
		}
	} else {
		/* The plan must come out even when the site search used up the time: a short grace. */
		int warm = qt_solver_start_basis(sv, QT_BASIS_DIVE, lp);
		rc = qt_solver_lp(sv, 0, QT_ALL_LEFT, QT_DIVE_GRACE_MS);
		if (rc == QT_ESOLVER && warm) { /* the basis loaded was singular */
			glp_adv_basis(lp, 0);
			rc = qt_solver_lp(sv, 0, QT_ALL_LEFT, QT_DIVE_GRACE_MS);
		}
		if (!rc)
			qt_solver_keep_basis(sv, QT_BASIS_DIVE, lp);
	}
	if (rc == QT_ENOPLAN && qt_solver_use_ipm(sv))
		return qt_set_error(QT_ENOPLAN,
				    "no integer plan within the time limit: the relaxation of this program "
				    "(%d columns) alone takes about %.0f s", sv->plan->cols,
				    qt_solver_ipm_expected_s(sv));
	if (rc == QT_ENOPLAN)
		return qt_set_error(QT_ENOPLAN, "no integer plan within the time limit");
	if (rc)
		return qt_set_error(QT_ESOLVER, "the LP over person counts did not solve");
	return 0;
}

/* B: fixes the site and module plan and dives: solve the LP over person counts, round one period,
 * fix it, re-solve, so later periods make up for what rounding took from earlier ones. */
int qt_phase_round(qt_solver *sv)
{
	sv->phase = "rounding";
	int simplex, rc = first_lp(sv, &simplex);
	if (rc)
		return rc;
	qt_rounding *r;
	if ((rc = qt_round_begin(&r, &sv->m, sv->val, sv->plan)))
		return rc;
	int diving = 1, ipm = qt_solver_use_ipm(sv);
	sv->search_failed = 0;
	for (int t = 1; t <= sv->s->T; t++) {
		if (cap_placements(sv, r, t) && diving && simplex && qt_clock_s() < sv->deadline)
			diving = qt_solver_lp(sv, 1, QT_ALL_LEFT, 0) == 0;
		if (diving && (!ipm || sv->period_search))
			whole_placements(sv, t);
		qt_round_period(r, sv->val, t);
		if (diving && t < sv->s->T && qt_clock_s() < sv->deadline) {
			fix_period(sv, t);
			diving = (simplex ? qt_solver_lp(sv, 1, QT_ALL_LEFT, 0) : qt_solver_ipm(sv)) == 0;
		}
		qt_solver_report(sv, sv->best, sv->bound);
	}
	qt_round_free(r);
	int first = !isfinite(sv->best);
	sv->best = fmin(sv->best, sv->plan->objective);
	if (first)
		sv->last_report = -HUGE_VAL; /* the first plan is reported when it is found */
	qt_solver_report(sv, sv->best, sv->bound);
	return 0;
}
