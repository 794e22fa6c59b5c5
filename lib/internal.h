/* Internal definitions shared by the library's files. Not installed. */
#ifndef QT_INTERNAL_H
#define QT_INTERNAL_H

#include "quartier.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>

/* ---- vocab.c: the domain's words, one list each ---- */
enum { QT_NCLASS = 5, QT_NGU_KIND = 3, QT_NMETHOD = 2 };
extern const char *const qt_class_names[QT_NCLASS];    /* "1","2","3","4","5+" */
extern const char *const qt_class_suffixes[QT_NCLASS]; /* "1",...,"5plus": in column names */
extern const char *const qt_gu_kind_names[QT_NGU_KIND]; /* qt_gu_kind order */
extern const char *const qt_method_names[QT_NMETHOD];   /* qt_method order */
enum { QT_NFUT_OBJECTIVE = 2 };
extern const char *const qt_futures_objective_names[QT_NFUT_OBJECTIVE]; /* "expected", "worst" */
/* Period labels "YYYYQn" (year from 1000, n 1..4): 0 and the parts, or -1 for anything else. */
int qt_period_parse(const char *label, int *year, int *q);
/* The quarter number (year * 4 + quarter - 1) of a label; -1 if it is not one. */
long qt_quarter_of(const char *label);
/* Label of period t (1-based) of a horizon starting in start_year Q start_q, into buf[8]. */
void qt_period_label(int start_year, int start_q, int t, char buf[8]);

/* The size limits of a scenario are public (quartier.h). */

/* ---- errors.c ---- */
struct qt_errors {
	size_t n, cap;
	char **pointer;
	char **message;
};
qt_errors *qt_errors_new(void);
/* Appends one error; returns 0 or QT_ENOMEM. */
int qt_errors_add(qt_errors *e, const char *pointer, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int qt_set_error(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *qt_strdup(const char *s);
char *qt_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* vsnprintf into a new string (NULL when out of memory or on a bad format); ap is consumed. */
char *qt_vasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* ---- parallel.c ---- */
/* The machine's online cores (1..256). */
int qt_cores(void);
/* 1 on a worker thread of qt_parallel (other solves may run beside it), else 0. */
int qt_in_worker(void);
/* Marks the calling thread as such a worker (a thread of the library's own). */
void qt_mark_worker(void);
/* Runs fn(0..n-1, ctx) on `jobs` threads (<= 0: qt_cores()), or in order on the caller's thread
 * when jobs is 1 (stopping at the first failure). Each task must depend on its index only.
 * Returns 0, or the error code of the failed task with the lowest index, its qt_last_error text
 * carried over to the caller's thread. */
int qt_parallel(size_t n, int jobs, int (*fn)(size_t i, void *ctx), void *ctx);

/* ---- scenario.c ---- */
typedef enum { QT_GU_PERMANENT = 0, QT_GU_PROVISIONAL = 1, QT_GU_SPORTS_HALL = 2 } qt_gu_kind;

typedef struct {
	char *id, *name;
	double population;
	double *key;        /* [n_key] value of each quota key column (same order as scenario key_*) */
	int rent_area;      /* index into areas, -1 if none given */
	int *au_places;     /* [T+1], index 1..T */
	int au_occupied;
	double au_cost;
	int credit;
} qt_muni;

typedef struct {
	char *id, *name;
	int muni;           /* index into muni */
	qt_gu_kind kind;
	int places, occupied;
	int open0;          /* open at start (period 0) */
	int avail_from;     /* first period it may be open (1 if not given or earlier) */
	int avail_until;    /* last period it may be open (T if not given or later) */
	int vacate_by;      /* must be closed from this period on (T+1 if not given) */
	double cost_place, cost_fixed, cost_open, cost_close;
	double area_m2;     /* living and sleeping space; 0 if not given */
	int tr_earliest;    /* first period it may be handed over to its municipality; 0: never */
	int tr_au_places;   /* AU places it gives its municipality once handed over */
	double tr_cost;     /* once, for handing it over (instead of the closing cost) */
} qt_gu;

typedef struct {
	char *id;
	int muni;
	int max_modules, ppm, lead;
	int earliest;       /* first period an order may be placed (1 if earlier / not given) */
	double cost_module, cost_conversion, cost_gu_place;
} qt_kombi;

typedef struct {
	char *id;
	int muni;
	int period;         /* 1..T */
	int hclass;         /* 0..4 */
	int units;
	double rent;
	double cap;         /* the cap the offer faces (after factor); < 0 if the area has no cap */
	int eligible;
} qt_offer;

typedef enum {
	QT_PEN_UNHOUSED = 0,
	QT_PEN_BACKLOG,
	QT_PEN_WAITING,
	QT_PEN_PROVISIONAL,
	QT_PEN_QUOTA_UNDER,
	QT_PEN_QUOTA_OVER,
	QT_PEN_MOVE,
	QT_NPEN
} qt_penalty;
extern const char *const qt_penalty_names[QT_NPEN];    /* vocab.c */

/* Who pays (MODEL.md "Who pays"): the scenario's funding rates, all 0 by default. */
typedef enum { QT_OBJ_PUBLIC = 0, QT_OBJ_DISTRICT = 1, QT_NOBJECTIVE } qt_objective_kind;
extern const char *const qt_objective_names[QT_NOBJECTIVE]; /* vocab.c: "public", "district" */
typedef enum { QT_PAY_DISTRICT = 0, QT_PAY_MUNICIPALITIES, QT_PAY_LAND, QT_PAY_FEDERAL, QT_NPAYER } qt_payer;
extern const char *const qt_payer_names[QT_NPAYER]; /* vocab.c: "district", "municipalities", ... */
typedef struct {
	double land_per_person;     /* once per person taken in */
	double land_per_vu_quarter; /* per person in vU and quarter */
	double to_muni_per_person;  /* the district to a municipality, once per person placed into AU */
	double kdu_federal_share;   /* 0..1 of the KdU of flats */
	qt_objective_kind objective;
} qt_funding;
extern const double qt_penalty_defaults[QT_NPEN];

/* One future of MODEL.md "Futures": its probability and its own per-period data. */
typedef struct {
	char *id;
	double probability;
	int *arrivals;           /* [T+1] */
	int *entitled;           /* [QT_NCLASS*(T+1)] like qt_scenario's, NULL: the scenario's */
} qt_future;
typedef enum { QT_FUTURES_EXPECTED = 0, QT_FUTURES_WORST = 1 } qt_futures_objective;

struct qt_scenario {
	char *name;
	int start_year, start_q; /* first period */
	int T;

	int backlog0;
	int *arrivals;           /* [T+1] */

	int hsize[QT_NCLASS];    /* persons per household class */
	int *entitled;           /* [QT_NCLASS*(T+1)], entitled[h*(T+1)+t] */
	int waiting0[QT_NCLASS];

	int n_muni;
	qt_muni *muni;
	int n_key;
	char **key_name;         /* quota key columns ("population", "area_km2", ...) */
	double *key_weight;

	int n_gu;
	qt_gu *gu;
	int n_kombi;
	qt_kombi *kombi;

	int n_area;
	char **area_name;
	double (*cap)[QT_NCLASS]; /* [n_area][class], < 0 where not given */
	double cap_factor;

	int n_offer;
	qt_offer *offer;

	qt_method method;
	qt_futures_objective fut_objective; /* uncertainty.objective */
	double gu_credit_rate;
	double exit_rate;
	double penalty[QT_NPEN];
	double *space_std;       /* [T+1] m2 per place, NULL if not given (living-space standard) */
	qt_funding funding;
	long target_places;      /* targets.places: GU places the district aims at; 0 if not given */
	double time_limit_s;
	double gap;

	qt_future *future;       /* [n_future] */
	int n_future;            /* 0: no uncertainty section */
	int commit_K;            /* uncertainty.commit_quarters */

	char *text;              /* the document exactly as read */
	size_t text_len;
};

/* Persons per household class h. */
static inline int qt_hs(const qt_scenario *s, int h) { return s->hsize[h]; }
static inline int qt_entitled(const qt_scenario *s, int h, int t) { return s->entitled[h * (s->T + 1) + t]; }
/* Persons of the households becoming entitled to AU in period t. */
static inline long qt_entitled_persons(const qt_scenario *s, int t)
{
	long e = 0;
	for (int h = 0; h < QT_NCLASS; h++)
		e += (long)s->hsize[h] * s->entitled[h * (s->T + 1) + t];
	return e;
}
/* Persons in vU at the start: everyone in a GU but the waiting households (V0 of MODEL.md). */
static inline long qt_start_vu(const qt_scenario *s)
{
	long n = 0;
	for (int g = 0; g < s->n_gu; g++)
		n += s->gu[g].occupied;
	for (int h = 0; h < QT_NCLASS; h++)
		n -= (long)s->hsize[h] * s->waiting0[h];
	return n;
}
/* The scenario as it is in future f: a shallow copy of s (it borrows all of s's data and must not be
 * freed) with that future's arrivals and entitled households and no futures of its own. */
void qt_scenario_future_view(const qt_scenario *s, int f, qt_scenario *view);
/* The ids of s's futures joined by sep ("" without futures); the caller frees; NULL without memory. */
char *qt_scenario_future_ids(const qt_scenario *s, const char *sep);
/* The mean-value scenario of s (MODEL.md "Futures", EEV): like a future's view, with arrivals and
 * entitled the probability-weighted means, made whole by rounding the cumulative sums per period,
 * written into arrivals[T+1] and entitled[QT_NCLASS*(T+1)] (the caller's). */
void qt_scenario_mean_view(const qt_scenario *s, qt_scenario *view, int *arrivals, int *entitled);
/* 1 if GU g may be open in period t (availability window and vacate_by). */
int qt_gu_allowed(const qt_gu *g, int t);
/* Places of GU g in period t under the living-space standard: min(places, floor(area / standard)),
 * or its places when the scenario gives no standard or the site no area. (Inline: the reader
 * checks with it, below the scenario's lifecycle.) */
static inline int qt_gu_capacity(const qt_scenario *s, const qt_gu *g, int t)
{
	if (!s->space_std || g->area_m2 <= 0 || s->space_std[t] <= 0)
		return g->places;
	double fit = floor(g->area_m2 / s->space_std[t] + 1e-9);
	return fit < g->places ? (int)fit : g->places;
}
/* 1 if some GU site may be handed over to its municipality. */
static inline int qt_scenario_has_transfers(const qt_scenario *s)
{
	for (int g = 0; g < s->n_gu; g++)
		if (s->gu[g].tr_earliest > 0)
			return 1;
	return 0;
}

struct cJSON;

/* ---- clock.c ---- */
/* Seconds on the monotonic clock: only differences mean anything. */
double qt_clock_s(void);

/* ---- files.c ---- */
/* Creates dir if it is missing (one level); an existing directory is fine. */
int qt_ensure_dir(const char *dir);
/* Reads a whole file (at most max bytes) into a new '\0'-terminated buffer. QT_EINPUT (nothing read
 * kept, *len the size found) when it is larger; QT_EIO (qt_last_error set) for a directory or
 * failed read. */
int qt_read_whole_file(const char *path, long max, char **text, size_t *len);
/* Writes the contents of a file to f; returns 0 or a QT_E* code. */
typedef int (*qt_writer)(FILE *f, const void *ctx);
/* Writes path whole or not at all: write() fills a temporary file in the same directory, which is
 * flushed to disk and renamed over path; on failure it is removed and path is left as it was. */
int qt_write_atomic(const char *path, qt_writer write, const void *ctx);
/* The same for a writer that writes a file by its name (a library that opens the file itself): it
 * gets the temporary file's name, which it may replace; renamed over path if it returns 0. */
typedef int (*qt_named_writer)(const char *tmp, const void *ctx);
int qt_write_atomic_named(const char *path, qt_named_writer write, const void *ctx);

/* ---- json.c ---- */
/* Prints root (pretty, with a final newline) and deletes it; NULL root means out of memory. */
int qt_json_write(FILE *f, struct cJSON *root);
/* Adds item to obj under key / to an array; consume item. 0, or -1 (item NULL or not added). */
int qt_json_add(struct cJSON *obj, const char *key, struct cJSON *item);
int qt_json_push(struct cJSON *arr, struct cJSON *item);
/* Parses text[0..len) whole (len counts the '\0' when the text must end there); *end (may be
 * NULL) receives where parsing stopped. Safe on several threads at once. */
struct cJSON *qt_json_parse(const char *text, size_t len, const char **end);

/* ---- scenario_override.c ---- */
/* Applies one "POINTER=VALUE" override to a parsed document; on a bad pointer or a missing
 * parent, adds an error naming the pointer to errs and returns nonzero. */
int qt_override_apply(struct cJSON *root, const char *set, qt_errors *errs);

/* ---- quota.c ---- */
/* Cumulative quotas q[m*(T+1)+t] (t = 1..T; t = 0 unused), credits, tie and paradox flags,
 * and distributed N(t). All arrays allocated by the function, freed with qt_quotas_free. */
typedef struct {
	int T, M;
	long *N;                 /* [T+1] */
	long *q;                 /* [M*(T+1)] */
	long *credit;            /* [M*(T+1)] */
	unsigned char *tie;      /* [M*(T+1)] */
	unsigned char *paradox;  /* [M*(T+1)] */
	double *share;           /* [M] */
} qt_quotas;
int qt_quotas_compute(qt_quotas *out, const qt_scenario *s);
void qt_quotas_free(qt_quotas *q);

/* ---- plan ---- */
/* A simplex basis by row and column name (solve_basis.c). */
typedef struct qt_basis qt_basis;
void qt_basis_free(qt_basis *b);
/* The LPs whose bases a plan keeps: the dive's first LP, the bound's first LP. */
enum { QT_BASIS_DIVE, QT_BASIS_BOUND, QT_NBASIS };

struct qt_plan {
	int T, G, K, M, O;
	qt_status status;
	double gap, seconds, bound;
	long nodes;
	int rows, cols, ints;     /* program size */

	double objective;          /* total */
	double cost;               /* real cost (euro that would be spent) */
	double penalty[QT_NPEN];   /* each penalty term */
	double *payers;            /* [QT_NPAYER*(T+1)] real cost by payer, payers[QT_IX(payer, t, T)] */
	double payer_total[QT_NPAYER];

	/* period arrays are [T+1]; index 0 is the starting state */
	long *acc, *bl, *V, *U;
	long *F;                   /* [QT_NCLASS*(T+1)] households */
	long *x;                   /* [G*(T+1)] persons */
	unsigned char *open, *up, *dn; /* [G*(T+1)] */
	unsigned char *tr;         /* [G*(T+1)] handed over to its municipality in t */
	long *b, *ng, *na, *y;     /* [K*(T+1)] */
	long *as;                  /* [(M*QT_NCLASS)*(T+1)], as[(m*QT_NCLASS+h)*(T+1)+t] households */
	double *A;                 /* [M*(T+1)] persons in AU stock (expected value, exit rate) */
	long *under, *over;        /* [M*(T+1)] */
	long *q;                   /* [M*(T+1)] cumulative quota used by the plan */
	long *ao;                  /* [O] households placed into offer o (0 for ineligible offers) */
	long *kept;                /* [K*(T+1)] modules ordered before the horizon (re-planning) and
				    * usable in t; t = 0: all of them */
	long *flats;               /* [M*(T+1)] persons placed into flats, kept by qt_plan_derive */
	int flats_ok;              /* flats matches ao (set by qt_plan_derive) */

	/* A plan over futures (MODEL.md "Futures"): one complete plan per future, equal in the site
	 * and module decisions of quarters 1..commit_K; objective is the chosen objective over them,
	 * cost and penalty their expectations; the period arrays above stay empty. */
	int n_future;
	qt_plan **future;          /* [n_future], owned */
	int commit_K;
	double expected, worst;
	struct qt_voi *voi;        /* value of information, when asked for (owned) */
	/* The optimal bases of the solve's LPs (solve_basis.c), for a solve warm-started from this
	 * plan: the dive's first LP and the bound's; NULL where none was solved (owned). */
	struct qt_basis *basis[QT_NBASIS];
};
/* The value of information (MODEL.md "Futures"): each figure with the gap behind it. */
typedef struct qt_voi {
	double ws, eev, rp, evpi, vss;
	double ws_gap, eev_gap, rp_gap;
} qt_voi;
qt_plan *qt_plan_alloc(int T, int G, int K, int M, int O);
#define QT_IX(i, t, T) ((size_t)(i) * (size_t)((T) + 1) + (size_t)(t))

/* Splits the objective of a plan into real cost and penalties (the solver sets the plan's objective
 * with it; the checker recomputes it in its own code). */
void qt_plan_objective_terms(const qt_scenario *s, const qt_plan *p, double *cost, double pen[QT_NPEN]);

/* The real cost of each period by payer (MODEL.md "Who pays") into pay[QT_IX(payer, t, T)], t = 1..T,
 * and the totals; the payers' sum is the real cost. */
void qt_plan_payers(const qt_scenario *s, const qt_plan *p, double *pay, double total[QT_NPAYER]);
/* 1 if GU g was handed over in period t or before. */
int qt_plan_transferred(const qt_plan *p, int g, int t);
/* AU places of municipality m in t: its own, its converted modules, its sites handed over. */
double qt_plan_au_capacity(const qt_scenario *s, const qt_plan *p, int m, int t);

/* KdU euro over the rest of the horizon for one household placed into offer o. */
double qt_offer_kdu_per_household(const qt_scenario *s, const qt_offer *o);

/* Persons placed into flats per municipality and period, out[QT_IX(m, t, T)], in one pass. */
void qt_plan_flat_persons(const qt_scenario *s, const qt_plan *p, long *out);

/* Persons placed by municipality m in period t from each source (reporting rule in README). */
void qt_plan_placed(const qt_scenario *s, const qt_plan *p, int m, int t, long *own, long *kombi,
		    long *offers);

/* ---- glpk_guard.c ---- */
/* Runs fn(ctx) with GLPK's error hook and terminal hook installed: GLPK output goes to stderr only if
 * verbose, and a GLPK error returns QT_ESOLVER instead of aborting. After QT_ESOLVER, GLPK's whole
 * environment has been freed: every glp_prob made inside fn is gone and must not be touched. */
int qt_glpk_guarded(int (*fn)(void *ctx), void *ctx, int verbose);

/* Recomputes the plan's dependent values (backlog, vU, waiting, unhoused, AU stock, under/over,
 * quota, objective terms) from its decisions (acc, x, status, modules, y, as, ao). */
void qt_plan_derive(const qt_scenario *s, const long *quota, qt_plan *p);
#endif
