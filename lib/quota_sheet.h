/* The AU quota sheets inside the library, in three layers that call only downwards: the figures and
 * texts every format shows (quota_sheet.c); one renderer per format (sheet_tables.c for text and CSV
 * through the table layer, sheet_json.c, sheet_html.c); the writer that picks the renderer and names
 * the files (sheet_write.c). Not installed. */
#ifndef QT_QUOTA_SHEET_H
#define QT_QUOTA_SHEET_H

#include "report.h"

/* One flat offer the plan uses, as a sheet lists it. */
typedef struct {
	int offer;       /* index into s->offer */
	long households; /* placed into it (ao) */
	long persons;
} qt_sheet_offer;

struct qt_quota_sheets {
	const qt_scenario *s; /* borrowed */
	const qt_plan *p;     /* borrowed; NULL: the sheets show the quota only */
	qt_quotas Q;
	char *district;
	char **stem;          /* [M] file name stem: id and ASCII slug of the name */
	qt_placed *placed;    /* [M*(T+1)] with a plan, row m at QT_IX(m, 0, T) */
	qt_sheet_offer *offers; /* with a plan: the used offers, grouped by municipality */
	size_t *offers_at;    /* [M+1]: offers of m are offers[offers_at[m] .. offers_at[m+1]) */
	qt_scenario view;     /* the future's view of the scenario when one future is shown (s = &view) */
};

/* ---- figures and texts (quota_sheet.c) ---- */

/* File stems of the documents besides the sheets (no sheet's stem equals one of them), and the suffix
 * of a sheet's offers file (STEM-wohnungen.csv). */
#define QT_STEM_OVERVIEW "uebersicht"
#define QT_STEM_BALANCE "uebersicht-saldo"
#define QT_STEM_ALL "alle-blaetter"
#define QT_STEM_OFFERS_SUFFIX "-wohnungen"

/* Notes a sheet shows for municipality m in period t (1..T). */
enum { QT_NOTE_TIE = 1, QT_NOTE_PARADOX = 2, QT_NOTE_CREDIT_COVERS = 4 };
unsigned qt_sheet_notes(const qt_quota_sheets *q, int m, int t);
/* The notes as German words joined by ", " ("" for none), into buf. */
const char *qt_sheet_notes_text(unsigned notes, char *buf, size_t size);

/* Cumulative quota of m in t; 0 for t = 0. */
long qt_sheet_quota(const qt_quota_sheets *q, int m, int t);
/* A cell of the overview: the cumulative quota of m in t, or with balance the plan's cumulative
 * placements minus it. */
long qt_sheet_overview_value(const qt_quota_sheets *q, int m, int t, int balance);
/* The name of municipality m, "" if it has none. Borrowed. */
const char *qt_sheet_name(const qt_quota_sheets *q, int m);

/* Texts of the sheet head, shared by every format; each returns buf. */
const char *qt_sheet_method_text(const qt_quota_sheets *q);
char *qt_sheet_key_text(const qt_quota_sheets *q, char *buf, size_t size);
char *qt_sheet_credit_text(const qt_quota_sheets *q, int m, char *buf, size_t size);
char *qt_sheet_span_text(const qt_quota_sheets *q, char *buf, size_t size);

/* The legends printed under the period table (German), NULL-terminated. */
extern const char *const qt_sheet_legend[];
extern const char *const qt_sheet_legend_plan[];

/* ---- renderers: `which` is a sheet index, QT_SHEET_OVERVIEW or QT_SHEET_ALL, already checked ---- */

/* Text or CSV (sheet_tables.c): the document's tables printed with qt_table_print. */
int qt_sheet_write_tables(FILE *f, const qt_quota_sheets *q, size_t which, qt_format format);
/* Tables that have CSV files of their own: the offers a plan uses in m (STEM-wohnungen) and, with a
 * plan, the balance overview (uebersicht-saldo). *out is NULL on failure. */
int qt_sheet_offers_table(qt_table **out, const qt_quota_sheets *q, int m);
int qt_sheet_balance_table(qt_table **out, const qt_quota_sheets *q);
/* The quota object (sheet_json.c) with every municipality (m < 0) or one. */
int qt_sheet_write_json(FILE *f, const qt_quota_sheets *q, int m);
/* One self-contained HTML document (sheet_html.c). */
int qt_sheet_write_html(FILE *f, const qt_quota_sheets *q, size_t which);

#endif
