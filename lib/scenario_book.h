/* A scenario as a workbook (README, "Scenarios as spreadsheets"): the sheets and their columns,
 * read into the scenario document the JSON reader checks, and written from it. Not installed. */
#ifndef QT_SCENARIO_BOOK_H
#define QT_SCENARIO_BOOK_H

#include "book.h"
#include "scenario_json.h"

#include <cJSON.h>

/* The sheets of README.md "Scenarios as spreadsheets", in the order they are read. */
typedef enum { FORM_SETTINGS, FORM_PERIODS, FORM_LIST, FORM_RENT_CAPS, FORM_FUTURE_PERIODS } qt_sheet_form;
typedef struct {
	const char *name;
	const char *list; /* dotted path of the list or object the rows fill */
	const char *const *cols;
	size_t n_cols;
	qt_sheet_form form;
	bool extra; /* further columns are numeric key columns (municipalities) */
} qt_sheet_spec;
enum { QT_N_SHEET_SPECS = 9 };
extern const qt_sheet_spec qt_sheet_specs[QT_N_SHEET_SPECS];
/* The columns of the `periods` sheet and the per-period keys of the document they fill. */
enum { QT_N_PERIOD_COLUMNS = 7 };
extern const char *const qt_period_columns[QT_N_PERIOD_COLUMNS][2];
/* obj's member at a dotted path ("rent_caps.areas"), or NULL. */
cJSON *qt_json_get_dotted(cJSON *obj, const char *path);

/* Where each value of a document read from a book came from, by JSON Pointer. */
typedef struct qt_places qt_places;
void qt_places_free(qt_places *pl);
/* Prefixes each error's message with the place of its pointer (the nearest one recorded):
 * "gu_sites!F18 (places): ...". */
void qt_places_annotate(qt_places *pl, const qt_book *b, qt_errors *e);

/* The scenario document of the book, and in *places where each value came from. Problems of the
 * cells and sheets (an unknown column, a missing sheet, a value given twice) go to b->errors;
 * the values' own checks are left to the JSON reader. NULL only when out of memory. */
cJSON *qt_book_to_document(qt_book *b, qt_places **places);
/* Reads the scenario of a filled book (scenario.c): the document of qt_book_to_document, checked
 * as JSON is, each error naming its cell; as qt_scenario_read_file_with otherwise. */
int qt_scenario_read_book(qt_scenario **out, qt_errors **errors, qt_book *b, const char *const *sets,
			  size_t n_sets);
/* The sheets of a scenario document (the inverse of qt_book_to_document). NULL when out of
 * memory. */
qt_book *qt_book_from_document(const cJSON *doc);
/* The sheets a new district starts from: the scenario settings, the municipalities of the seed
 * (a parsed municipalities.csv book, may be NULL) and the other sheets' headers. */
qt_book *qt_book_template(const qt_book *seed);
/* The units of a column by its header, for the header comments of a written workbook; NULL if
 * it has none. Also whether its values are one of a list, and the list. */
const char *qt_book_column_unit(const char *header);
const char *const *qt_book_column_choices(const char *header, size_t *n);
#endif
