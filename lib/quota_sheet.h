/* The AU quota sheets: the figures every format shows (quota_sheet.c) and the HTML rendering
 * (report_html.c). Not installed. */
#ifndef QT_QUOTA_SHEET_H
#define QT_QUOTA_SHEET_H

#include "table.h"

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
};

/* Notes a sheet shows for municipality m in period t (1..T). */
enum { QT_NOTE_TIE = 1, QT_NOTE_PARADOX = 2, QT_NOTE_CREDIT_COVERS = 4 };
unsigned qt_sheet_notes(const qt_quota_sheets *q, int m, int t);
/* The notes as German words joined by ", " ("" for none), into buf. */
const char *qt_sheet_notes_text(unsigned notes, char *buf, size_t size);

/* Cumulative quota of m in t; 0 for t = 0. */
long qt_sheet_quota(const qt_quota_sheets *q, int m, int t);

/* Texts of the sheet head, shared by every format; each returns buf. */
const char *qt_sheet_method_text(const qt_quota_sheets *q);
char *qt_sheet_key_text(const qt_quota_sheets *q, char *buf, size_t size);
char *qt_sheet_credit_text(const qt_quota_sheets *q, int m, char *buf, size_t size);
char *qt_sheet_span_text(const qt_quota_sheets *q, char *buf, size_t size);
/* "12,3456 %" style German decimal with `decimals` decimals. */
char *qt_sheet_decimal_de(double x, int decimals, char *buf, size_t size);

/* The legends printed under the period table (German), NULL-terminated. */
extern const char *const qt_sheet_legend[];
extern const char *const qt_sheet_legend_plan[];

/* HTML (report_html.c): one sheet (m >= 0), the overview (QT_SHEET_OVERVIEW) or every sheet
 * (QT_SHEET_ALL) as one self-contained document. */
int qt_sheet_write_html(FILE *f, const qt_quota_sheets *q, size_t which);

#endif
