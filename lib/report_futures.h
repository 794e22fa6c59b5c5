/* The reports of a plan over futures (report_futures.c). Not installed. */
#ifndef QT_REPORT_FUTURES_H
#define QT_REPORT_FUTURES_H

#include "report.h"

/* The text report of a plan over futures: the committed decisions, the futures side by side, the
 * value of information when computed. */
int qt_futures_report_text(FILE *f, const qt_scenario *s, const qt_plan *p);
/* Its tables as CSV into dir, and the ordinary tables of every future stacked with a `future` column. */
int qt_futures_report_csv_dir(const char *dir, const qt_scenario *s, const qt_plan *p);
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
