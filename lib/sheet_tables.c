/* The quota sheets as text and CSV: the sheet's tables (head, periods, offers, overview) built on the
 * table layer and printed with qt_table_print, so both formats share the builders and the printer. */
#include "quota_sheet.h"

#include <stdlib.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *status_de(qt_status st)
{
	switch (st) {
	case QT_STATUS_OPTIMAL:
		return "optimal";
	case QT_STATUS_GAP_REACHED:
		return "Zielabstand erreicht";
	case QT_STATUS_TIME_LIMIT:
		return "Zeitgrenze erreicht";
	case QT_STATUS_NO_INTEGER_PLAN:
		return "kein ganzzahliger Plan";
	case QT_STATUS_INTERRUPTED:
		return "abgebrochen";
	}
	return "";
}

typedef struct {
	int flat;    /* flags as 0/1 columns instead of the words of the note column (CSV) */
	int with_id; /* id and name columns on every row (CSV files, all sheets in one table) */
} shape;

#define L QT_ALIGN_LEFT
#define R QT_ALIGN_RIGHT
static const qt_column_spec id_cols[] = { { "municipality_id", "AGS", L }, { "municipality", "Gemeinde", L },
					  { "share_percent", "Anteil %", R } };
static const qt_column_spec quota_cols[] = { { "period", "Quartal", L },	  { "distributed", "im Kreis verteilt", R },
					     { "credit", "Anrechnung", R },	  { "quota", "Quote kumuliert", R },
					     { "increment", "Zuwachs", R } };
static const qt_column_spec plan_cols[] = {
	{ "placed_own", "eigene Plätze", R }, { "placed_kombimodell", "Kombimodell", R }, { "placed_offers", "Wohnungen", R },
	{ "placed", "vermittelt", R },	      { "placed_cumulative", "vermittelt kumuliert", R },
	{ "under", "Rückstand", R },	      { "over", "Mehraufnahme", R }
};
static const qt_column_spec flag_cols[] = { { "tie", "Gleichstand", R }, { "paradox", "Paradoxon", R } };
static const qt_column_spec note_cols[] = { { "note", "Hinweis", L } };
#undef L
#undef R
#define SPECS(a) (a), sizeof(a) / sizeof((a)[0])

static void period_columns(qt_table *t, const qt_quota_sheets *q, shape sh)
{
	if (sh.with_id)
		qt_table_columns(t, SPECS(id_cols));
	qt_table_columns(t, SPECS(quota_cols));
	if (q->p)
		qt_table_columns(t, SPECS(plan_cols));
	if (sh.flat)
		qt_table_columns(t, SPECS(flag_cols));
	else
		qt_table_columns(t, SPECS(note_cols));
}

static void period_rows(qt_table *t, const qt_quota_sheets *q, int m, shape sh)
{
	const qt_scenario *s = q->s;
	const int T = s->T;
	for (int period = 1; period <= T; period++) {
		size_t i = QT_IX(m, period, T);
		char label[8], notes[96];
		qt_period_label(s->start_year, s->start_q, period, label);
		if (sh.with_id) {
			qt_table_text(t, s->muni[m].id);
			qt_table_text(t, s->muni[m].name);
			qt_table_fixed(t, 100.0 * q->Q.share[m], 4);
		}
		qt_table_text(t, label);
		qt_table_int(t, q->Q.N[period]);
		qt_table_int(t, q->Q.credit[i]);
		qt_table_int(t, q->Q.q[i]);
		qt_table_int(t, q->Q.q[i] - qt_sheet_quota(q, m, period - 1));
		if (q->p) {
			const qt_placed *pl = &q->placed[i];
			qt_table_int(t, pl->own);
			qt_table_int(t, pl->kombi);
			qt_table_int(t, pl->offers);
			qt_table_int(t, pl->own + pl->kombi + pl->offers);
			qt_table_int(t, pl->cumulative);
			qt_table_int(t, q->p->under[i]);
			qt_table_int(t, q->p->over[i]);
		}
		if (sh.flat) {
			qt_table_int(t, q->Q.tie[i] != 0);
			qt_table_int(t, q->Q.paradox[i] != 0);
		} else {
			qt_table_text(t, qt_sheet_notes_text(qt_sheet_notes(q, m, period), notes, sizeof notes));
		}
	}
}

/* Finishes a builder: the table, or NULL and the first error. */
static int finish(qt_table **out, qt_table *t)
{
	int rc = qt_table_status(t);
	if (rc) {
		qt_table_free(t);
		*out = NULL;
		return rc;
	}
	*out = t;
	return 0;
}

/* The period table of one municipality (m >= 0) or of all of them (m < 0, always with ids). */
static int period_table(qt_table **out, const qt_quota_sheets *q, int m, shape sh)
{
	*out = NULL;
	qt_table *t;
	char *title = m >= 0 ? qt_asprintf("Quote je Quartal: %s (Personen)", qt_sheet_name(q, m))
			     : qt_strdup("Quoten aller Gemeinden je Quartal (Personen)");
	int rc = title ? qt_table_new(&t, m >= 0 ? q->stem[m] : QT_STEM_ALL, title)
		       : qt_set_error(QT_ENOMEM, "out of memory");
	free(title);
	if (rc)
		return rc;
	if (m < 0)
		sh.with_id = 1;
	period_columns(t, q, sh);
	if (m < 0) {
		qt_table_group(t, 2);
		for (int k = 0; k < q->s->n_muni; k++)
			period_rows(t, q, k, sh);
	} else {
		period_rows(t, q, m, sh);
	}
	if (!sh.flat) {
		for (size_t i = 0; qt_sheet_legend[i]; i++)
			qt_table_note(t, qt_sheet_legend[i]);
		for (size_t i = 0; q->p && qt_sheet_legend_plan[i]; i++)
			qt_table_note(t, qt_sheet_legend_plan[i]);
	}
	return finish(out, t);
}

static void head_row(qt_table *t, const char *item, const char *value)
{
	qt_table_text(t, item);
	qt_table_text(t, value);
}

/* The head of a sheet: district, municipality, scenario, span, method, key, share, credit, plan. */
static int head_table(qt_table **out, const qt_quota_sheets *q, int m)
{
	*out = NULL;
	const qt_scenario *s = q->s;
	qt_table *t;
	char *title = qt_asprintf("AU-Quotenblatt %s (%s)", qt_sheet_name(q, m), s->muni[m].id);
	int rc = title ? qt_table_new(&t, "kopf", title) : qt_set_error(QT_ENOMEM, "out of memory");
	free(title);
	if (rc)
		return rc;
	char buf[512];
	qt_table_column(t, "item", "Angabe", QT_ALIGN_LEFT);
	qt_table_column(t, "value", "Wert", QT_ALIGN_LEFT);
	head_row(t, "Landkreis", q->district);
	head_row(t, "Gemeinde", qt_sheet_name(q, m));
	head_row(t, "Kennziffer (AGS)", s->muni[m].id);
	head_row(t, "Szenario", s->name ? s->name : "");
	head_row(t, "Zeitraum", qt_sheet_span_text(q, buf, sizeof buf));
	head_row(t, "Verfahren", qt_sheet_method_text(q));
	head_row(t, "Schlüssel", qt_sheet_key_text(q, buf, sizeof buf));
	char pct[32];
	qt_format_fixed(pct, sizeof pct, 100.0 * q->Q.share[m], 4, ',');
	qt_table_text(t, "Schlüsselanteil");
	qt_table_textf(t, "%s %%", pct);
	head_row(t, "Anrechnung", qt_sheet_credit_text(q, m, buf, sizeof buf));
	if (q->p) {
		qt_format_fixed(pct, sizeof pct, 100.0 * q->p->gap, 2, ',');
		qt_table_text(t, "Plan");
		qt_table_textf(t, "%s, Abstand zur unteren Schranke %s %%", status_de(q->p->status), pct);
	}
	return finish(out, t);
}

/* Flat offers the plan uses in m: the ones the district forwards to the municipality. */
int qt_sheet_offers_table(qt_table **out, const qt_quota_sheets *q, int m)
{
	*out = NULL;
	const qt_scenario *s = q->s;
	qt_table *t;
	char *name = qt_asprintf("%s" QT_STEM_OFFERS_SUFFIX, q->stem[m]);
	char *title = qt_asprintf("Wohnungsangebote in %s, die der Plan belegt (vom Landkreis weiterzuleiten)",
				  qt_sheet_name(q, m));
	int rc = name && title ? qt_table_new(&t, name, title) : qt_set_error(QT_ENOMEM, "out of memory");
	free(name);
	free(title);
	if (rc)
		return rc;
	qt_table_column(t, "offer", "Angebot", QT_ALIGN_LEFT);
	qt_table_column(t, "period", "Quartal", QT_ALIGN_LEFT);
	qt_table_column(t, "household", "Haushalt", QT_ALIGN_RIGHT);
	qt_table_column(t, "units", "Wohnungen", QT_ALIGN_RIGHT);
	qt_table_column(t, "households", "belegt", QT_ALIGN_RIGHT);
	qt_table_column(t, "persons", "Personen", QT_ALIGN_RIGHT);
	qt_table_column(t, "rent", "Miete EUR", QT_ALIGN_RIGHT);
	qt_table_column(t, "rent_cap", "Obergrenze EUR", QT_ALIGN_RIGHT);
	for (size_t k = q->offers_at[m]; k < q->offers_at[m + 1]; k++) {
		const qt_offer *o = &s->offer[q->offers[k].offer];
		char label[8];
		qt_period_label(s->start_year, s->start_q, o->period, label);
		qt_table_text(t, o->id);
		qt_table_text(t, label);
		qt_table_text(t, qt_class_names[o->hclass]);
		qt_table_int(t, o->units);
		qt_table_int(t, q->offers[k].households);
		qt_table_int(t, q->offers[k].persons);
		qt_table_fixed(t, o->rent, 2);
		if (o->cap < 0)
			qt_table_text(t, "");
		else
			qt_table_fixed(t, o->cap, 2);
	}
	qt_table_note(t, "Haushalt: Haushaltsgröße (Personen); Miete und Mietobergrenze in Euro je Monat.");
	return finish(out, t);
}

/* A cell of an overview matrix; in text a quota carries "*" for a tie and "!" for the paradox. */
static void overview_cell(qt_table *t, long v, unsigned notes, int marks)
{
	if (!marks || !(notes & (QT_NOTE_TIE | QT_NOTE_PARADOX))) {
		qt_table_int(t, v);
		return;
	}
	qt_table_textf(t, "%ld%s%s", v, notes & QT_NOTE_TIE ? "*" : "", notes & QT_NOTE_PARADOX ? "!" : "");
}

/* Municipalities x periods: the cumulative quota, or with balance = 1 the plan's cumulative
 * placements minus the quota. The last row sums every column. */
static int overview_table(qt_table **out, const qt_quota_sheets *q, int balance, int marks)
{
	*out = NULL;
	const qt_scenario *s = q->s;
	const int T = s->T;
	qt_table *t;
	int rc = qt_table_new(&t, balance ? QT_STEM_BALANCE : QT_STEM_OVERVIEW,
			   balance ? "Saldo je Gemeinde: vermittelt kumuliert minus Quote kumuliert (Personen)"
				   : "Übersicht: Quote kumuliert je Gemeinde und Quartal (Personen)");
	if (rc)
		return rc;
	qt_table_column(t, "municipality_id", "AGS", QT_ALIGN_LEFT);
	qt_table_column(t, "municipality", "Gemeinde", QT_ALIGN_LEFT);
	qt_table_column(t, "share_percent", "Anteil %", QT_ALIGN_RIGHT);
	for (int period = 1; period <= T; period++) {
		char label[8];
		qt_period_label(s->start_year, s->start_q, period, label);
		qt_table_column(t, label, label, QT_ALIGN_RIGHT);
	}
	long sum[QT_MAX_PERIODS + 1] = { 0 };
	double share = 0;
	for (int m = 0; m < s->n_muni; m++) {
		qt_table_text(t, s->muni[m].id);
		qt_table_text(t, s->muni[m].name);
		qt_table_fixed(t, 100.0 * q->Q.share[m], 4);
		share += q->Q.share[m];
		for (int period = 1; period <= T; period++) {
			long v = qt_sheet_overview_value(q, m, period, balance);
			sum[period] += v;
			overview_cell(t, v, balance ? 0 : qt_sheet_notes(q, m, period), marks);
		}
	}
	qt_table_text(t, "");
	qt_table_text(t, "Summe");
	qt_table_fixed(t, 100.0 * share, 4);
	for (int period = 1; period <= T; period++)
		qt_table_int(t, sum[period]);
	if (marks && !balance) {
		qt_table_note(t, "Summe je Quartal = N(t), die bis dahin im Kreis verteilten Personen. "
				 "* Gleichstand, ! Alabama-Paradoxon (siehe Gemeindeblatt).");
	} else if (marks) {
		qt_table_note(t, "Positiv: Mehraufnahme, negativ: Rückstand gegenüber der Quote.");
	}
	return finish(out, t);
}

int qt_sheet_balance_table(qt_table **out, const qt_quota_sheets *q)
{
	return overview_table(out, q, 1, 0);
}

/* ---- documents ---- */

static int print_tables(FILE *f, qt_table **tabs, size_t n, qt_format format)
{
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++)
		if (tabs[i])
			rc = qt_table_print(f, tabs[i], format);
	return rc;
}

static void free_tables(qt_table **tabs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		qt_table_free(tabs[i]);
}

/* One municipality's sheet for reading: head, periods, offers (with a plan). */
static int write_sheet(FILE *f, const qt_quota_sheets *q, int m, qt_format format)
{
	qt_table *tabs[3] = { NULL, NULL, NULL };
	int rc = head_table(&tabs[0], q, m);
	if (!rc)
		rc = period_table(&tabs[1], q, m, (shape){ 0, 0 });
	if (!rc && q->p && q->offers_at[m + 1] > q->offers_at[m])
		rc = qt_sheet_offers_table(&tabs[2], q, m);
	if (!rc)
		rc = print_tables(f, tabs, COUNT(tabs), format);
	if (!rc && q->p && q->offers_at[m + 1] == q->offers_at[m])
		fprintf(f, "Wohnungsangebote in %s, die der Plan belegt: keine\n\n", qt_sheet_name(q, m));
	free_tables(tabs, COUNT(tabs));
	return rc;
}

static int write_overview(FILE *f, const qt_quota_sheets *q, qt_format format)
{
	qt_table *tabs[2] = { NULL, NULL };
	int rc = overview_table(&tabs[0], q, 0, 1);
	if (!rc && q->p)
		rc = overview_table(&tabs[1], q, 1, 1);
	if (!rc)
		rc = print_tables(f, tabs, COUNT(tabs), format);
	free_tables(tabs, COUNT(tabs));
	return rc;
}

/* A document for spreadsheets and programs is one flat table: the periods with ids and 0/1 flags,
 * or the overview without marks; the offers and the balance are files of their own. */
static int write_flat(FILE *f, const qt_quota_sheets *q, size_t which, qt_format format)
{
	qt_table *t = NULL;
	int rc = which == QT_SHEET_OVERVIEW ? overview_table(&t, q, 0, 0)
					    : period_table(&t, q, which == QT_SHEET_ALL ? -1 : (int)which,
							   (shape){ 1, 1 });
	if (rc)
		return rc;
	rc = qt_table_print(f, t, format);
	qt_table_free(t);
	return rc;
}

int qt_sheet_write_tables(FILE *f, const qt_quota_sheets *q, size_t which, qt_format format)
{
	if (format != QT_FORMAT_TEXT)
		return write_flat(f, q, which, format);
	if (which == QT_SHEET_OVERVIEW)
		return write_overview(f, q, format);
	if (which != QT_SHEET_ALL)
		return write_sheet(f, q, (int)which, format);
	int rc = 0;
	for (int m = 0; m < q->s->n_muni && !rc; m++) {
		if (m > 0)
			fputs("========================================================================\n\n", f);
		rc = write_sheet(f, q, m, format);
	}
	return rc;
}
