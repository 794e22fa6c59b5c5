/* GLPK under the solver's clock: the time each call may take, progress, the stop flag, the
 * column values it hands back, and the program's bounds as built. Every phase runs on these. */
#include "solve_internal.h"

#include <math.h>
#include <string.h>

int qt_solver_stopped(const qt_solver *sv)
{
	return (sv->opt.stop && *sv->opt.stop) || (sv->share && qt_bound_share_quit(sv->share));
}

/* Progress at most once in QT_PROGRESS_EVERY_S. GLPK marks "no bound" with -DBL_MAX: shown as
 * none. */
void qt_solver_report(qt_solver *sv, double incumbent, double bound)
{
	if (sv->share) {
		qt_bound_share_sync(sv);
		incumbent = fmin(incumbent, sv->best);
		bound = fmax(bound, sv->bound);
	}
	double t = qt_clock_s();
	if (!sv->opt.progress || t - sv->last_report < QT_PROGRESS_EVERY_S)
		return;
	if (!(fabs(bound) < QT_NO_VALUE))
		bound = -HUGE_VAL;
	if (!(fabs(incumbent) < QT_NO_VALUE))
		incumbent = HUGE_VAL;
	sv->last_report = t;
	qt_progress pr = { t - sv->t0, incumbent, bound, sv->phase };
	sv->opt.progress(&pr, sv->opt.progress_ctx);
}

void qt_solver_on_tree(glp_tree *tree, void *info)
{
	qt_solver *sv = info;
	if (qt_solver_stopped(sv)) {
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
	/* a node not yet solved has the bound -DBL_MAX: no bound at all */
	if (sv->bounding && best && bound > sv->bound && fabs(bound) < QT_NO_VALUE)
		sv->bound = bound;
	/* The site search's incumbent is a relaxed value, not a plan: only plans are reported. */
	qt_solver_report(sv, sv->polishing ? fmin(sv->best, inc) : sv->best, sv->bound);
}

int qt_solver_ms_left(const qt_solver *sv)
{
	double left = sv->deadline - qt_clock_s();
	return left > QT_MIN_LIMIT_MS / 1000.0 ? (int)(left * 1000) : QT_MIN_LIMIT_MS;
}

void qt_solver_mip_params(glp_iocp *p, qt_solver *sv, double share_of_rest, double gap, int presolve)
{
	glp_init_iocp(p);
	p->msg_lev = sv->opt.verbose ? GLP_MSG_ON : GLP_MSG_OFF;
	p->presolve = presolve ? GLP_ON : GLP_OFF;
	p->br_tech = GLP_BR_PCH;
	p->bt_tech = GLP_BT_BLB;
	p->gmi_cuts = GLP_ON;
	p->mir_cuts = GLP_ON;
	/* GLPK's cover cuts call its knapsack solver (misc/mt1.c), whose locals are static: two
	 * threads in it at once corrupt each other's covers. Beside other workers they are off. */
	p->cov_cuts = qt_in_worker() ? GLP_OFF : GLP_ON;
	p->clq_cuts = GLP_ON;
	p->mip_gap = gap;
	p->tm_lim = (int)(qt_solver_ms_left(sv) * share_of_rest);
	if (p->tm_lim < QT_MIN_LIMIT_MS)
		p->tm_lim = QT_MIN_LIMIT_MS;
	p->cb_func = qt_solver_on_tree;
	p->cb_info = sv;
}

/* A search ended: its nodes count to the solve's. */
void qt_solver_end_search(qt_solver *sv)
{
	sv->nodes += sv->nodes_phase;
	sv->nodes_phase = 0;
}

/* The last integer solution of the program into sv->val. */
void qt_solver_take_mip(qt_solver *sv)
{
	int n = glp_get_num_cols(sv->m.lp);
	for (int j = 1; j <= n; j++)
		sv->val[j] = glp_mip_col_val(sv->m.lp, j);
}

/* Solves the LP within a share of the time left, or at least grace_ms; with GLPK's LP presolver
 * if presolve (which ends in an optimal basis of the whole LP too). */
static int solver_lp(qt_solver *sv, int dual, double share, int grace_ms, int presolve)
{
	glp_smcp sp;
	glp_init_smcp(&sp);
	sp.msg_lev = sv->opt.verbose ? GLP_MSG_ON : GLP_MSG_OFF;
	sp.meth = dual ? GLP_DUALP : GLP_PRIMAL;
	sp.presolve = presolve ? GLP_ON : GLP_OFF;
	int ms = (int)(qt_solver_ms_left(sv) * share);
	sp.tm_lim = ms > grace_ms ? ms : grace_ms > 0 ? grace_ms : QT_MIN_LIMIT_MS;
	int ret = glp_simplex(sv->m.lp, &sp);
	if (ret == 0 && glp_get_status(sv->m.lp) == GLP_OPT) {
		int n = glp_get_num_cols(sv->m.lp);
		for (int j = 1; j <= n; j++)
			sv->val[j] = glp_get_col_prim(sv->m.lp, j);
		return 0;
	}
	return ret == GLP_ETMLIM ? QT_ENOPLAN : QT_ESOLVER;
}

int qt_solver_lp(qt_solver *sv, int dual, double share, int grace_ms)
{
	return solver_lp(sv, dual, share, grace_ms, 0);
}

int qt_solver_lp_presolved(qt_solver *sv, double share, int grace_ms)
{
	return solver_lp(sv, 0, share, grace_ms, 1);
}

double qt_solver_ipm_expected_s(const qt_solver *sv)
{
	return QT_IPM_S_PER_NONZERO * glp_get_num_nz(sv->m.lp);
}

/* GLPK's interior-point method has no time limit: it starts only if its expected time fits. */
static int ipm_fits(const qt_solver *sv)
{
	return !qt_solver_stopped(sv) && qt_solver_ipm_expected_s(sv) < sv->deadline - qt_clock_s();
}

int qt_solver_ipm(qt_solver *sv)
{
	if (!ipm_fits(sv))
		return QT_ENOPLAN;
	return qt_relax_ipm(sv->m.lp, sv->val, sv->opt.verbose);
}

int qt_solver_use_presolve(const qt_solver *sv)
{
	return sv->plan->cols <= QT_PRESOLVE_MAX_COLUMNS;
}

int qt_solver_use_ipm(const qt_solver *sv)
{
	return sv->plan->cols >= QT_IPM_MIN_COLUMNS;
}

/* Sets the kind of n columns of a column map (entries 0 stand for no column). */
void qt_set_kind(glp_prob *lp, const int *cols, size_t n, int kind)
{
	for (size_t i = 0; i < n; i++)
		if (cols[i])
			glp_set_col_kind(lp, cols[i], kind);
}

/* The number of entries of the per-municipality-and-period column maps. */
size_t qt_solver_n_placed(const qt_solver *sv)
{
	return (size_t)sv->s->n_muni * (size_t)(sv->s->T + 1);
}

/* The gap of the plan so far against the bound so far. */
double qt_solver_gap(const qt_solver *sv)
{
	double objective = sv->plan->objective, bound = sv->bound;
	if (sv->share)
		qt_bound_share_peek(sv->share, &objective, &bound);
	return qt_gap(objective, bound);
}

/* 1 once the best plan so far is proven within the target gap; unlike qt_solver_gap also while a
 * site search or dive makes another plan (sv->plan is then that one, not yet made). */
int qt_solver_gap_reached(const qt_solver *sv)
{
	double best = sv->best, bound = sv->bound;
	if (sv->share)
		qt_bound_share_peek(sv->share, &best, &bound);
	return qt_gap(best, bound) <= sv->gap;
}

void qt_solver_save_bounds(qt_solver *sv)
{
	for (int j = 1; j <= sv->plan->cols; j++)
		sv->bounds[j] = (qt_col_bounds){ glp_get_col_type(sv->m.lp, j), glp_get_col_lb(sv->m.lp, j),
						 glp_get_col_ub(sv->m.lp, j) };
}

/* Undoes what the dive fixed. */
void qt_solver_restore_bounds(qt_solver *sv)
{
	for (int j = 1; j <= sv->plan->cols; j++)
		glp_set_col_bnds(sv->m.lp, j, sv->bounds[j].type, sv->bounds[j].lb, sv->bounds[j].ub);
}

/* An empty plan of the same shape as sv->plan (carrying its kept orders and sizes). */
qt_plan *qt_solver_plan_like(const qt_solver *sv)
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
