/* The solve strategy.
 *
 * Plain branch-and-bound on the program as MODEL.md states it finds no integer plan on a district:
 * thousands of integer person counts give GLPK nothing to branch on usefully. So:
 *  A. Site and module decisions integer, person counts continuous: GLPK's branch-and-cut (presolve,
 *     cuts, pseudocost branching) proves a lower bound for the whole program, since this is a
 *     relaxation of it, and gives a site and module plan.
 *  B. Those decisions fixed, the LP over person counts is re-solved and rounded into a complete
 *     integer plan (round.c) that satisfies every constraint exactly.
 *  C. With the decisions still fixed and person counts integer, branch-and-bound starts from that
 *     plan (handed to GLPK as its first incumbent) and improves it while time remains.
 * The gap reported is the plan's objective against the bound of A: a proven gap for the program. */
#include "model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <stdio.h>

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
	double *incumbent;    /* phase C: the rounded plan as columns, handed to GLPK once */
	int incumbent_given;
} solver;

static void report(solver *sv, double incumbent, double bound)
{
	double t = now();
	if (!sv->opt.progress || t - sv->last_report < 1.0)
		return;
	sv->last_report = t;
	qt_progress pr = { t - sv->t0, incumbent, bound, sv->phase };
	sv->opt.progress(&pr, sv->opt.progress_ctx);
}

static void on_tree(glp_tree *tree, void *info)
{
	solver *sv = info;
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
	if (!sv->incumbent && best && bound > sv->bound)
		sv->bound = bound; /* phase A: the tree's bound bounds the whole program */
	report(sv, inc, sv->incumbent ? sv->plan->objective : bound);
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

static void set_person_kind(solver *sv, int kind)
{
	for (int i = 0; i < sv->m.n_person; i++)
		glp_set_col_kind(sv->m.lp, sv->m.person[i], kind);
}

/* A: sites and modules. Returns 1 if an integral site and module plan is in sv->val. */
static int phase_sites(solver *sv)
{
	glp_prob *lp = sv->m.lp;
	glp_iocp p;
	sv->phase = "sites";
	set_person_kind(sv, GLP_CV);
	mip_params(&p, sv, 0.7, sv->gap / 2, 1);
	int ret = glp_intopt(lp, &p);
	sv->nodes += sv->nodes_phase;
	sv->nodes_phase = 0;
	int st = glp_mip_status(lp);
	if (st != GLP_OPT && st != GLP_FEAS)
		return 0;
	if (ret == 0 && st == GLP_OPT)
		sv->bound = glp_mip_obj_val(lp); /* the search finished: the bound is the optimum */
	int n = glp_get_num_cols(lp);
	for (int j = 1; j <= n; j++)
		sv->val[j] = glp_mip_col_val(lp, j);
	return 1;
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

/* B: fixes the site and module plan, solves the LP over person counts and rounds it. */
static int phase_round(solver *sv)
{
	glp_prob *lp = sv->m.lp;
	sv->phase = "rounding";
	for (int i = 0; i < sv->m.n_struct; i++) {
		int j = sv->m.structural[i];
		double v = round(sv->val[j]);
		glp_set_col_bnds(lp, j, GLP_FX, v, v);
	}
	glp_smcp sp;
	glp_init_smcp(&sp);
	sp.msg_lev = sv->opt.verbose ? GLP_MSG_ON : GLP_MSG_OFF;
	sp.presolve = GLP_OFF;
	/* The plan must come out even when the site search used up the time: a short grace. */
	sp.tm_lim = ms_left(sv) > 2000 ? ms_left(sv) : 2000;
	glp_adv_basis(lp, 0);
	int ret = glp_simplex(lp, &sp);
	if (ret == GLP_ETMLIM)
		return qt_set_error(QT_ENOPLAN, "no integer plan within the time limit");
	if (ret != 0 || glp_get_status(lp) != GLP_OPT)
		return qt_set_error(QT_ESOLVER, "the LP over person counts did not solve (status %d)",
				    glp_get_status(lp));
	int n = glp_get_num_cols(lp);
	for (int j = 1; j <= n; j++)
		sv->val[j] = glp_get_col_prim(lp, j);
	int rrc = qt_round_plan(&sv->m, sv->val, sv->plan);
	if (getenv("QT_DEBUG")) {
		fprintf(stderr, "phase B LP obj %.2f rounded %.2f\n", glp_get_obj_val(lp), sv->plan->objective);
		double bl = 0, F = 0, und = 0, ov = 0, A = 0; long pbl = 0, pF = 0, pund = 0, pov = 0; double pA = 0;
		const qt_scenario *s = sv->s; int T = s->T;
		for (int t = 1; t <= T; t++) {
			bl += sv->val[sv->m.bl[t]]; pbl += sv->plan->bl[t];
			for (int h = 0; h < 5; h++) { F += s->hsize[h] * sv->val[sv->m.F[QT_IX(h,t,T)]]; pF += s->hsize[h] * sv->plan->F[QT_IX(h,t,T)]; }
			for (int m = 0; m < s->n_muni; m++) { size_t ix = QT_IX(m,t,T); und += sv->val[sv->m.under[ix]]; ov += sv->val[sv->m.over[ix]]; A += sv->val[sv->m.A[ix]];
				pund += sv->plan->under[ix]; pov += sv->plan->over[ix]; pA += sv->plan->A[ix]; }
		}
		fprintf(stderr, "LP: bl %.1f F %.1f under %.1f over %.1f A %.1f\nRD: bl %ld F %ld under %ld over %ld A %.1f\n", bl, F, und, ov, A, pbl, pF, pund, pov, pA);
	}
	return rrc;
}

/* C: integer person counts, sites fixed, from the rounded plan as incumbent. */
static int phase_improve(solver *sv)
{
	glp_prob *lp = sv->m.lp;
	if (sv->deadline - now() < 0.5)
		return 0;
	double target = sv->bound > -HUGE_VAL ? sv->gap / 4 : 0;
	if (sv->bound > -HUGE_VAL && sv->plan->objective - sv->bound <= target * fabs(sv->plan->objective))
		return 0;
	sv->phase = "improving";
	set_person_kind(sv, GLP_IV);
	int n = glp_get_num_cols(lp);
	sv->incumbent = calloc((size_t)n + 1, sizeof(double));
	if (!sv->incumbent)
		return qt_set_error(QT_ENOMEM, "out of memory");
	qt_plan_to_columns(&sv->m, sv->plan, sv->incumbent);
	glp_iocp p;
	mip_params(&p, sv, 1.0, target, 0);
	p.gmi_cuts = p.cov_cuts = p.clq_cuts = GLP_OFF;
	glp_intopt(lp, &p);
	sv->nodes += sv->nodes_phase;
	int st = glp_mip_status(lp);
	if ((st == GLP_OPT || st == GLP_FEAS) && glp_mip_obj_val(lp) < sv->plan->objective - 1e-6) {
		for (int j = 1; j <= n; j++)
			sv->val[j] = glp_mip_col_val(lp, j);
		return qt_round_plan(&sv->m, sv->val, sv->plan);
	}
	return 0;
}

static int solve_guarded(void *ctx)
{
	solver *sv = ctx;
	int rc = qt_model_build(&sv->m, sv->s);
	if (rc)
		return rc;
	glp_prob *lp = sv->m.lp;
	sv->plan->rows = glp_get_num_rows(lp);
	sv->plan->cols = glp_get_num_cols(lp);
	sv->plan->ints = glp_get_num_int(lp);
	sv->val = calloc((size_t)sv->plan->cols + 1, sizeof(double));
	if (!sv->val)
		return qt_set_error(QT_ENOMEM, "out of memory");
	if (!phase_sites(sv))
		status_quo_sites(sv);
	if ((rc = phase_round(sv)))
		return rc;
	return phase_improve(sv);
}

static qt_status status_of(const solver *sv, double gap)
{
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
	double limit = sv.opt.time_limit_s > 0 ? sv.opt.time_limit_s : s->time_limit_s;
	sv.deadline = sv.t0 + limit;
	sv.gap = sv.opt.gap >= 0 ? sv.opt.gap : s->gap;
	sv.bound = -HUGE_VAL;
	sv.plan = qt_plan_alloc(s->T, s->n_gu, s->n_kombi, s->n_muni, s->n_offer);
	if (!sv.plan)
		return qt_set_error(QT_ENOMEM, "out of memory");
	int rc = qt_glpk_guarded(solve_guarded, &sv, sv.opt.verbose);
	if (rc == QT_ESOLVER)
		sv.m.lp = NULL; /* GLPK freed its environment, the problem with it */
	qt_model_free(&sv.m);
	free(sv.val);
	free(sv.incumbent);
	if (rc) {
		qt_plan_free(sv.plan);
		return rc;
	}
	qt_plan *p = sv.plan;
	p->seconds = now() - sv.t0;
	p->nodes = sv.nodes;
	p->bound = sv.bound;
	double z = p->objective;
	p->gap = sv.bound > -HUGE_VAL ? fmax(0.0, (z - sv.bound) / fmax(1.0, fabs(z))) : HUGE_VAL;
	p->status = status_of(&sv, p->gap);
	*out = p;
	return 0;
}
