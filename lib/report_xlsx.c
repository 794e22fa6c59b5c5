/* The workbook: one sheet per table (the tables behind the charts and the report's other tables),
 * numbers as numbers with German-looking formats (Excel stores "#,##0" and shows "#.##0" in a German
 * locale), bold frozen headers, column widths, and a native Excel chart beside each chart's table. */
#include "i18n.h"
#include "report.h"
#include "report_charts.h"
#include "report_futures.h"
#include "report_html.h"
#include "sweep.h"

#include <string.h>
#include <xlsxwriter.h>

typedef struct {
	lxw_workbook *wb;
	lxw_format *head, *num[4], *eur;
	char names[64][32]; /* sheet names used so far */
	size_t n;
} book;

static int book_open(book *b, const char *path)
{
	memset(b, 0, sizeof *b);
	lxw_workbook_options opt = { .constant_memory = LXW_FALSE, .tmpdir = NULL, .use_zip64 = LXW_FALSE };
	b->wb = workbook_new_opt(path, &opt);
	if (!b->wb)
		return qt_set_error(QT_EIO, "cannot create the workbook %s", path);
	b->head = workbook_add_format(b->wb);
	format_set_bold(b->head);
	format_set_bg_color(b->head, 0xEEF2F7);
	format_set_bottom(b->head, LXW_BORDER_THIN);
	format_set_text_wrap(b->head);
	static const char *const numfmt[] = { "#,##0", "#,##0.0", "#,##0.00", "#,##0.0000" };
	for (int i = 0; i < 4; i++) {
		b->num[i] = workbook_add_format(b->wb);
		format_set_num_format(b->num[i], numfmt[i]);
	}
	b->eur = workbook_add_format(b->wb);
	format_set_num_format(b->eur, "#,##0.00 \"\u20ac\"");
	return 0;
}

/* A sheet name from the table's name: at most 31 characters, unique in the book. */
static const char *sheet_name(book *b, const char *want)
{
	if (b->n == sizeof b->names / sizeof *b->names)
		return NULL;
	char *name = b->names[b->n];
	snprintf(name, 32, "%.31s", want && *want ? want : "table");
	for (unsigned k = 2; k < 100; k++) {
		int clash = 0;
		for (size_t i = 0; i < b->n; i++)
			clash |= !strcmp(b->names[i], name);
		if (!clash)
			break;
		snprintf(name, 32, "%.27s_%u", want, k % 100u);
	}
	b->n++;
	return name;
}

static int is_euro(const char *key) { return strstr(key, "eur") || !strncmp(key, "penalty", 7); }

static lxw_format *number_format(const book *b, const char *key, int decimals)
{
	if (is_euro(key))
		return b->eur;
	return b->num[decimals <= 0 ? 0 : decimals == 1 ? 1 : decimals <= 2 ? 2 : 3];
}

static void write_cells(const book *b, lxw_worksheet *ws, const qt_table *t, double *width)
{
	size_t rows = qt_table_rows(t), cols = qt_table_ncols(t);
	for (size_t j = 0; j < cols; j++) {
		const char *label = qt_table_label(t, j);
		worksheet_write_string(ws, 0, (lxw_col_t)j, label, b->head);
		width[j] = (double)qt_utf8_width(label) > width[j] ? (double)qt_utf8_width(label) : width[j];
	}
	for (size_t r = 0; r < rows; r++)
		for (size_t j = 0; j < cols; j++) {
			qt_cell c = qt_table_cell(t, r, j);
			double w = 0;
			if (c.kind == QT_CELL_NUMBER) {
				worksheet_write_number(ws, (lxw_row_t)(r + 1), (lxw_col_t)j, c.x,
						       number_format(b, qt_table_key(t, j), c.decimals));
				w = 12;
			} else if (c.kind == QT_CELL_TEXT) {
				worksheet_write_string(ws, (lxw_row_t)(r + 1), (lxw_col_t)j, c.text, NULL);
				w = (double)qt_utf8_width(c.text);
			}
			if (w > width[j])
				width[j] = w;
		}
	for (size_t i = 0; i < qt_table_nnotes(t); i++)
		worksheet_write_string(ws, (lxw_row_t)(rows + 2 + i), 0, qt_table_note_at(t, i), NULL);
}

/* The native chart of a chart item, beside its table. */
static void add_chart(const book *b, lxw_worksheet *ws, const char *sheet, const qt_chart_item *it)
{
	const qt_chart *c = &it->c;
	uint8_t type = c->kind == QT_CHART_HBARS     ? LXW_CHART_BAR
		       : c->kind == QT_CHART_STACKED ? LXW_CHART_COLUMN_STACKED
		       : c->kind == QT_CHART_BARS && !c->lines ? LXW_CHART_COLUMN
							  : LXW_CHART_LINE;
	lxw_chart *ch = workbook_add_chart(b->wb, type);
	if (!ch)
		return;
	lxw_row_t last = (lxw_row_t)qt_table_rows(it->t);
	for (size_t s = 0; s < c->n; s++) {
		lxw_chart_series *se = chart_add_series(ch, NULL, NULL);
		chart_series_set_categories(se, sheet, 1, (lxw_col_t)c->x, last, (lxw_col_t)c->x);
		chart_series_set_values(se, sheet, 1, (lxw_col_t)c->series[s], last, (lxw_col_t)c->series[s]);
		chart_series_set_name_range(se, sheet, 0, (lxw_col_t)c->series[s]);
	}
	chart_title_set_name(ch, qt_tr(c->title));
	chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
	if (c->kind == QT_CHART_HBARS)
		chart_axis_set_reverse(ch->y_axis);
	lxw_chart_options opt = { .x_offset = 10, .y_offset = 10, .x_scale = 2.0,
				  .y_scale = c->kind == QT_CHART_HBARS && last > 12 ? 3.0 : 1.6 };
	worksheet_insert_chart_opt(ws, 1, (lxw_col_t)(qt_table_ncols(it->t) + 1), ch, &opt);
}

static int add_sheet(book *b, const qt_table *t, const qt_chart_item *it)
{
	const char *name = sheet_name(b, qt_table_name(t));
	lxw_worksheet *ws = name ? workbook_add_worksheet(b->wb, name) : NULL;
	if (!ws)
		return qt_set_error(QT_ENOMEM, "workbook: cannot add a sheet for table %s", qt_table_name(t));
	size_t cols = qt_table_ncols(t);
	double width[256] = { 0 };
	if (cols > 256)
		cols = 256;
	write_cells(b, ws, t, width);
	for (size_t j = 0; j < cols; j++)
		worksheet_set_column(ws, (lxw_col_t)j, (lxw_col_t)j, width[j] > 48 ? 48 : width[j] + 2, NULL);
	worksheet_set_row(ws, 0, 30, NULL);
	worksheet_freeze_panes(ws, 1, 0);
	if (it && it->c.title && it->c.kind != QT_CHART_TIMELINE)
		add_chart(b, ws, name, it);
	return 0;
}

static int book_close(book *b, int rc)
{
	lxw_error err = workbook_close(b->wb);
	if (!rc && err != LXW_NO_ERROR)
		rc = qt_set_error(QT_EIO, "cannot write the workbook: %s", lxw_strerror(err));
	return rc;
}

/* The head table, then each chart's table with its chart, then the other tables. */
static int write_book(const char *path, qt_table *head, const qt_charts *cs, qt_table *const *more, size_t n_more)
{
	book b;
	int rc = book_open(&b, path);
	if (rc)
		return rc;
	if (head)
		rc = add_sheet(&b, head, NULL);
	for (size_t i = 0; !rc && i < cs->n; i++)
		rc = add_sheet(&b, cs->item[i].t, &cs->item[i]);
	for (size_t i = 0; !rc && i < n_more; i++)
		rc = add_sheet(&b, more[i], NULL);
	return book_close(&b, rc);
}

int qt_report_xlsx_plan(const char *path, const qt_scenario *s, const qt_plan *p, const qt_table *extra)
{
	static const qt_report_tab ids[] = { QT_TAB_SUMMARY, QT_TAB_PERIODS, QT_TAB_KOMBI, QT_TAB_MUNI, QT_TAB_OFFERS };
	qt_table *t[sizeof ids / sizeof *ids + 1] = { NULL };
	qt_charts cs;
	int rc = qt_charts_plan(&cs, s, p);
	if (rc)
		return rc;
	for (size_t i = 0; !rc && i < sizeof ids / sizeof *ids; i++)
		rc = qt_report_table(&t[i], ids[i], s, p);
	t[sizeof ids / sizeof *ids] = (qt_table *)extra; /* borrowed: not freed below */
	if (!rc)
		rc = write_book(path, t[0], &cs, t + 1, sizeof ids / sizeof *ids - 1 + (extra != NULL));
	for (size_t i = 0; i < sizeof ids / sizeof *ids; i++)
		qt_table_free(t[i]);
	qt_charts_free(&cs);
	return rc;
}

int qt_report_xlsx_futures(const char *path, const qt_scenario *s, const qt_plan *p, const qt_table *extra)
{
	qt_table *t[QT_FUTURES_PER_FUTURE + 1] = { NULL };
	qt_charts cs;
	int rc = qt_charts_futures(&cs, s, p);
	if (rc)
		return rc;
	for (size_t i = 0; !rc && i < QT_FUTURES_PER_FUTURE; i++)
		rc = qt_futures_stacked(&t[i], qt_futures_per_future[i], s, p);
	t[QT_FUTURES_PER_FUTURE] = (qt_table *)extra; /* borrowed: not freed below */
	if (!rc)
		rc = write_book(path, NULL, &cs, t, QT_FUTURES_PER_FUTURE + (extra != NULL));
	for (size_t i = 0; i < QT_FUTURES_PER_FUTURE; i++)
		qt_table_free(t[i]);
	qt_charts_free(&cs);
	return rc;
}

int qt_report_xlsx_compare(const char *path, const qt_compare_side *a, const qt_compare_side *b)
{
	qt_charts cs;
	int rc = qt_charts_compare(&cs, a, b);
	if (rc)
		return rc;
	qt_table *figures = NULL;
	if (!(rc = qt_compare_table_new(&figures, QT_COMPARE_FIGURES, NULL)) &&
	    !(rc = qt_compare_rows(figures, QT_COMPARE_FIGURES, a, b, 0)))
		rc = write_book(path, figures, &cs, NULL, 0);
	qt_table_free(figures);
	qt_charts_free(&cs);
	return rc;
}

int qt_report_xlsx_sweep(const char *path, const qt_sweep *sw)
{
	qt_charts cs;
	int rc = qt_charts_sweep(&cs, sw);
	if (rc)
		return rc;
	rc = write_book(path, NULL, &cs, NULL, 0);
	qt_charts_free(&cs);
	return rc;
}
