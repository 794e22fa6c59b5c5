/* What the bound's thread and the main thread of a solve share (see "the bound on a thread of
 * its own" in solve_bound.c): the best plan's objective, the best proven bound, whether the main
 * thread failed. Below solve_glpk.c, which reads them for the gap, the progress and the stop. */
#include "solve_internal.h"

#include <math.h>

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
