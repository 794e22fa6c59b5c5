/* A workbook in memory: the sheets of an .xlsx file or the files of a CSV directory, as cells,
 * between the bytes and the scenario document (README, "Scenarios as spreadsheets"). Not
 * installed. */
#ifndef QT_BOOK_H
#define QT_BOOK_H

#include "internal.h"

#include <stdbool.h>
#include <stddef.h>

/* The limits of a workbook: the same sizes as a JSON scenario, and every string bounded. */
enum {
	QT_BOOK_MAX_SHEETS = 64,
	QT_BOOK_MAX_ROWS = QT_MAX_OFFERS + 10000, /* the longest list, its header and empty rows */
	QT_BOOK_MAX_COLS = 1024,                  /* 80 periods of several per-period keys */
	QT_BOOK_MAX_CELLS = 3000000,              /* a scenario at every size limit has about 1,000,000 */
	QT_BOOK_MAX_TEXT = 4096,                  /* bytes of one cell, a sheet name or a header */
	QT_BOOK_MAX_NAME = 64                     /* bytes of a sheet or file name */
};
/* An .xlsx file is a zip archive: bounds on its entries and on what they inflate to, checked while
 * inflating (a zip's header may lie). */
#define QT_BOOK_MAX_ENTRIES 1000
#define QT_BOOK_MAX_ENTRY_BYTES (128L * 1024 * 1024)
#define QT_BOOK_MAX_INFLATED_BYTES (256L * 1024 * 1024)

typedef enum { QT_CELL_TEXT = 0, QT_CELL_NUMBER, QT_CELL_BOOL } qt_cell_kind;

typedef struct {
	int row, col; /* 1-based, as a spreadsheet shows them (column 1 is A) */
	qt_cell_kind kind;
	double num;   /* QT_CELL_NUMBER; QT_CELL_BOOL: 0 or 1 */
	char *text;   /* QT_CELL_TEXT: UTF-8, never empty (empty cells are not kept) */
} qt_cell;

typedef struct {
	char *name;         /* the sheet's name; a CSV file's name without ".csv" */
	bool csv;           /* places shown as "name.csv:ROW:COL", else "name!COLROW" */
	bool decimal_comma; /* CSV with ';': numbers as 1.234,5 */
	qt_cell *cell;      /* in reading order: by row, then column */
	size_t n, cap;
	int rows;           /* the last row holding a cell */
} qt_sheet;

typedef struct {
	qt_sheet *sheet;
	int n;
	qt_errors *errors; /* problems found in the bytes and cells, each naming its place */
	bool nomem;
	size_t cells;      /* over all sheets, for QT_BOOK_MAX_CELLS */
	bool csv;          /* a directory of CSV files (else a workbook) */
	bool broken;       /* a sheet or file could not be read whole: its values are not checked */
} qt_book;

/* A new, empty book; NULL when out of memory. */
qt_book *qt_book_new(void);
void qt_book_free(qt_book *b);
/* Appends a sheet (name copied); NULL after reporting a problem. */
qt_sheet *qt_book_add_sheet(qt_book *b, const char *name, bool csv);
qt_sheet *qt_book_find_sheet(const qt_book *b, const char *name);
/* Puts the cells in reading order: by row, then column. */
void qt_book_sort(qt_sheet *sh);
/* Appends a cell; text is copied and must hold at most QT_BOOK_MAX_TEXT bytes (else reported).
 * Returns false when the book is full or out of memory (then reported). */
bool qt_book_add_text(qt_book *b, qt_sheet *sh, int row, int col, const char *text, size_t len);
bool qt_book_add_number(qt_book *b, qt_sheet *sh, int row, int col, double v);
bool qt_book_add_bool(qt_book *b, qt_sheet *sh, int row, int col, bool v);

/* Column letters of col (1 = "A", 27 = "AA") into buf[8]. */
void qt_book_col_name(int col, char buf[8]);
/* The header of column col (the text in the sheet's first row), or NULL. */
const char *qt_book_header(const qt_sheet *sh, int col);
/* "gu_sites!F18 (places)" or "gu_sites.csv:18:F (places)"; row 0 names the sheet, col 0 the row. Caller
 * frees. */
char *qt_book_place(const qt_sheet *sh, int row, int col);
/* Records a problem at a place of sh (sh may be NULL: the book), with the JSON Pointer it maps to
 * ("" if none). */
void qt_book_error(qt_book *b, const qt_sheet *sh, int row, int col, const char *pointer, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* A number as a spreadsheet user types it: "-1234.5", "1e3"; with decimal_comma "1.234,5" (a '.'
 * only between groups of three digits). Surrounding blanks are allowed. */
bool qt_book_parse_number(const char *text, bool decimal_comma, double *out);
/* true/false, wahr/falsch, ja/nein, 1/0 in any case. */
bool qt_book_parse_bool(const char *text, bool *out);

/* ---- the two file forms (book_csv.c, book_xlsx.c, book_xlsx_write.c) ---- */
/* Reads one CSV file's bytes as sheet `name`: separator from the header line, encoding UTF-8 (BOM
 * or not) or else Windows-1252. Problems go to b->errors. */
void qt_book_read_csv(qt_book *b, const char *name, const char *data, size_t len);
/* Reads every *.csv file of directory dir. */
void qt_book_read_csv_dir(qt_book *b, const char *dir);
/* Writes every sheet as dir/NAME.csv: ';', UTF-8 with BOM, CRLF, decimal comma; returns 0 or a
 * QT_E* code with qt_last_error set. The caller makes it atomic. */
int qt_book_write_csv_dir(const qt_book *b, const char *dir);
/* Reads an .xlsx file from memory (the cells' values only). */
void qt_book_read_xlsx(qt_book *b, const void *data, size_t len);
/* Writes the book as an .xlsx file at path (the caller makes it atomic). */
int qt_book_write_xlsx(const qt_book *b, const char *path);
#endif
