/* The charts of the report page and the workbook, each with the table behind it: for one plan, for
 * two plans side by side (compare) and for a sweep. Every figure comes from the figures layer
 * (figures.c) or the report tables; the charts only draw the tables. Not installed. */
#ifndef QT_REPORT_CHARTS_H
#define QT_REPORT_CHARTS_H

#include "compare.h"
#include "svg.h"

typedef struct {
	qt_table *t;         /* owned; c.t == t */
	qt_chart c;
	const char *caption; /* msgid: how to read the chart */
	int time_series;     /* rows are periods (the workbook draws them as a native chart) */
} qt_chart_item;

typedef struct {
	qt_chart_item item[24];
	size_t n;
} qt_charts;

/* Fill *out (zeroed first); on failure everything built is freed. */
int qt_charts_plan(qt_charts *out, const qt_scenario *s, const qt_plan *p);
int qt_charts_compare(qt_charts *out, const qt_compare_side *a, const qt_compare_side *b);
int qt_charts_sweep(qt_charts *out, const qt_sweep *sw);
/* A plan over futures: the decisions to take now, its summary, the objective and real cost per future, backlog,
 * Fehlbeleger, unhoused and GU places open per period with one line per future, the futures per
 * period and the value of information when computed (tables without a chart have no title). */
int qt_charts_futures(qt_charts *out, const qt_scenario *s, const qt_plan *p);
void qt_charts_free(qt_charts *c);

#endif
