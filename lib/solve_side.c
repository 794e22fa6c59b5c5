/* The site variant on the bound's thread (solve_bound.c, "the bound on a thread of its own"): on
 * the simplex path, with its Gomory rounds done and the main thread still in its first site
 * search, the bound's thread runs the site search variant QT_SIDE_VARIANT and its dive on a copy
 * of the program of its own, then goes on to the bound's search; the main thread skips that
 * variant and, at the end, keeps the better of the two plans (solve_tuning.h, QT_SIDE_VARIANT). */
#include "solve_internal.h"

#include <stdlib.h>

void qt_side_variant(qt_bound_share *sh)
{
	qt_solver w = sh->b; /* the bound thread's clock, share and stop; the program's copy below */
	w.m.lp = sh->side_lp;
	w.plan = sh->side_shape;
	w.variant = &qt_site_variants[QT_SIDE_VARIANT];
	w.bq = NULL;
	w.nodes = w.nodes_phase = 0;
	w.val = calloc((size_t)w.plan->cols + 1, sizeof *w.val);
	w.bounds = malloc(((size_t)w.plan->cols + 1) * sizeof *w.bounds);
	if (w.val && w.bounds) { /* out of memory: no plan, the main thread's stands */
		qt_solver_save_bounds(&w); /* the copy is the program as built */
		if (!qt_solver_gap_reached(&w) && qt_phase_sites(&w) && !qt_solver_gap_reached(&w) &&
		    qt_phase_round(&w) == 0) {
			sh->side_plan = w.plan;
			sh->side_shape = NULL;
		}
	}
	sh->b.nodes += w.nodes;
	free(w.val);
	free(w.bounds);
}
