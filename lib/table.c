/* One table printer: aligned text for the terminal, CSV for German spreadsheets. */
#include "html.h"
#include "i18n.h"
#include "table.h"

#include <cJSON.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* CELL_EMPTY: a text cell given as NULL, blank in text and CSV and null in JSON. */
typedef enum { CELL_TEXT, CELL_INT, CELL_FIXED, CELL_EMPTY } cell_kind;

typedef struct {
	cell_kind kind;
	int decimals;
	union {
		char *text;
		long long i;
		double x;
	} v;
} cell;

typedef struct {
	char *key, *label;
	qt_align align;
	int translate; /* text cells are msgids (qt_table_translate) */
} column;

struct qt_table {
	char *name, *title;
	column *col;
	size_t ncol, capcol;
	cell *cell;
	size_t ncell, capcell;
	char **note;
	size_t nnote, capnote;
	size_t group;
	int err;
};

/* Large enough for any double printed with %.9f. */
enum { NUMBUF = 400 };

static int fail(qt_table *t, int code)
{
	if (!t->err)
		t->err = code == QT_ENOMEM ? qt_set_error(code, "out of memory") : code;
	return t->err;
}

/* Makes room for one more element of size `size` in *v (capacity *cap, used n). */
static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return 0;
	size_t c = *cap ? *cap * 2 : 16;
	void *p = realloc(*v, c * size);
	if (!p)
		return QT_ENOMEM;
	*v = p;
	*cap = c;
	return 0;
}

int qt_table_new(qt_table **out, const char *name, const char *title)
{
	*out = NULL;
	qt_table *t = calloc(1, sizeof *t);
	if (!t)
		return qt_set_error(QT_ENOMEM, "out of memory");
	t->name = qt_strdup(name ? name : "");
	t->title = qt_strdup(title ? title : "");
	if (!t->name || !t->title) {
		qt_table_free(t);
		return qt_set_error(QT_ENOMEM, "out of memory");
	}
	*out = t;
	return 0;
}

void qt_table_free(qt_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->ncol; i++) {
		free(t->col[i].key);
		free(t->col[i].label);
	}
	for (size_t i = 0; i < t->ncell; i++)
		if (t->cell[i].kind == CELL_TEXT)
			free(t->cell[i].v.text);
	for (size_t i = 0; i < t->nnote; i++)
		free(t->note[i]);
	free(t->col);
	free(t->cell);
	free(t->note);
	free(t->name);
	free(t->title);
	free(t);
}

const char *qt_table_name(const qt_table *t) { return t->name; }
int qt_table_status(const qt_table *t) { return t->err; }
size_t qt_table_rows(const qt_table *t) { return t->ncol ? t->ncell / t->ncol : 0; }
void qt_table_group(qt_table *t, size_t n) { t->group = n; }

int qt_table_column(qt_table *t, const char *key, const char *label, qt_align align)
{
	if (t->err)
		return t->err;
	if (!key)
		return fail(t, qt_set_error(QT_EINVAL, "table %s: column without a key", t->name));
	if (t->ncell > 0)
		return fail(t, qt_set_error(QT_EINVAL, "table %s: column %s added after the first cell",
					    t->name, key));
	if (grow((void **)&t->col, &t->capcol, t->ncol, sizeof *t->col))
		return fail(t, QT_ENOMEM);
	column *c = &t->col[t->ncol];
	c->key = qt_strdup(key);
	c->label = qt_strdup(label ? label : key);
	c->align = align;
	c->translate = 0;
	if (!c->key || !c->label) {
		free(c->key);
		free(c->label);
		return fail(t, QT_ENOMEM);
	}
	t->ncol++;
	return 0;
}

int qt_table_columns(qt_table *t, const qt_column_spec *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		qt_table_column(t, c[i].key, c[i].label, c[i].align);
	return t->err;
}

int qt_table_note(qt_table *t, const char *text)
{
	if (t->err)
		return t->err;
	if (grow((void **)&t->note, &t->capnote, t->nnote, sizeof *t->note))
		return fail(t, QT_ENOMEM);
	char *d = qt_strdup(text ? text : "");
	if (!d)
		return fail(t, QT_ENOMEM);
	t->note[t->nnote++] = d;
	return 0;
}

/* Appends c; on failure frees the text c owns. */
static int append(qt_table *t, cell c)
{
	int rc = t->err;
	if (!rc && t->ncol == 0)
		rc = fail(t, qt_set_error(QT_EINVAL, "table %s: cell before any column", t->name));
	if (!rc && grow((void **)&t->cell, &t->capcell, t->ncell, sizeof *t->cell))
		rc = fail(t, QT_ENOMEM);
	if (rc) {
		if (c.kind == CELL_TEXT)
			free(c.v.text);
		return rc;
	}
	t->cell[t->ncell++] = c;
	return 0;
}

int qt_table_text(qt_table *t, const char *text)
{
	if (t->err)
		return t->err;
	if (!text)
		return append(t, (cell){ .kind = CELL_EMPTY });
	cell c = { .kind = CELL_TEXT, .v.text = qt_strdup(text) };
	if (!c.v.text)
		return fail(t, QT_ENOMEM);
	return append(t, c);
}

int qt_table_textf(qt_table *t, const char *fmt, ...)
{
	if (t->err)
		return t->err;
	va_list ap;
	va_start(ap, fmt);
	char *buf = qt_vasprintf(fmt, ap);
	va_end(ap);
	if (!buf)
		return fail(t, QT_ENOMEM);
	return append(t, (cell){ .kind = CELL_TEXT, .v.text = buf });
}

/* A copy of cell c (its text duplicated). */
static int append_copy(qt_table *t, const cell *c)
{
	if (c->kind != CELL_TEXT)
		return append(t, *c);
	return qt_table_text(t, c->v.text);
}

int qt_table_stack(qt_table *dst, const qt_table *src, const char *key, const char *label, const char *value)
{
	if (dst->err || src->err)
		return dst->err ? dst->err : fail(dst, src->err);
	if (dst->ncol == 0) {
		qt_table_column(dst, key, label, QT_ALIGN_LEFT);
		for (size_t i = 0; i < src->ncol; i++)
			qt_table_column(dst, src->col[i].key, src->col[i].label, src->col[i].align);
		for (size_t i = 0; i < src->nnote; i++)
			qt_table_note(dst, src->note[i]);
	}
	if (src->ncol == 0 || dst->ncol != src->ncol + 1)
		return fail(dst, qt_set_error(QT_EINVAL, "table %s: stacked tables differ in columns", dst->name));
	for (size_t i = 0; i < src->ncell && !dst->err; i++) {
		if (i % src->ncol == 0)
			qt_table_text(dst, value);
		append_copy(dst, &src->cell[i]);
	}
	return dst->err;
}

int qt_table_int(qt_table *t, long long v)
{
	return append(t, (cell){ .kind = CELL_INT, .v.i = v });
}

int qt_table_fixed(qt_table *t, double v, int decimals)
{
	if (decimals < 0)
		decimals = 0;
	if (decimals > 9)
		decimals = 9;
	return append(t, (cell){ .kind = CELL_FIXED, .decimals = decimals, .v.x = v });
}

/* ---- rendering ---- */

size_t qt_utf8_width(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80)
			n++;
	return n;
}

/* The decimal mark is put in by position, so the result does not depend on the C locale. */
char *qt_format_fixed(char *buf, size_t size, double x, int decimals, char mark)
{
	if (!isfinite(x)) {
		buf[0] = '\0';
		return buf;
	}
	if (fabs(x) < 0.5 * pow(10.0, -decimals))
		x = 0.0; /* no "-0.00" */
	int n = snprintf(buf, size, "%.*f", decimals, x);
	if (decimals > 0 && n > decimals && (size_t)n < size)
		buf[n - decimals - 1] = mark;
	return buf;
}

/* The text of a cell; numbers are formatted into buf (NUMBUF bytes). */
static const char *cell_string(const cell *c, char mark, char *buf)
{
	switch (c->kind) {
	case CELL_TEXT:
		return c->v.text;
	case CELL_INT:
		snprintf(buf, NUMBUF, "%lld", c->v.i);
		return buf;
	case CELL_FIXED:
		qt_format_fixed(buf, NUMBUF, c->v.x, c->decimals, mark);
		return buf;
	case CELL_EMPTY:
		return "";
	}
	return "";
}

/* The text a person reads in cell i: a column's msgid translated. */
static const char *cell_shown(const qt_table *t, size_t i, char *buf)
{
	const cell *c = &t->cell[i];
	if (c->kind == CELL_TEXT && t->col[i % t->ncol].translate)
		return qt_tr(c->v.text);
	return cell_string(c, '.', buf);
}

static const char *label_shown(const qt_table *t, size_t j) { return qt_tr(t->col[j].label); }

static int rows_complete(const qt_table *t)
{
	if (t->err)
		return t->err;
	if (t->ncol == 0 || t->ncell % t->ncol != 0)
		return qt_set_error(QT_EINVAL, "table %s: incomplete row", t->name);
	return 0;
}

static const cell *cell_at(const qt_table *t, size_t r, size_t j) { return &t->cell[r * t->ncol + j]; }

static int same_cell(const cell *a, const cell *b)
{
	char ba[NUMBUF], bb[NUMBUF];
	return strcmp(cell_string(a, '.', ba), cell_string(b, '.', bb)) == 0;
}

/* 1 if cell (r, j) lies in a group column and it and every cell to its left repeat row r - 1. */
static int suppressed(const qt_table *t, size_t r, size_t j)
{
	if (r == 0 || j >= t->group)
		return 0;
	for (size_t k = 0; k <= j; k++)
		if (!same_cell(cell_at(t, r, k), cell_at(t, r - 1, k)))
			return 0;
	return 1;
}

/* Width of every column over the header and the cells; w has t->ncol entries. */
static void column_widths(const qt_table *t, size_t *w)
{
	char buf[NUMBUF];
	for (size_t j = 0; j < t->ncol; j++)
		w[j] = qt_utf8_width(label_shown(t, j));
	for (size_t i = 0; i < t->ncell; i++) {
		size_t cw = qt_utf8_width(cell_shown(t, i, buf));
		if (cw > w[i % t->ncol])
			w[i % t->ncol] = cw;
	}
}

static void put_spaces(FILE *f, size_t n)
{
	while (n--)
		fputc(' ', f);
}

/* One padded field; the last field of a line gets no trailing spaces. */
static void put_field(FILE *f, const char *text, size_t width, qt_align align, int last)
{
	size_t pad = width - qt_utf8_width(text);
	if (align == QT_ALIGN_RIGHT)
		put_spaces(f, pad);
	fputs(text, f);
	if (align == QT_ALIGN_LEFT && !last)
		put_spaces(f, pad);
}

static void put_header(FILE *f, const qt_table *t, const size_t *w)
{
	for (size_t j = 0; j < t->ncol; j++) {
		int last = j + 1 == t->ncol;
		put_field(f, label_shown(t, j), w[j], t->col[j].align, last);
		fputs(last ? "\n" : "  ", f);
	}
	for (size_t j = 0; j < t->ncol; j++) {
		for (size_t k = 0; k < w[j]; k++)
			fputc('-', f);
		fputs(j + 1 == t->ncol ? "\n" : "  ", f);
	}
}

/* The text shown for cell (r, j): "" where a group repeats the row above. */
static const char *shown(const qt_table *t, size_t r, size_t j, char *buf)
{
	return suppressed(t, r, j) ? "" : cell_shown(t, r * t->ncol + j, buf);
}

/* A row ends at its last non-empty cell, so no line carries trailing blanks. */
static void put_row(FILE *f, const qt_table *t, const size_t *w, size_t r)
{
	char buf[NUMBUF];
	size_t end = t->ncol;
	while (end > 0 && !*shown(t, r, end - 1, buf))
		end--;
	for (size_t j = 0; j < end; j++) {
		const char *text = shown(t, r, j, buf);
		qt_align align = (cell_at(t, r, j)->kind == CELL_TEXT || cell_at(t, r, j)->kind == CELL_EMPTY) ? t->col[j].align : QT_ALIGN_RIGHT;
		int last = j + 1 == end;
		put_field(f, text, w[j], align, last);
		if (!last)
			fputs("  ", f);
	}
	fputc('\n', f);
}

int qt_table_print_text(FILE *f, const qt_table *t)
{
	int rc = rows_complete(t);
	if (rc)
		return rc;
	size_t *w = calloc(t->ncol, sizeof *w);
	if (!w)
		return qt_set_error(QT_ENOMEM, "out of memory");
	column_widths(t, w);
	fprintf(f, "%s\n", qt_tr(t->title));
	put_header(f, t, w);
	size_t rows = qt_table_rows(t);
	for (size_t r = 0; r < rows; r++)
		put_row(f, t, w, r);
	if (rows == 0)
		fputs("(none)\n", f);
	for (size_t i = 0; i < t->nnote; i++)
		fprintf(f, "%s\n", qt_tr(t->note[i]));
	fputc('\n', f);
	free(w);
	if (ferror(f))
		return qt_set_error(QT_EIO, "cannot write table %s: %s", t->name, strerror(errno));
	return 0;
}

static void put_csv_field(FILE *f, const char *text)
{
	if (!strpbrk(text, ";\"\r\n")) {
		fputs(text, f);
		return;
	}
	fputc('"', f);
	for (const char *p = text; *p; p++) {
		if (*p == '"')
			fputc('"', f);
		fputc(*p, f);
	}
	fputc('"', f);
}

int qt_table_print_csv(FILE *f, const qt_table *t)
{
	int rc = rows_complete(t);
	if (rc)
		return rc;
	char buf[NUMBUF];
	fputs("\xEF\xBB\xBF", f);
	for (size_t j = 0; j < t->ncol; j++) {
		put_csv_field(f, t->col[j].key);
		fputs(j + 1 == t->ncol ? "\r\n" : ";", f);
	}
	for (size_t i = 0; i < t->ncell; i++) {
		put_csv_field(f, cell_string(&t->cell[i], ',', buf));
		fputs((i + 1) % t->ncol == 0 ? "\r\n" : ";", f);
	}
	if (ferror(f))
		return qt_set_error(QT_EIO, "cannot write table %s: %s", t->name, strerror(errno));
	return 0;
}

static int print_csv(FILE *f, const void *t)
{
	return qt_table_print_csv(f, t);
}

int qt_table_write_csv(const char *path, const qt_table *t)
{
	int rc = rows_complete(t);
	return rc ? rc : qt_write_atomic(path, print_csv, t);
}

int qt_table_write_in(const char *dir, const qt_table *t)
{
	char *path = qt_asprintf("%s/%s.csv", dir, t->name);
	int rc = path ? qt_table_write_csv(path, t) : qt_set_error(QT_ENOMEM, "out of memory");
	free(path);
	return rc;
}

static cJSON *cell_json(const cell *c)
{
	switch (c->kind) {
	case CELL_TEXT:
		return cJSON_CreateString(c->v.text);
	case CELL_INT:
		return cJSON_CreateNumber((double)c->v.i);
	case CELL_FIXED:
		return isfinite(c->v.x) ? cJSON_CreateNumber(c->v.x) : cJSON_CreateNull();
	case CELL_EMPTY:
		break;
	}
	return cJSON_CreateNull();
}

int qt_table_json(cJSON **out, const qt_table *t)
{
	*out = NULL;
	int rc = rows_complete(t);
	if (rc)
		return rc;
	cJSON *rows = cJSON_CreateArray();
	cJSON *row = NULL;
	for (size_t i = 0; rows && i < t->ncell; i++) {
		size_t j = i % t->ncol;
		if (j == 0 && (!(row = cJSON_CreateObject()) || !cJSON_AddItemToArray(rows, row))) {
			cJSON_Delete(row);
			break;
		}
		if (qt_json_add(row, t->col[j].key, cell_json(&t->cell[i])))
			break;
		if (i + 1 == t->ncell)
			*out = rows;
	}
	if (t->ncell == 0)
		*out = rows;
	if (!*out) {
		cJSON_Delete(rows);
		return qt_set_error(QT_ENOMEM, "out of memory");
	}
	return 0;
}

/* ---- HTML and access for the other renderers ---- */

void qt_table_translate(qt_table *t, size_t col)
{
	if (col < t->ncol)
		t->col[col].translate = 1;
}

const char *qt_table_title(const qt_table *t) { return qt_tr(t->title); }
size_t qt_table_ncols(const qt_table *t) { return t->ncol; }
const char *qt_table_key(const qt_table *t, size_t j) { return j < t->ncol ? t->col[j].key : ""; }
const char *qt_table_label(const qt_table *t, size_t j) { return j < t->ncol ? label_shown(t, j) : ""; }
size_t qt_table_nnotes(const qt_table *t) { return t->nnote; }
const char *qt_table_note_at(const qt_table *t, size_t i) { return i < t->nnote ? qt_tr(t->note[i]) : ""; }

qt_cell qt_table_cell(const qt_table *t, size_t r, size_t j)
{
	qt_cell out = { QT_CELL_EMPTY, NAN, 0, NULL, NULL };
	if (j >= t->ncol || r >= qt_table_rows(t))
		return out;
	size_t i = r * t->ncol + j;
	const cell *c = &t->cell[i];
	if (c->kind == CELL_TEXT) {
		out.kind = QT_CELL_TEXT;
		out.text = t->col[j].translate ? qt_tr(c->v.text) : c->v.text;
		out.raw = c->v.text;
	} else if (c->kind == CELL_INT) {
		out.kind = QT_CELL_NUMBER;
		out.x = (double)c->v.i;
	} else if (c->kind == CELL_FIXED && isfinite(c->v.x)) {
		out.kind = QT_CELL_NUMBER;
		out.x = c->v.x;
		out.decimals = c->decimals;
	}
	return out;
}

static void html_cell(FILE *f, const qt_table *t, size_t r, size_t j)
{
	char buf[64];
	qt_cell c = qt_table_cell(t, r, j);
	if (suppressed(t, r, j)) {
		fputs("<td></td>", f);
	} else if (c.kind == QT_CELL_NUMBER) {
		fprintf(f, "<td class=\"n%s\">%s</td>", c.x == 0 ? " z" : "", qt_html_de_fixed(c.x, c.decimals, buf));
	} else {
		fputs(t->col[j].align == QT_ALIGN_LEFT ? "<td class=\"l\">" : "<td class=\"n\">", f);
		qt_html_esc(f, c.text);
		fputs("</td>", f);
	}
}

int qt_table_print_html(FILE *f, const qt_table *t)
{
	int rc = rows_complete(t);
	if (rc)
		return rc;
	fprintf(f, "<table class=\"daten%s\" id=\"tab-", t->ncol > 16 ? " viele" : "");
	qt_html_esc(f, t->name);
	fputs("\"><caption>", f);
	qt_html_esc(f, qt_table_title(t));
	fputs("</caption>\n<thead><tr>", f);
	for (size_t j = 0; j < t->ncol; j++) {
		fputs(t->col[j].align == QT_ALIGN_LEFT ? "<th class=\"l\" data-key=\"" : "<th data-key=\"", f);
		qt_html_esc(f, t->col[j].key);
		fputs("\">", f);
		qt_html_esc(f, label_shown(t, j));
		fputs("</th>", f);
	}
	fputs("</tr></thead>\n<tbody>\n", f);
	size_t rows = qt_table_rows(t);
	for (size_t r = 0; r < rows; r++) {
		qt_cell first = qt_table_cell(t, r, 0);
		if (t->col[0].translate && first.kind == QT_CELL_TEXT) { /* the row's key, untranslated */
			fputs("<tr data-id=\"", f);
			qt_html_esc(f, first.raw);
			fputs("\">", f);
		} else {
			fputs("<tr>", f);
		}
		for (size_t j = 0; j < t->ncol; j++)
			html_cell(f, t, r, j);
		fputs("</tr>\n", f);
	}
	fputs("</tbody>\n</table>\n", f);
	for (size_t i = 0; i < t->nnote; i++) {
		fputs("<p class=\"anm\">", f);
		qt_html_esc(f, qt_table_note_at(t, i));
		fputs("</p>\n", f);
	}
	if (ferror(f))
		return qt_set_error(QT_EIO, "cannot write table %s: %s", t->name, strerror(errno));
	return 0;
}

int qt_table_print(FILE *f, const qt_table *t, qt_format format)
{
	switch (format) {
	case QT_FORMAT_HTML:
		return qt_table_print_html(f, t);
	case QT_FORMAT_TEXT:
		return qt_table_print_text(f, t);
	case QT_FORMAT_CSV:
		return qt_table_print_csv(f, t);
	case QT_FORMAT_JSON: {
		cJSON *rows;
		int rc = qt_table_json(&rows, t);
		return rc ? rc : qt_json_write(f, rows);
	}
	default:
		break;
	}
	return qt_set_error(QT_EINVAL, "table %s: format %d is not one a table prints", t->name, (int)format);
}
