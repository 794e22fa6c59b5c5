/* The solver's tuning: every time share, tolerance and cap of qt_solve in one table. Each entry
 * says what it trades and what chose it; "Esslingen" is examples/esslingen-2016.json solved with
 * `quartier solve ... --time-limit 60 --gap 0.001` (README, "Solve strategy"), "not measured" marks
 * a value chosen by hand. */
#ifndef QT_SOLVE_TUNING_H
#define QT_SOLVE_TUNING_H

#include <glpk.h>

/* ---- Which path: program sizes in columns ---- */

/* Beyond this many columns GLPK's simplex is too slow for the time a planner waits (measured: the
 * LP relaxation of the generated `large` size, 48,223 columns, takes 32 s; `state` ten minutes):
 * there the interior-point method solves the relaxations (solve_relax.c). `export --stats` measures the
 * relaxation by the same rule. */
#define QT_IPM_MIN_COLUMNS 20000

/* GLPK's MIP presolver pays on a district (it halves the site search on the Esslingen example) but
 * does not watch the time limit: on programs beyond this size it runs for tens of seconds, so
 * there the search starts from a time-limited LP instead. */
#define QT_PRESOLVE_MAX_COLUMNS 50000

/* GLPK's branch-and-bound checks the time only between nodes; on a district a single node's LP
 * outlasts the time limit by seconds (measured: 8.6 s over a 20 s limit on the Esslingen example),
 * and there the search proves nothing new in a minute. So the whole-program search (polishing)
 * runs on small programs only, and the bound's search branches only above this size. */
#define QT_POLISH_MAX_COLUMNS 5000
/* With two or more jobs (qt_solve_options.jobs), programs of at least this many columns compute
 * the bound (Gomory rounds, then on the simplex path the bound's search) on a second thread beside
 * the site search and dive. On the interior-point path the thread's first LP, by the simplex
 * method, raises the bound above the interior point's duals (`large`, seed 1: 630,808,747 against
 * 630,445,173 EUR, after about 30 s; the rounds then to 631,032,000 by 60 s; HiGHS's root bound
 * with its cuts 630,995,208). Smaller ones solve in well under a second or
 * end in the polishing search, which needs the bound first: not worth a thread. Chosen to match
 * QT_POLISH_MAX_COLUMNS; not measured separately. */
#define QT_PARALLEL_MIN_COLUMNS QT_POLISH_MAX_COLUMNS
/* On the interior-point path the bound's thread starts only if its LP relaxation by the simplex
 * is expected to end in the time left: this many seconds times the square of the nonzeros (the
 * simplex's time grows faster than the program). Measured: 31.5 s at 201,653 nonzeros (`large`,
 * `glpsol --freemps ... --nomip`), about ten minutes at 721,252 (`state`); the estimate lies
 * above both (49 s and 624 s). */
#define QT_BOUND_LP_S_PER_NONZERO_SQ 1.2e-9
/* The bound's thread runs the bound's search (GLPK's branch-and-cut with its MIP presolver, which
 * does not look at the clock) only with at least this many seconds left; with less, Gomory rounds
 * alone (each LP within the time left). Measured with --time-limit 5 on the Esslingen example:
 * with the search the solve ended 1.3 s to 5.6 s past its limit, the search's presolve and root
 * running on; chosen by hand above that. */
#define QT_BOUND_THREAD_SEARCH_MIN_S 10.0
/* How often the main thread, done with its phases, reports progress while the bound's thread
 * goes on (seconds). */
#define QT_JOIN_POLL_S 0.2

/* GLPK's interior-point method has no time limit: it is started only if its expected time, from
 * the nonzeros, fits into the time left. Measured (`quartier export --stats`): 2.9 s at 201,653
 * nonzeros (`large`), 21.8 s at 721,252 (`state`); this estimate lies above both. */
#define QT_IPM_S_PER_NONZERO 4e-5

/* On the interior-point path the dive's first LP (the site plan fixed) is solved by the simplex
 * method with GLPK's LP presolver if its expected time, from the nonzeros, fits into the time
 * left (else by the interior-point method, as the relaxation). Its basis lets the dive re-solve
 * each period by the dual simplex in a fraction of a second, where the interior-point method
 * took seconds, and its vertex solutions round far better. Measured on the generated `large`
 * (seed 1, `--time-limit 60 --gap 0.001`): 3.4 s for the first LP at 201,653 nonzeros, each
 * period then 0.02 to 0.08 s; the first dive's plan 632,044,902 EUR against 633,587,250 with the
 * interior-point method, the solve 0.209 % after 21 s against 0.416 % after 52 s. On `state`
 * 68 s at 721,252 nonzeros (300 s: 1.08 % against 1.79 %). The estimate lies above both. */
#define QT_DIVE_SIMPLEX_S_PER_NONZERO 1.2e-4

/* ---- Time (the cap on a time limit is public: QT_MAX_TIME_LIMIT_S in quartier.h) ---- */

/* A time limit above this many seconds is taken as this: it keeps the deadline and GLPK's
 * millisecond limits finite. Not measured; chosen by hand (about eleven days). */
#define QT_TIME_LIMIT_MAX_S 1e6

/* The smallest time limit handed to GLPK, in ms: GLPK reads 0 as a spent limit. Not measured. */
#define QT_MIN_LIMIT_MS 1

/* Sites that may be handed over: the site search decides the rest with each site's handing over
 * fixed from the relaxation, in the first period where the relaxation has handed over at least
 * QT_TRANSFER_THRESHOLD of it (none if it never does). With the transfer binaries free, GLPK's
 * search found no site plan in its share of the 60 s on the Esslingen example (the status quo
 * stood in: 228,286,266 EUR, gap 28.5 %); with them fixed it found one after about 3 s and the
 * solve ended at 163,509,433 EUR, gap 0.13 %, after 38 s (`quartier solve
 * examples/esslingen-2016.json --time-limit 60`, machine shared with other jobs). The relaxation
 * may take QT_TRANSFER_LP_SHARE of the time left. */
#define QT_TRANSFER_THRESHOLD 0.5
#define QT_TRANSFER_LP_SHARE 0.2

/* The dive's LPs, the bound's last search and the polishing search may take all the time left:
 * the dive must end in a plan, the other two run last. */
#define QT_ALL_LEFT 1.0

/* Each call of the Gomory rounds takes at most this share of the time left. Not measured as a
 * share; on Esslingen the rounds stop rising after about 15 rounds (16 s) anyway. */
#define QT_CUTS_SHARE 0.25

/* The bound's last search ends its root after this share of the time left on programs where it
 * does not branch (QT_POLISH_MAX_COLUMNS and below), leaving the rest to polishing. Not measured;
 * chosen by hand. */
#define QT_BOUND_ROOT_SHARE 0.4

/* The dive's first LP gets at least this many ms even when the site search spent the time: a plan
 * must come out. Not measured; chosen by hand. */
#define QT_DIVE_GRACE_MS 1000

/* A bound phase (cut rounds, the bound's search) and the start of a warm start's fresh site search
 * need at least this many seconds left. Not measured; chosen by hand. */
#define QT_MIN_PHASE_S 1.0

/* The per-period household search and the polishing search need at least this many seconds left.
 * Not measured; chosen by hand. */
#define QT_MIN_SEARCH_S 0.5

/* A round of Gomory cuts is not started with less than this many seconds left. Not measured. */
#define QT_MIN_CUT_ROUND_S 0.05

/* Progress is reported at most once in this many seconds. Not measured; a reading pace. */
#define QT_PROGRESS_EVERY_S 1.0

/* ---- The site search's gap ---- */

/* Its own gap: tight for a tight target, a quarter of a loose one (the dive adds to it). A target
 * up to QT_SITES_TIGHT_TARGET gets the target divided by QT_SITES_TIGHT_DIVISOR, at most
 * QT_SITES_TIGHT_GAP; a looser one the target divided by QT_SITES_LOOSE_DIVISOR. Not measured one
 * by one; with them Esslingen reaches 0.1 % (README). */
#define QT_SITES_TIGHT_TARGET 1e-3
#define QT_SITES_TIGHT_DIVISOR 2
#define QT_SITES_TIGHT_GAP 5e-4
#define QT_SITES_LOOSE_DIVISOR 4

/* ---- Variants of the site search ---- */

/* Whole persons leave part of the AU places unused: the exit rate makes the room in a municipality's
 * stock fractional, and a plan can only fill its whole part. Searching sites and modules against AU
 * places reduced by an allowance per municipality and period lets the site plan hold the GU places
 * those persons need. Large programs round their sites from the relaxation instead: a site is kept
 * open in a quarter where the relaxation has it open to at least the threshold. The first variant,
 * then the others while time remains and the gap is not reached. Measured on Esslingen (allowances;
 * README): 0.3 gave the plan 172,324,466 EUR, 0.5 172,242,457, 0.8 172,453,255, none 172,495,652
 * (before the per-period search); the thresholds are not measured, chosen by hand.
 *
 * Each variant also has its own branching rule and share of the time left (its LP too, where it
 * runs without presolve). The first branches on the most fractional variable, which finds a good
 * site plan early but is slow to prove it, within a quarter of the time; the others use GLPK's
 * pseudocost branching, slower to the first site plan but better at closing the search, within
 * 0.6 of the time left. Measured (`tests/bench_seeds.sh`, gap 0.1 %, 60 s, both cores): with
 * pseudocost branching alone the Esslingen example and `district` seeds 1-5 reached the gap
 * after 21.3, 24.1, 38.1, 51.3 (0.120 %, time limit), 47.6 and 29.0 s; with the most fractional
 * variable alone (share 0.6) after 10.5, 59.9 (0.101 %, time limit), 44.8, 8.2, 18.5 and 9.1 s:
 * each rule wins on some seeds, so the first gets a short share and the second the rest. */
typedef struct {
	double allowance; /* persons per municipality and period */
	double threshold; /* share of a quarter a site is open in the relaxation */
	int branching;    /* GLPK's branching rule of the site search (GLP_BR_*) */
	double share;     /* the site search's share of the time left */
} qt_site_variant;

static const qt_site_variant qt_site_variants[] = {
	{ 0.3, 0.5, GLP_BR_MFV, 0.25 },
	{ 0.3, 0.4, GLP_BR_PCH, 0.6 },
	{ 0.8, 0.3, GLP_BR_PCH, 0.6 },
	{ 0.0, 0.7, GLP_BR_PCH, 0.6 },
};
#define QT_SITE_VARIANTS (sizeof qt_site_variants / sizeof *qt_site_variants)

/* On the interior-point path only the first this many variants run: then the best site plan is
 * dived once more with the per-period searches (solve.c, dive_with_searches), which brings more
 * than further variants and needs most of the time left. Measured on the generated `large` (seed
 * 1, `--time-limit 60 --gap 0.001`, both cores): with all four variants the searching dive ended
 * in time in one of three runs (0.080 %, else 0.112 % and 0.101 % with the variants' best plan,
 * 631,787,199 EUR, from the second); with two in both of two (0.079 % and 0.080 %, 58 s). */
#define QT_IPM_SITE_VARIANTS 2

/* ---- The dive ---- */

/* The per-period search stops after this many nodes, so that the plan does not depend on the
 * machine's speed; most searches end well before (measured on the Esslingen example and the
 * generated `district`: 15 to 195 nodes, 0.1 to 1.0 s each). It replaced a cap of 1 s, with which
 * `district` gave 156,018,498 or 156,064,628 EUR depending on the machine's load.
 * A search that ends without whole households (at this cap, or at its time cap) skips the next
 * period's search (the dive rounds that period as it is): on the generated `large` (seed 1, the
 * searching dive, `--time-limit 60 --gap 0.001`) six of the eighteen searches ended at this cap
 * without them (periods 4, 5 and 7 to 10, 2.0 to 5.1 s each); with the rule the searches of
 * periods 5, 8 and 10 are skipped, the others run as before, and the plan is the same
 * (631,580,643 EUR) 7 s sooner. On the Esslingen example and `district` seeds 1 to 5 every search
 * found whole households (the rule never acts there). */
#define QT_PERIOD_NODES 400

/* The time cap that stays as a safety net of the per-period search: at most a quarter
 * (QT_PERIOD_SHARE_DIVISOR) of the time left, at most QT_PERIOD_CAP_MS. The node cap ends the
 * searches first on the Esslingen example and `district` (at most 1.0 s measured); on `large` the
 * presolver and the first LP of a search took 2.8 to 3.4 s before its first node, and a cap of
 * 3 s ended the searches of periods 2 to 4 before it on a slower run (a plan that depended on the
 * machine's speed). */
#define QT_PERIOD_SHARE_DIVISOR 4
#define QT_PERIOD_CAP_MS 10000

/* The per-period search's branching rule. GLPK's pseudocost branching copies the whole program to
 * initialise each pseudocost, which here cost more than the search: on the Esslingen example (one
 * job, `--time-limit 60 --gap 0.001`) the first plan came after 21.8 s with it and after 15.3 s
 * with Driebeck and Tomlin's rule (163,509,433 against 163,510,367 EUR), the solve ended after
 * 24.9 against 18.4 s. */
#define QT_PERIOD_BRANCHING GLP_BR_DTH

/* The per-period search runs GLPK's MIP presolver: with the site plan and the earlier periods
 * fixed, it removes most of the program, and each node's LP is that much smaller. Measured on the
 * Esslingen example (one job, `--time-limit 60 --gap 0.001`, 12 searches): 4.6 to 7.3 s in the
 * searches without it (1,300 nodes; the machine's speed varies), 0.96 s with it (about 640
 * nodes), plan 163,514,448 against 163,509,273 EUR; the generated `district` (seed 1, two jobs):
 * 7.0 against 1.6 s, plan 156,015,047 against 156,015,124 EUR. */
#define QT_PERIOD_PRESOLVE GLP_ON

/* The per-period search's gap: it looks for the period's best whole households. Not measured. */
#define QT_PERIOD_GAP 1e-6

/* A relaxed household count this close to a whole number counts as whole. Not measured. */
#define QT_WHOLE_TOL 1e-6

/* ---- The bound: Gomory rounds and the bound's search ---- */

/* Gomory rounds at most, in all, and of them before a warm start's plan is given up. Measured on
 * Esslingen: the rounds stop rising after about 15 (172,022,253 EUR, 16 s); 3 rounds give most of
 * what 5 give (172,016,495 EUR after 5, 4.5 s). The cap of 60 is not measured. */
#define QT_CUT_PASSES 60
#define QT_WARM_CUT_PASSES 3

/* The rounds stop once the bound rose by less than QT_STALL_REL of itself in QT_STALL_ROUNDS
 * rounds in a row. Not measured; chosen by hand. */
#define QT_STALL_REL 1e-7
#define QT_STALL_ROUNDS 3

/* On the simplex path with two or more jobs the bound's thread ends its rounds sooner: once each
 * of QT_STALL_ROUNDS rounds in a row raised the bound by less than this share of it. There the
 * bound's search follows, whose root raises the bound faster than late rounds: on the generated
 * `district` (seed 2, `--time-limit 60 --gap 0.001`) rounds 12 to 19 took 10 s for 5,500 EUR
 * (0.4 to 2.3 s each), the search's root then 17,500 EUR in about 3.5 s. With this share the
 * rounds end after 14 rounds (5.1 s in) and that seed is proven after 8.4 to 11.5 s instead of
 * 14.4 to 19.4 s (the other seeds and the Esslingen example within a second of before; README,
 * "Both cores"). */
#define QT_THREAD_STALL_REL 5e-6

/* With its rounds done, the bound's thread runs this site variant (an index into
 * qt_site_variants) and its dive on a copy of the program of its own, if the main thread is still
 * in its first site search (it then skips this variant), and goes on to the bound's search
 * after it; the solve keeps the better plan. The first variant's most-fractional branching and
 * the second's pseudocost branching each win on some seeds (see qt_site_variants): so both run
 * from the start where the first is slow. Measured on the generated `district` seed 1: the first
 * variant searches until 15.8 s and its plan (156,045,719 EUR) misses 0.1 %; the second, run after
 * it, proved 156,015,037 EUR after 31 to 35 s; on the bound's thread, started 3.5 to 3.7 s in,
 * its plan (155,998,904 EUR; it runs without cover cuts there) is there after 14.8 to 15.6 s and
 * proven after 16.6 to 19.4 s. */
#define QT_SIDE_VARIANT 1

/* A column is cut on if its fractional part lies within [QT_GMI_FRAC_MIN, QT_GMI_FRAC_MAX]; cuts
 * with a coefficient outside [QT_GMI_COEF_MIN, QT_GMI_COEF_MAX] are left out as numerically
 * unsafe, like GLPK's own glp_gmi_gen. The range is GLPK's; the fraction not measured. */
#define QT_GMI_FRAC_MIN 0.01
#define QT_GMI_FRAC_MAX 0.99
#define QT_GMI_COEF_MIN 1e-3
#define QT_GMI_COEF_MAX 1e3

/* The bound's search branches by Driebeck and Tomlin's rule. GLPK's pseudocost branching
 * initialises each pseudocost by LPs of its own without calling back: on the generated `district`
 * (seed 1, `--time-limit 60 --gap 0.001`) the search went 10.2 s between two callbacks, in which
 * neither the plan's reached gap nor a stop could end it; with this rule at most 0.6 s. An
 * interrupt (SIGINT) 18 s and 21 s into that solve ended it 7.4 s and 3.4 s later with pseudocost
 * branching, 0.9 s and 1.0 s later with this rule; `tests/bench_seeds.sh` proved the same five of
 * six within 20 s with both. */
#define QT_BOUND_BRANCHING GLP_BR_DTH

/* ---- Gap, status and values ---- */

/* Relative tolerances are relative to the objective, at least to this (as qt_gap): a plan worth 0
 * has one too. */
#define QT_OBJECTIVE_MIN_SCALE 1.0

/* A gap up to this is optimal; a gap within QT_GAP_SLACK above the target reaches it (floating
 * point). Not measured. */
#define QT_OPTIMAL_GAP 1e-9
#define QT_GAP_SLACK 1e-12

/* The polishing search's plan replaces the plan only if it is better by this share. Not measured. */
#define QT_POLISH_GAIN 1e-6

/* GLPK marks a missing bound or incumbent with +-DBL_MAX: anything this large is none. */
#define QT_NO_VALUE 1e300

/* Kept orders are looked for up to this many quarters before the first period (1,000 years): a
 * label further back is no period. Not measured; a bound on the search. */
#define QT_KEPT_MAX_QUARTERS_BACK 4000

/* ---- Futures (solve_futures.c) ---- */

/* The share of the time left after the first plan over futures that the other futures solved alone
 * take together (side by side, each warm-started from its plan under the first commitment); the
 * rest goes to evaluating their commitments. Their bounds are the proven bound, so they get more
 * than half. Not measured as a share; chosen by hand. */
#define QT_FUT_ALONE_SHARE 0.6

/* The least time one future's solve gets, in seconds: the first plan over futures is completed
 * even past the time limit, each of its solves taking at least this. Not measured; chosen by hand. */
#define QT_FUT_MIN_SOLVE_S 1.0

/* The first commitment evaluated gets at least this share of the time left (the others share the
 * rest equally), so that a plan over futures exists early. Not measured as a share; chosen by hand. */
#define QT_FUT_FIRST_CANDIDATE_SHARE 0.4

/* The least time a future's LP relaxation gets when its solve alone missed its gap, in seconds,
 * even past the time limit: without it the plan over futures has no bound at all. The simplex
 * takes about 1.3 s on the Esslingen futures on a quiet machine; with 5 s it did not end for two of
 * the five generated district futures on the shared machine (41 % of a core), so the room is wide.
 * So that a time limit stays a limit, this least time is at most QT_FUT_LP_PAST_SHARE of the time
 * limit (6 s of 60, 20 s of 300); chosen by hand. */
#define QT_FUT_LP_MIN_S 20.0
#define QT_FUT_LP_PAST_SHARE 0.1

/* The futures alone are solved again to raise their bounds only with this much time left, in
 * seconds (less hardly gets past the LP relaxation of a district-size future). Chosen by hand. */
#define QT_FUT_TIGHTEN_MIN_S 10.0

#endif
