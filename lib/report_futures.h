/* The reports of a plan over futures (report_futures.c). Not installed. */
#ifndef QT_REPORT_FUTURES_H
#define QT_REPORT_FUTURES_H

#include "report.h"

/* The text report of a plan over futures: the committed decisions, the futures side by side, the
 * value of information when computed. */
int qt_futures_report_text(FILE *f, const qt_scenario *s, const qt_plan *p);
/* Its tables as CSV into dir, and the ordinary tables of every future stacked with a `future` column. */
int qt_futures_report_csv_dir(const char *dir, const qt_scenario *s, const qt_plan *p);

/* 0 if s and p fit together and p is a plan over s's futures, else QT_EINVAL with a message. */
int qt_futures_args(const qt_scenario *s, const qt_plan *p);
/* One table of the reports above by name: "summary", "commitment", "futures", "futures_periods",
 * "value_of_information" (QT_EINVAL when the plan has none); *out NULL on failure. */
int qt_futures_table(qt_table **out, const char *name, const qt_scenario *s, const qt_plan *p);
/* One figure of every future per period: a column `period`, then one per future keyed by its id;
 * offset: of a long in qt_period_totals. *out NULL on failure. */
int qt_futures_series(qt_table **out, const char *name, const char *title, size_t offset, const qt_scenario *s,
		      const qt_plan *p);
/* The ordinary report tables given per future, and one of them with every future's rows stacked
 * under a first column `future`. *out NULL on failure. */
enum { QT_FUTURES_PER_FUTURE = 5 };
extern const qt_report_tab qt_futures_per_future[QT_FUTURES_PER_FUTURE];
int qt_futures_stacked(qt_table **out, qt_report_tab id, const qt_scenario *s, const qt_plan *p);
/* One decision of the committed quarters: in period (1..commit_K) the GU site or Kombimodell site id
 * (borrowed from the scenario) opens, closes, is handed over ("open", "close", "hand over": count
 * its places) or orders or converts count modules ("order modules", "convert modules to AU"). */
typedef struct {
	int period;
	const char *kind, *id, *what;
	long count;
} qt_decision;
typedef struct {
	qt_decision *item;
	size_t n;
} qt_decisions;
/* The decisions of a plan over futures (the same in every future), by quarter, GU sites first;
 * out's items are the caller's (qt_decisions_free). */
int qt_futures_decisions(qt_decisions *out, const qt_scenario *s, const qt_plan *p);
void qt_decisions_free(qt_decisions *d);
#endif
