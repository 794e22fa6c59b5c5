/* Plans over futures (MODEL.md "Futures", README "Futures: how they are solved"): qt_solve.
 *
 * The futures program is F copies of the deterministic program, tied by non-anticipativity of the
 * site and module decisions of the first K quarters. It is solved by decomposition over the
 * commitment, reusing the deterministic strategy (solve.c) for every step:
 *  1. the first future (the probability-weighted median by arrivals; for `worst` the highest)
 *     alone, with the bound on a second thread: its plan and its proven bound;
 *  2. its commitment (the first K quarters of its plan) fixed, every other future solved under
 *     it: the first complete plan of the futures program;
 *  3. on large programs with the objective `expected`, the futures program's bound: a Lagrangian
 *     bound with the interior-point duals of its non-anticipativity rows (lagrangian_bound);
 *  4. every other future alone, warm-started from its plan under that commitment: its own plan
 *     and its proven bound (the LP relaxation's where the solve proves less); skipped when the
 *     gap is reached already, unless the value of information needs them;
 *  5. further candidate commitments: the first K quarters of each future's own plan (the one
 *     closest to the others' first), and the mean-value program's; for a candidate, every other
 *     future solved with those quarters fixed; the best is kept;
 *  6. the proven bound: the larger of step 3's and the objective over futures of the futures'
 *     own bounds (a relaxation: it drops non-anticipativity);
 *  7. on small programs, GLPK's branch-and-bound on the futures program itself (model_futures.c)
 *     from the best plan as incumbent, which raises the bound and may improve the plan.
 * The futures' solves of one step run side by side on opt->jobs threads. A candidate is abandoned
 * before its solves if the futures that agree with it and the others' bounds cannot beat the
 * best. A future's plan alone that keeps the best commitment and is better replaces its plan. */
#include "model_futures.h"
#include "solve_internal.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	const qt_scenario *s;
	const qt_solve_options *opt;
	double t0, deadline, gap;
	int F, K, jobs;
	pthread_mutex_t progress_lock; /* the caller's progress is called from one thread at a time */
	qt_scenario *view;       /* [F] */
	qt_plan **alone;         /* [F] each future solved alone */
	qt_plan **best;          /* [F] the best plan over futures so far (borrowed or owned) */
	double best_value;
	double bound;
	const qt_plan *tried;    /* the commitment of step 1's future, evaluated first (NULL: none) */
	char phase[96];
	const char *sub_phase;
	void (*user_progress)(const qt_progress *p, void *ctx);
	qt_futures_model fm;     /* step 4 */
	double *incumbent;       /* the best plan as columns of fm.lp, handed to GLPK once */
	int incumbent_given;
	double tree_bound;       /* the best open node's bound of step 4's search */
	double program_bound;    /* the futures program's relaxation's bound (-HUGE_VAL: none) */
	double own[QT_MAX_FUTURES]; /* each future's best objective in any plan found (WS) */
	double lb[QT_MAX_FUTURES];  /* each future's proven bound alone */
} fut_solver;

/* A plan of future f: with or without a commitment, it is one of that future alone too. */
static void note_plan(fut_solver *fs, int f, const qt_plan *p)
{
	if (p && p->objective < fs->own[f])
		fs->own[f] = p->objective;
}

/* The objective over futures of the per-future values z[f]. */
static double over_futures(const qt_scenario *s, const double *z)
{
	double e = 0, w = -HUGE_VAL;
	for (int f = 0; f < s->n_future; f++) {
		e += s->future[f].probability * z[f];
		w = fmax(w, z[f]);
	}
	return s->fut_objective == QT_FUTURES_WORST ? w : e;
}

static void progress(fut_solver *fs, const char *what)
{
	if (!fs->user_progress)
		return;
	snprintf(fs->phase, sizeof fs->phase, "futures: %s", what);
	pthread_mutex_lock(&fs->progress_lock);
	qt_progress p = { qt_clock_s() - fs->t0, fs->best_value, fs->bound, fs->phase };
	fs->user_progress(&p, fs->opt->progress_ctx);
	pthread_mutex_unlock(&fs->progress_lock);
}

/* A sub-solve's progress, relabelled: "futures: <what>: <phase>" (its own incumbent and bound). */
typedef struct {
	fut_solver *fs;
	const char *what;
	char label[160];
} sub_ctx;

static void sub_progress(const qt_progress *p, void *ctx)
{
	sub_ctx *c = ctx;
	snprintf(c->label, sizeof c->label, "futures: %s: %s", c->what, p->phase ? p->phase : "");
	qt_progress q = *p;
	q.elapsed_s = qt_clock_s() - c->fs->t0;
	q.phase = c->label;
	pthread_mutex_lock(&c->fs->progress_lock);
	c->fs->user_progress(&q, c->fs->opt->progress_ctx);
	pthread_mutex_unlock(&c->fs->progress_lock);
}

/* The options of a future's solve within `seconds`, reporting as `what` through c. */
static qt_solve_options sub_options(fut_solver *fs, double seconds, sub_ctx *c)
{
	qt_solve_options o = *fs->opt;
	o.time_limit_s = fmax(seconds, QT_FUT_MIN_SOLVE_S);
	o.gap = fs->gap;
	o.value_of_information = 0;
	o.progress = fs->user_progress ? sub_progress : NULL;
	o.progress_ctx = c;
	return o;
}

/* One deterministic solve of scenario view within `seconds`, with commit's first K quarters fixed
 * (commit NULL: none), from warm's site decisions after them (warm NULL: the site search).
 * *out NULL when no plan came out. */
static int solve_one(fut_solver *fs, const qt_scenario *view, const qt_plan *commit, const qt_plan *warm,
		     double seconds, const char *what, qt_plan **out)
{
	sub_ctx c = { fs, what, "" };
	qt_solve_options o = sub_options(fs, seconds, &c);
	o.warm_start = warm;
	int rc = qt_solve_committed(out, view, &o, commit, commit ? fs->K : 0);
	return rc == QT_ENOPLAN ? 0 : rc;
}

static double time_left(const fut_solver *fs) { return fs->deadline - qt_clock_s(); }

static int stopped(const fut_solver *fs) { return fs->opt->stop && *fs->opt->stop; }

/* 1 if a and b take the same site and module decisions in quarters 1..K. */
static int same_commitment(const qt_scenario *s, const qt_plan *a, const qt_plan *b, int K)
{
	for (int t = 1; t <= K; t++) {
		for (int g = 0; g < s->n_gu; g++) {
			size_t ix = QT_IX(g, t, s->T);
			if (a->open[ix] != b->open[ix] || a->up[ix] != b->up[ix] || a->dn[ix] != b->dn[ix] ||
			    a->tr[ix] != b->tr[ix])
				return 0;
		}
		for (int k = 0; k < s->n_kombi; k++) {
			size_t ix = QT_IX(k, t, s->T);
			if (a->b[ix] != b->b[ix] || a->na[ix] != b->na[ix])
				return 0;
		}
	}
	return 1;
}

/* A future's LP relaxation, for a future whose solve ended short of its gap: before its bound
 * phases, or (measured on the Esslingen futures, the low future) with a bound below the LP's. */
typedef struct {
	const qt_scenario *view;
	double ms, bound;
	int verbose;
} lp_job;

static int lp_relaxation(void *ctx)
{
	lp_job *job = ctx;
	qt_model m = { 0 };
	int rc = qt_model_build(&m, job->view);
	if (!rc) {
		glp_smcp sp;
		glp_init_smcp(&sp);
		sp.msg_lev = job->verbose ? GLP_MSG_ON : GLP_MSG_OFF;
		sp.presolve = GLP_ON;
		sp.tm_lim = (int)fmax(1.0, job->ms);
		if (glp_simplex(m.lp, &sp) == 0 && glp_get_status(m.lp) == GLP_OPT)
			job->bound = glp_get_obj_val(m.lp);
	}
	qt_model_free(&m);
	return rc;
}

static double lp_bound(fut_solver *fs, int f, double seconds)
{
	lp_job job = { &fs->view[f], seconds * 1000.0, -HUGE_VAL, fs->opt->verbose };
	char what[80];
	snprintf(what, sizeof what, "'%.40s' relaxed", fs->s->future[f].id);
	progress(fs, what);
	if (qt_glpk_guarded(lp_relaxation, &job, fs->opt->verbose))
		return -HUGE_VAL;
	return job.bound;
}

/* ---- the futures' solves of one step side by side ----
 * The solves of one step (every future alone; every future under one commitment) are independent:
 * they run on opt->jobs threads (qt_parallel; each then on one thread). Each solve gets the step's
 * time left over the rounds of solves still to start (ceil(tasks left / jobs)): what a solve
 * computes depends only on its future, the step and its time, as on one thread. */
typedef struct {
	fut_solver *fs;
	const qt_plan *commit;          /* NULL: each future alone */
	const char *name;               /* the commitment's name */
	int n, idx[QT_MAX_FUTURES];     /* the futures to solve */
	const qt_plan *warm[QT_MAX_FUTURES]; /* by task: the sites to start from (NULL: none) */
	double end;                     /* the step's end (clock) */
	qt_plan *out[QT_MAX_FUTURES];   /* by task; NULL when no plan came out */
	int bound_only;                 /* 1: only each future's bound alone (qt_solve_bound) */
} batch;

/* Future f's bound alone raised within `seconds` (qt_solve_bound against its best plan's value). */
static int bound_one(fut_solver *fs, int f, double seconds, const char *what)
{
	sub_ctx c = { fs, what, "" };
	qt_solve_options o = sub_options(fs, seconds, &c);
	double bound;
	int rc = qt_solve_bound(&bound, &fs->view[f], &o, fs->own[f]);
	if (!rc)
		fs->lb[f] = fmax(fs->lb[f], bound);
	return rc;
}

static int batch_task(size_t i, void *ctx)
{
	batch *b = ctx;
	fut_solver *fs = b->fs;
	int f = b->idx[i], rounds = (b->n - (int)i + fs->jobs - 1) / fs->jobs;
	if (stopped(fs))
		return 0;
	char what[160];
	if (b->commit)
		snprintf(what, sizeof what, "'%.40s' with the commitment of %.60s", fs->s->future[f].id, b->name);
	else
		snprintf(what, sizeof what, "'%.40s' alone%s", fs->s->future[f].id, b->bound_only ? ", its bound" : "");
	double share = (b->end - qt_clock_s()) / rounds;
	if (b->bound_only)
		return bound_one(fs, f, share, what);
	int rc = solve_one(fs, &fs->view[f], b->commit, b->warm[i], share, what, &b->out[i]);
	qt_plan *a = b->out[i];
	if (a && !b->commit)
		fs->lb[f] = fmax(fs->lb[f], a->bound);
	if (rc || b->commit || stopped(fs) || (a && a->gap <= fs->gap))
		return rc;
	double past = fmin(QT_FUT_LP_MIN_S, QT_FUT_LP_PAST_SHARE * (fs->deadline - fs->t0));
	double lp_s = fmax(past, time_left(fs) * QT_FUT_ALONE_SHARE / fs->F);
	double lb = fmax(a ? a->bound : -HUGE_VAL, lp_bound(fs, f, lp_s));
	if (a) {
		a->bound = lb;
		a->gap = qt_gap(a->objective, lb);
	}
	fs->lb[f] = fmax(fs->lb[f], lb);
	return 0;
}

static int run_batch(fut_solver *fs, batch *b)
{
	b->fs = fs;
	return qt_parallel((size_t)b->n, fs->jobs, batch_task, b);
}

/* The proven bound over futures: the larger of the futures program's relaxation's and the objective
 * over futures of the futures' own bounds. */
static void refresh_bound(fut_solver *fs)
{
	fs->bound = fmax(over_futures(fs->s, fs->lb), fs->program_bound);
}

/* Future `only` alone (-1: every future not solved alone yet), each from warm[f] when not NULL,
 * within `seconds`; then the bound over the futures. */
static int solve_alone(fut_solver *fs, int only, qt_plan *const *warm, double seconds)
{
	batch b = { .end = qt_clock_s() + seconds };
	for (int f = 0; f < fs->F; f++)
		if (!fs->alone[f] && (only < 0 || f == only)) {
			b.warm[b.n] = warm ? warm[f] : NULL;
			b.idx[b.n++] = f;
		}
	int rc = run_batch(fs, &b);
	for (int i = 0; i < b.n; i++) {
		int f = b.idx[i];
		fs->alone[f] = b.out[i];
		note_plan(fs, f, fs->alone[f]);
	}
	refresh_bound(fs);
	return rc;
}

/* The best complete plan over futures so far becomes plans (borrowed from alone, or owned). */
static void take_best(fut_solver *fs, qt_plan **plans, double value)
{
	for (int f = 0; f < fs->F; f++) {
		if (fs->best[f] != plans[f] && fs->best[f] != fs->alone[f])
			qt_plan_free(fs->best[f]);
		fs->best[f] = plans[f];
	}
	fs->best_value = value;
}

/* The lowest value over futures a candidate can still reach, with z[f] known where known[f]. */
static double candidate_floor(const fut_solver *fs, const double *z, const int *known)
{
	double v[QT_MAX_FUTURES] = { 0 };
	for (int f = 0; f < fs->F; f++)
		v[f] = known[f] ? z[f] : fs->lb[f];
	return over_futures(fs->s, v);
}

/* Step 2 for one commitment (the first K quarters of plan c): every future whose own plan differs
 * there is solved with them fixed, side by side, within `seconds`. Returns 0; *value the
 * candidate's value (HUGE_VAL: abandoned or incomplete); plans[] receives the candidate's plans
 * (owned ones must be freed unless taken). Abandoned before its solves if the futures that agree
 * with it and the others' bounds cannot beat the best. */
static int evaluate(fut_solver *fs, const qt_plan *c, const char *name, double seconds, qt_plan **plans, double *value)
{
	double z[QT_MAX_FUTURES] = { 0 };
	int known[QT_MAX_FUTURES] = { 0 };
	batch b = { .commit = c, .name = name };
	*value = HUGE_VAL;
	for (int f = 0; f < fs->F; f++) {
		plans[f] = NULL;
		if (fs->alone[f] && same_commitment(fs->s, fs->alone[f], c, fs->K)) {
			plans[f] = fs->alone[f];
			z[f] = plans[f]->objective;
			known[f] = 1;
		} else {
			/* from the future's own sites, or without them (not solved alone yet, or no
			 * plan in its time) the candidate's: those hold in every future, so the dive
			 * needs no site search */
			b.warm[b.n] = fs->alone[f] ? fs->alone[f] : c;
			b.idx[b.n++] = f;
		}
	}
	if (stopped(fs) || candidate_floor(fs, z, known) >= fs->best_value)
		return 0;
	b.end = qt_clock_s() + seconds;
	int rc = run_batch(fs, &b), complete = 1;
	for (int i = 0; i < b.n; i++) {
		int f = b.idx[i];
		plans[f] = b.out[i];
		note_plan(fs, f, plans[f]);
		complete &= plans[f] != NULL;
		z[f] = plans[f] ? plans[f]->objective : HUGE_VAL;
	}
	if (!rc && complete)
		*value = over_futures(fs->s, z);
	return rc;
}

static void free_candidate(fut_solver *fs, qt_plan **plans)
{
	for (int f = 0; f < fs->F; f++)
		if (plans[f] && plans[f] != fs->alone[f] && plans[f] != fs->best[f])
			qt_plan_free(plans[f]);
}

/* Evaluates the commitment of c within `seconds` and keeps it if it is the best so far. */
static int try_commitment(fut_solver *fs, const qt_plan *c, const char *name, double seconds, double *value)
{
	qt_plan *plans[QT_MAX_FUTURES] = { 0 };
	int rc = evaluate(fs, c, name, seconds, plans, value);
	if (!rc && *value < fs->best_value)
		take_best(fs, plans, *value);
	else
		free_candidate(fs, plans);
	progress(fs, name);
	return rc;
}

/* How far apart two plans' commitments are: the sum of the differences of their site and module
 * decisions in quarters 1..K. */
static double commitment_distance(const qt_scenario *s, const qt_plan *a, const qt_plan *b, int K)
{
	double d = 0;
	for (int t = 1; t <= K; t++) {
		for (int g = 0; g < s->n_gu; g++) {
			size_t ix = QT_IX(g, t, s->T);
			d += fabs((double)a->open[ix] - b->open[ix]) + fabs((double)a->up[ix] - b->up[ix]) +
			     fabs((double)a->dn[ix] - b->dn[ix]) + fabs((double)a->tr[ix] - b->tr[ix]);
		}
		for (int k = 0; k < s->n_kombi; k++) {
			size_t ix = QT_IX(k, t, s->T);
			d += fabs((double)a->b[ix] - b->b[ix]) + fabs((double)a->na[ix] - b->na[ix]);
		}
	}
	return d;
}

/* The futures in the order their commitments are tried: the one closest to the others' own
 * commitments (weighted by probability) first, as it asks the least of the other futures; ties by
 * probability, then as given. Futures without a plan alone come last. */
static void candidate_order(const fut_solver *fs, int *order)
{
	double key[QT_MAX_FUTURES] = { 0 };
	for (int f = 0; f < fs->F; f++) {
		order[f] = f;
		key[f] = HUGE_VAL;
		for (int g = 0; fs->alone[f] && g < fs->F; g++) {
			if (g == f)
				key[f] = 0;
			if (fs->alone[g] && g != f)
				key[f] += fs->s->future[g].probability *
					  commitment_distance(fs->s, fs->alone[f], fs->alone[g], fs->K);
		}
	}
	for (int i = 1; i < fs->F; i++)
		for (int j = i; j > 0; j--) {
			int x = order[j], y = order[j - 1];
			double px = fs->s->future[x].probability, py = fs->s->future[y].probability;
			if (key[x] > key[y] || (key[x] == key[y] && px <= py))
				break;
			order[j] = y;
			order[j - 1] = x;
		}
}

/* Step 2 over the futures' own commitments (each distinct one once). The first gets at least
 * QT_FUT_FIRST_CANDIDATE_SHARE of the time left, so that a plan over futures exists early; the
 * others share the rest equally. Past the time limit a candidate starts only while no plan over
 * futures exists. */
static int futures_candidates(fut_solver *fs)
{
	int order[QT_MAX_FUTURES] = { 0 }, n_left = 0;
	candidate_order(fs, order);
	int distinct[QT_MAX_FUTURES] = { 0 };
	for (int i = 0; i < fs->F; i++) {
		int f = order[i];
		distinct[f] = fs->alone[f] != NULL && !(fs->tried && same_commitment(fs->s, fs->alone[f], fs->tried, fs->K));
		for (int j = 0; j < i && distinct[f]; j++)
			if (fs->alone[order[j]] && same_commitment(fs->s, fs->alone[f], fs->alone[order[j]], fs->K))
				distinct[f] = 0;
		n_left += distinct[f];
	}
	for (int i = 0; i < fs->F; i++) {
		int f = order[i];
		if (!distinct[f])
			continue;
		if (stopped(fs) || (time_left(fs) < QT_FUT_MIN_SOLVE_S && fs->best_value < HUGE_VAL) ||
		    qt_gap(fs->best_value, fs->bound) <= fs->gap)
			break;
		char name[80];
		snprintf(name, sizeof name, "'%.40s'", fs->s->future[f].id);
		double share = 1.0 / n_left--;
		if (fs->best_value == HUGE_VAL)
			share = fmax(share, QT_FUT_FIRST_CANDIDATE_SHARE);
		double value;
		int rc = try_commitment(fs, fs->alone[f], name, time_left(fs) * share, &value);
		if (rc)
			return rc;
	}
	return 0;
}

/* The future solved alone first, whose commitment is tried first: for the expectation the
 * probability-weighted median of the futures ordered by their arrivals in all (the first at which
 * half the probability is reached), for the worst the future with the most arrivals. */
static int first_future(const qt_scenario *s)
{
	double total[QT_MAX_FUTURES] = { 0 };
	int order[QT_MAX_FUTURES] = { 0 };
	for (int f = 0; f < s->n_future; f++) {
		order[f] = f;
		for (int t = 1; t <= s->T; t++)
			total[f] += s->future[f].arrivals[t];
	}
	for (int i = 1; i < s->n_future; i++)
		for (int j = i; j > 0 && total[order[j]] < total[order[j - 1]]; j--) {
			int t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	if (s->fut_objective == QT_FUTURES_WORST)
		return order[s->n_future - 1];
	double p = 0;
	for (int i = 0; i < s->n_future; i++)
		if ((p += s->future[order[i]].probability) >= 0.5)
			return order[i];
	return order[s->n_future - 1];
}

/* Steps 1 and 2 for the first future: alone (on the caller's thread, with the bound on a second
 * one), a share of the time as one round of the futures' solves more than the others need; then
 * every other future with its commitment fixed: the first plan over futures. */
static int first_plan(fut_solver *fs)
{
	int f0 = first_future(fs->s), rounds = 2 + (fs->F - 1 + fs->jobs - 1) / fs->jobs;
	int rc = solve_alone(fs, f0, NULL, time_left(fs) / rounds);
	if (rc || !fs->alone[f0] || stopped(fs))
		return rc;
	char name[80];
	snprintf(name, sizeof name, "'%.40s'", fs->s->future[f0].id);
	double value;
	fs->tried = fs->alone[f0];
	return try_commitment(fs, fs->alone[f0], name, time_left(fs) * QT_FUT_FIRST_CANDIDATE_SHARE, &value);
}

/* A future's plan alone that keeps the best plan's commitment and is better replaces it there. */
static void improve_best(fut_solver *fs)
{
	if (fs->best_value == HUGE_VAL)
		return;
	double z[QT_MAX_FUTURES] = { 0 };
	for (int f = 0; f < fs->F; f++) {
		qt_plan *a = fs->alone[f];
		if (a && fs->best[f] != a && a->objective < fs->best[f]->objective &&
		    same_commitment(fs->s, a, fs->best[f], fs->K)) {
			qt_plan_free(fs->best[f]);
			fs->best[f] = a;
		}
		z[f] = fs->best[f]->objective;
	}
	fs->best_value = over_futures(fs->s, z);
}

/* Step 7, with time left and the gap missed: the bounds of the futures whose best plan misses the
 * gap against their bound raised alone, side by side with all the time left (only the bound
 * phases: their plans are known). */
static int tighten(fut_solver *fs)
{
	if (fs->best_value == HUGE_VAL || stopped(fs) || time_left(fs) < QT_FUT_TIGHTEN_MIN_S ||
	    qt_gap(fs->best_value, fs->bound) <= fs->gap)
		return 0;
	batch b = { .end = qt_clock_s() + time_left(fs), .bound_only = 1 };
	for (int none = 1; none >= 0; none--) /* the futures without any bound first */
		for (int f = 0; f < fs->F; f++)
			if (fs->own[f] < HUGE_VAL && qt_gap(fs->own[f], fs->lb[f]) > fs->gap &&
			    (fs->lb[f] == -HUGE_VAL) == none)
				b.idx[b.n++] = f;
	if (!b.n)
		return 0;
	int rc = run_batch(fs, &b);
	refresh_bound(fs);
	progress(fs, "the futures' bounds alone");
	return rc;
}

/* The mean-value program solved, and its commitment evaluated over the futures: EEV (HUGE_VAL when
 * it did not complete). */
static int mean_value_candidate(fut_solver *fs, double *eev, double *eev_gap)
{
	const qt_scenario *s = fs->s;
	*eev = HUGE_VAL;
	*eev_gap = HUGE_VAL;
	int *arr = calloc((size_t)s->T + 1, sizeof *arr);
	int *ent = calloc((size_t)QT_NCLASS * ((size_t)s->T + 1), sizeof *ent);
	if (!arr || !ent) {
		free(arr);
		free(ent);
		return qt_set_error(QT_ENOMEM, "out of memory");
	}
	qt_scenario mean;
	qt_scenario_mean_view(s, &mean, arr, ent);
	qt_plan *mv = NULL;
	int rc = solve_one(fs, &mean, NULL, NULL, time_left(fs) / (double)(fs->F + 1), "mean value", &mv);
	if (!rc && mv) {
		double saved = fs->best_value;
		fs->best_value = HUGE_VAL; /* EEV needs the candidate's full value, not a cut-off */
		qt_plan *plans[QT_MAX_FUTURES] = { 0 };
		double value;
		rc = evaluate(fs, mv, "the mean value", time_left(fs) * QT_FUT_FIRST_CANDIDATE_SHARE, plans, &value);
		fs->best_value = saved;
		if (!rc && value < HUGE_VAL) {
			double gaps[QT_MAX_FUTURES] = { 0 };
			for (int f = 0; f < fs->F; f++)
				gaps[f] = plans[f] ? plans[f]->gap : HUGE_VAL;
			*eev = value;
			*eev_gap = over_futures(s, gaps);
		}
		if (!rc && value < fs->best_value)
			take_best(fs, plans, value);
		else
			free_candidate(fs, plans);
		progress(fs, "the mean value");
	}
	qt_plan_free(mv);
	free(arr);
	free(ent);
	return rc;
}

/* ---- step 4: the futures program itself (small programs) ---- */

static void on_tree(glp_tree *tree, void *info)
{
	fut_solver *fs = info;
	if (stopped(fs)) {
		glp_ios_terminate(tree);
		return;
	}
	if (!fs->incumbent_given && glp_ios_reason(tree) == GLP_IHEUR) {
		fs->incumbent_given = 1;
		glp_ios_heur_sol(tree, fs->incumbent);
	}
	int best = glp_ios_best_node(tree);
	if (best)
		fs->tree_bound = fmax(fs->tree_bound, glp_ios_node_bound(tree, best));
}

/* The best plans as one column vector of the futures program. */
static int incumbent_columns(fut_solver *fs)
{
	qt_futures_model *fm = &fs->fm;
	int n = glp_get_num_cols(fm->lp);
	fs->incumbent = calloc((size_t)n + 1, sizeof *fs->incumbent);
	if (!fs->incumbent)
		return qt_set_error(QT_ENOMEM, "out of memory");
	double worst = -HUGE_VAL;
	for (int f = 0; f < fs->F; f++) {
		qt_plan_to_columns(&fm->m[f], fs->best[f], fs->incumbent + fm->offset[f]);
		worst = fmax(worst, fs->best[f]->objective);
	}
	if (fm->W)
		fs->incumbent[fm->W] = worst;
	return 0;
}

/* The search's best solution as plans of the futures, if it beats the best. */
static int take_program_solution(fut_solver *fs)
{
	qt_futures_model *fm = &fs->fm;
	qt_plan *plans[QT_MAX_FUTURES] = { 0 };
	double z[QT_MAX_FUTURES] = { 0 };
	int n = glp_get_num_cols(fm->lp), rc = 0;
	double *val = malloc(((size_t)n + 1) * sizeof *val);
	if (!val)
		return qt_set_error(QT_ENOMEM, "out of memory");
	for (int j = 1; j <= n; j++)
		val[j] = glp_mip_col_val(fm->lp, j);
	for (int f = 0; !rc && f < fs->F; f++) {
		const qt_scenario *v = &fs->view[f];
		plans[f] = qt_plan_alloc(v->T, v->n_gu, v->n_kombi, v->n_muni, v->n_offer);
		if (!plans[f])
			rc = qt_set_error(QT_ENOMEM, "out of memory");
		else if (!(rc = qt_round_plan(&fm->m[f], val + fm->offset[f], plans[f]))) {
			plans[f]->rows = fs->best[f]->rows;
			plans[f]->cols = fs->best[f]->cols;
			plans[f]->ints = fs->best[f]->ints;
			z[f] = plans[f]->objective;
			note_plan(fs, f, plans[f]);
		}
	}
	free(val);
	double value = rc ? HUGE_VAL : over_futures(fs->s, z);
	if (value < fs->best_value - QT_POLISH_GAIN * fmax(QT_OBJECTIVE_MIN_SCALE, fabs(value)))
		take_best(fs, plans, value);
	else
		free_candidate(fs, plans);
	return rc;
}

static int program_search(void *ctx)
{
	fut_solver *fs = ctx;
	int rc = qt_futures_model_build(&fs->fm, fs->s);
	if (!rc)
		rc = incumbent_columns(fs);
	if (rc)
		return rc;
	glp_iocp p;
	glp_init_iocp(&p);
	p.msg_lev = fs->opt->verbose ? GLP_MSG_ON : GLP_MSG_OFF;
	p.presolve = GLP_ON;
	p.cb_func = on_tree;
	p.cb_info = fs;
	p.mip_gap = fs->gap;
	p.tm_lim = (int)fmax(1.0, time_left(fs) * 1000.0);
	fs->tree_bound = -HUGE_VAL;
	int ret = glp_intopt(fs->fm.lp, &p);
	int st = glp_mip_status(fs->fm.lp);
	if (ret == 0 && st == GLP_OPT)
		fs->tree_bound = fmax(fs->tree_bound, glp_mip_obj_val(fs->fm.lp) - fs->gap * fabs(glp_mip_obj_val(fs->fm.lp)));
	if (fs->tree_bound > fs->bound && fs->tree_bound < QT_NO_VALUE)
		fs->bound = fs->tree_bound;
	if (st == GLP_OPT || st == GLP_FEAS)
		rc = take_program_solution(fs);
	return rc;
}

/* The Lagrangian bound of the futures program, with the interior-point duals y of its
 * non-anticipativity rows (x in future 0 minus x in future f = 0) as multipliers: those rows moved
 * into the objective, the program falls apart into the futures' own LPs (fm.m[f], whose objective
 * is future f's alone: the multipliers enter divided by its probability), and the probability-
 * weighted sum of their optima bounds the program for any multipliers (for optimal ones it is the
 * LP relaxation's optimum, which keeps the committed quarters equal, as the futures' own bounds
 * do not). -HUGE_VAL if a future's LP does not finish in the time left. */
static double lagrangian_bound(fut_solver *fs)
{
	qt_futures_model *fm = &fs->fm;
	glp_prob *lp = fm->lp;
	int nr = glp_get_num_rows(lp), ind[3];
	double a[3];
	for (int r = nr - fm->n_nonanticipative + 1; r <= nr; r++) {
		double y = glp_ipt_row_dual(lp, r);
		int len = glp_get_mat_row(lp, r, ind, a);
		for (int k = 1; k <= len && y != 0; k++) {
			int f = fm->F - 1;
			while (f > 0 && ind[k] <= fm->offset[f])
				f--;
			glp_prob *q = fm->m[f].lp;
			int j = ind[k] - fm->offset[f];
			glp_set_obj_coef(q, j, glp_get_obj_coef(q, j) - y * a[k] / fs->s->future[f].probability);
		}
	}
	double z = 0;
	for (int f = 0; f < fm->F; f++) {
		glp_smcp sp;
		glp_init_smcp(&sp);
		sp.msg_lev = fs->opt->verbose ? GLP_MSG_ON : GLP_MSG_OFF;
		sp.presolve = GLP_ON;
		sp.tm_lim = (int)fmax(QT_MIN_LIMIT_MS, time_left(fs) * 1000.0);
		if (glp_simplex(fm->m[f].lp, &sp) != 0 || glp_get_status(fm->m[f].lp) != GLP_OPT)
			return -HUGE_VAL;
		z += fs->s->future[f].probability * glp_get_obj_val(fm->m[f].lp);
	}
	return z;
}

/* The futures program's LP relaxation by the interior-point method, for the bound above (and the
 * looser one its duals give by weak duality). With the objective `worst` its column W is bounded
 * by no person count: not used there. */
static int program_relaxation(void *ctx)
{
	fut_solver *fs = ctx;
	int rc = qt_futures_model_build(&fs->fm, fs->s);
	if (rc)
		return rc;
	glp_prob *lp = fs->fm.lp;
	int n = glp_get_num_cols(lp);
	if (n <= QT_POLISH_MAX_COLUMNS || QT_IPM_S_PER_NONZERO * glp_get_num_nz(lp) > time_left(fs))
		return 0;
	double *val = malloc(((size_t)n + 1) * sizeof *val), big = 0;
	if (!val)
		return qt_set_error(QT_ENOMEM, "out of memory");
	glp_scale_prob(lp, GLP_SF_AUTO);
	if (qt_relax_ipm(lp, val, fs->opt->verbose) == 0) {
		for (int f = 0; f < fs->F; f++)
			big = fmax(big, qt_persons_bound(&fs->fm.m[f]));
		fs->program_bound = fmax(qt_dual_bound_lp(lp, big, 1), lagrangian_bound(fs));
		refresh_bound(fs);
	}
	free(val);
	return 0;
}

/* fn (which builds fs->fm) under GLPK's guard, and the futures program freed after it (after
 * a GLPK failure GLPK freed its problems with its environment). */
static int on_program(fut_solver *fs, int (*fn)(void *ctx))
{
	int rc = qt_glpk_guarded(fn, fs, fs->opt->verbose);
	if (rc == QT_ESOLVER) {
		fs->fm.lp = NULL;
		for (int f = 0; fs->fm.m && f < fs->F; f++)
			fs->fm.m[f].lp = NULL;
	}
	qt_futures_model_free(&fs->fm);
	return rc;
}

/* The step above where it pays: the objective `expected`, a program too large for GLPK's search,
 * the gap missed and time left. */
static int relax_program(fut_solver *fs)
{
	if (fs->s->fut_objective != QT_FUTURES_EXPECTED || stopped(fs) || time_left(fs) < QT_MIN_PHASE_S ||
	    qt_gap(fs->best_value, fs->bound) <= fs->gap)
		return 0;
	progress(fs, "the futures program relaxed");
	int rc = on_program(fs, program_relaxation);
	progress(fs, "the futures program relaxed");
	return rc;
}

/* Step 4 where the futures program is small enough for GLPK's search and time is left. */
static int search_program(fut_solver *fs)
{
	int cols = 0;
	for (int f = 0; f < fs->F; f++)
		cols += fs->best[f] ? fs->best[f]->cols : 0;
	if (fs->best_value == HUGE_VAL || cols > QT_POLISH_MAX_COLUMNS || fs->opt->n_kept || stopped(fs) ||
	    time_left(fs) < QT_MIN_SEARCH_S || qt_gap(fs->best_value, fs->bound) <= fs->gap)
		return 0;
	progress(fs, "the futures program");
	int rc = on_program(fs, program_search);
	free(fs->incumbent);
	fs->incumbent = NULL;
	return rc;
}

/* The plan over futures from the best plans: owned copies in p->future (the alone plans move). */
static int assemble(fut_solver *fs, qt_plan *p)
{
	const qt_scenario *s = fs->s;
	p->future = calloc((size_t)fs->F, sizeof(qt_plan *));
	if (!p->future)
		return qt_set_error(QT_ENOMEM, "out of memory");
	p->n_future = fs->F;
	p->commit_K = fs->K;
	double z[QT_MAX_FUTURES] = { 0 };
	for (int f = 0; f < fs->F; f++) {
		qt_plan *b = fs->best[f];
		if (b == fs->alone[f])
			fs->alone[f] = NULL;
		fs->best[f] = NULL;
		p->future[f] = b;
		z[f] = b->objective;
		double pf = s->future[f].probability;
		p->cost += pf * b->cost;
		for (int i = 0; i < QT_NPEN; i++)
			p->penalty[i] += pf * b->penalty[i];
		p->rows += b->rows;
		p->cols += b->cols;
		p->ints += b->ints;
		p->nodes += b->nodes;
		p->expected += pf * b->objective;
		p->worst = f ? fmax(p->worst, b->objective) : b->objective;
	}
	p->objective = over_futures(s, z);
	p->bound = fs->bound;
	p->gap = qt_gap(p->objective, p->bound);
	p->status = qt_solve_status(stopped(fs), p->gap, fs->gap);
	return 0;
}

static void fut_free(fut_solver *fs)
{
	for (int f = 0; f < fs->F; f++) {
		if (fs->best && fs->best[f] && (!fs->alone || fs->best[f] != fs->alone[f]))
			qt_plan_free(fs->best[f]);
		if (fs->alone)
			qt_plan_free(fs->alone[f]);
	}
	free(fs->view);
	free(fs->alone);
	free(fs->best);
	pthread_mutex_destroy(&fs->progress_lock);
}

static int fut_init(fut_solver *fs, const qt_scenario *s, const qt_solve_options *opt)
{
	memset(fs, 0, sizeof *fs);
	fs->s = s;
	fs->opt = opt;
	fs->F = s->n_future;
	fs->K = s->commit_K;
	fs->jobs = opt->jobs > 0 ? opt->jobs : qt_cores();
	pthread_mutex_init(&fs->progress_lock, NULL);
	fs->t0 = qt_clock_s();
	double limit = opt->time_limit_s > 0 ? fmin(opt->time_limit_s, QT_MAX_TIME_LIMIT_S) : s->time_limit_s;
	fs->deadline = fs->t0 + limit;
	fs->gap = opt->gap >= 0 ? opt->gap : s->gap;
	fs->best_value = HUGE_VAL;
	for (int f = 0; f < QT_MAX_FUTURES; f++) {
		fs->own[f] = HUGE_VAL;
		fs->lb[f] = -HUGE_VAL;
	}
	fs->bound = -HUGE_VAL;
	fs->program_bound = -HUGE_VAL;
	fs->user_progress = opt->progress;
	fs->view = calloc((size_t)fs->F, sizeof(qt_scenario));
	fs->alone = calloc((size_t)fs->F, sizeof(qt_plan *));
	fs->best = calloc((size_t)fs->F, sizeof(qt_plan *));
	if (!fs->view || !fs->alone || !fs->best)
		return qt_set_error(QT_ENOMEM, "out of memory");
	for (int f = 0; f < fs->F; f++)
		qt_scenario_future_view(s, f, &fs->view[f]);
	return 0;
}

/* WS, EEV and RP with the gaps behind them. */
static int value_of_information(fut_solver *fs, qt_plan *p, double eev, double eev_gap)
{
	qt_voi *v = calloc(1, sizeof *v);
	if (!v)
		return qt_set_error(QT_ENOMEM, "out of memory");
	/* WS is an expectation whatever the objective (MODEL.md); each future's best plan found, alone
	 * or with a commitment, against its bound alone */
	v->ws = 0;
	v->ws_gap = 0;
	for (int f = 0; f < fs->F; f++) {
		double z = fmin(fs->own[f], p->future[f]->objective);
		v->ws += fs->s->future[f].probability * z;
		v->ws_gap = fmax(v->ws_gap, qt_gap(z, fs->lb[f]));
	}
	v->eev = eev;
	v->eev_gap = eev_gap;
	v->rp = p->objective;
	v->rp_gap = p->gap;
	v->evpi = v->rp - v->ws;
	v->vss = v->eev - v->rp;
	p->voi = v;
	return 0;
}

static int solve_futures(qt_plan **out, const qt_scenario *s, const qt_solve_options *opt)
{
	fut_solver fs;
	int rc = fut_init(&fs, s, opt);
	double eev = HUGE_VAL, eev_gap = HUGE_VAL;
	if (!rc)
		rc = first_plan(&fs);
	if (!rc)
		rc = relax_program(&fs);
	if (!rc && (opt->value_of_information || qt_gap(fs.best_value, fs.bound) > fs.gap))
		rc = solve_alone(&fs, -1, fs.best, time_left(&fs) * QT_FUT_ALONE_SHARE);
	if (!rc) {
		improve_best(&fs);
		progress(&fs, "each future alone");
	}
	if (!rc && opt->value_of_information)
		rc = mean_value_candidate(&fs, &eev, &eev_gap);
	if (!rc)
		rc = futures_candidates(&fs);
	if (!rc)
		rc = tighten(&fs);
	if (!rc)
		rc = search_program(&fs);
	if (!rc && fs.best_value == HUGE_VAL)
		rc = qt_set_error(QT_ENOPLAN, "no plan over the futures within the time limit");
	qt_plan *p = NULL;
	if (!rc && !(p = qt_plan_alloc(s->T, s->n_gu, s->n_kombi, s->n_muni, s->n_offer)))
		rc = qt_set_error(QT_ENOMEM, "out of memory");
	if (!rc)
		rc = assemble(&fs, p);
	if (!rc && opt->value_of_information)
		rc = value_of_information(&fs, p, eev, eev_gap);
	fut_free(&fs);
	if (rc) {
		qt_plan_free(p);
		return rc;
	}
	p->seconds = qt_clock_s() - fs.t0;
	*out = p;
	return 0;
}

int qt_solve(qt_plan **out, const qt_scenario *s, const qt_solve_options *opt)
{
	if (!out || !s)
		return qt_set_error(QT_EINVAL, "qt_solve: bad arguments");
	*out = NULL;
	if (!s->n_future)
		return qt_solve_committed(out, s, opt, NULL, 0);
	qt_solve_options defaults;
	if (!opt) {
		qt_solve_options_init(&defaults);
		opt = &defaults;
	}
	return solve_futures(out, s, opt);
}
