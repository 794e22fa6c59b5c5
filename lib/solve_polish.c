/* D, polishing: the whole program, every person count integer, from the plan so far as incumbent,
 * while the gap is above the target and time remains. On small programs this proves optimality,
 * and its bound is one of the whole program. */
#include "solve_internal.h"

#include <math.h>
#include <stdlib.h>

static int polish_wanted(const qt_solver *sv)
{
	return !(qt_solver_stopped(sv) || sv->deadline - qt_clock_s() < QT_MIN_SEARCH_S ||
		 qt_solver_gap(sv) <= sv->gap || sv->plan->cols > QT_POLISH_MAX_COLUMNS);
}

/* The plan as GLPK's first incumbent (GLP_IHEUR). */
static int hand_over_plan(qt_solver *sv)
{
	int n = glp_get_num_cols(sv->m.lp);
	sv->incumbent = calloc((size_t)n + 1, sizeof(double));
	if (!sv->incumbent)
		return qt_set_error(QT_ENOMEM, "out of memory");
	qt_plan_to_columns(&sv->m, sv->plan, sv->incumbent);
	sv->incumbent_given = 0;
	return 0;
}

int qt_phase_polish(qt_solver *sv)
{
	if (!polish_wanted(sv))
		return 0;
	glp_prob *lp = sv->m.lp;
	sv->phase = "polishing";
	qt_solver_restore_bounds(sv);
	qt_set_kind(lp, sv->m.person, (size_t)sv->m.n_person, GLP_IV);
	qt_set_kind(lp, sv->m.P, qt_solver_n_placed(sv), GLP_IV);
	if (qt_solver_lp(sv, 0, QT_ALL_LEFT, 0) != 0)
		return 0; /* no time for the LP: the plan stands */
	int rc = hand_over_plan(sv);
	if (rc)
		return rc;
	glp_iocp p;
	qt_solver_mip_params(&p, sv, QT_ALL_LEFT, sv->gap, 0);
	/* Cut rounds do not watch the time limit; here they would cost more than they bring. */
	p.gmi_cuts = p.mir_cuts = p.cov_cuts = p.clq_cuts = GLP_OFF;
	sv->bounding = sv->polishing = 1;
	int ret = glp_intopt(lp, &p);
	sv->bounding = sv->polishing = 0;
	qt_solver_end_search(sv);
	int st = glp_mip_status(lp);
	if (st != GLP_OPT && st != GLP_FEAS)
		return 0;
	double z = glp_mip_obj_val(lp);
	if (ret == 0 && st == GLP_OPT)
		sv->bound = fmax(sv->bound, z); /* the search finished: its best plan is optimal */
	if (z < sv->plan->objective - QT_POLISH_GAIN * fmax(QT_OBJECTIVE_MIN_SCALE, fabs(z))) {
		qt_solver_take_mip(sv);
		return qt_round_plan(&sv->m, sv->val, sv->plan);
	}
	return 0;
}
