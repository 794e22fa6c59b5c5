/* Charts as inline SVG from the table behind them. */
#include "html.h"
#include "i18n.h"
#include "svg.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const palette[] = { "#1f4e79", "#e69138", "#6aa84f", "#cc0000", "#8e7cc3", "#45818e",
				       "#c27ba0", "#7f6000", "#999999", "#3d85c6", "#b45f06", "#274e13" };
#define NPAL (sizeof palette / sizeof *palette)

/* Series s's colour; of a pair, both take the pair's colour. */
static const char *colour(const qt_chart *c, size_t s) { return palette[(c->paired ? s / 2 : s) % NPAL]; }
/* The second of a pair (plan B) is drawn dashed (lines) or paler (bars). */
static int second(const qt_chart *c, size_t s) { return c->paired && (s & 1); }

/* The view box is W wide; a vertical chart's plot spans X0..X1 and Y0..Y1. */
enum { W = 1400, X0 = 170, X1 = 1388, Y0 = 60, Y1 = 370, H = 420, FONT = 20 };

static size_t rows_drawn(const qt_chart *c)
{
	size_t all = qt_table_rows(c->t);
	if (c->row0 >= all)
		return 0;
	size_t n = all - c->row0;
	return c->rows && c->rows < n ? c->rows : n;
}

static double value(const qt_chart *c, size_t r, size_t s)
{
	return qt_table_cell(c->t, c->row0 + r, c->series[s]).x;
}

/* The row's key: the text of its first column (a period, an id), raw for data-id. */
static void row_id(FILE *f, const qt_chart *c, size_t r)
{
	qt_cell k = qt_table_cell(c->t, c->row0 + r, 0);
	fputs(" data-id=\"", f);
	qt_html_esc(f, k.kind == QT_CELL_TEXT ? k.raw : "");
	fputc('"', f);
}

static const char *row_label(const qt_chart *c, size_t r)
{
	qt_cell x = qt_table_cell(c->t, c->row0 + r, c->x);
	return x.kind == QT_CELL_TEXT ? x.text : "";
}

/* The value axis: from lo to hi (lo <= 0 <= hi), in whole steps. */
typedef struct {
	double lo, hi;
	long step;
} axis;

static axis axis_of(double lo, double hi)
{
	axis a = { lo < 0 ? lo : 0, hi > 0 ? hi : 0, 1 };
	a.step = qt_html_nice_step((a.hi - a.lo) / 5.0 > 1 ? (a.hi - a.lo) / 5.0 : 1);
	a.lo = floor(a.lo / (double)a.step) * (double)a.step;
	a.hi = ceil(a.hi / (double)a.step) * (double)a.step;
	if (a.hi <= a.lo)
		a.hi = a.lo + (double)a.step;
	return a;
}

/* Position of v on an axis drawn from p0 (at lo) to p1 (at hi). */
static int at(const axis *a, double v, int p0, int p1)
{
	return p0 + (int)lround((double)(p1 - p0) * (v - a->lo) / (a->hi - a->lo));
}

static void range(const qt_chart *c, double *lo, double *hi, int stacked)
{
	*lo = 0;
	*hi = 0;
	for (size_t r = 0; r < rows_drawn(c); r++) {
		double sum = 0;
		for (size_t s = 0; s < c->n; s++) {
			double v = value(c, r, s);
			if (!isfinite(v))
				continue;
			sum = stacked ? sum + v : v;
			*lo = fmin(*lo, sum);
			*hi = fmax(*hi, sum);
		}
	}
}

static void svg_open(FILE *f, const qt_chart *c, int height)
{
	fprintf(f, "<svg id=\"chart-%s\" class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" "
		   "xmlns=\"http://www.w3.org/2000/svg\" font-family=\"DejaVu Sans,Liberation Sans,Arial,sans-serif\" "
		   "font-size=\"%d\">\n<title>",
		c->name, W, height, FONT);
	qt_html_esc(f, qt_tr(c->title));
	fputs("</title>\n", f);
}

/* The legend on one line above the plot: a swatch and the label of each series. */
/* Where legend entry s starts (x, and its row from 0); entries wrap at the right edge. */
static int legend_place(const qt_chart *c, size_t s, int *row)
{
	int x = X0;
	*row = 0;
	for (size_t k = 0;; k++) {
		int w = 30 + 12 * (int)qt_utf8_width(qt_table_label(c->t, c->series[k])) + 30;
		if (x + w - 30 > W && x > X0) {
			x = X0;
			(*row)++;
		}
		if (k == s)
			return x;
		x += w;
	}
}

/* Rows the legend takes; the plot below moves down by LEGEND_ROW for each beyond the first. */
enum { LEGEND_ROW = 30 };
static int legend_rows(const qt_chart *c)
{
	int row = 0;
	if (c->n && c->kind != QT_CHART_TIMELINE)
		legend_place(c, c->n - 1, &row);
	return row + 1;
}

/* The legend above the plot: a swatch and the label of each series. */
static void legend(FILE *f, const qt_chart *c)
{
	for (size_t s = 0; s < c->n; s++) {
		int row, x = legend_place(c, s, &row), y = row * LEGEND_ROW;
		const char *label = qt_table_label(c->t, c->series[s]);
		int line = c->kind == QT_CHART_LINES || (c->kind == QT_CHART_BARS && (c->lines >> s & 1));
		if (line)
			fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"5\"%s/>", x,
				y + 17, x + 22, y + 17, colour(c, s), second(c, s) ? " stroke-dasharray=\"6 4\"" : "");
		else
			fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"22\" height=\"22\" fill=\"%s\"%s/>", x, y + 6,
				colour(c, s), second(c, s) ? " fill-opacity=\"0.5\"" : "");
		fprintf(f, "<text x=\"%d\" y=\"%d\" fill=\"#222\">", x + 30, y + 25);
		qt_html_esc(f, label);
		fputs("</text>\n", f);
	}
}

/* The marks' numbers: data- attributes and the <title> "label – series: 1.234". */
static void mark_data(FILE *f, const qt_chart *c, size_t r, size_t s, double v)
{
	char buf[64];
	row_id(f, c, r);
	fprintf(f, " data-series=\"%s\" data-x=\"", qt_table_key(c->t, c->series[s]));
	qt_html_esc(f, row_label(c, r));
	fprintf(f, "\" data-v=\"%.15g\"><title>", v);
	qt_html_esc(f, row_label(c, r));
	fputs(" \u2013 ", f);
	qt_html_esc(f, qt_table_label(c->t, c->series[s]));
	fprintf(f, ": %s</title>", qt_html_de_fixed(v, qt_table_cell(c->t, c->row0 + r, c->series[s]).decimals, buf));
}

static void value_grid(FILE *f, const axis *a, int horizontal, int p0, int p1, int q0, int q1)
{
	char buf[32];
	long steps = lround((a->hi - a->lo) / (double)a->step);
	for (long k = 0; k <= steps; k++) {
		double v = a->lo + (double)k * (double)a->step;
		int p = at(a, v, p0, p1);
		const char *stroke = v == 0 ? "#444" : "#d0d0d0";
		if (horizontal)
			fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>"
				   "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#444\">%s</text>\n",
				p, q0, p, q1, stroke, p, q0 - 8, qt_html_de((long)v, buf));
		else
			fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>"
				   "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#444\">%s</text>\n",
				q0, p, q1, p, stroke, q0 - 10, p + 7, qt_html_de((long)v, buf));
	}
}

static void x_labels(FILE *f, const qt_chart *c, int gw)
{
	size_t n = rows_drawn(c);
	size_t every = n <= 24 ? 1 : (n + 23) / 24;
	for (size_t r = 0; r < n; r += every) {
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#333\">", X0 + (int)r * gw + gw / 2,
			Y1 + 30);
		qt_html_esc(f, row_label(c, r));
		fputs("</text>\n", f);
	}
}

static void vertical(FILE *f, const qt_chart *c)
{
	size_t n = rows_drawn(c);
	double lo, hi;
	range(c, &lo, &hi, c->kind == QT_CHART_STACKED);
	axis a = axis_of(lo, hi);
	value_grid(f, &a, 0, Y1, Y0, X0, X1);
	int gw = n ? (X1 - X0) / (int)n : 1;
	size_t bars = 0;
	for (size_t s = 0; s < c->n; s++)
		bars += c->kind == QT_CHART_BARS && !(c->lines >> s & 1);
	if (c->kind == QT_CHART_STACKED)
		bars = 1;
	int bw = bars ? gw * 70 / 100 / (int)bars : 0;
	if (bars && bw < 2)
		bw = 2;
	for (size_t r = 0; r < n; r++) {
		int gx = X0 + (int)r * gw + (gw - (int)bars * bw) / 2;
		double base = 0;
		size_t k = 0;
		for (size_t s = 0; s < c->n; s++) {
			double v = value(c, r, s);
			if (!isfinite(v) || c->kind == QT_CHART_LINES || (c->lines >> s & 1))
				continue;
			double from = c->kind == QT_CHART_STACKED ? base : 0, to = from + v;
			int y0 = at(&a, fmin(from, to), Y1, Y0), y1 = at(&a, fmax(from, to), Y1, Y0);
			fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"%s",
				gx + (int)k * bw, y1, bw, y0 - y1, colour(c, s), second(c, s) ? " fill-opacity=\"0.5\"" : "");
			mark_data(f, c, r, s, v);
			fputs("</rect>", f);
			if (c->kind == QT_CHART_STACKED)
				base = to;
			else
				k++;
		}
		fputc('\n', f);
	}
	for (size_t s = 0; s < c->n; s++) {
		if (c->kind != QT_CHART_LINES && !(c->lines >> s & 1))
			continue;
		fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"4\"%s points=\"", colour(c, s),
			second(c, s) ? " stroke-dasharray=\"12 8\"" : "");
		for (size_t r = 0; r < n; r++)
			if (isfinite(value(c, r, s)))
				fprintf(f, "%d,%d ", X0 + (int)r * gw + gw / 2, at(&a, value(c, r, s), Y1, Y0));
		fputs("\"/>\n", f);
		for (size_t r = 0; r < n; r++) {
			double v = value(c, r, s);
			if (!isfinite(v))
				continue;
			fprintf(f, "<circle cx=\"%d\" cy=\"%d\" r=\"%d\" fill=\"%s\"", X0 + (int)r * gw + gw / 2,
				at(&a, v, Y1, Y0), second(c, s) ? 4 : 6, colour(c, s));
			mark_data(f, c, r, s, v);
			fputs("</circle>", f);
		}
		fputc('\n', f);
	}
	x_labels(f, c, gw);
}

/* Horizontal bars: one group per row, the row's label on the left, the value axis on top. */
enum { HX0 = 330, HX1 = X1 - 90, HROW_BAR = 12, HTOP = 70 };

static int hbar_height(const qt_chart *c) { return HTOP + (int)rows_drawn(c) * ((int)c->n * HROW_BAR + 8) + 10; }

static void horizontal(FILE *f, const qt_chart *c)
{
	size_t n = rows_drawn(c);
	double lo, hi;
	range(c, &lo, &hi, 0);
	axis a = axis_of(lo, hi);
	int rh = (int)c->n * HROW_BAR + 8, bottom = HTOP + (int)n * rh;
	value_grid(f, &a, 1, HX0, HX1, HTOP, bottom);
	for (size_t r = 0; r < n; r++) {
		int y = HTOP + (int)r * rh + 4;
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#222\">", HX0 - 10, y + rh / 2 + 2);
		qt_html_esc(f, row_label(c, r));
		fputs("</text>", f);
		for (size_t s = 0; s < c->n; s++) {
			double v = value(c, r, s);
			if (!isfinite(v))
				continue;
			int x0 = at(&a, fmin(0, v), HX0, HX1), x1 = at(&a, fmax(0, v), HX0, HX1);
			fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"%s", x0,
				y + (int)s * HROW_BAR, x1 - x0, HROW_BAR - 1, colour(c, s),
				second(c, s) ? " fill-opacity=\"0.5\"" : "");
			mark_data(f, c, r, s, v);
			fputs("</rect>", f);
		}
		fputc('\n', f);
	}
}

/* ---- the site timeline ---- */

/* The timeline's rows, and the left edge of its cells (the site names need room). */
enum { TROW = 18, TTOP = 70, TX0 = 560 };

static int timeline_height(const qt_chart *c) { return TTOP + (int)rows_drawn(c) * TROW + 40; }

/* The state of a cell of the GU table: 0 closed, 1 open, 2 opening, 3 closing, 4 handed over
 * to its municipality; *persons. */
static int cell_state(const char *text, long *persons)
{
	*persons = 0;
	if (!text || !*text || !strcmp(text, "\u2013"))
		return 0;
	if (!strcmp(text, "\u2192AU"))
		return 4;
	if (text[0] == '+') {
		*persons = strtol(text + 1, NULL, 10);
		return 2;
	}
	if (!strncmp(text, "\u00d7", 2)) {
		*persons = strtol(text + 2, NULL, 10);
		return 3;
	}
	*persons = strtol(text, NULL, 10);
	return 1;
}

static const char *const state_keys[] = { "closed", "open", "opening", "closing", "handed_over" };
static const char *const state_msgids[] = { N_("closed"), N_("open"), N_("opening"), N_("closing"),
					    N_("handed over to AU") };
#define HANDED_OVER_FILL "#6aa84f"


/* The colour of a GU kind, given as its name or as shown (translated). */
static const char *kind_colour(const char *kind)
{
	if (kind && (!strcmp(kind, "provisional") || !strcmp(kind, qt_tr("provisional"))))
		return "#e69138";
	if (kind && (!strcmp(kind, "sports_hall") || !strcmp(kind, qt_tr("sports_hall"))))
		return "#cc0000";
	return "#1f4e79";
}

static void timeline_legend(FILE *f)
{
	static const char *const kinds[] = { N_("permanent"), N_("provisional"), N_("sports_hall") };
	int x = X0;
	for (size_t i = 0; i < 3; i++) {
		fprintf(f, "<rect x=\"%d\" y=\"6\" width=\"22\" height=\"22\" fill=\"%s\"/><text x=\"%d\" y=\"25\">", x,
			kind_colour(kinds[i]), x + 30);
		qt_html_esc(f, qt_tr(kinds[i]));
		fputs("</text>", f);
		x += 60 + 12 * (int)qt_utf8_width(qt_tr(kinds[i]));
	}
	fprintf(f, "<rect x=\"%d\" y=\"6\" width=\"22\" height=\"22\" fill=\"#fff\" stroke=\"#1f4e79\" stroke-width=\"4\"/>"
		   "<text x=\"%d\" y=\"25\">%s</text>", x, x + 30, qt_tr("opening"));
	x += 60 + 12 * (int)qt_utf8_width(qt_tr("opening"));
	fprintf(f, "<rect x=\"%d\" y=\"6\" width=\"22\" height=\"22\" fill=\"#ccc\"/><text x=\"%d\" y=\"25\">%s</text>", x,
		x + 30, qt_tr("closing"));
	x += 60 + 12 * (int)qt_utf8_width(qt_tr("closing"));
	fprintf(f, "<rect x=\"%d\" y=\"6\" width=\"22\" height=\"22\" fill=\"%s\"/><text x=\"%d\" y=\"25\">%s</text>\n", x,
		HANDED_OVER_FILL, x + 30, qt_tr("handed over to AU"));
}

static void timeline_cell(FILE *f, const qt_chart *c, size_t r, size_t col, int x, int w, int y, const char *kind)
{
	qt_cell cell = qt_table_cell(c->t, c->row0 + r, col);
	long persons;
	int st = cell_state(cell.text, &persons);
	if (st == 0)
		return;
	const char *fill = st == 4 ? HANDED_OVER_FILL : st == 3 ? "#cccccc" : st == 2 ? "#ffffff" : kind_colour(kind);
	fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"%s\" stroke-width=\"%d\"",
		x + 1, y + 2, w - 2, TROW - 4, fill, kind_colour(kind), st == 2 ? 3 : 0);
	row_id(f, c, r);
	fprintf(f, " data-series=\"%s\" data-x=\"", qt_table_key(c->t, col));
	qt_html_esc(f, row_label(c, r));
	fprintf(f, "\" data-state=\"%s\" data-v=\"%ld\"><title>", state_keys[st], persons);
	qt_html_esc(f, row_label(c, r));
	fprintf(f, " %s: %s, %ld</title></rect>", qt_table_label(c->t, col), qt_tr(state_msgids[st]), persons);
}

static void timeline(FILE *f, const qt_chart *c)
{
	size_t n = rows_drawn(c), first = c->series[1], cols = qt_table_ncols(c->t);
	size_t periods = cols > first ? cols - first : 0;
	int cw = periods ? (X1 - TX0) / (int)periods : 1;
	timeline_legend(f);
	for (size_t j = 0; j < periods; j++)
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"%d\" fill=\"#333\">%s</text>",
			TX0 + (int)j * cw + cw / 2, TTOP - 12, cw >= 80 ? 17 : 13, qt_table_label(c->t, first + j));
	fputc('\n', f);
	for (size_t r = 0; r < n; r++) {
		int y = TTOP + (int)r * TROW;
		qt_cell kind = qt_table_cell(c->t, c->row0 + r, c->series[0]);
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"15\" fill=\"#222\">", TX0 - 8, y + 14);
		qt_html_esc(f, row_label(c, r));
		fputs("</text>", f);
		for (size_t j = 0; j < periods; j++)
			timeline_cell(f, c, r, first + j, TX0 + (int)j * cw, cw, y,
				      kind.kind == QT_CELL_TEXT ? qt_table_cell(c->t, c->row0 + r, c->series[0]).text : NULL);
		fputc('\n', f);
	}
}

int qt_svg_chart(FILE *f, const qt_chart *c)
{
	int height = c->kind == QT_CHART_HBARS ? hbar_height(c) : c->kind == QT_CHART_TIMELINE ? timeline_height(c) : H;
	int shift = (legend_rows(c) - 1) * LEGEND_ROW;
	svg_open(f, c, height + shift);
	if (c->kind == QT_CHART_TIMELINE) {
		timeline(f, c);
	} else {
		legend(f, c);
		if (shift)
			fprintf(f, "<g transform=\"translate(0,%d)\">\n", shift);
		if (c->kind == QT_CHART_HBARS)
			horizontal(f, c);
		else
			vertical(f, c);
		if (shift)
			fputs("</g>\n", f);
	}
	fputs("</svg>\n", f);
	return ferror(f) ? qt_set_error(QT_EIO, "cannot write a chart: %s", strerror(errno)) : 0;
}
