/*
 * The workbook in memory (book.h): sheets of cells within the size limits, the place of a cell as
 * a spreadsheet shows it, and numbers and booleans as planners type them.
 */
#include "book.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

qt_book *qt_book_new(void)
{
	qt_book *b = calloc(1, sizeof *b);
	if (b && !(b->errors = qt_errors_new())) {
		free(b);
		return NULL;
	}
	return b;
}

void qt_book_free(qt_book *b)
{
	if (!b)
		return;
	for (int i = 0; i < b->n; i++) {
		qt_sheet *sh = &b->sheet[i];
		for (size_t c = 0; c < sh->n; c++)
			free(sh->cell[c].text);
		free(sh->cell);
		free(sh->name);
	}
	free(b->sheet);
	qt_errors_free(b->errors);
	free(b);
}

void qt_book_col_name(int col, char buf[8])
{
	char rev[8];
	int n = 0;
	while (col > 0 && n < 7) {
		col--;
		rev[n++] = (char)('A' + col % 26);
		col /= 26;
	}
	for (int i = 0; i < n; i++)
		buf[i] = rev[n - 1 - i];
	buf[n] = '\0';
}

const char *qt_book_header(const qt_sheet *sh, int col)
{
	int first = sh->n ? sh->cell[0].row : 0;
	for (size_t i = 0; i < sh->n && sh->cell[i].row == first; i++)
		if (sh->cell[i].col == col && sh->cell[i].kind == QT_CELL_TEXT)
			return sh->cell[i].text;
	return NULL;
}

char *qt_book_place(const qt_sheet *sh, int row, int col)
{
	char c[8];
	qt_book_col_name(col, c);
	if (row <= 0)
		return qt_asprintf(sh->csv ? "%s.csv" : "sheet %s", sh->name);
	if (col <= 0)
		return qt_asprintf(sh->csv ? "%s.csv:%d" : "%s, row %d", sh->name, row);
	const char *h = sh->n && row > sh->cell[0].row ? qt_book_header(sh, col) : NULL;
	char head[80] = "";
	if (h)
		snprintf(head, sizeof head, " (%.64s)", h);
	return sh->csv ? qt_asprintf("%s.csv:%d:%s%s", sh->name, row, c, head)
		       : qt_asprintf("%s!%s%d%s", sh->name, c, row, head);
}

void qt_book_error(qt_book *b, const qt_sheet *sh, int row, int col, const char *pointer, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = qt_vasprintf(fmt, ap);
	va_end(ap);
	char *place = sh ? qt_book_place(sh, row, col) : NULL;
	if (!msg || (sh && !place) ||
	    qt_errors_add(b->errors, pointer, "%s%s%s", place ? place : "", place ? ": " : "", msg) != 0)
		b->nomem = true;
	free(msg);
	free(place);
}

static int by_place(const void *a, const void *b)
{
	const qt_cell *x = a, *y = b;
	return x->row != y->row ? (x->row > y->row) - (x->row < y->row) : (x->col > y->col) - (x->col < y->col);
}

void qt_book_sort(qt_sheet *sh)
{
	if (sh->n > 1)
		qsort(sh->cell, sh->n, sizeof *sh->cell, by_place);
}

qt_sheet *qt_book_find_sheet(const qt_book *b, const char *name)
{
	for (int i = 0; i < b->n; i++)
		if (strcmp(b->sheet[i].name, name) == 0)
			return &b->sheet[i];
	return NULL;
}

qt_sheet *qt_book_add_sheet(qt_book *b, const char *name, bool csv)
{
	if (b->n == QT_BOOK_MAX_SHEETS) {
		b->broken = true;
		qt_book_error(b, NULL, 0, 0, "", "more than %d sheets: expected at most %d", QT_BOOK_MAX_SHEETS,
			      QT_BOOK_MAX_SHEETS);
		return NULL;
	}
	qt_sheet *grown = realloc(b->sheet, (size_t)(b->n + 1) * sizeof *grown);
	if (!grown) {
		b->nomem = true;
		return NULL;
	}
	b->sheet = grown;
	qt_sheet *sh = &b->sheet[b->n];
	memset(sh, 0, sizeof *sh);
	sh->csv = csv;
	if (!(sh->name = qt_strdup(name))) {
		b->nomem = true;
		return NULL;
	}
	b->n++;
	return sh;
}

static qt_cell *add_cell(qt_book *b, qt_sheet *sh, int row, int col)
{
	if (row < 1 || col < 1 || row > QT_BOOK_MAX_ROWS || col > QT_BOOK_MAX_COLS) {
		char c[8];
		qt_book_col_name(col < 1 || col > QT_BOOK_MAX_COLS ? 1 : col, c);
		b->broken = true;
		qt_book_error(b, sh, 0, 0, "", "a cell at row %d, column %d: expected at most %d rows and %d columns",
			      row, col, QT_BOOK_MAX_ROWS, QT_BOOK_MAX_COLS);
		return NULL;
	}
	if (b->cells >= QT_BOOK_MAX_CELLS) {
		b->broken = true;
		qt_book_error(b, sh, 0, 0, "", "more than %d cells in the workbook: expected at most %d",
			      QT_BOOK_MAX_CELLS, QT_BOOK_MAX_CELLS);
		return NULL;
	}
	if (sh->n == sh->cap) {
		size_t cap = sh->cap ? sh->cap * 2 : 64;
		qt_cell *p = realloc(sh->cell, cap * sizeof *p);
		if (!p) {
			b->nomem = true;
			return NULL;
		}
		sh->cell = p;
		sh->cap = cap;
	}
	qt_cell *c = &sh->cell[sh->n++];
	memset(c, 0, sizeof *c);
	c->row = row;
	c->col = col;
	if (row > sh->rows)
		sh->rows = row;
	b->cells++;
	return c;
}

bool qt_book_add_text(qt_book *b, qt_sheet *sh, int row, int col, const char *text, size_t len)
{
	if (len > QT_BOOK_MAX_TEXT) {
		qt_book_error(b, sh, row, col, "", "a text of %zu bytes: expected at most %d", len, QT_BOOK_MAX_TEXT);
		return true; /* reported; reading goes on */
	}
	qt_cell *c = add_cell(b, sh, row, col);
	if (!c)
		return false;
	c->kind = QT_CELL_TEXT;
	if (!(c->text = malloc(len + 1))) {
		b->nomem = true;
		sh->n--;
		return false;
	}
	memcpy(c->text, text, len);
	c->text[len] = '\0';
	return true;
}

bool qt_book_add_number(qt_book *b, qt_sheet *sh, int row, int col, double v)
{
	qt_cell *c = add_cell(b, sh, row, col);
	if (!c)
		return false;
	c->kind = QT_CELL_NUMBER;
	c->num = v;
	return true;
}

bool qt_book_add_bool(qt_book *b, qt_sheet *sh, int row, int col, bool v)
{
	qt_cell *c = add_cell(b, sh, row, col);
	if (!c)
		return false;
	c->kind = QT_CELL_BOOL;
	c->num = v;
	return true;
}

/* Copies the digits of an integer part into out, dropping '.' thousands separators that stand
 * between groups of exactly three digits; returns the characters read, or 0. */
static size_t integer_part(const char *p, bool grouped, char *out, size_t *o, size_t cap)
{
	size_t i = 0, group = 0;
	bool seen_sep = false;
	while (isdigit((unsigned char)p[i]) || (grouped && p[i] == '.')) {
		if (p[i] == '.') {
			if (group == 0 || (seen_sep && group != 3) || (!seen_sep && group > 3))
				return 0;
			seen_sep = true;
			group = 0;
		} else {
			if (*o + 1 >= cap)
				return 0;
			out[(*o)++] = p[i];
			group++;
		}
		i++;
	}
	if (seen_sep && group != 3)
		return 0;
	return i;
}

bool qt_book_parse_number(const char *text, bool decimal_comma, double *out)
{
	char buf[128];
	size_t o = 0, i = 0;
	while (text[i] == ' ' || text[i] == '\t' || (unsigned char)text[i] == 0xA0)
		i++;
	if (text[i] == '-' || text[i] == '+')
		buf[o++] = text[i++];
	size_t n = integer_part(text + i, decimal_comma, buf, &o, sizeof buf - 32);
	if (n == 0 && !isdigit((unsigned char)text[i + (text[i] == (decimal_comma ? ',' : '.'))]))
		return false;
	i += n;
	if (text[i] == (decimal_comma ? ',' : '.')) {
		buf[o++] = '.';
		for (i++; isdigit((unsigned char)text[i]) && o + 8 < sizeof buf; i++)
			buf[o++] = text[i];
	}
	if ((text[i] == 'e' || text[i] == 'E') && o > 0) {
		buf[o++] = 'e';
		i++;
		if (text[i] == '-' || text[i] == '+')
			buf[o++] = text[i++];
		if (!isdigit((unsigned char)text[i]))
			return false;
		for (; isdigit((unsigned char)text[i]) && o + 2 < sizeof buf; i++)
			buf[o++] = text[i];
	}
	while (text[i] == ' ' || text[i] == '\t')
		i++;
	if (text[i] != '\0')
		return false;
	buf[o] = '\0';
	char *end;
	double v = strtod(buf, &end);
	if (*end != '\0' || !isfinite(v))
		return false;
	*out = v;
	return true;
}

bool qt_book_parse_bool(const char *text, bool *out)
{
	static const char *const yes[] = { "true", "wahr", "ja", "1" }, *const no[] = { "false", "falsch", "nein", "0" };
	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(text, yes[i]) == 0) {
			*out = true;
			return true;
		}
		if (strcasecmp(text, no[i]) == 0) {
			*out = false;
			return true;
		}
	}
	return false;
}
