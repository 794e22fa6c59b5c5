/*
 * quartier: plans refugee accommodation for a German district (Landkreis).
 *
 * One public header, the whole API; README.md says more in the sections named in brackets
 * ("The library" for the conventions below). Conventions:
 *  - every exported name starts with qt_ / QT_;
 *  - functions return 0 on success or a negative QT_E* code; outputs come first (**out);
 *  - the caller owns what an **out receives and releases it with that type's own *_free function;
 *    every *_free function accepts NULL;
 *  - a pointer a function returns is borrowed (valid while the object it came from lives; do not
 *    free it) unless its comment says the caller frees it;
 *  - every accessor accepts NULL and then returns the default its comment names;
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

/* The limits of a scenario (README, "Scenario"): larger lists, files or counts are bad input. */
#define QT_MAX_PERIODS 80
#define QT_MAX_MUNICIPALITIES 2000
#define QT_MAX_GU 5000
#define QT_MAX_KOMBI 500
#define QT_MAX_OFFERS 100000
#define QT_MAX_KEYS 16            /* quota key columns */
#define QT_MAX_AREAS 64           /* rent areas */
#define QT_MAX_FUTURES 20         /* futures of uncertainty (at least 2) */
#define QT_MAX_FILE_BYTES (64L * 1024 * 1024)
#define QT_MAX_PERSONS 10000000.0 /* any person or unit count above this is refused */
#define QT_MAX_TIME_LIMIT_S 1e6   /* a longer time limit is taken as this one */

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

/* The text of the calling thread's last failure ("" if none). Borrowed: valid until the calling
 * thread's next call into the library. */
QT_API const char *qt_last_error(void);

/* The version of the GLPK library in use, e.g. "5.0". Borrowed (static). */
QT_API const char *qt_glpk_version(void);

/* ---- Diagnostics: every problem found in a scenario, each with its JSON Pointer. ---- */
typedef struct qt_errors qt_errors;
QT_API size_t qt_errors_count(const qt_errors *e);
/* JSON Pointer of the datum ("" for the whole document); borrowed from e (NULL for NULL or i out
 * of range; so is the message). Count: 0 for NULL. */
QT_API const char *qt_errors_pointer(const qt_errors *e, size_t i);
/* What was wrong and what was expected; borrowed from e. */
QT_API const char *qt_errors_message(const qt_errors *e, size_t i);
QT_API void qt_errors_free(qt_errors *e);

/* ---- Scenario ---- */
typedef struct qt_scenario qt_scenario;

/* Reads and checks a scenario ["File formats", "Scenario (input)"]. On QT_EINPUT *errors lists every problem found
 * (not only the first); otherwise *errors is NULL. errors may be NULL if the caller does not
 * want the list. *out is NULL on failure. */
QT_API int qt_scenario_read_file(qt_scenario **out, qt_errors **errors, const char *path);
QT_API int qt_scenario_parse(qt_scenario **out, qt_errors **errors, const char *text, size_t len);
QT_API void qt_scenario_free(qt_scenario *s);

/* A path naming a directory is read as a directory of CSV files, a file ending in .xlsx (or
 * starting as a zip archive does) as a workbook ["File formats", "Scenarios as spreadsheets"];
 * each error then also names its cell. */
/* Writes scenario s as a workbook (path ending in .xlsx) or as a new directory of CSV files,
 * whole or not at all; the document as read, without --set overrides. QT_EIO if it cannot. */
QT_API int qt_scenario_write_tables(const qt_scenario *s, const char *path);
/* The scenario document as canonical JSON (one line, keys sorted, notes "x", "$schema" and empty
 * objects left out): two scenarios are the same when their texts are. Caller frees with free(). */
QT_API int qt_scenario_canonical(char **out, const qt_scenario *s);
/* Starts a new district in dir (created): scenario.xlsx and the directory scenario/ of CSV
 * files, each with the municipalities of seed_csv (a municipalities.csv as in seeds/; NULL: none)
 * and every other sheet's headers, and a README sheet on what goes where. */
QT_API int qt_district_init(const char *dir, const char *seed_csv);

/* The scenario's name; borrowed from s ("" for NULL). */
QT_API const char *qt_scenario_name(const qt_scenario *s);
/* The number of periods (quarters); 0 for NULL. */
QT_API int qt_scenario_periods(const qt_scenario *s);
/* Label of period t (1-based, t = 0 is the starting state), e.g. "2016Q3"; written to buf[8]
 * ("" for NULL). */
QT_API void qt_scenario_period_label(const qt_scenario *s, int t, char buf[8]);
/* One line describing the scenario's size, e.g. for `quartier validate`. Caller frees with free();
 * NULL for NULL or when out of memory. */
QT_API char *qt_scenario_summary(const qt_scenario *s);

/* ---- Quotas ["The model and how it is solved", "Quotas"] ---- */
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
	QT_STATUS_NO_INTEGER_PLAN = 3, /* only a name for reports: a solve without a plan returns
					* QT_ENOPLAN and no plan, so no plan has this status */
	QT_STATUS_INTERRUPTED = 4 /* stopped through qt_solve_options.stop; the best plan so far */
} qt_status;
/* "optimal", "gap_reached", "time_limit", "no_integer_plan", "interrupted"; borrowed (static),
 * "unknown" for any other value. */
QT_API const char *qt_status_name(qt_status s);

/* The relative gap of a plan of objective `objective` against a proven lower bound:
 * max(0, objective - bound) / max(1, |objective|), the figure every status, report and progress
 * line uses; HUGE_VAL when either is not finite (no plan, or no bound yet). */
QT_API double qt_gap(double objective, double bound);

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
	int verbose;          /* 1: let GLPK print its log to stderr */
	void (*progress)(const qt_progress *p, void *ctx);
	void *progress_ctx;
	/* If not NULL, polled during the solve: once *stop is nonzero the search ends and the best
	 * plan found so far is returned with status QT_STATUS_INTERRUPTED (e.g. set from SIGINT). */
	const volatile sig_atomic_t *stop;
	/* If not NULL, a plan of a scenario with the same periods, GU sites, Kombimodell sites and
	 * municipalities (a variant: other rent caps, penalties, arrivals ...). Its site and module
	 * decisions are tried first; only if the plan they give misses the gap is the site search
	 * run, and the better plan kept. The plan stays the caller's. */
	const qt_plan *warm_start;
	/* Re-planning: n_kept Kombimodell orders placed before the scenario's first period (see
	 * qt_kept_order; NULL if none). Each module counts against its site's max_modules and can be
	 * used from lead_quarters after its order period; its cost is spent and not in the objective.
	 * An unknown site or a period not before the first one is QT_EINPUT. */
	const struct qt_kept_order *kept;
	size_t n_kept;
	/* A scenario with futures: 1 also computes the value of information (WS, EEV, RP, EVPI, VSS of
	 * README "Futures"); it costs further solves within the same time limit. */
	int value_of_information;
	/* Threads for what can run side by side: the variants of a sweep (qt_sweep_run), the
	 * scenarios of qt_solve_each and the futures' solves of a plan over futures. 0 (the default): one per core of the machine; 1: one after the
	 * other, each warm-started from the one before. The same inputs and jobs give the same plans. */
	int jobs;
} qt_solve_options;

#define QT_SOLVE_OPTIONS_VERSION 2
QT_API void qt_solve_options_init(qt_solve_options *opt);

/* Builds the integer program ["The model and how it is solved"] and solves it. *out receives a plan whenever one was found;
 * returns 0 with a plan, QT_ENOPLAN with *out == NULL when time ran out before any integer plan,
 * QT_ESOLVER / QT_ENOMEM on failure. opt may be NULL (defaults). */
QT_API int qt_solve(qt_plan **out, const qt_scenario *s, const qt_solve_options *opt);
QT_API void qt_plan_free(qt_plan *p);

/* About a plan; for NULL: QT_STATUS_NO_INTEGER_PLAN, HUGE_VAL (gap, objective), 0 (seconds, nodes).
 * The gap is qt_gap(objective, best proven bound). */
QT_API qt_status qt_plan_status(const qt_plan *p);
QT_API double qt_plan_gap(const qt_plan *p);
QT_API double qt_plan_seconds(const qt_plan *p);
QT_API long qt_plan_nodes(const qt_plan *p);
QT_API double qt_plan_objective(const qt_plan *p);

/* Independent check: recomputes every balance and bound of the model, and the objective, from the
 * plan's own numbers ["The model and how it is solved"].
 * Returns the number of violations (0: the plan is valid); *violations (may be NULL) lists them,
 * with the pointer field naming the plan table, e.g. "/gu_sites/3/persons/5". */
QT_API int qt_plan_check(qt_errors **violations, const qt_scenario *s, const qt_plan *p);

/* ---- Reports ---- */
typedef enum {
	QT_FORMAT_TEXT = 0,
	QT_FORMAT_JSON = 1,
	QT_FORMAT_CSV = 2,
	QT_FORMAT_HTML = 3,
	QT_FORMAT_XLSX = 4
} qt_format;

/* Writes the solve reports as aligned text tables. */
QT_API int qt_report_text(FILE *f, const qt_scenario *s, const qt_plan *p);
/* Writes the plan as the JSON object SCENARIO.md fixes. */
QT_API int qt_report_json(FILE *f, const qt_scenario *s, const qt_plan *p);
/* Writes one CSV per table into directory dir (created if missing): ';'-separated, UTF-8 with BOM,
 * decimal comma. Each file is written to a temporary name and renamed. */
QT_API int qt_report_csv_dir(const char *dir, const qt_scenario *s, const qt_plan *p);

/* ---- Futures (README "Futures") ---- */
/* The number of futures of a scenario or plan (0 without uncertainty, and for NULL). */
QT_API int qt_scenario_futures(const qt_scenario *s);
QT_API int qt_plan_futures(const qt_plan *p);
/* The id of future i (0-based), borrowed from s; NULL when there is no such future. */
QT_API const char *qt_scenario_future_id(const qt_scenario *s, int i);
/* The index of the future with this id, or -1. */
QT_API int qt_scenario_future_find(const qt_scenario *s, const char *id);
/* The full report of future i of a plan over futures (the ordinary plan of that future): format
 * QT_FORMAT_TEXT or QT_FORMAT_JSON. (The reports above, given a plan over futures, write the
 * committed decisions, the futures side by side and, in CSV, every future's tables with a `future`
 * column.) */
QT_API int qt_report_future(FILE *f, const qt_scenario *s, const qt_plan *p, int i, qt_format format);

/* The plan as one file at path, written whole or not at all (a temporary file renamed):
 * QT_FORMAT_HTML a self-contained page with inline SVG charts (README "Report page and workbook"),
 * QT_FORMAT_XLSX a workbook, one sheet per table, with native charts. Returns 0, QT_EINVAL (another
 * format), QT_EIO or QT_ENOMEM. */
QT_API int qt_report_file(const char *path, qt_format format, const qt_scenario *s, const qt_plan *p);
/* The page or workbook of future i of a plan over futures (that future's ordinary plan), as
 * qt_report_file. (qt_report_file itself, given a plan over futures, writes the committed decisions,
 * the futures side by side with their charts, the value of information when computed and, in the
 * workbook, every future's tables with a `future` column.) */
QT_API int qt_report_future_file(const char *path, qt_format format, const qt_scenario *s, const qt_plan *p, int i);

/* The language of the texts the library writes for people (table titles, labels, notes, charts,
 * error messages): "de" (also "de_DE..."), German from the gettext catalogue of the text domain
 * "quartier" found under localedir (NULL: gettext's default); "en", "C" or NULL: English. Keys (CSV
 * headers, JSON keys) never change. For German, the process's LC_MESSAGES locale must not be "C"
 * ("C.UTF-8" will do) and LANGUAGE should name "de" (see cli/main.c). Process-wide; QT_EINVAL for
 * another language. */
QT_API int qt_set_language(const char *lang, const char *localedir);
/* msgid in that language (a text of the "quartier" domain; msgid itself in English or when the
 * catalogue lacks it). Borrowed; never NULL for a non-NULL msgid. */
QT_API const char *qt_translate(const char *msgid);

/* ---- Quota sheets (quota_sheet.c, sheet_*.c) ---- */
/* The AU quota sheet of every municipality (MODEL.md, "Quotas"): key share, credit, cumulative quota
 * and increment per period, tie and Alabama-paradox flags; with a plan also the persons placed per
 * period by source, cumulative placements, arrears and surplus against the quota, and the flat
 * offers the plan uses in the municipality. The sheets borrow the scenario and the plan: both must
 * outlive them. The output carries no date or time, so the same input gives the same bytes. */
typedef struct qt_quota_sheets qt_quota_sheets;

typedef struct {
	int version;          /* set by qt_quota_sheet_options_init */
	/* The district named on every sheet (copied). NULL: the scenario's name up to its first
	 * " – " or " - ", or the whole name if it has none. */
	const char *district;
	/* A scenario with futures: the id of the future whose quotas (and, with a plan over futures,
	 * whose plan) the sheets show; NULL: the scenario's own entitled households, and no plan over
	 * futures. An unknown id is QT_EINPUT. */
	const char *future;
} qt_quota_sheet_options;

#define QT_QUOTA_SHEET_OPTIONS_VERSION 1
QT_API void qt_quota_sheet_options_init(qt_quota_sheet_options *opt);

/* Computes the sheets of scenario s; p (may be NULL) adds the plan's columns and must be a plan of
 * s (QT_EINVAL otherwise). opt may be NULL (defaults). The caller frees *out with
 * qt_quota_sheets_free. */
QT_API int qt_quota_sheets_new(qt_quota_sheets **out, const qt_scenario *s, const qt_plan *p,
			       const qt_quota_sheet_options *opt);
QT_API void qt_quota_sheets_free(qt_quota_sheets *q);

/* Number of sheets: one per municipality, in the scenario's order. */
QT_API size_t qt_quota_sheets_count(const qt_quota_sheets *q);
/* The sheet of a municipality named by its id, its name or its file stem or slug (names and slugs
 * also ignoring ASCII case). Returns 0, or QT_EINVAL (unknown or ambiguous; qt_last_error() says
 * which). */
QT_API int qt_quota_sheets_find(size_t *index, const qt_quota_sheets *q, const char *key);
/* File name stem of sheet i: the id and an ASCII slug of the name, e.g. "08116049-nuertingen";
 * unique among the sheets. Borrowed from q. */
QT_API const char *qt_quota_sheets_stem(const qt_quota_sheets *q, size_t i);

/* The formats of the sheets (qt_format): QT_FORMAT_TEXT aligned tables with German labels;
 * QT_FORMAT_CSV for German Excel (';', UTF-8 with BOM, CRLF, decimal comma); QT_FORMAT_JSON the quota
 * object of README.md / SCENARIO.md; QT_FORMAT_HTML self-contained, printable on A4, one page per
 * sheet. A mask of formats has the bit (1u << format) of each. */
#define QT_SHEET_ALL_FORMATS \
	((1u << QT_FORMAT_TEXT) | (1u << QT_FORMAT_JSON) | (1u << QT_FORMAT_CSV) | (1u << QT_FORMAT_HTML))

/* `which` for the writers: a sheet index, or one of these. */
#define QT_SHEET_OVERVIEW ((size_t)-1) /* all municipalities x periods; the JSON has every sheet */
#define QT_SHEET_ALL ((size_t)-2)      /* every sheet in one document (JSON: as the overview) */

/* Writes one sheet, the overview or all sheets to f. */
QT_API int qt_quota_sheets_write(FILE *f, const qt_quota_sheets *q, size_t which, qt_format format);
/* Writes into dir (created if missing, one level), for each format in the mask `formats`: with
 * which == QT_SHEET_ALL one file per sheet (STEM.txt, .csv, .json, .html; with a plan also
 * STEM-wohnungen.csv), the overview (uebersicht.*, with a plan also uebersicht-saldo.csv) and all
 * sheets in one file (alle-blaetter.txt, .csv, .html); with a sheet index only that sheet's files.
 * Each file is written to a temporary name and renamed. */
QT_API int qt_quota_sheets_write_dir(const char *dir, const qt_quota_sheets *q, size_t which,
				     unsigned formats);

/* ---- Run history in SQLite ["Run history"] ---- */

/* A run database: every solve kept whole in one SQLite file (the scenario exactly as read with its
 * SHA-256, the options and overrides, the solver's figures, every plan table), so that runs can be
 * listed, shown, compared and built on without solving again. WAL journal, foreign keys on, a busy
 * timeout of QT_STORE_BUSY_MS; the schema is versioned by PRAGMA user_version and migrated forward
 * when a database is opened. README.md, "Run history", describes the tables. */
typedef struct qt_store qt_store;

#define QT_STORE_SCHEMA 5      /* the schema version this library reads and writes */
#define QT_STORE_BUSY_MS 30000 /* how long a writer waits while another one holds the database */

typedef enum {
	QT_STORE_WRITE = 0, /* create the file if missing; an older schema is migrated */
	QT_STORE_READ = 1   /* the file must exist; no run is written (a read-only file is fine; an
			     * older schema is migrated only if the file is writable) */
} qt_store_mode;

/* Opens the run database at path. QT_EINPUT, with qt_last_error() saying which, for: a file that
 * is not SQLite, an SQLite database of another program, a schema newer than QT_STORE_SCHEMA, a
 * read-only file opened to write, an older schema in a read-only file, and (QT_STORE_READ) a
 * missing file. QT_EIO when SQLite fails otherwise. *out is NULL on failure. */
QT_API int qt_store_open(qt_store **out, const char *path, qt_store_mode mode);
QT_API void qt_store_close(qt_store *st);

/* Kombimodell modules ordered in a period before a scenario's first one. Re-planning keeps them
 * (qt_solve_options.kept): they are being built and cannot be un-ordered. */
struct qt_kept_order {
	const char *kombi; /* Kombimodell site id */
	char period[8];    /* period of the order, e.g. "2016Q3" */
	long modules;      /* > 0 */
};
typedef struct qt_kept_order qt_kept_order;

/* Frees n orders returned by the qt_store_* functions below (their strings with them). */
QT_API void qt_kept_orders_free(qt_kept_order *orders, size_t n);

/* What a run was asked to do; stored with it. Initialise with qt_run_info_init. */
typedef struct {
	int version;                 /* set by qt_run_info_init */
	int argc;                    /* the command line as given (0 / NULL: none) */
	const char *const *argv;
	size_t n_sets;               /* the "POINTER=VALUE" overrides the scenario was read with */
	const char *const *sets;
	const qt_solve_options *opt; /* the options solved with, kept orders included (NULL: defaults) */
	long kept_from;              /* the run whose orders opt->kept are, 0 if none */
} qt_run_info;
#define QT_RUN_INFO_VERSION 1
QT_API void qt_run_info_init(qt_run_info *info);

/* An explicit transaction (BEGIN IMMEDIATE ... COMMIT / ROLLBACK) around qt_store_add_run. Optional:
 * without one, qt_store_add_run opens and commits its own; either way a run is stored whole or not
 * at all. */
QT_API int qt_store_begin(qt_store *st);
QT_API int qt_store_commit(qt_store *st);
QT_API int qt_store_rollback(qt_store *st);

/* Stores plan p of scenario s (s read by qt_scenario_read_file[_with], which keeps the text) with
 * info (may be NULL); *id receives the new run's id (1, 2, ...). A run that fails is not stored.
 * A plan over futures is stored whole with a run for each future (README.md "Run history"). */
QT_API int qt_store_add_run(long *id, qt_store *st, const qt_scenario *s, const qt_plan *p,
			    const qt_run_info *info);

/* The run a reference names: a run id ("12") or "last". QT_EINPUT if there is no such run, and for
 * the run of one future of a plan over futures (the message names the plan's run). */
QT_API int qt_store_find_run(long *id, qt_store *st, const char *ref);

/* Rebuilds run id as it was solved: the scenario from the stored text and overrides, the plan from
 * the stored tables (a plan over futures with its futures and value of information). The
 * qt_report_* functions print the same reports as the solve did. */
QT_API int qt_store_load(qt_scenario **s, qt_plan **p, qt_store *st, long id);

/* One line about run id: id, time (UTC), scenario, status, command line. Caller frees with free(). */
QT_API int qt_store_describe(char **out, qt_store *st, long id);

/* The scenario of run id exactly as read (len bytes and a '\0'). Caller frees with free(). */
QT_API int qt_store_scenario_text(char **out, size_t *len, qt_store *st, long id);

/* The orders run id kept as committed when it was solved (opt.kept). */
QT_API int qt_store_kept_orders(qt_kept_order **out, size_t *n, qt_store *st, long id);

/* The Kombimodell orders of run id that lie before next's first period (matched by period label):
 * its plan's orders and the orders it kept itself. For qt_solve_options.kept. For a plan over
 * futures the orders of its committed quarters; QT_EINPUT if next starts later than the quarter
 * after them (the orders in between differ between its futures). */
QT_API int qt_store_orders_before(qt_kept_order **out, size_t *n, qt_store *st, long id,
				  const qt_scenario *next);

/* The plan's reports (as qt_report_text, qt_report_json, qt_report_csv_dir into dir) with the kept
 * orders reported as committed: a table "Committed Kombimodell orders", the JSON key
 * "committed_orders", the file committed_orders.csv; for QT_FORMAT_HTML and QT_FORMAT_XLSX the file
 * named dir (qt_report_file) with that table after the charts, or as a sheet. With n == 0 exactly
 * the plain reports. */
QT_API int qt_report_kept(FILE *f, const char *dir, qt_format format, const qt_scenario *s,
			  const qt_plan *p, const qt_kept_order *kept, size_t n);

/* The stored runs, one row each: id, time, scenario, status, gap, cost, key shortfalls. Runs whose
 * scenario name contains name_filter (NULL: all). text, csv (one table) or json, to f. */
QT_API int qt_store_report_runs(FILE *f, qt_format format, qt_store *st, const char *name_filter);

/* Key figures across runs in the order they were stored: the monitoring time series. As above. */
QT_API int qt_store_report_series(FILE *f, qt_format format, qt_store *st, const char *name_filter);

/* Run b against run a: key figures, scenario changes (JSON Pointers), and per period, GU site,
 * Kombimodell site and municipality, matched by period label and id. Only what differs unless
 * all. text or json to f; csv: one file per table into dir. */
QT_API int qt_store_report_diff(FILE *f, const char *dir, qt_format format, qt_store *st, long a, long b,
				int all);

/* Run id whole: json (run, scenario document, plan object) to f; csv: run.csv, scenario.json (the
 * stored bytes) and the plan's CSV tables into dir. */
QT_API int qt_store_export(FILE *f, const char *dir, qt_format format, qt_store *st, long id);

/* ---- Export and scenario generation ["Cross-checks and benchmarks"] ---- */

typedef enum { QT_EXPORT_MPS = 0, QT_EXPORT_LP = 1 } qt_export_format;

/* Writes the library's own integer program (the one qt_solve builds, before any solve strategy
 * changes it) to path: QT_EXPORT_MPS free MPS (glp_write_mps, GLP_MPS_FILE), QT_EXPORT_LP CPLEX LP
 * (glp_write_lp). Rows keep the library's names with their row number appended, so that every
 * name is unique. Written to a temporary name and renamed. Returns 0, QT_EIO, QT_ENOMEM or
 * QT_ESOLVER. */
QT_API int qt_export_program(const char *path, qt_export_format fmt, const qt_scenario *s);

/* Writes the data section for models/quartier.mod (GNU MathProg): every datum of the scenario,
 * sites, Kombimodell sites, municipalities, rent areas and offers numbered 1..n in file order
 * (ids in comments), and the cumulative quotas q[m,t] the library computed. */
QT_API int qt_export_mathprog_data(FILE *f, const qt_scenario *s);

/* Writes dir/quartier.dat (as qt_export_mathprog_data) and, if model is not NULL, a copy of the
 * file model (normally models/quartier.mod) as dir/quartier.mod; dir is created if missing. Each
 * file is written to a temporary name and renamed. */
QT_API int qt_export_mathprog(const char *dir, const qt_scenario *s, const char *model);

/* The size of the library's program and what building it and solving its LP relaxation take. */
typedef struct {
	int rows, cols, ints, nonzeros;
	double build_s;      /* building the program with GLPK's API (quotas included) */
	double lp_s;         /* solving its LP relaxation as qt_solve does; -1 if not asked */
	double lp_objective; /* the LP relaxation's optimum, or with lp_interior the lower bound
	                      * proven from the interior-point duals: a lower bound of the program */
	int lp_interior;     /* 1: by the interior-point method (programs of 20,000 columns and
	                      * more), 0: presolve and dual simplex */
} qt_program_stats;
/* Builds the program of scenario s and measures it; with solve_lp, also solves its LP relaxation
 * the way qt_solve first does (simplex, or interior point on large programs). */
QT_API int qt_program_stats_get(qt_program_stats *out, const qt_scenario *s, int solve_lp);

/* A synthetic scenario: sizes and the seed of its random numbers. */
typedef struct {
	int version;        /* set by qt_generate_options_init */
	int municipalities; /* 1..2000 */
	int gu_sites;       /* 1..5000 */
	int kombimodell;    /* 0..500 */
	int offers;         /* 0..100000 */
	int periods;        /* 1..80 quarters from 2016Q3 */
	unsigned long long seed;
	int futures;        /* 0 (none, the default) or 2..20 futures of arrivals (README "Futures"):
	                     * equally probable, the arrivals scaled from 1 to 2 times, 2 committed
	                     * quarters */
	int measures;       /* 1: also the keys of the further measures (README, "quartier generate"):
			     * area_m2, transfer, space_standard_m2, funding; 0 (default): none */
} qt_generate_options;
#define QT_GENERATE_OPTIONS_VERSION 1
/* The district size (107 GU sites, 44 municipalities, 20 Kombimodell sites, 300 offers,
 * 12 quarters) and seed 1. */
QT_API void qt_generate_options_init(qt_generate_options *opt);
/* Sets the five sizes to a named size: "district" (as above), "large" (300 sites, 100
 * municipalities, 60 Kombimodell sites, 2,000 offers, 20 quarters) or "state" (1,500, 1,100, 200,
 * 10,000, 12). Returns 0 or QT_EINVAL for another name. */
QT_API int qt_generate_options_size(qt_generate_options *opt, const char *name);
/* Writes a synthetic, valid scenario as JSON text into *out; the same options give
 * the same text. The caller frees *out with free(). Returns 0, QT_EINVAL (a size out of range) or
 * QT_ENOMEM. */
QT_API int qt_generate(char **out, const qt_generate_options *opt);
/* The same scenario written to path, whole or not at all (a temporary file renamed); QT_EIO if
 * it cannot be written. */
QT_API int qt_generate_file(const char *path, const qt_generate_options *opt);

/* ---- Scenario overrides, sweeps and comparison ["What-if"] ---- */

/* As qt_scenario_read_file / qt_scenario_parse, with n_sets overrides "POINTER=VALUE" applied to
 * the document before it is checked: POINTER is a JSON Pointer to an existing value, or to a new
 * key of an existing object; VALUE is JSON, or else taken as a string. A bad pointer is an error
 * at that pointer; the value is checked like the file itself. */
QT_API int qt_scenario_read_file_with(qt_scenario **out, qt_errors **errors, const char *path,
				      const char *const *sets, size_t n_sets);
QT_API int qt_scenario_parse_with(qt_scenario **out, qt_errors **errors, const char *text, size_t len,
				  const char *const *sets, size_t n_sets);

/* Key figures of a plan, for sweeps and comparisons. Persons unless said; sums run over the
 * horizon's quarters (person-quarters). */
typedef struct {
	double value;              /* the varied value (sweeps) */
	int offers_eligible;       /* offers within the rent cap */
	int eligible_by_class[5];  /* ... per household class 1, 2, 3, 4, 5+ */
	long flat_households;      /* households placed into flats */
	long waiting_end;          /* Fehlbeleger persons in the last quarter */
	double waiting_avg;        /* ... averaged over the quarters */
	long unhoused;             /* person-quarters without a place */
	long backlog_end;          /* backlog after the last quarter */
	long backlog;              /* person-quarters of backlog */
	double kdu;                /* euro of rent for the flats used, over the horizon */
	double cost;               /* real cost, euro */
	double objective;          /* cost plus penalties, euro */
	qt_status status;
	double gap, seconds;
	int violations;            /* qt_plan_check's count: 0 */
} qt_kpis;

QT_API void qt_plan_kpis(qt_kpis *out, const qt_scenario *s, const qt_plan *p);

/* A sweep: one scenario solved for each value of one numeric datum (a JSON Pointer), each variant
 * starting from the previous variant's plan (qt_solve_options.warm_start). */
typedef struct qt_sweep qt_sweep;
/* Solves path with the overrides sets plus "pointer=values[i]" for each i. On QT_EINPUT *errors
 * lists the problems of the first variant that does not read. opt may be NULL. */
QT_API int qt_sweep_run(qt_sweep **out, qt_errors **errors, const char *path, const char *const *sets,
			size_t n_sets, const char *pointer, const double *values, size_t n_values,
			const qt_solve_options *opt);
/* The same over values given as --set takes them (JSON, or else a string: "public", "district"),
 * for data that are not numbers (/funding/objective); the report shows each value as given. */
QT_API int qt_sweep_run_texts(qt_sweep **out, qt_errors **errors, const char *path, const char *const *sets,
			      size_t n_sets, const char *pointer, const char *const *values, size_t n_values,
			      const qt_solve_options *opt);
/* Variants solved (0 for NULL); the key figures of variant i, borrowed from sw (NULL for NULL or
 * i out of range; over futures only value, cost (the expectation), objective, status, gap, seconds
 * and violations are set, the rest is 0); the seconds the whole sweep took (0 for NULL). */
QT_API size_t qt_sweep_count(const qt_sweep *sw);
QT_API const qt_kpis *qt_sweep_kpis(const qt_sweep *sw, size_t i);
QT_API double qt_sweep_seconds(const qt_sweep *sw);
/* One row per variant and its change against the first row: text, csv (to f) or json; over
 * futures the objective over them (expected and worst), the expected cost and each future's. */
QT_API int qt_report_sweep(FILE *f, qt_format format, const qt_sweep *sw);
/* The sweep as one file, QT_FORMAT_HTML or QT_FORMAT_XLSX, as qt_report_file. */
QT_API int qt_report_sweep_file(const char *path, qt_format format, const qt_sweep *sw);
/* Solves n scenarios into out[0..n-1] on opt->jobs threads (see qt_solve_options.jobs): with one
 * job in order, each warm-started from the plan before it; with k jobs in k contiguous runs.
 * Returns 0, or the error of the first scenario that failed; out[i] holds every plan found
 * (NULL where none), each the caller's to free. */
QT_API int qt_solve_each(qt_plan **out, const qt_scenario *const *s, size_t n, const qt_solve_options *opt);
QT_API void qt_sweep_free(qt_sweep *sw);

/* Two plans side by side (A, B, B - A): key figures, per period, per GU site, per municipality.
 * Sites and municipalities are matched by id. Plans over futures (qt_compare_check): the figures
 * over the futures, each future's objective split (matched by id) and the committed decisions that
 * differ. text or json. */
QT_API int qt_report_compare(FILE *f, qt_format format, const qt_scenario *sa, const qt_plan *pa,
			     const qt_scenario *sb, const qt_plan *pb);
/* The comparison as CSV files into dir (created if missing), one per table, named by its key. */
QT_API int qt_report_compare_csv(const char *dir, const qt_scenario *sa, const qt_plan *pa, const qt_scenario *sb,
				 const qt_plan *pb);
/* Whether two scenarios can be compared: both with the same futures (matched by id; their plans
 * are then compared per future and by their commitments, README "What-if") or both without.
 * Returns 0, or QT_EINPUT with a message saying which. */
QT_API int qt_compare_check(const qt_scenario *a, const qt_scenario *b);
/* The comparison as one file, QT_FORMAT_HTML or QT_FORMAT_XLSX, as qt_report_file (not for plans
 * over futures). */
QT_API int qt_report_compare_file(const char *path, qt_format format, const qt_scenario *sa, const qt_plan *pa,
				  const qt_scenario *sb, const qt_plan *pb);

/* For each offer: the cap it faces at factor 1 and the smallest rent-cap factor at which it
 * qualifies (rent / cap). text or csv. */
QT_API int qt_report_offers(FILE *f, qt_format format, const qt_scenario *s);

#ifdef __cplusplus
}
#endif
#endif
