/*
 * A book written as an .xlsx workbook with libxlsxwriter, the way a planner would set it up: the
 * header row bold and frozen, columns wide enough for their values, whole numbers with thousands
 * separators, a list to pick from where a column takes one of a few names, and the unit of a
 * column in its header's comment.
 */
#include "book.h"
#include "scenario_book.h"

#include <string.h>
#include <xlsxwriter.h>

enum { MIN_WIDTH = 8, MAX_WIDTH = 40, VALIDATED_ROWS = 2000 };

typedef struct {
	lxw_format *header, *whole, *real;
} formats;

static int lxw_fail(lxw_error e, const char *path)
{
	return qt_set_error(QT_EIO, "cannot write %s: %s", path, lxw_strerror(e));
}

static int width_of(const qt_cell *c)
{
	int w = c->kind == QT_CELL_TEXT ? (int)strlen(c->text) : c->kind == QT_CELL_BOOL ? 5 : 10;
	return w < MIN_WIDTH ? MIN_WIDTH : w > MAX_WIDTH ? MAX_WIDTH : w;
}

static lxw_error write_cell(lxw_worksheet *ws, const qt_cell *c, const formats *f)
{
	lxw_row_t r = (lxw_row_t)(c->row - 1);
	lxw_col_t col = (lxw_col_t)(c->col - 1);
	if (c->kind == QT_CELL_TEXT)
		return worksheet_write_string(ws, r, col, c->text, c->row == 1 ? f->header : NULL);
	if (c->kind == QT_CELL_BOOL)
		return worksheet_write_boolean(ws, r, col, c->num != 0, NULL);
	return worksheet_write_number(ws, r, col, c->num, c->num == (long long)c->num ? f->whole : f->real);
}

/* The header's comment (its unit) and the list its column's values are picked from. */
static lxw_error header_extras(lxw_worksheet *ws, const qt_cell *c, int rows)
{
	lxw_col_t col = (lxw_col_t)(c->col - 1);
	const char *unit = qt_book_column_unit(c->text);
	lxw_error e = unit ? worksheet_write_comment(ws, 0, col, unit) : LXW_NO_ERROR;
	size_t n = 0;
	const char *const *choices = qt_book_column_choices(c->text, &n);
	if (e || !choices)
		return e;
	char *list[8] = { 0 };
	for (size_t i = 0; i < n && i < 7; i++)
		list[i] = (char *)choices[i]; /* libxlsxwriter only reads them */
	lxw_data_validation dv = { .validate = LXW_VALIDATION_TYPE_LIST, .value_list = list };
	lxw_row_t last = (lxw_row_t)(rows > VALIDATED_ROWS ? rows : VALIDATED_ROWS);
	return worksheet_data_validation_range(ws, 1, col, last, col, &dv);
}

static lxw_error write_sheet(lxw_workbook *wb, const qt_sheet *sh, const formats *f)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, sh->name);
	if (!ws)
		return LXW_ERROR_SHEETNAME_ALREADY_USED;
	int widths[QT_BOOK_MAX_COLS + 1] = { 0 };
	worksheet_freeze_panes(ws, 1, 0);
	lxw_error e = LXW_NO_ERROR, e2 = LXW_NO_ERROR;
	for (size_t i = 0; i < sh->n && !e; i++) {
		const qt_cell *c = &sh->cell[i];
		int w = width_of(c);
		if (w > widths[c->col])
			widths[c->col] = w;
		e = write_cell(ws, c, f);
		if (!e && c->row == 1 && c->kind == QT_CELL_TEXT)
			e = header_extras(ws, c, sh->rows);
	}
	for (int col = 1; col <= QT_BOOK_MAX_COLS && !e && !e2; col++)
		if (widths[col])
			e2 = worksheet_set_column(ws, (lxw_col_t)(col - 1), (lxw_col_t)(col - 1), widths[col] + 2, NULL);
	return e ? e : e2;
}

int qt_book_write_xlsx(const qt_book *b, const char *path)
{
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return qt_set_error(QT_EIO, "cannot write %s", path);
	/* A fixed date, so that the same scenario gives the same bytes (a workbook kept in git). */
	lxw_doc_properties props = { .title = "quartier scenario", .created = 1767225600 /* 2026-01-01 */ };
	workbook_set_properties(wb, &props);
	formats f = { workbook_add_format(wb), workbook_add_format(wb), workbook_add_format(wb) };
	format_set_bold(f.header);
	format_set_num_format(f.whole, "#,##0");
	format_set_num_format(f.real, "#,##0.0##");
	lxw_error e = LXW_NO_ERROR;
	for (int i = 0; i < b->n && !e; i++)
		e = write_sheet(wb, &b->sheet[i], &f);
	lxw_error closed = workbook_close(wb);
	return e ? lxw_fail(e, path) : closed ? lxw_fail(closed, path) : 0;
}
