/* The plan's reports: what the text, CSV and JSON reports, the run database's export and the
 * kept-orders report share: the report tables (report_tables.c) and the plan as JSON (report_json.c).
 * Not installed. */
#ifndef QT_REPORT_H
#define QT_REPORT_H

#include "table.h"

typedef enum {
	QT_TAB_SUMMARY = 0, /* scenario, status, solve, objective split */
	QT_TAB_PERIODS,     /* intake, backlog, vU, Fehlbeleger, unhoused, GU places and persons */
	QT_TAB_GU_MATRIX,   /* text: one row per GU site, one column per period */
	QT_TAB_GU_LONG,     /* CSV: one row per GU site and period */
	QT_TAB_KOMBI,       /* one row per Kombimodell site and period */
	QT_TAB_MUNI,        /* one row per municipality and period */
	QT_TAB_OFFERS,      /* flat offers used */
	QT_TAB_PAYERS       /* real cost by payer, per period and in total */
} qt_report_tab;

/* 0 if s and p fit together (same sizes, 1 <= T <= QT_MAX_PERIODS), else QT_EINVAL with a message. */
int qt_report_args(const qt_scenario *s, const qt_plan *p);
/* Builds one report table; *out is NULL on failure (QT_ENOMEM, QT_EINVAL). */
int qt_report_table(qt_table **out, qt_report_tab id, const qt_scenario *s, const qt_plan *p);

/* A row (item, value, unit) of a summary table; the value as text or with `decimals` decimals. */
void qt_summary_text(qt_table *t, const char *item, const char *value, const char *unit);
void qt_summary_fixed(qt_table *t, const char *item, double value, int decimals, const char *unit);

struct cJSON;
/* The plan as the JSON object of the solve report (qt_report_json); NULL when out of memory.
 * s and p must fit together (qt_report_args). The caller deletes it. */
struct cJSON *qt_plan_json(const qt_scenario *s, const qt_plan *p);

#endif
