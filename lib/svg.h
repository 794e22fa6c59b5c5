/* Charts as inline SVG, drawn from the table behind them (table.h): the report page shows the chart
 * and then the same table. Every mark carries its numbers: data-series (the column key), data-x (the
 * row's label), data-v (the value, as in the JSON) and an SVG <title> with the German figure, so a
 * reader (or a test) can check what the picture shows. Coordinates are whole units of the view box,
 * so the output does not depend on the C locale. Not installed. */
#ifndef QT_SVG_H
#define QT_SVG_H

#include "table.h"

typedef enum {
	QT_CHART_BARS = 0, /* grouped vertical bars per row; series flagged in `lines` as lines */
	QT_CHART_STACKED,  /* stacked vertical bars per row */
	QT_CHART_LINES,    /* one line per series */
	QT_CHART_HBARS,    /* one group of horizontal bars per row, rows top to bottom */
	QT_CHART_TIMELINE  /* one row per table row, one cell per period column: "–" closed, "+N" opening,
			    * "×N" closing, "N" open (the GU table's cells), coloured by the kind column */
} qt_chart_kind;

enum { QT_CHART_MAX_SERIES = 20 }; /* QT_MAX_FUTURES: one line per future */

typedef struct {
	const char *name;  /* the chart's id (letters, digits, '-') */
	const char *title; /* msgid */
	const char *unit;  /* msgid of the values' unit, or NULL */
	qt_chart_kind kind;
	const qt_table *t;
	size_t x;          /* column of the row labels */
	size_t series[QT_CHART_MAX_SERIES];
	size_t n;          /* series drawn; TIMELINE: series[0] the kind column, series[1] the first period */
	unsigned lines;    /* BARS: bit i draws series i as a line */
	size_t row0, rows; /* the rows drawn: row0 .. row0 + rows - 1 (rows 0: to the table's end) */
	int paired;        /* series come in pairs (plan A, plan B): one colour a pair, B dashed or paler */
} qt_chart;

/* Writes the <svg> of chart c. Returns 0 or QT_EIO. */
int qt_svg_chart(FILE *f, const qt_chart *c);

#endif
