/* What the bound's thread and the main thread of a solve share (see "the bound on a thread of
 * its own" in solve_bound.c): the best plan's objective, the best proven bound, whether the main
 * thread failed. Below solve_glpk.c, which reads them for the gap, the progress and the stop. */
#include "solve_internal.h"

#include <math.h>
#include <stdlib.h>

void qt_bound_share_sync(qt_solver *sv)
{
	qt_bound_share *sh = sv->share;
	if (!sh)
		return;
	pthread_mutex_lock(&sh->lock);
	sh->best = fmin(sh->best, sv->best);
	sh->bound = fmax(sh->bound, sv->bound);
	sv->best = sh->best;
	sv->bound = sh->bound;
	pthread_mutex_unlock(&sh->lock);
}

void qt_bound_share_peek(qt_bound_share *sh, double *best, double *bound)
{
	pthread_mutex_lock(&sh->lock);
	*best = fmin(*best, sh->best);
	*bound = fmax(*bound, sh->bound);
	pthread_mutex_unlock(&sh->lock);
}

int qt_bound_share_quit(qt_bound_share *sh) { return atomic_load(&sh->quit); }

int qt_bound_share_take_side(qt_bound_share *sh, int who)
{
	if (!sh)
		return 1;
	int owner = QT_SIDE_FREE;
	return atomic_compare_exchange_strong(&sh->side_owner, &owner, who) || owner == who;
}

/* A column the dive fixed is at a bound of the program as built only if its value lies on one:
 * at the upper (a site open) or else the lower; the simplex repairs the others. */
static int stat_as_built(const qt_solver *sv, glp_prob *lp, int j)
{
	int stat = glp_get_col_stat(lp, j);
	if (stat != GLP_NS)
		return stat;
	const qt_col_bounds *b = &sv->bounds[j];
	return b->type == GLP_DB && sv->val[j] >= b->ub - QT_WHOLE_TOL ? GLP_NU : GLP_NL;
}

void qt_bound_share_dive_basis(qt_solver *sv, glp_prob *lp)
{
	qt_bound_share *sh = sv->share;
	if (!sh || sh->dive_done)
		return;
	unsigned char *st = NULL;
	if (lp) {
		int nr = glp_get_num_rows(lp), nc = glp_get_num_cols(lp);
		st = malloc((size_t)nr + (size_t)nc);
		for (int i = 1; st && i <= nr; i++)
			st[i - 1] = (unsigned char)glp_get_row_stat(lp, i);
		for (int j = 1; st && j <= nc; j++)
			st[nr + j - 1] = (unsigned char)stat_as_built(sv, lp, j);
	}
	pthread_mutex_lock(&sh->lock);
	sh->dive_stat = st; /* out of memory: none, the bound's LP starts from its own */
	sh->dive_done = 1;
	pthread_mutex_unlock(&sh->lock);
}
