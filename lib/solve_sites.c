/* The site and module plan the dive fixes: GLPK's branch-and-cut with the person counts relaxed
 * (phase A), the interior-point relaxation rounded (large programs), a warm start's decisions, or
 * the status quo when none of them comes out in time. */
#include "solve_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Large programs: the LP relaxation by the interior-point method gives the proven bound (from its
 * duals) and, rounded, the site and module plan. Returns 1 if sv->val holds such a plan. */
int qt_phase_relax(qt_solver *sv, int round_sites)
{
	size_t n = (size_t)sv->plan->cols + 1;
	if (sv->relaxed) {
		memcpy(sv->val, sv->relaxed, n * sizeof *sv->val);
	} else {
		sv->phase = "relaxation";
		qt_solver_report(sv, sv->best, sv->bound);
		if (qt_solver_ipm(sv))
			return 0;
		double z = qt_dual_bound(&sv->m, 1);
		if (z > sv->bound)
			sv->bound = z;
		sv->relaxed = malloc(n * sizeof *sv->relaxed);
		if (sv->relaxed)
			memcpy(sv->relaxed, sv->val, n * sizeof *sv->val);
	}
	if (round_sites)
		qt_round_sites(&sv->m, sv->val, sv->variant->threshold, sv->plan->kept);
	qt_solver_report(sv, sv->best, sv->bound);
	return 1;
}

static void shift_au_capacity(qt_solver *sv, double by)
{
	for (size_t i = 0; i < qt_solver_n_placed(sv); i++) {
		int r = sv->m.au_cap_row[i];
		if (r)
			glp_set_row_bnds(sv->m.lp, r, GLP_UP, 0, glp_get_row_ub(sv->m.lp, r) + by);
	}
}

/* Its own gap: tight for a tight target, a quarter of a loose one (the dive adds to it). */
static double sites_gap(const qt_solver *sv)
{
	if (sv->gap <= QT_SITES_TIGHT_TARGET)
		return fmin(sv->gap / QT_SITES_TIGHT_DIVISOR, QT_SITES_TIGHT_GAP);
	return sv->gap / QT_SITES_LOOSE_DIVISOR;
}

/* Fixes every site's handing over from the relaxation (solve_tuning.h); 1 if it did. */
static int fix_transfers(qt_solver *sv)
{
	const qt_scenario *s = sv->s;
	int T = s->T;
	if (!qt_scenario_has_transfers(s) || qt_solver_lp(sv, 0, QT_TRANSFER_LP_SHARE, 0))
		return 0;
	for (int g = 0; g < s->n_gu; g++) {
		double cum = 0;
		int when = 0;
		for (int t = 1; t <= T; t++) {
			int c = sv->m.tr[QT_IX(g, t, T)];
			cum += c ? sv->val[c] : 0;
			if (c && !when && cum >= QT_TRANSFER_THRESHOLD - 1e-9)
				when = t;
		}
		for (int t = 1; t <= T; t++)
			if (sv->m.tr[QT_IX(g, t, T)])
				glp_set_col_bnds(sv->m.lp, sv->m.tr[QT_IX(g, t, T)], GLP_FX, t == when, t == when);
	}
	return 1;
}

static void free_transfers(qt_solver *sv)
{
	for (size_t i = 0; i < (size_t)sv->s->n_gu * (size_t)(sv->s->T + 1); i++)
		if (sv->m.tr[i])
			glp_set_col_bnds(sv->m.lp, sv->m.tr[i], GLP_DB, 0, 1);
}

/* A site search for a further plan ends once the best plan so far is proven within the target
 * gap: the bound's thread may prove it while the search runs. */
static void sites_search(glp_tree *tree, void *info)
{
	qt_solver_on_tree(tree, info);
	if (qt_solver_gap_reached(info))
		glp_ios_terminate(tree);
}

/* A: sites and modules, person counts continuous, AU places less the variant's allowance, with the
 * variant's branching and share of the time left. Its bound is not one of the program (the places
 * differ); the bound phases give that. Returns 1 if an integral site and module plan is in sv->val. */
int qt_phase_sites(qt_solver *sv)
{
	glp_prob *lp = sv->m.lp;
	glp_iocp p;
	sv->phase = "sites";
	qt_set_kind(lp, sv->m.person, (size_t)sv->m.n_person, GLP_CV);
	qt_set_kind(lp, sv->m.P, qt_solver_n_placed(sv), GLP_CV);
	int pre = qt_solver_use_presolve(sv);
	const qt_site_variant *v = sv->variant;
	shift_au_capacity(sv, -v->allowance);
	int fixed = fix_transfers(sv);
	qt_solver_mip_params(&p, sv, v->share, sites_gap(sv), pre);
	p.br_tech = v->branching;
	p.cb_func = sites_search;
	if (pre || qt_solver_lp(sv, 0, v->share, 0) == 0)
		glp_intopt(lp, &p);
	if (fixed)
		free_transfers(sv);
	shift_au_capacity(sv, v->allowance);
	qt_solver_end_search(sv);
	int st = glp_mip_status(lp);
	if (st != GLP_OPT && st != GLP_FEAS)
		return 0;
	qt_solver_take_mip(sv);
	return 1;
}

/* Site and module decisions of quarters 1..commit_K fixed to the commitment's. */
void qt_fix_commitment(qt_solver *sv)
{
	const qt_plan *c = sv->commit;
	int T = sv->s->T;
	glp_prob *lp = sv->m.lp;
	for (int t = 1; t <= sv->commit_K; t++) {
		for (int g = 0; g < sv->s->n_gu; g++) {
			size_t ix = QT_IX(g, t, T);
			glp_set_col_bnds(lp, sv->m.o[ix], GLP_FX, c->open[ix], c->open[ix]);
			glp_set_col_bnds(lp, sv->m.up[ix], GLP_FX, c->up[ix], c->up[ix]);
			glp_set_col_bnds(lp, sv->m.dn[ix], GLP_FX, c->dn[ix], c->dn[ix]);
			if (sv->m.tr[ix])
				glp_set_col_bnds(lp, sv->m.tr[ix], GLP_FX, c->tr[ix], c->tr[ix]);
		}
		for (int k = 0; k < sv->s->n_kombi; k++) {
			size_t ix = QT_IX(k, t, T);
			glp_set_col_bnds(lp, sv->m.b[ix], GLP_FX, (double)c->b[ix], (double)c->b[ix]);
			glp_set_col_bnds(lp, sv->m.na[ix], GLP_FX, (double)c->na[ix], (double)c->na[ix]);
		}
	}
}

/* The status quo as a site plan: what is open stays open while it may, nothing opens, no modules;
 * the committed quarters as committed, and from them on the status quo. */
void qt_status_quo_sites(qt_solver *sv)
{
	const qt_scenario *s = sv->s;
	const qt_plan *c = sv->commit;
	int T = s->T, K = sv->commit_K;
	for (int g = 0; g < s->n_gu; g++) {
		int open = s->gu[g].open0;
		for (int t = 1; t <= T; t++) {
			size_t ix = QT_IX(g, t, T);
			int now_open = t <= K ? c->open[ix] : open && qt_gu_allowed(&s->gu[g], t);
			sv->val[sv->m.o[ix]] = now_open;
			sv->val[sv->m.up[ix]] = t <= K ? c->up[ix] : 0;
			sv->val[sv->m.dn[ix]] = t <= K ? c->dn[ix] : open && !now_open;
			if (sv->m.tr[ix])
				sv->val[sv->m.tr[ix]] = t <= K ? c->tr[ix] : 0;
			open = now_open;
		}
	}
	for (int k = 0; k < s->n_kombi; k++) {
		long na = 0;
		for (int t = 1; t <= T; t++) {
			size_t ix = QT_IX(k, t, T);
			if (t <= K)
				na = c->na[ix];
			sv->val[sv->m.b[ix]] = t <= K ? (double)c->b[ix] : 0;
			sv->val[sv->m.ng[ix]] = 0;
			sv->val[sv->m.na[ix]] = (double)na;
		}
	}
}

/* The committed quarters laid over a warm start's site decisions: openings and closings of the
 * first quarter after them follow from the two states. */
static void overlay_sites(qt_solver *sv, int g)
{
	const qt_plan *c = sv->commit;
	int T = sv->s->T, K = sv->commit_K;
	for (int t = 1; t <= K; t++) {
		size_t ix = QT_IX(g, t, T);
		sv->val[sv->m.o[ix]] = c->open[ix];
		sv->val[sv->m.up[ix]] = c->up[ix];
		sv->val[sv->m.dn[ix]] = c->dn[ix];
		if (sv->m.tr[ix])
			sv->val[sv->m.tr[ix]] = c->tr[ix];
	}
	if (K < T) {
		size_t ix = QT_IX(g, K + 1, T);
		double before = c->open[QT_IX(g, K, T)], now = sv->val[sv->m.o[ix]];
		sv->val[sv->m.up[ix]] = now > before;
		sv->val[sv->m.dn[ix]] = now < before;
	}
}

/* ... and over its module decisions: orders of the committed quarters, conversions kept one-way,
 * modules used as GU no more than are ready (later orders cut to the site's limit). */
static void overlay_modules(qt_solver *sv, int k)
{
	const qt_plan *c = sv->commit;
	const qt_kombi *km = &sv->s->kombi[k];
	int T = sv->s->T, K = sv->commit_K;
	const long *kept = sv->plan->kept + QT_IX(k, 0, T);
	double ordered = (double)kept[0], na = 0;
	for (int t = 1; t <= T; t++) {
		size_t ix = QT_IX(k, t, T);
		double b = t <= K ? (double)c->b[ix] : sv->val[sv->m.b[ix]];
		b = fmin(b, fmax(0.0, km->max_modules - ordered));
		sv->val[sv->m.b[ix]] = b;
		ordered += b;
		na = t <= K ? (double)c->na[ix] : fmax(na, sv->val[sv->m.na[ix]]);
		double ready = (double)kept[t];
		for (int u = 1; u <= t - km->lead; u++)
			ready += sv->val[sv->m.b[QT_IX(k, u, T)]];
		na = fmin(na, ready);
		sv->val[sv->m.na[ix]] = na;
		sv->val[sv->m.ng[ix]] = fmax(0.0, fmin(sv->val[sv->m.ng[ix]], ready - na));
	}
}

/* The site and module decisions of w into sv->val, if it is a plan of a scenario of the same
 * shape: a variant of the scenario (a sweep, a comparison) mostly keeps them. With a commitment,
 * its quarters replace w's. */
int qt_plan_sites(qt_solver *sv, const qt_plan *w)
{
	const qt_scenario *s = sv->s;
	if (!w || w->T != s->T || w->G != s->n_gu || w->K != s->n_kombi || w->M != s->n_muni)
		return 0;
	for (int t = 1; t <= s->T; t++) {
		for (int g = 0; g < s->n_gu; g++) {
			size_t ix = QT_IX(g, t, s->T);
			sv->val[sv->m.o[ix]] = w->open[ix];
			sv->val[sv->m.up[ix]] = w->up[ix];
			/* a transfer this variant does not offer becomes a closing */
			sv->val[sv->m.dn[ix]] = w->dn[ix] || (w->tr[ix] && !sv->m.tr[ix]);
			if (sv->m.tr[ix])
				sv->val[sv->m.tr[ix]] = w->tr[ix];
		}
		for (int k = 0; k < s->n_kombi; k++) {
			size_t ix = QT_IX(k, t, s->T);
			sv->val[sv->m.b[ix]] = (double)w->b[ix];
			sv->val[sv->m.ng[ix]] = (double)w->ng[ix];
			sv->val[sv->m.na[ix]] = (double)w->na[ix];
		}
	}
	for (int g = 0; sv->commit && g < s->n_gu; g++)
		overlay_sites(sv, g);
	for (int k = 0; sv->commit && k < s->n_kombi; k++)
		overlay_modules(sv, k);
	return 1;
}

/* ... of opt.warm_start. */
int qt_warm_sites(qt_solver *sv)
{
	return qt_plan_sites(sv, sv->opt.warm_start);
}
