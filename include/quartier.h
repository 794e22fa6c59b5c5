/*
 * quartier: plans refugee accommodation for a German district (Landkreis).
 *
 * One public header. Conventions (see README.md, "Library API"):
 *  - every exported name starts with qt_ / QT_;
 *  - functions return 0 on success or a negative QT_E* code; outputs come first (**out);
 *  - the caller owns what an **out receives and releases it with that type's own *_free function;
 *    every *_free function accepts NULL;
 *  - the library never prints and never exits; qt_last_error() holds the text of the last failure
 *    of the calling thread.
 *
 * Copyright (C) 2026 the quartier authors. GPL-3.0-or-later.
 */
#ifndef QUARTIER_H
#define QUARTIER_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define QT_VERSION "0.1.0"

#if defined(__GNUC__)
#define QT_API __attribute__((visibility("default")))
#else
#define QT_API
#endif

/* Error codes (negative). */
enum {
	QT_OK = 0,
	QT_EINPUT = -2,    /* bad scenario data: see the qt_errors list */
	QT_ENOPLAN = -3,   /* the solver found no integer plan in the time allowed */
	QT_EIO = -4,       /* a file could not be read or written */
	QT_ENOMEM = -5,    /* out of memory */
	QT_ESOLVER = -6,   /* GLPK failed (its error is caught, never aborts the process) */
	QT_EINVAL = -7     /* a bad argument to a library function */
};

/* The text of the calling thread's last failure ("" if none). Valid until the next call. */
QT_API const char *qt_last_error(void);

/* The version of the GLPK library in use, e.g. "5.0". */
QT_API const char *qt_glpk_version(void);

/* ---- Diagnostics: every problem found in a scenario, each with its JSON Pointer. ---- */
typedef struct qt_errors qt_errors;
QT_API size_t qt_errors_count(const qt_errors *e);
/* JSON Pointer of the datum ("" for the whole document); borrowed from e. */
QT_API const char *qt_errors_pointer(const qt_errors *e, size_t i);
/* What was wrong and what was expected; borrowed from e. */
QT_API const char *qt_errors_message(const qt_errors *e, size_t i);
QT_API void qt_errors_free(qt_errors *e);

/* ---- Scenario ---- */
typedef struct qt_scenario qt_scenario;

/* Reads and checks a scenario (SCENARIO.md). On QT_EINPUT *errors lists every problem found
 * (not only the first); otherwise *errors is NULL. errors may be NULL if the caller does not
 * want the list. *out is NULL on failure. */
QT_API int qt_scenario_read_file(qt_scenario **out, qt_errors **errors, const char *path);
QT_API int qt_scenario_parse(qt_scenario **out, qt_errors **errors, const char *text, size_t len);
QT_API void qt_scenario_free(qt_scenario *s);

QT_API const char *qt_scenario_name(const qt_scenario *s);
QT_API int qt_scenario_periods(const qt_scenario *s);
/* Label of period t (1-based, t = 0 is the starting state), e.g. "2016Q3"; written to buf[8]. */
QT_API void qt_scenario_period_label(const qt_scenario *s, int t, char buf[8]);
/* One line describing the scenario's size, e.g. for `quartier validate`. Caller frees with free(). */
QT_API char *qt_scenario_summary(const qt_scenario *s);

/* ---- Quotas (MODEL.md, "Quotas") ---- */
typedef enum { QT_HARE_NIEMEYER = 0, QT_SAINTE_LAGUE = 1 } qt_method;

/* Apportions `seats` among n parties by `weights` (>= 0, not all 0). out[i] receives the seats of
 * party i; tie[i] (may be NULL) is set to 1 where the tie rule decided party i's last seat. Ties go
 * to the larger weight, then to the smaller index. Returns 0 or QT_EINVAL. */
QT_API int qt_apportion(long *out, unsigned char *tie, qt_method method, const double *weights, size_t n,
		 long seats);

/* ---- Solving ---- */
typedef struct qt_plan qt_plan;

typedef enum {
	QT_STATUS_OPTIMAL = 0,
	QT_STATUS_GAP_REACHED = 1,
	QT_STATUS_TIME_LIMIT = 2,
	QT_STATUS_NO_INTEGER_PLAN = 3,
	QT_STATUS_INTERRUPTED = 4 /* stopped through qt_solve_options.stop; the best plan so far */
} qt_status;
QT_API const char *qt_status_name(qt_status s);

/* Progress reported during a solve (at most about once a second). */
typedef struct {
	double elapsed_s;
	double incumbent; /* objective of the best plan so far, or HUGE_VAL */
	double bound;     /* best proven lower bound, or -HUGE_VAL */
	const char *phase;
} qt_progress;

typedef struct {
	int version;          /* set by qt_solve_options_init */
	double time_limit_s;  /* < 0: take the scenario's solver.time_limit_s (default 60) */
	double gap;           /* < 0: take the scenario's solver.gap (default 0.001) */
	int verbose;          /* 1: let GLPK print its log to stdout */
	void (*progress)(const qt_progress *p, void *ctx);
	void *progress_ctx;
	/* If not NULL, polled during the solve: once *stop is nonzero the search ends and the best
	 * plan found so far is returned with status QT_STATUS_INTERRUPTED (e.g. set from SIGINT). */
	const volatile sig_atomic_t *stop;
} qt_solve_options;

#define QT_SOLVE_OPTIONS_VERSION 1
QT_API void qt_solve_options_init(qt_solve_options *opt);

/* Builds the integer program of MODEL.md and solves it. *out receives a plan whenever one was found;
 * returns 0 with a plan, QT_ENOPLAN with *out == NULL when time ran out before any integer plan,
 * QT_ESOLVER / QT_ENOMEM on failure. opt may be NULL (defaults). */
QT_API int qt_solve(qt_plan **out, const qt_scenario *s, const qt_solve_options *opt);
QT_API void qt_plan_free(qt_plan *p);

QT_API qt_status qt_plan_status(const qt_plan *p);
QT_API double qt_plan_gap(const qt_plan *p);
QT_API double qt_plan_seconds(const qt_plan *p);
QT_API long qt_plan_nodes(const qt_plan *p);
QT_API double qt_plan_objective(const qt_plan *p);

/* Independent check: recomputes every balance and bound of MODEL.md from the plan's own numbers.
 * Returns the number of violations (0: the plan is valid); *violations (may be NULL) lists them,
 * with the pointer field naming the plan table, e.g. "/gu_sites/3/persons/5". */
QT_API int qt_plan_check(qt_errors **violations, const qt_scenario *s, const qt_plan *p);

/* ---- Reports ---- */
typedef enum { QT_FORMAT_TEXT = 0, QT_FORMAT_JSON = 1, QT_FORMAT_CSV = 2 } qt_format;

/* Writes the solve reports as aligned text tables. */
QT_API int qt_report_text(FILE *f, const qt_scenario *s, const qt_plan *p);
/* Writes the plan as the JSON object SCENARIO.md fixes. */
QT_API int qt_report_json(FILE *f, const qt_scenario *s, const qt_plan *p);
/* Writes one CSV per table into directory dir (created if missing): ';'-separated, UTF-8 with BOM,
 * decimal comma. Each file is written to a temporary name and renamed. */
QT_API int qt_report_csv_dir(const char *dir, const qt_scenario *s, const qt_plan *p);

/* ---- Quota sheets (quota_sheet.c) ---- */

/* ---- Run history in SQLite (store.c) ---- */

/* ---- Export and scenario generation (export.c, generate.c) ---- */

/* ---- Scenario overrides, sweeps and comparison (override.c, sweep.c) ---- */

#ifdef __cplusplus
}
#endif
#endif
