/* The report tables of a plan, one builder each, shared by the text, CSV and JSON reports and the run
 * database's export; and the check that a scenario and a plan fit together. */
#include "i18n.h"
#include "report.h"

#include <math.h>
#include <string.h>

/* ---- the check every report makes first ---- */

int qt_report_args(const qt_scenario *s, const qt_plan *p)
{
	if (!s || !p)
		return qt_set_error(QT_EINVAL, "report: no scenario or no plan given");
	if (s->T < 1 || s->T > QT_MAX_PERIODS)
		return qt_set_error(QT_EINVAL, "report: %d periods (expected 1..%d)", s->T, QT_MAX_PERIODS);
	if (p->T != s->T || p->G != s->n_gu || p->K != s->n_kombi || p->M != s->n_muni ||
	    p->O != s->n_offer)
		return qt_set_error(QT_EINVAL, "report: the plan's sizes do not match the scenario's");
	return 0;
}

/* ---- helpers of the builders ---- */

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void label_of(const qt_scenario *s, int t, char buf[8])
{
	qt_period_label(s->start_year, s->start_q, t, buf);
}

static int period_cell(qt_table *t, const qt_scenario *s, int period)
{
	char buf[8];
	label_of(s, period, buf);
	return qt_table_text(t, buf);
}

static const char *muni_name(const qt_scenario *s, int m)
{
	return m >= 0 && m < s->n_muni && s->muni[m].name ? s->muni[m].name : "";
}

static const char *state_word(qt_gu_state st)
{
	static const char *const w[] = { "closed", "open", "opening", "closing", "handed_over" };
	return w[st];
}

/* ---- (a) summary ---- */

void qt_summary_text(qt_table *t, const char *item, const char *value, const char *unit)
{
	qt_table_text(t, item);
	qt_table_text(t, value);
	qt_table_text(t, unit);
}

static void summary_int(qt_table *t, const char *item, long long value, const char *unit)
{
	qt_table_text(t, item);
	qt_table_int(t, value);
	qt_table_text(t, unit);
}

void qt_summary_fixed(qt_table *t, const char *item, double value, int decimals, const char *unit)
{
	qt_table_text(t, item);
	qt_table_fixed(t, value, decimals);
	qt_table_text(t, unit);
}

/* GU places against the district's target: in the first period and at their most. */
static void target_rows(qt_table *t, const qt_scenario *s, const qt_plan *p)
{
	long first = 0, most = 0;
	int when = 1;
	for (int period = 1; period <= s->T; period++) {
		qt_period_totals v;
		qt_period_totals_get(&v, s, p, period);
		if (period == 1)
			first = v.gu_places_open;
		if (v.gu_places_open > most) {
			most = v.gu_places_open;
			when = period;
		}
	}
	char a[8], b[8];
	label_of(s, 1, a);
	label_of(s, when, b);
	summary_int(t, "GU places target", s->target_places, "places");
	qt_table_text(t, N_("GU places vs target"));
	qt_table_textf(t, "%ld (%.1f %%) in %s, most %ld (%.1f %%) in %s", first,
		       100.0 * (double)first / (double)s->target_places, a, most,
		       100.0 * (double)most / (double)s->target_places, b);
	qt_table_text(t, "places");
}

static int summary_table(qt_table *t, const qt_scenario *s, const qt_plan *p)
{
	static const qt_column_spec cols[] = {
		{ "item", "item", QT_ALIGN_LEFT },
		{ "value", "value", QT_ALIGN_LEFT },
		{ "unit", "unit", QT_ALIGN_LEFT },
	};
	qt_table_columns(t, cols, COUNT(cols));
	qt_table_translate(t, 0);
	char first[8], last[8], span[24], quarters[32];
	label_of(s, 1, first);
	label_of(s, s->T, last);
	snprintf(span, sizeof span, "%s\u2013%s", first, last);
	snprintf(quarters, sizeof quarters, "%d quarter%s", s->T, s->T == 1 ? "" : "s");

	qt_summary_text(t, "scenario", s->name ? s->name : "", "");
	qt_summary_text(t, "periods", s->T == 1 ? first : span, quarters);
	qt_summary_text(t, "status", qt_status_name(p->status), "");
	qt_summary_fixed(t, "gap", 100.0 * p->gap, 2, "%");
	qt_summary_fixed(t, "solve time", p->seconds, 2, "s");
	summary_int(t, "branch-and-bound nodes", p->nodes, "");
	summary_int(t, "program rows", p->rows, "");
	summary_int(t, "program columns", p->cols, "");
	summary_int(t, "integer columns", p->ints, "");
	qt_summary_fixed(t, "best bound", p->bound, 2, "EUR");
	qt_summary_text(t, "objective minimised", qt_objective_names[s->funding.objective],
		     s->funding.objective == QT_OBJ_DISTRICT ? "district's net cost + penalties"
							     : "real cost + penalties");
	qt_summary_fixed(t, "objective total", p->objective, 2, "EUR");
	qt_summary_fixed(t, "real cost", p->cost, 2, "EUR");
	/* qt_payer order; the summary's items are translated as it is printed */
	static const char *const paid_by[QT_NPAYER] = { N_("paid by district"), N_("paid by municipalities"),
							N_("paid by land"), N_("paid by federal") };
	for (int i = 0; i < QT_NPAYER; i++)
		qt_summary_fixed(t, paid_by[i], p->payer_total[i], 2, "EUR");
	if (s->target_places > 0)
		target_rows(t, s, p);
	for (int i = 0; i < QT_NPEN; i++) {
		char item[64];
		snprintf(item, sizeof item, "penalty %s", qt_penalty_names[i]);
		qt_summary_fixed(t, item, p->penalty[i], 2, "EUR");
	}
	return qt_table_status(t);
}

/* ---- (b) per period ---- */

static int periods_table(qt_table *t, const qt_scenario *s, const qt_plan *p)
{
	static const qt_column_spec cols[] = {
		{ "period", "period", QT_ALIGN_LEFT },
		{ "intake", "intake", QT_ALIGN_RIGHT },
		{ "accepted", "accepted", QT_ALIGN_RIGHT },
		{ "backlog", "backlog", QT_ALIGN_RIGHT },
		{ "in_vu", "in vU", QT_ALIGN_RIGHT },
		{ "waiting_persons", "Fehlbeleger", QT_ALIGN_RIGHT },
		{ "unhoused", "unhoused", QT_ALIGN_RIGHT },
		{ "gu_places_open", "GU places", QT_ALIGN_RIGHT },
		{ "gu_persons", "GU persons", QT_ALIGN_RIGHT },
		{ "au_placed_persons", "AU placed", QT_ALIGN_RIGHT },
		{ "municipalities_under_quota", "under quota", QT_ALIGN_RIGHT },
	};
	qt_table_columns(t, cols, COUNT(cols));
	for (int period = 1; period <= s->T; period++) {
		qt_period_totals v;
		qt_period_totals_get(&v, s, p, period);
		period_cell(t, s, period);
		qt_table_int(t, v.intake);
		qt_table_int(t, v.accepted);
		qt_table_int(t, v.backlog);
		qt_table_int(t, v.in_vu);
		qt_table_int(t, v.waiting_persons);
		qt_table_int(t, v.unhoused);
		qt_table_int(t, v.gu_places_open);
		qt_table_int(t, v.gu_persons);
		qt_table_int(t, v.au_placed_persons);
		qt_table_int(t, v.munis_under_quota);
	}
	qt_table_note(t, "Fehlbeleger: entitled to AU, still in a GU. GU places: open sites and Kombimodell "
			 "modules used as GU.");
	qt_table_note(t, "under quota: municipalities behind their cumulative AU quota.");
	return qt_table_status(t);
}

/* ---- (c) GU sites ---- */

static void gu_site_cells(qt_table *t, const qt_scenario *s, int g)
{
	const qt_gu *gu = &s->gu[g];
	qt_table_text(t, gu->id);
	qt_table_text(t, gu->name);
	qt_table_text(t, muni_name(s, gu->muni));
	qt_table_text(t, qt_gu_kind_names[gu->kind]);
}

/* "104" open, "+80" opened in t, "×0" closed in t, "→AU" handed over in t, "–" closed. */
static void gu_state_cell(qt_table *t, const qt_plan *p, int g, int period)
{
	static const char *const prefix[] = { "", "", "+", "\u00d7" };
	qt_gu_state st = qt_gu_state_at(p, g, period);
	if (st == QT_GU_CLOSED)
		qt_table_text(t, "\u2013");
	else if (st == QT_GU_HANDED_OVER)
		qt_table_text(t, "\u2192AU");
	else
		qt_table_textf(t, "%s%ld", prefix[st], p->x[QT_IX(g, period, p->T)]);
}

/* The site's places in the first period, then "77 from 2018Q1" for each change under the
 * living-space standard; returns 1 if they change. */
static int places_cell(qt_table *t, const qt_scenario *s, int g)
{
	char buf[160];
	int prev = qt_gu_capacity(s, &s->gu[g], 1), changes = 0;
	size_t n = (size_t)snprintf(buf, sizeof buf, "%d", prev);
	for (int period = 2; period <= s->T; period++) {
		int cap = qt_gu_capacity(s, &s->gu[g], period);
		if (cap == prev)
			continue;
		char label[8];
		label_of(s, period, label);
		if (n < sizeof buf)
			n += (size_t)snprintf(buf + n, sizeof buf - n, ", %d from %s", cap, label);
		prev = cap;
		changes = 1;
	}
	if (changes)
		qt_table_text(t, buf);
	else
		qt_table_int(t, prev);
	return changes;
}

static int gu_matrix_table(qt_table *t, const qt_scenario *s, const qt_plan *p)
{
	static const qt_column_spec cols[] = {
		{ "id", "id", QT_ALIGN_LEFT },
		{ "name", "name", QT_ALIGN_LEFT },
		{ "municipality", "municipality", QT_ALIGN_LEFT },
		{ "kind", "kind", QT_ALIGN_LEFT },
		{ "places", "places", QT_ALIGN_RIGHT },
	};
	qt_table_columns(t, cols, COUNT(cols));
	qt_table_translate(t, 3);
	for (int period = 1; period <= s->T; period++) {
		char buf[8];
		label_of(s, period, buf);
		qt_table_column(t, buf, buf, QT_ALIGN_RIGHT);
	}
	int changes = 0;
	for (int g = 0; g < s->n_gu; g++) {
		gu_site_cells(t, s, g);
		changes += places_cell(t, s, g);
		for (int period = 1; period <= s->T; period++)
			gu_state_cell(t, p, g, period);
	}
	qt_table_note(t, "Persons per site: 104 = open, +80 = opened this period, \u00d70 = closed this "
			 "period, \u2192AU = handed over to its municipality this period, \u2013 = closed.");
	if (changes)
		qt_table_note(t, "places: the first period's, then each change under the living-space standard "
				 "(FlüAG \u00a7 8).");
	return qt_table_status(t);
}

static int gu_long_table(qt_table *t, const qt_scenario *s, const qt_plan *p)
{
	static const qt_column_spec cols[] = {
		{ "id", "id", QT_ALIGN_LEFT },
		{ "name", "name", QT_ALIGN_LEFT },
		{ "municipality", "municipality", QT_ALIGN_LEFT },
		{ "kind", "kind", QT_ALIGN_LEFT },
		{ "period", "period", QT_ALIGN_LEFT },
		{ "places", "places", QT_ALIGN_RIGHT },
		{ "persons", "persons", QT_ALIGN_RIGHT },
		{ "status", "status", QT_ALIGN_LEFT },
	};
	qt_table_columns(t, cols, COUNT(cols));
	qt_table_group(t, 4);
	for (int g = 0; g < s->n_gu; g++)
		for (int period = 1; period <= s->T; period++) {
			gu_site_cells(t, s, g);
			period_cell(t, s, period);
			qt_table_int(t, qt_gu_capacity(s, &s->gu[g], period));
			qt_table_int(t, p->x[QT_IX(g, period, p->T)]);
			qt_table_text(t, state_word(qt_gu_state_at(p, g, period)));
		}
	return qt_table_status(t);
}

/* ---- (d) Kombimodell ---- */

static int kombi_table(qt_table *t, const qt_scenario *s, const qt_plan *p)
{
	static const qt_column_spec cols[] = {
		{ "id", "id", QT_ALIGN_LEFT },
		{ "municipality", "municipality", QT_ALIGN_LEFT },
		{ "period", "period", QT_ALIGN_LEFT },
		{ "ordered", "ordered", QT_ALIGN_RIGHT },
		{ "usable_modules", "usable", QT_ALIGN_RIGHT },
		{ "gu_modules", "as GU", QT_ALIGN_RIGHT },
		{ "au_modules", "as AU", QT_ALIGN_RIGHT },
		{ "persons", "GU persons", QT_ALIGN_RIGHT },
	};
	qt_table_columns(t, cols, COUNT(cols));
	qt_table_group(t, 2);
	const int T = p->T;
	for (int k = 0; k < s->n_kombi; k++) {
		const qt_kombi *km = &s->kombi[k];
		for (int period = 1; period <= T; period++) {
			qt_kombi_modules mod;
			qt_kombi_modules_get(&mod, s, p, k, period);
			qt_table_text(t, km->id);
			qt_table_text(t, muni_name(s, km->muni));
			period_cell(t, s, period);
			qt_table_int(t, mod.ordered);
			qt_table_int(t, mod.usable);
			qt_table_int(t, mod.gu);
			qt_table_int(t, mod.converted);
			qt_table_int(t, p->y[QT_IX(k, period, T)]);
		}
	}
	qt_table_note(t, "Modules: ordered in the period, usable (delivered after the lead time), used as GU, "
			 "converted to AU.");
	return qt_table_status(t);
}

/* ---- (e) municipalities ---- */

static int muni_table(qt_table *t, const qt_scenario *s, const qt_plan *p)
{
	static const qt_column_spec cols[] = {
		{ "id", "id", QT_ALIGN_LEFT },
		{ "name", "municipality", QT_ALIGN_LEFT },
		{ "period", "period", QT_ALIGN_LEFT },
		{ "quota", "quota", QT_ALIGN_RIGHT },
		{ "placed_own_persons", "own", QT_ALIGN_RIGHT },
		{ "placed_kombimodell_persons", "Kombimodell", QT_ALIGN_RIGHT },
		{ "placed_offers_persons", "flats", QT_ALIGN_RIGHT },
		{ "placed_cumulative", "placed", QT_ALIGN_RIGHT },
		{ "under", "under", QT_ALIGN_RIGHT },
		{ "over", "over", QT_ALIGN_RIGHT },
		{ "au_stock", "AU stock", QT_ALIGN_RIGHT },
	};
	qt_table_columns(t, cols, COUNT(cols));
	int transfers = qt_scenario_has_transfers(s);
	if (transfers)
		qt_table_column(t, "au_places_transferred", N_("from GU"), QT_ALIGN_RIGHT);
	qt_table_group(t, 2);
	const int T = p->T;
	qt_placed placed[QT_MAX_PERIODS + 1];
	for (int m = 0; m < s->n_muni; m++) {
		qt_placed_series(placed, s, p, m);
		for (int period = 1; period <= T; period++) {
			size_t i = QT_IX(m, period, T);
			qt_table_text(t, s->muni[m].id);
			qt_table_text(t, muni_name(s, m));
			period_cell(t, s, period);
			qt_table_int(t, p->q[i]);
			qt_table_int(t, placed[period].own);
			qt_table_int(t, placed[period].kombi);
			qt_table_int(t, placed[period].offers);
			qt_table_int(t, placed[period].cumulative);
			qt_table_int(t, p->under[i]);
			qt_table_int(t, p->over[i]);
			qt_table_int(t, lround(p->A[i]));
			if (transfers)
				qt_table_int(t, qt_transfer_places(s, p, m, period));
		}
	}
	if (transfers)
		qt_table_note(t, "from GU: AU places received with GU sites handed over, up to the period.");
	qt_table_note(t, "Persons placed into AU in the period by source (own places, converted Kombimodell "
			 "modules, flats); quota and placed are cumulative; AU stock is rounded.");
	return qt_table_status(t);
}

/* ---- (f) offers used ---- */

static int offers_table(qt_table *t, const qt_scenario *s, const qt_plan *p)
{
	static const qt_column_spec cols[] = {
		{ "id", "id", QT_ALIGN_LEFT },
		{ "municipality", "municipality", QT_ALIGN_LEFT },
		{ "period", "period", QT_ALIGN_LEFT },
		{ "household", "household", QT_ALIGN_RIGHT },
		{ "rent", "rent", QT_ALIGN_RIGHT },
		{ "rent_cap", "rent cap", QT_ALIGN_RIGHT },
		{ "units", "units", QT_ALIGN_RIGHT },
		{ "households", "households", QT_ALIGN_RIGHT },
		{ "persons", "persons", QT_ALIGN_RIGHT },
	};
	qt_table_columns(t, cols, COUNT(cols));
	for (int o = 0; o < s->n_offer; o++) {
		const qt_offer *of = &s->offer[o];
		if (p->ao[o] <= 0)
			continue;
		qt_table_text(t, of->id);
		qt_table_text(t, muni_name(s, of->muni));
		period_cell(t, s, of->period);
		qt_table_text(t, qt_class_names[of->hclass]);
		qt_table_fixed(t, of->rent, 2);
		if (of->cap < 0)
			qt_table_text(t, "none");
		else
			qt_table_fixed(t, of->cap, 2);
		qt_table_int(t, of->units);
		qt_table_int(t, p->ao[o]);
		qt_table_int(t, p->ao[o] * qt_hs(s, of->hclass));
	}
	qt_table_note(t, "Flats used for AU households; rent and cap in EUR per month.");
	return qt_table_status(t);
}

/* ---- (g) who pays ---- */

static int payers_table(qt_table *t, const qt_scenario *s, const qt_plan *p)
{
	static const char *const labels[QT_NPAYER] = { N_("district"), N_("municipalities"), N_("land"),
						       N_("federal") }; /* qt_payer order */
	qt_table_column(t, "period", "period", QT_ALIGN_LEFT);
	for (int i = 0; i < QT_NPAYER; i++)
		qt_table_column(t, qt_payer_names[i], labels[i], QT_ALIGN_RIGHT);
	qt_table_column(t, "real_cost", "real cost", QT_ALIGN_RIGHT);
	for (int period = 1; period <= s->T + 1; period++) {
		double sum = 0;
		if (period <= s->T)
			period_cell(t, s, period);
		else
			qt_table_text(t, "total");
		for (int i = 0; i < QT_NPAYER; i++) {
			double v = period <= s->T ? p->payers[QT_IX(i, period, s->T)] : p->payer_total[i];
			qt_table_fixed(t, v, 2);
			sum += v;
		}
		qt_table_fixed(t, sum, 2);
	}
	qt_table_note(t, "Real cost in EUR by who pays it: the district (sites, its share of the KdU, payments to "
			 "municipalities, less the Land's payments), the municipalities (AU stock, less the payments), "
			 "the Land, the federal share of the KdU.");
	return qt_table_status(t);
}

/* ---- the table list ---- */

typedef int (*table_builder)(qt_table *t, const qt_scenario *s, const qt_plan *p);

static const struct {
	const char *name, *title;
	table_builder build;
} tables[] = {
	[QT_TAB_SUMMARY] = { "summary", "Summary", summary_table },
	[QT_TAB_PERIODS] = { "periods", "Per period (persons)", periods_table },
	[QT_TAB_GU_MATRIX] = { "gu_sites", "GU sites (persons per period)", gu_matrix_table },
	[QT_TAB_GU_LONG] = { "gu_sites", "GU sites by period", gu_long_table },
	[QT_TAB_KOMBI] = { "kombimodell", "Kombimodell sites (modules and persons)", kombi_table },
	[QT_TAB_MUNI] = { "municipalities", "Municipalities: AU placements and quota", muni_table },
	[QT_TAB_OFFERS] = { "offers_used", "Flat offers used", offers_table },
	[QT_TAB_PAYERS] = { "payers", "Who pays (real cost by payer, EUR)", payers_table },
};

int qt_report_table(qt_table **out, qt_report_tab id, const qt_scenario *s, const qt_plan *p)
{
	*out = NULL;
	int rc = qt_report_args(s, p);
	if (rc)
		return rc;
	if ((size_t)id >= COUNT(tables))
		return qt_set_error(QT_EINVAL, "report: no table %d", (int)id);
	qt_table *t;
	rc = qt_table_new(&t, tables[id].name, tables[id].title);
	if (rc)
		return rc;
	rc = tables[id].build(t, s, p);
	if (rc) {
		qt_table_free(t);
		return rc;
	}
	*out = t;
	return 0;
}
