/* C, the proven lower bound, on a copy of the program kept to the end (sv->bq): Gomory rounds
 * with the person counts and the implied integers integer, and last a search with the persons
 * placed per municipality and period integer. Every LP optimum on the way, and the best open node
 * of that search, is a relaxation of the whole program: the bound the gap is measured against. */
/* glp_gmi_cut: exported by GLPK 5.0, declared only under GLP_UNDOC. */
#define GLP_UNDOC 1
#include "solve_internal.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The bound's search (qt_phase_bound): the root until root_stop, past the root only if branching,
 * and only until the plan's gap is reached. GLPK looks at its time limit only between nodes: past
 * the root, the search ends early by the longest step between two calls so far, not late by one. */
static void bound_search(glp_tree *tree, void *info)
{
	qt_solver *sv = info;
	qt_solver_on_tree(tree, info);
	double t = qt_clock_s();
	if (sv->past_root && t - sv->cb_last > sv->cb_step)
		sv->cb_step = t - sv->cb_last;
	sv->cb_last = t;
	if (glp_ios_reason(tree) == GLP_IBRANCH)
		sv->past_root = 1;
	if ((sv->past_root && !sv->branching) || t > sv->root_stop ||
	    (sv->past_root && t + sv->cb_step > sv->deadline) || qt_solver_gap(sv) <= sv->gap)
		glp_ios_terminate(tree);
}

/* One cut per basic integer column with a fractional value, most fractional first (GLPK's
 * glp_gmi_cut on the optimal basis of q), into pool as rows sum val x >= rhs. Like GLPK's own
 * glp_gmi_gen, cuts with a coefficient outside [QT_GMI_COEF_MIN, QT_GMI_COEF_MAX] are left out
 * (numerically unsafe); unlike it, every fractional column yields one (glp_gmi_gen takes at most
 * max_cuts, the values nearest above an integer first). Measured on the Esslingen example, 5
 * rounds: 172,016,495 EUR this way, 171,982,737 with glp_gmi_gen (500 a round). */
typedef struct {
	int j;
	double away; /* distance of the fractional part from 1/2 */
} gmi_candidate;

static int by_fractionality(const void *a, const void *b)
{
	double x = ((const gmi_candidate *)a)->away, y = ((const gmi_candidate *)b)->away;
	return x < y ? -1 : x > y;
}

/* The columns to cut on, most fractional first, into c; returns how many. */
static int fractional_columns(glp_prob *q, gmi_candidate *c)
{
	int n = glp_get_num_cols(q), nc = 0;
	for (int j = 1; j <= n; j++) {
		if (glp_get_col_kind(q, j) != GLP_IV || glp_get_col_type(q, j) == GLP_FX ||
		    glp_get_col_stat(q, j) != GLP_BS)
			continue;
		double x = glp_get_col_prim(q, j), f = x - floor(x);
		if (f >= QT_GMI_FRAC_MIN && f <= QT_GMI_FRAC_MAX)
			c[nc++] = (gmi_candidate){ j, fabs(f - 0.5) };
	}
	qsort(c, (size_t)nc, sizeof *c, by_fractionality);
	return nc;
}

static int coefficients_safe(const double *val, int len)
{
	for (int i = 1; i <= len; i++)
		if (!(fabs(val[i]) >= QT_GMI_COEF_MIN && fabs(val[i]) <= QT_GMI_COEF_MAX))
			return 0;
	return 1;
}

/* Returns the number of cuts put into pool; stops making them at stop_at (seconds on the clock: on
 * the generated `large` the cuts of one round take seconds). */
static int gomory_cuts(glp_prob *q, glp_prob *pool, int *ind, double *val, double stop_at)
{
	int n = glp_get_num_cols(q), m = glp_get_num_rows(q), made = 0;
	gmi_candidate *c = malloc(((size_t)n + 1) * sizeof *c);
	double *phi = malloc(((size_t)m + (size_t)n + 1) * sizeof *phi);
	if (!c || !phi)
		goto out;
	int nc = fractional_columns(q, c);
	for (int k = 0; k < nc && qt_clock_s() < stop_at; k++) {
		int len = glp_gmi_cut(q, c[k].j, ind, val, phi);
		if (len < 1 || !coefficients_safe(val, len))
			continue;
		int r = glp_add_rows(pool, 1);
		glp_set_mat_row(pool, r, len, ind, val);
		glp_set_row_bnds(pool, r, GLP_LO, val[0], 0);
		made++;
	}
out:
	free(c);
	free(phi);
	return made;
}

/* Moves the cuts of pool into q and empties pool (nc columns, as q has). */
static void add_cuts(glp_prob *q, glp_prob *pool, int nc, int *ind, double *v)
{
	int n = glp_get_num_rows(pool);
	for (int i = 1; i <= n; i++) {
		int len = glp_get_mat_row(pool, i, ind, v);
		int r = glp_add_rows(q, 1);
		glp_set_mat_row(q, r, len, ind, v);
		glp_set_row_bnds(q, r, glp_get_row_type(pool, i), glp_get_row_lb(pool, i), glp_get_row_ub(pool, i));
	}
	glp_erase_prob(pool);
	glp_add_cols(pool, nc);
}

/* Rounds of Gomory's mixed-integer cuts on q, the whole program with every integer column
 * integer: solve the LP, add the cuts its optimal basis yields, solve again, until the bound stops
 * rising, the plan's gap is reached or the time share is spent. Every LP optimum on the way is a
 * proven lower bound of the program. Measured on the Esslingen example (with the implied integers
 * below): 171,873,697 EUR (the LP with the whole-person rows) to 172,022,253 in 15 rounds, 16 s. */
static void gomory_rounds(qt_solver *sv, glp_prob *q, double share, int max_passes, double stall_rel)
{
	double stop_at = qt_clock_s() + (sv->deadline - qt_clock_s()) * share;
	int nc = glp_get_num_cols(q);
	glp_prob *pool = glp_create_prob();
	int *ind = malloc(((size_t)nc + 1) * sizeof *ind);
	double *v = malloc(((size_t)nc + 1) * sizeof *v);
	if (!pool || !ind || !v)
		goto out;
	glp_add_cols(pool, nc);
	glp_smcp sp;
	glp_init_smcp(&sp);
	sp.msg_lev = sv->opt.verbose ? GLP_MSG_ON : GLP_MSG_OFF;
	/* The first round starts from a warm start's basis, the dive's or GLPK's advanced basis
	 * (qt_solver_start_basis); later ones from the last basis, which the cuts added after it
	 * leave dual feasible. */
	int fresh = sv->cut_passes == 0;
	int warm = fresh && (sv->basis_given || qt_solver_start_basis(sv, QT_BASIS_BOUND, q));
	double last = -HUGE_VAL;
	for (int pass = 0, still = 0; pass < max_passes && !qt_solver_stopped(sv); pass++, sv->cut_passes++) {
		double left = stop_at - qt_clock_s();
		if (left < QT_MIN_CUT_ROUND_S)
			break;
		sp.tm_lim = (int)(left * 1000);
		sp.meth = pass || !fresh ? GLP_DUALP : GLP_PRIMAL;
		int ret = glp_simplex(q, &sp);
		if (ret != 0 && ret != GLP_ETMLIM && warm) { /* the basis loaded was singular */
			warm = 0;
			glp_adv_basis(q, 0);
			ret = glp_simplex(q, &sp);
		}
		if (ret != 0 || glp_get_status(q) != GLP_OPT)
			break;
		if (fresh && pass == 0)
			qt_solver_keep_basis(sv, QT_BASIS_BOUND, q);
		double z = glp_get_obj_val(q);
		if (z > sv->bound)
			sv->bound = z;
		qt_solver_report(sv, sv->best, sv->bound);
		still = z - last < stall_rel * fabs(z) ? still + 1 : 0;
		last = z;
		if (still >= QT_STALL_ROUNDS || qt_solver_gap(sv) <= sv->gap ||
		    gomory_cuts(q, pool, ind, v, stop_at) <= 0)
			break;
		add_cuts(q, pool, nc, ind, v);
	}
out:
	if (pool)
		glp_delete_prob(pool);
	free(ind);
	free(v);
}

/* Columns that are whole in some optimal plan, though the program declares them continuous:
 * backlog, persons in vU, waiting households and persons without a place are sums and differences
 * of whole numbers (SCENARIO.md: persons and households are whole), and below / above the quota
 * are, at an optimum, the positive and negative part of a whole difference (their penalties are
 * >= 0). Declaring them integer in the bound's copy leaves its optimum as it is and lets the cuts
 * use them. Measured on the Esslingen example, 20 rounds of glp_gmi_gen's cuts: 171,962,592 EUR
 * without, 171,991,238 with. */
static void implied_integers(const qt_solver *sv, glp_prob *q)
{
	const qt_model *m = &sv->m;
	size_t per = (size_t)sv->s->T + 1;
	qt_set_kind(q, m->bl, per, GLP_IV);
	qt_set_kind(q, m->V, per, GLP_IV);
	qt_set_kind(q, m->U, per, GLP_IV);
	qt_set_kind(q, m->F, QT_NCLASS * per, GLP_IV);
	qt_set_kind(q, m->under, qt_solver_n_placed(sv), GLP_IV);
	qt_set_kind(q, m->over, qt_solver_n_placed(sv), GLP_IV);
}

/* The copy of the program the bound is computed on: as built, not as the dive left it, with every
 * person count and the implied integers integer. */
static glp_prob *bound_copy(qt_solver *sv)
{
	qt_solver_restore_bounds(sv);
	glp_prob *q = glp_create_prob();
	glp_copy_prob(q, sv->m.lp, GLP_OFF);
	qt_set_kind(q, sv->m.person, (size_t)sv->m.n_person, GLP_IV);
	qt_set_kind(q, sv->m.P, qt_solver_n_placed(sv), GLP_IV);
	implied_integers(sv, q);
	return q;
}

/* 1 if a bound phase has the time and a gap to close. */
static int bound_wanted(const qt_solver *sv)
{
	return !(sv->deadline - qt_clock_s() < QT_MIN_PHASE_S || qt_solver_stopped(sv) ||
		 qt_solver_gap(sv) <= sv->gap);
}

/* Gomory rounds on the bound's copy, at most max_passes of them now; a later call goes on from
 * there (the cuts hold for every plan). Only while the plan's gap is above the target. */
void qt_phase_cuts(qt_solver *sv, int max_passes)
{
	if (!bound_wanted(sv))
		return;
	sv->phase = "bound";
	if (!sv->bq)
		sv->bq = bound_copy(sv);
	gomory_rounds(sv, sv->bq, QT_CUTS_SHARE, max_passes, QT_STALL_REL);
}

/* C, last: on the copy with its cuts, a search in which the persons placed per municipality and
 * period are integer (the other person counts relaxed). Its root's cuts raise the bound; on
 * programs too large for the polishing search it then branches until the time limit or the
 * target gap (branching raises the best bound of the open nodes). The plan is not handed to it as
 * an incumbent: GLPK's presolver renumbers the columns, and glp_ios_heur_sol checks no row. */
void qt_phase_bound(qt_solver *sv)
{
	glp_prob *q = sv->bq;
	if (!q || !bound_wanted(sv))
		return;
	sv->phase = "bound";
	qt_set_kind(q, sv->m.person, (size_t)sv->m.n_person, GLP_CV);
	glp_iocp p;
	int pre = qt_solver_use_presolve(sv);
	qt_solver_mip_params(&p, sv, QT_ALL_LEFT, 0, pre);
	p.br_tech = QT_BOUND_BRANCHING;
	p.cb_func = bound_search;
	sv->branching = sv->plan->cols > QT_POLISH_MAX_COLUMNS;
	sv->root_stop = sv->branching ? sv->deadline : qt_clock_s() + QT_BOUND_ROOT_SHARE * (sv->deadline - qt_clock_s());
	sv->cb_last = sv->cb_step = 0;
	sv->past_root = 0;
	sv->bounding = 1;
	if ((pre || glp_get_status(q) == GLP_OPT) && glp_intopt(q, &p) == 0 && glp_mip_status(q) == GLP_OPT &&
	    glp_mip_obj_val(q) > sv->bound)
		sv->bound = glp_mip_obj_val(q); /* the search finished: its optimum bounds */
	sv->bounding = 0;
	qt_solver_end_search(sv);
}

/* ---- the bound on a thread of its own ----
 * With two or more jobs, the Gomory rounds and the bound's search run on a second thread from the
 * start, on their own copy of the program as built, while the main thread runs the site search,
 * the dive and the variants; it then waits for the bound to end (at the target gap or the time
 * limit, as the last bound phase does in one thread). On the simplex path the thread may run a
 * site variant between its rounds and its search (solve_side.c). GLPK keeps its state per thread
 * (Debian's build: glp_config("TLS")), so the copies are made on the bound's thread while the
 * main thread waits; its GLPK searches run without cover cuts (see qt_solver_mip_params). */
int qt_bound_thread_wanted(const qt_solver *sv)
{
	int jobs = sv->opt.jobs > 0 ? sv->opt.jobs : qt_cores();
	double nz = glp_get_num_nz(sv->m.lp);
	if (qt_solver_use_ipm(sv) && QT_BOUND_LP_S_PER_NONZERO_SQ * nz * nz > sv->deadline - qt_clock_s())
		return 0; /* its simplex would not end in time */
	return jobs >= 2 && !qt_in_worker() && !sv->opt.warm_start && sv->plan->cols >= QT_PARALLEL_MIN_COLUMNS;
}

static void say_copied(qt_bound_share *sh)
{
	pthread_mutex_lock(&sh->lock);
	sh->copied = 1;
	pthread_cond_signal(&sh->copied_cond);
	pthread_mutex_unlock(&sh->lock);
}

/* On the interior-point path the bound's first LP, by the simplex, starts from the optimal basis
 * of the dive's first LP (the site plan fixed; each fixed column at the bound its value lies on):
 * it waits for it. Measured on the generated `large` (seed 1, `--time-limit 60 --gap 0.001`): the
 * LP's optimum after 15.3 s against about 41 s from GLPK's advanced basis at the start, the bound
 * 631,063,000 EUR at the time limit against about 631,032,000. */
static void wait_for_dive_basis(qt_bound_share *sh, glp_prob *q)
{
	qt_solver *b = &sh->b;
	struct timespec nap = { 0, (long)(QT_JOIN_POLL_S * 1e9) };
	for (;;) {
		pthread_mutex_lock(&sh->lock);
		int done = sh->dive_done;
		pthread_mutex_unlock(&sh->lock);
		if (done || qt_solver_stopped(b) || qt_clock_s() > b->deadline)
			break;
		nanosleep(&nap, NULL);
	}
	pthread_mutex_lock(&sh->lock);
	const unsigned char *st = sh->dive_stat;
	pthread_mutex_unlock(&sh->lock);
	if (!st)
		return;
	int nr = glp_get_num_rows(q), nc = glp_get_num_cols(q);
	for (int i = 1; i <= nr; i++)
		glp_set_row_stat(q, i, st[i - 1]);
	for (int j = 1; j <= nc; j++)
		glp_set_col_stat(q, j, st[nr + j - 1]);
	b->basis_given = 1;
}

static int bound_thread_guarded(void *ctx)
{
	qt_bound_share *sh = ctx;
	qt_solver *b = &sh->b;
	glp_prob *q = glp_create_prob();
	glp_copy_prob(q, sh->source, GLP_OFF);
	if (sh->side_shape && (sh->side_lp = glp_create_prob()) != NULL)
		glp_copy_prob(sh->side_lp, sh->source, GLP_ON);
	say_copied(sh);
	qt_set_kind(q, b->m.person, (size_t)b->m.n_person, GLP_IV);
	qt_set_kind(q, b->m.P, qt_solver_n_placed(b), GLP_IV);
	implied_integers(b, q);
	b->bq = q;
	/* On the interior-point path the simplex needs most of the time for the first LP (and GLPK's
	 * MIP presolver of the bound's search would not watch the clock): rounds only, in all of it. */
	int ipm = qt_solver_use_ipm(b);
	if (ipm)
		wait_for_dive_basis(sh, q);
	if (bound_wanted(b)) {
		b->phase = "bound";
		gomory_rounds(b, q, ipm ? QT_ALL_LEFT : QT_CUTS_SHARE, QT_CUT_PASSES,
			      ipm ? QT_STALL_REL : QT_THREAD_STALL_REL);
	}
	/* its plan is one more candidate (solve_side.c): if it fails, the main thread's plan stands */
	if (sh->side_lp && qt_bound_share_take_side(sh, QT_SIDE_THREAD))
		qt_side_variant(sh);
	if (!ipm && b->deadline - qt_clock_s() >= QT_BOUND_THREAD_SEARCH_MIN_S)
		qt_phase_bound(b);
	return 0;
}

static void *bound_thread(void *arg)
{
	qt_bound_share *sh = arg;
	qt_mark_worker();
	int rc = qt_glpk_guarded(bound_thread_guarded, sh, sh->b.opt.verbose);
	say_copied(sh); /* also when GLPK failed before the copy was made */
	if (rc != QT_ESOLVER && sh->b.bq)
		glp_delete_prob(sh->b.bq);
	if (rc != QT_ESOLVER && sh->side_lp)
		glp_delete_prob(sh->side_lp);
	sh->b.bq = NULL;
	sh->side_lp = NULL;
	qt_bound_share_sync(&sh->b);
	pthread_mutex_lock(&sh->lock);
	sh->finished = 1;
	pthread_mutex_unlock(&sh->lock);
	glp_free_env();
	return NULL;
}

/* The better of the main thread's plan and the site variant's on the bound's thread. */
static void keep_better(qt_solver *sv, qt_bound_share *sh, int failed)
{
	if (sh->side_plan && !failed && sh->side_plan->objective < sv->plan->objective) {
		qt_plan_free(sv->plan);
		sv->plan = sh->side_plan;
	} else {
		qt_plan_free(sh->side_plan);
	}
	qt_plan_free(sh->side_shape);
	sh->side_plan = sh->side_shape = NULL;
}

int qt_bound_thread_start(qt_solver *sv)
{
	qt_bound_share *sh = calloc(1, sizeof *sh);
	if (!sh)
		return QT_ENOMEM;
	pthread_mutex_init(&sh->lock, NULL);
	pthread_cond_init(&sh->copied_cond, NULL);
	sh->best = HUGE_VAL;
	sh->bound = -HUGE_VAL;
	sh->source = sv->m.lp;
	/* glp_copy_prob reads the source's factorization parameters through glp_get_bfcp, which
	 * creates the source's factorization driver if it has none: in the copying thread's
	 * memory, which the main thread could not free. Created here, in the main thread. */
	glp_bfcp bfcp;
	glp_get_bfcp(sv->m.lp, &bfcp);
	sh->b = *sv;
	sh->b.share = sh;
	sh->shadow.cols = sv->plan->cols;
	sh->shadow.objective = HUGE_VAL;
	sh->b.plan = &sh->shadow;
	sh->b.opt.progress = NULL; /* the main thread reports for both */
	sh->b.val = NULL;
	sh->b.bounds = NULL;
	sh->b.incumbent = NULL;
	sh->b.relaxed = NULL;
	sh->b.bq = NULL;
	memset(sh->b.basis, 0, sizeof sh->b.basis);
	sh->b.nodes = sh->b.nodes_phase = 0;
	if (!qt_solver_use_ipm(sv))
		sh->side_shape = qt_solver_plan_like(sv); /* out of memory: no site variant on the thread */
	if (pthread_create(&sh->thread, NULL, bound_thread, sh) != 0) {
		pthread_cond_destroy(&sh->copied_cond);
		pthread_mutex_destroy(&sh->lock);
		qt_plan_free(sh->side_shape);
		free(sh);
		return QT_ENOMEM;
	}
	pthread_mutex_lock(&sh->lock);
	while (!sh->copied)
		pthread_cond_wait(&sh->copied_cond, &sh->lock);
	pthread_mutex_unlock(&sh->lock);
	sv->share = sh;
	return 0;
}

static int bound_finished(qt_bound_share *sh)
{
	pthread_mutex_lock(&sh->lock);
	int done = sh->finished;
	pthread_mutex_unlock(&sh->lock);
	return done;
}

void qt_bound_thread_join(qt_solver *sv, int failed)
{
	qt_bound_share *sh = sv->share;
	if (!sh)
		return;
	if (failed)
		atomic_store(&sh->quit, 1);
	sv->phase = "bound";
	struct timespec nap = { 0, (long)(QT_JOIN_POLL_S * 1e9) };
	while (!bound_finished(sh)) {
		qt_solver_report(sv, sv->best, sv->bound);
		/* Past the time limit the bound's search is told to end at its next callback (GLPK
		 * looks at its own time limit only between nodes). */
		if (qt_clock_s() > sv->deadline)
			atomic_store(&sh->quit, 1);
		nanosleep(&nap, NULL);
	}
	pthread_join(sh->thread, NULL);
	keep_better(sv, sh, failed);
	qt_bound_share_sync(sv);
	sv->nodes += sh->b.nodes;
	sv->cut_passes += sh->b.cut_passes;
	sv->share = NULL;
	pthread_cond_destroy(&sh->copied_cond);
	pthread_mutex_destroy(&sh->lock);
	free(sh->dive_stat);
	free(sh);
}
