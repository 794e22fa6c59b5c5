/* The integer program of MODEL.md, built with GLPK's API. */
#ifndef QT_MODEL_H
#define QT_MODEL_H

#include "internal.h"

#include <glpk.h>

/* QT_IPM_MIN_COLUMNS: which relaxation a program gets, for export --stats as for qt_solve. */
#include "solve_tuning.h"

/* Column numbers (1-based, GLPK's) of every variable, 0 where a variable does not exist, and the
 * row numbers of the rows the solver changes: it finds rows by these, never by their names. */
typedef struct {
	glp_prob *lp;
	const qt_scenario *s;
	qt_quotas quotas;
	int T;
	int *acc, *bl, *V, *U;      /* [T+1] */
	int *F;                     /* [QT_NCLASS*(T+1)] */
	int *x, *o, *up, *dn;       /* [G*(T+1)] */
	int *tr;                    /* [G*(T+1)] handed over to its municipality in t; 0 where a site
				     * has no transfer option or t is before its earliest period */
	int *b, *ng, *na, *y;       /* [K*(T+1)] */
	int *as;                    /* [M*QT_NCLASS*(T+1)] */
	int *A, *under, *over;      /* [M*(T+1)] */
	int *P;                     /* [M*(T+1)] persons placed into the AU stock of m in t */
	int *au_cap_row;            /* [M*(T+1)] row number of the AU capacity of m in t */
	int *max_modules_row;       /* [K] row number of the module orders' limit of k */
	int *modules_ready_row;     /* [K*(T+1)] row number of the modules ready of k in t */
	int *ao;                    /* [O]; 0 for ineligible offers */
	int n_person, n_struct;     /* integer columns counting persons / site and module decisions */
	int *person, *structural;   /* their column numbers */
} qt_model;

/* Builds the program into m (m->lp is a new problem). Must run inside a GLPK guard. */
int qt_model_build(qt_model *m, const qt_scenario *s);
void qt_model_free(qt_model *m);

/* solve_relax.c: the LP relaxation by the interior-point method (solution into val[1..ncols]); a proven
 * lower bound from the dual values of the last interior-point (ipt) or simplex solve; and an
 * integral site and module plan rounded from a relaxed solution in val (kept: plan->kept). */
int qt_relax_ipm(glp_prob *lp, double *val, int verbose);
double qt_dual_bound(const qt_model *m, int ipt);
/* The same for any program lp whose columns without an upper bound (or lower, if free) stay within
 * [-big, big] in every plan; qt_persons_bound(m) is such a big for m's person counts. */
double qt_dual_bound_lp(glp_prob *lp, double big, int ipt);
double qt_persons_bound(const qt_model *m);
void qt_round_sites(const qt_model *m, double *val, double threshold, const long *kept);

/* solve_round.c: a complete integer plan from a solution with integral site and module decisions. */
int qt_round_plan(const qt_model *m, const double *val, qt_plan *p);
/* The same, one period at a time, so a caller can re-solve between periods (a dive). */
typedef struct qt_rounding qt_rounding;
int qt_round_begin(qt_rounding **out, const qt_model *m, const double *val, qt_plan *p);
void qt_round_period(qt_rounding *r, const double *val, int t);
void qt_round_free(qt_rounding *r);
/* Persons municipality mu's AU stock can still take in period t, the periods before t rounded:
 * its AU places less what stays of its stock of t - 1. */
double qt_round_room(const qt_rounding *r, int mu, int t);
void qt_plan_to_columns(const qt_model *m, const qt_plan *p, double *val);
#endif
