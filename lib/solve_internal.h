/* The state one qt_solve shares between its phases, and the phases' entry points. The driver
 * (solve.c) calls the phases; the phases call only solve_glpk.c, never the driver. */
#ifndef QT_SOLVE_INTERNAL_H
#define QT_SOLVE_INTERNAL_H

#include "model.h"
#include "solve_tuning.h"

#include <pthread.h>
#include <stdatomic.h>

typedef struct {
	int type;
	double lb, ub;
} qt_col_bounds;

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
	int bounding;         /* the running search bounds the whole program */
	double *incumbent;    /* the plan as columns, handed to GLPK's search once */
	int incumbent_given;
	double best;          /* objective of the best complete plan so far, HUGE_VAL: none */
	int polishing;        /* the running search's incumbents are plans of the whole program */
	const qt_site_variant *variant; /* of the site search (allowance, threshold, branching) */
	double pass_s;        /* seconds the last site search and dive took */
	glp_prob *bq;         /* the copy of the program the bound is computed on, with its cuts */
	double root_stop;     /* the bound's search ends its root by then */
	int branching;        /* the bound's search branches past its root */
	int past_root;        /* it is past its root */
	double cb_last, cb_step; /* the last call of its callback, the longest time between two */
	int cut_passes;       /* Gomory rounds run on bq so far */
	double *relaxed;      /* the interior-point relaxation's solution, [1..ncols] */
	qt_col_bounds *bounds; /* every column's bounds as built, [1..ncols] */
	const qt_plan *commit; /* its site and module decisions in quarters 1..commit_K are fixed */
	int commit_K;
	struct qt_bound_share *share; /* the bound's own thread and what it shares, or NULL */
	qt_basis *basis[QT_NBASIS]; /* the last optimal bases, for the plan (single-threaded solves) */
	const qt_plan *sites_of; /* the plan whose site plan the running dive takes, or NULL */
	double search_s;      /* seconds the last per-period search took */
	int search_failed;    /* it found no whole households: the next period's search is skipped */
	int period_search;    /* the dive's per-period searches also on the interior-point path */
	int basis_given;      /* the bound's copy starts from the statuses set on it */
} qt_solver;

/* solve.c: qt_solve of a scenario without futures; with commit (may be NULL) the site and module
 * decisions of quarters 1..K fixed to commit's (a plan of the same shape). */
int qt_solve_committed(qt_plan **out, const qt_scenario *s, const qt_solve_options *opt, const qt_plan *commit,
		       int K);
/* solve.c: only the bound phases of qt_solve (Gomory rounds, then the bound's search) for a scenario
 * without futures whose best plan has the given objective (they end at the target gap against it):
 * *bound a proven lower bound (-HUGE_VAL: none in the time). */
int qt_solve_bound(double *bound, const qt_scenario *s, const qt_solve_options *opt, double objective);
/* The status of a plan of gap `gap` against the target gap; stopped: interrupted. */
qt_status qt_solve_status(int stopped, double gap, double target);


/* The bound on a thread of its own beside the site search and dive (solve_bound.c starts and
 * joins it; solve_share.c holds what the two threads share: only the best plan's objective, the
 * best proven bound and whether the main thread failed, under the lock). */
typedef struct qt_bound_share qt_bound_share;
struct qt_bound_share {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t copied_cond;
	double best, bound;
	int copied, finished;
	atomic_int quit;   /* the main thread failed or waits past the time limit: end now */
	glp_prob *source;  /* the main thread's program, read only until copied */
	qt_solver b;       /* the bound thread's own state */
	qt_plan shadow;    /* its stand-in for the plan: the program's size */
	int dive_done;     /* the main thread is past the dive's first LP */
	unsigned char *dive_stat; /* then its optimal basis, rows then columns (NULL: none) */
	/* The site variant QT_SIDE_VARIANT on the bound's thread (simplex path only): */
	glp_prob *side_lp;   /* its own copy of the program as built (NULL: none) */
	qt_plan *side_shape; /* the plan it fills, allocated by the main thread */
	qt_plan *side_plan;  /* its plan, if it made one: the main thread keeps the better */
	atomic_int side_owner; /* which thread runs the variant (QT_SIDE_*): the first to take it */
};

enum { QT_SIDE_FREE, QT_SIDE_MAIN, QT_SIDE_THREAD };

/* Site variant QT_SIDE_VARIANT for thread `who` (QT_SIDE_MAIN or QT_SIDE_THREAD): takes it if no
 * thread has; 1 if it is who's (always without a share, sh NULL). The main thread takes it once
 * past its first site search. */
int qt_bound_share_take_side(qt_bound_share *sh, int who);
/* solve_side.c: the bound's thread runs site variant QT_SIDE_VARIANT and its dive on its own copy
 * of the program (sh->side_lp); sh->side_plan its plan if it made one (none if it failed). */
void qt_side_variant(qt_bound_share *sh);

/* 1 if the solve should compute its bound on a second thread (jobs, program size, path). */
int qt_bound_thread_wanted(const qt_solver *sv);
/* Starts it: it copies the program as built before this returns. 0, or QT_ENOMEM (then the solve
 * goes on in one thread). */
int qt_bound_thread_start(qt_solver *sv);
/* Waits for it to end (reporting progress meanwhile; at once if failed), takes its bound and
 * nodes, frees it. */
void qt_bound_thread_join(qt_solver *sv, int failed);
/* Both directions: sv's best plan and bound into the share, the share's into sv. */
void qt_bound_share_sync(qt_solver *sv);
/* The better of *best / *bound and the share's. */
void qt_bound_share_peek(qt_bound_share *sh, double *best, double *bound);
/* The main thread past the dive's first LP: its optimal basis (lp, or NULL if it has none) for
 * the bound's thread, on the interior-point path (once a solve; later calls do nothing). */
void qt_bound_share_dive_basis(qt_solver *sv, glp_prob *lp);
/* 1 once the bound's thread should end: the main thread failed, or it waits past the time limit. */
int qt_bound_share_quit(qt_bound_share *sh);

/* solve_glpk.c: GLPK under the solver's clock, progress and stop flag. */
int qt_solver_stopped(const qt_solver *sv);
void qt_solver_report(qt_solver *sv, double incumbent, double bound);
void qt_solver_on_tree(glp_tree *tree, void *info);
int qt_solver_ms_left(const qt_solver *sv);
void qt_solver_mip_params(glp_iocp *p, qt_solver *sv, double share_of_rest, double gap, int presolve);
void qt_solver_end_search(qt_solver *sv);
int qt_solver_lp(qt_solver *sv, int dual, double share, int grace_ms);
int qt_solver_lp_presolved(qt_solver *sv, double share, int grace_ms);
int qt_solver_ipm(qt_solver *sv);
double qt_solver_ipm_expected_s(const qt_solver *sv);
int qt_solver_use_presolve(const qt_solver *sv);
int qt_solver_use_ipm(const qt_solver *sv);
void qt_set_kind(glp_prob *lp, const int *cols, size_t n, int kind);
size_t qt_solver_n_placed(const qt_solver *sv);
void qt_solver_take_mip(qt_solver *sv);
double qt_solver_gap(const qt_solver *sv);
int qt_solver_gap_reached(const qt_solver *sv);
/* An empty plan of the same shape as sv->plan (its kept orders and sizes); NULL if out of memory. */
qt_plan *qt_solver_plan_like(const qt_solver *sv);
void qt_solver_save_bounds(qt_solver *sv);
void qt_solver_restore_bounds(qt_solver *sv);

/* solve_sites.c: the site and module plan (phase A, or the relaxation's on large programs). */
int qt_phase_sites(qt_solver *sv);
int qt_phase_relax(qt_solver *sv, int round_sites);
int qt_warm_sites(qt_solver *sv);
int qt_plan_sites(qt_solver *sv, const qt_plan *w);
void qt_status_quo_sites(qt_solver *sv);
void qt_fix_commitment(qt_solver *sv);

/* solve_dive.c: the person counts for a fixed site plan (phase B). */
int qt_phase_round(qt_solver *sv);

/* solve_bound.c: the proven lower bound (phase C). */
void qt_phase_cuts(qt_solver *sv, int max_passes);
void qt_phase_bound(qt_solver *sv);

/* solve_polish.c: the whole program from the plan as incumbent (phase D). */
int qt_phase_polish(qt_solver *sv);

/* solve_basis.c: a basis by name. Save: q's statuses under named's names (q may be a copy
 * without names, with more rows after named's); NULL if out of memory. Load: into q, by named's
 * names; 1 if it gives as many basic as q has rows, else 0 (then q's statuses are undefined). */
qt_basis *qt_basis_save(glp_prob *named, glp_prob *q);
int qt_basis_load(const qt_basis *b, glp_prob *named, glp_prob *q);
/* The warm start's basis of LP `which` into q, else for the bound's LP this solve's own dive
 * basis, else GLPK's advanced basis. 1 if one of the former. */
int qt_solver_start_basis(qt_solver *sv, int which, glp_prob *q);
/* Keeps q's basis as the solve's basis of LP `which` (single-threaded solves only). */
void qt_solver_keep_basis(qt_solver *sv, int which, glp_prob *q);

/* solve_kept.c: Kombimodell orders placed before the first period (re-planning). */
int qt_keep_orders(qt_solver *sv);

#endif
