/* The reports of a plan over futures (report_futures.c). Not installed. */
#ifndef QT_REPORT_FUTURES_H
#define QT_REPORT_FUTURES_H

#include "report.h"

/* The text report of a plan over futures: the committed decisions, the futures side by side, the
 * value of information when computed. */
int qt_futures_report_text(FILE *f, const qt_scenario *s, const qt_plan *p);
/* Its tables as CSV into dir, and the ordinary tables of every future stacked with a `future` column. */
int qt_futures_report_csv_dir(const char *dir, const qt_scenario *s, const qt_plan *p);
#endif
