/* The table layer: one printer for text, CSV and JSON that every report's tables go through.
 * Not installed.
 *
 * A table has a name (the stem of its CSV file), a title, columns (each with a machine key, used as the
 * CSV header, and a short label, used as the text header) and rows of cells filled left to right, row
 * after row. A cell is text, an integer or a number with a fixed number of decimals.
 *
 * Errors are sticky: once an append fails (out of memory, a cell before any column), every later call
 * returns the same code and the print functions refuse, so a builder may append a whole table and check
 * qt_table_status() once at the end.
 */
#ifndef QT_TABLE_H
#define QT_TABLE_H

#include "figures.h"

#include <stdio.h>

typedef struct qt_table qt_table;

/* How the header and the text cells of a column are aligned; numbers are always right-aligned. */
typedef enum { QT_ALIGN_LEFT = 0, QT_ALIGN_RIGHT = 1 } qt_align;

/* *out receives an empty table (NULL on failure). name and title are copied. */
int qt_table_new(qt_table **out, const char *name, const char *title);
void qt_table_free(qt_table *t);
const char *qt_table_name(const qt_table *t);

/* Adds a column; only before the first cell. label may be NULL (then the key is shown). */
int qt_table_column(qt_table *t, const char *key, const char *label, qt_align align);
/* A column as the builders list them, and n of them added at once (the table's sticky status). */
typedef struct {
	const char *key, *label;
	qt_align align;
} qt_column_spec;
int qt_table_columns(qt_table *t, const qt_column_spec *c, size_t n);
/* Text rendering only: in the first n columns a cell is left blank while it and the cells to its left
 * repeat the row above, so long tables read as groups (CSV always repeats every cell). */
void qt_table_group(qt_table *t, size_t n);
/* A line printed under the text table (a legend); not part of the CSV. Copied. */
int qt_table_note(qt_table *t, const char *text);

/* Append one cell to the current row. text is copied; NULL is an empty cell (null in JSON). */
int qt_table_text(qt_table *t, const char *text);
int qt_table_textf(qt_table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int qt_table_int(qt_table *t, long long v);
/* A number shown with `decimals` (0..9) decimals; a non-finite number is an empty cell. */
int qt_table_fixed(qt_table *t, double v, int decimals);

/* Appends the rows of src to dst, each led by a text cell `value` in a first column `key` (label
 * `label`); dst without columns takes that column and src's columns first. The columns after the
 * first must be src's (tables of the same builder). Notes of src are taken once. */
int qt_table_stack(qt_table *dst, const qt_table *src, const char *key, const char *label, const char *value);

/* 0 or the first error an append met. */
int qt_table_status(const qt_table *t);
size_t qt_table_rows(const qt_table *t);

/* Aligned text: title line, header, a rule under it, the rows, the notes, a blank line.
 * Widths count UTF-8 characters, not bytes. Returns 0, QT_EIO, or the table's sticky error. */
int qt_table_print_text(FILE *f, const qt_table *t);
/* CSV for German spreadsheets: UTF-8 BOM, ';' separator, CRLF, decimal comma, fields quoted with '"'
 * when they contain ';', '"', CR or LF (quotes doubled). Header row of column keys, no title, no notes. */
int qt_table_print_csv(FILE *f, const qt_table *t);
/* Writes the CSV to path atomically: a temporary file in the same directory, fsync, rename. On failure
 * the temporary file is removed and any earlier file at path is left as it was. */
int qt_table_write_csv(const char *path, const qt_table *t);

/* dir/NAME.csv (NAME: the table's name), written as qt_table_write_csv does. */
int qt_table_write_in(const char *dir, const qt_table *t);

struct cJSON;
/* The rows as a JSON array of objects keyed by the column keys: text cells as strings, numbers
 * unrounded, an empty cell (a NULL text, a non-finite number) as null. Notes are left out. */
int qt_table_json(struct cJSON **out, const qt_table *t);

/* For people (text, HTML, XLSX) the title, the column labels and the notes are translated
 * (qt_tr, i18n.h); so are the text cells of a column marked here (their texts are msgids). CSV and
 * JSON keep the keys and the cells as given. */
void qt_table_translate(qt_table *t, size_t col);

/* An HTML <table class="daten" id="tab-NAME"> with the title as caption, then each note as
 * <p class="anm">; numbers the German way ("1.234,5"), zeros faint (class "z"). */
int qt_table_print_html(FILE *f, const qt_table *t);

/* Reading a table back (the chart and workbook writers): title, labels and notes as shown to
 * people; a cell as a number or a text. */
const char *qt_table_title(const qt_table *t);
size_t qt_table_ncols(const qt_table *t);
const char *qt_table_key(const qt_table *t, size_t j);
const char *qt_table_label(const qt_table *t, size_t j);
size_t qt_table_nnotes(const qt_table *t);
const char *qt_table_note_at(const qt_table *t, size_t i);
typedef enum { QT_CELL_EMPTY = 0, QT_CELL_TEXT, QT_CELL_NUMBER } qt_cell_kind;
typedef struct {
	qt_cell_kind kind;
	double x;          /* QT_CELL_NUMBER; NAN otherwise */
	int decimals;      /* decimals shown (0 for whole numbers) */
	const char *text;  /* QT_CELL_TEXT, borrowed: as shown (translated where the column is) */
	const char *raw;   /* QT_CELL_TEXT: as given (a msgid untranslated), for keys */
} qt_cell;
/* Cell (r, j); QT_CELL_EMPTY out of range, for an empty cell and for a non-finite number. */
qt_cell qt_table_cell(const qt_table *t, size_t r, size_t j);

/* The table in one format: QT_FORMAT_TEXT, QT_FORMAT_CSV, QT_FORMAT_JSON (qt_table_json,
 * printed) or QT_FORMAT_HTML. The one entry every report's tables go through. */
int qt_table_print(FILE *f, const qt_table *t, qt_format format);

/* x with `decimals` decimals and `mark` as the decimal mark ('.' or ','), into buf; never "-0,00";
 * a non-finite x is "". Returns buf. */
char *qt_format_fixed(char *buf, size_t size, double x, int decimals, char mark);

/* Characters (code points) in a UTF-8 string: its width in a terminal for Latin scripts. */
size_t qt_utf8_width(const char *s);

#endif
