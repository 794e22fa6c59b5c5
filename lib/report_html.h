/* The report page (report_html.c) and the workbook (report_xlsx.c) of a plan, a comparison and a
 * sweep; qt_report_file and its siblings (report_file.c) write them atomically. Not installed. */
#ifndef QT_REPORT_HTML_H
#define QT_REPORT_HTML_H

#include "compare.h"

/* extra: a further table shown after the charts (the committed Kombimodell orders), or NULL. */
int qt_report_html_plan(FILE *f, const qt_scenario *s, const qt_plan *p, const qt_table *extra);
/* A plan over futures: the decisions to take now, its summary, the futures side by side with their
 * charts, the value of information when computed, then extra (may be NULL). */
int qt_report_html_futures(FILE *f, const qt_scenario *s, const qt_plan *p, const qt_table *extra);
int qt_report_html_compare(FILE *f, const qt_compare_side *a, const qt_compare_side *b);
int qt_report_html_sweep(FILE *f, const qt_sweep *sw);

/* The workbook at path (libxlsxwriter writes it by name). */
int qt_report_xlsx_plan(const char *path, const qt_scenario *s, const qt_plan *p, const qt_table *extra);

/* qt_report_file with a further table after the charts (extra may be NULL). */
int qt_report_file_with(const char *path, qt_format format, const qt_scenario *s, const qt_plan *p,
			const qt_table *extra);
/* A plan over futures: a sheet per table of qt_report_html_futures, then the ordinary tables of
 * every future stacked under a first column `future` (as the CSV report), then extra. */
int qt_report_xlsx_futures(const char *path, const qt_scenario *s, const qt_plan *p, const qt_table *extra);
int qt_report_xlsx_compare(const char *path, const qt_compare_side *a, const qt_compare_side *b);
int qt_report_xlsx_sweep(const char *path, const qt_sweep *sw);

#endif
