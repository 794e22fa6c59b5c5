/* The one comparison of two plans, for quartier compare (two solved scenarios) and quartier diff
 * (two stored runs): tables of A, B and B - A built through the table layer. Not installed. */
#ifndef QT_COMPARE_H
#define QT_COMPARE_H

#include "table.h"

/* One plan of the comparison. kept_modules: Kombimodell modules kept from an earlier run (0 if
 * none); the plan alone does not know them. */
typedef struct {
	const qt_scenario *s;
	const qt_plan *p;
	long kept_modules;
} qt_compare_side;

typedef enum {
	QT_COMPARE_FIGURES = 0, /* key figures: figure, A, B, B - A */
	QT_COMPARE_PERIODS,     /* per period (matched by label) and district figure */
	QT_COMPARE_GU,          /* per GU site (matched by id) and period */
	QT_COMPARE_KOMBI,       /* per Kombimodell site (matched by id) and period */
	QT_COMPARE_MUNI,        /* per municipality (matched by id) and period */
	QT_COMPARE_FUTURES,     /* plans over futures: per future (matched by id) and figure */
	QT_COMPARE_COMMITMENT,  /* plans over futures: the decisions of the committed quarters */
	QT_COMPARE_NTAB
} qt_compare_tab;

/* The key of table id in a JSON comparison ("figures", "periods", ...). */
const char *qt_compare_key(qt_compare_tab id);

/* *out: table id, empty, named prefix + its key (its CSV file's stem). */
int qt_compare_table_new(qt_table **out, qt_compare_tab id, const char *prefix);

/* Appends table id's rows for a and b; for plans over futures the key figures are those over the
 * futures (QT_COMPARE_FUTURES and QT_COMPARE_COMMITMENT need plans over futures). Except for the key figures, only the rows that differ
 * unless all > 0, with a note saying so (all < 0: the command offers no --all). */
int qt_compare_rows(qt_table *t, qt_compare_tab id, const qt_compare_side *a, const qt_compare_side *b, int all);

/* Where the tables of a comparison go: text to f, CSV to f or as files into dir, or JSON as keys
 * of root. */
typedef struct {
	qt_format format;
	FILE *f;
	const char *dir;
	struct cJSON *root;
} qt_compare_out;

/* Puts t where o says (JSON: under key) and frees t. */
int qt_compare_put(const qt_compare_out *o, qt_table *t, const char *key);

/* Builds and puts the tables matched by period label and id (periods, GU and Kombimodell sites,
 * municipalities), each named prefix + its key. */
int qt_compare_matched(const qt_compare_out *o, const qt_compare_side *a, const qt_compare_side *b, int all,
		       const char *prefix);

#endif
