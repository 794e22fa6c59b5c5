/* The reports of a plan over futures: first the decisions to take now (the committed quarters),
 * then the futures side by side (objective split, shortfalls per period), the value of information
 * when it was computed; the full tables of one future on request; CSV with a `future` column. */
#include "report_futures.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void label_of(const qt_scenario *s, int t, char buf[8]) { qt_period_label(s->start_year, s->start_q, t, buf); }

static int summary_table(qt_table *t, const qt_scenario *s, const qt_plan *p)
{
	static const qt_column_spec cols[] = {
		{ "item", "item", QT_ALIGN_LEFT },
		{ "value", "value", QT_ALIGN_LEFT },
		{ "unit", "unit", QT_ALIGN_LEFT },
	};
	qt_table_columns(t, cols, COUNT(cols));
	char first[8], last[8], span[24], buf[32];
	label_of(s, 1, first);
	label_of(s, s->T, last);
	snprintf(span, sizeof span, "%s\u2013%s", first, last);
	qt_summary_text(t, "scenario", s->name ? s->name : "", "");
	qt_summary_text(t, "periods", span, "");
	snprintf(buf, sizeof buf, "%d", p->n_future);
	qt_summary_text(t, "futures", buf, "");
	snprintf(buf, sizeof buf, "%d", p->commit_K);
	qt_summary_text(t, "committed quarters", buf, "");
	qt_summary_text(t, "objective over futures", qt_futures_objective_names[s->fut_objective], "");
	qt_summary_text(t, "status", qt_status_name(p->status), "");
	qt_summary_fixed(t, "gap", 100.0 * p->gap, 2, "%");
	qt_summary_fixed(t, "solve time", p->seconds, 2, "s");
	qt_summary_fixed(t, "program rows", p->rows, 0, "");
	qt_summary_fixed(t, "program columns", p->cols, 0, "");
	qt_summary_fixed(t, "best bound", p->bound, 2, "EUR");
	qt_summary_fixed(t, "objective", p->objective, 2, "EUR");
	qt_summary_fixed(t, "objective expected", p->expected, 2, "EUR");
	qt_summary_fixed(t, "objective worst", p->worst, 2, "EUR");
	qt_table_note(t, "Program size: the futures' programs together (the futures program adds the rows "
			 "that make the committed quarters equal).");
	return qt_table_status(t);
}

/* Appends one decision to the growing list; 0 or QT_ENOMEM. */
static int add_decision(qt_decisions *d, int period, const char *kind, const char *id, const char *what, long n)
{
	if (d->n % 16 == 0) {
		qt_decision *more = realloc(d->item, (d->n + 16) * sizeof *more);
		if (!more)
			return qt_set_error(QT_ENOMEM, "out of memory");
		d->item = more;
	}
	d->item[d->n++] = (qt_decision){ period, kind, id, what, n };
	return 0;
}

/* The decisions of one committed quarter u, GU sites first. */
static int quarter_decisions(qt_decisions *d, const qt_scenario *s, const qt_plan *a, int u)
{
	int rc = 0;
	for (int g = 0; !rc && g < s->n_gu; g++) {
		size_t ix = QT_IX(g, u, s->T);
		long places = s->gu[g].places;
		if (a->up[ix])
			rc = add_decision(d, u, "GU", s->gu[g].id, "open", places);
		if (!rc && a->dn[ix])
			rc = add_decision(d, u, "GU", s->gu[g].id, "close", places);
		if (!rc && a->tr[ix])
			rc = add_decision(d, u, "GU", s->gu[g].id, "hand over", places);
	}
	for (int k = 0; !rc && k < s->n_kombi; k++) {
		size_t ix = QT_IX(k, u, s->T);
		if (a->b[ix])
			rc = add_decision(d, u, "Kombimodell", s->kombi[k].id, "order modules", a->b[ix]);
		if (!rc && a->na[ix] > a->na[ix - 1])
			rc = add_decision(d, u, "Kombimodell", s->kombi[k].id, "convert modules to AU",
					  a->na[ix] - a->na[ix - 1]);
	}
	return rc;
}

int qt_futures_decisions(qt_decisions *out, const qt_scenario *s, const qt_plan *p)
{
	memset(out, 0, sizeof *out);
	int rc = 0;
	for (int u = 1; !rc && u <= p->commit_K; u++)
		rc = quarter_decisions(out, s, p->future[0], u);
	if (rc)
		qt_decisions_free(out);
	return rc;
}

void qt_decisions_free(qt_decisions *d)
{
	free(d->item);
	memset(d, 0, sizeof *d);
}

/* The events of the committed quarters: GU sites opened and closed, modules ordered and converted. */
static int commitment_table(qt_table *t, const qt_scenario *s, const qt_plan *p)
{
	static const qt_column_spec cols[] = {
		{ "period", "period", QT_ALIGN_LEFT },	 { "kind", "kind", QT_ALIGN_LEFT },
		{ "id", "id", QT_ALIGN_LEFT },		 { "decision", "decision", QT_ALIGN_LEFT },
		{ "count", "count", QT_ALIGN_RIGHT },
	};
	qt_table_columns(t, cols, COUNT(cols));
	qt_decisions d;
	int rc = qt_futures_decisions(&d, s, p);
	for (size_t i = 0; i < d.n; i++) {
		char buf[8];
		label_of(s, d.item[i].period, buf);
		qt_table_text(t, buf);
		qt_table_text(t, d.item[i].kind);
		qt_table_text(t, d.item[i].id);
		qt_table_text(t, d.item[i].what);
		qt_table_int(t, d.item[i].count);
	}
	qt_decisions_free(&d);
	if (qt_table_rows(t) == 0)
		qt_table_note(t, "Nothing opens, closes, is ordered or converted in the committed quarters.");
	qt_table_note(t, "The same in every future; count: places of the site, or modules.");
	return rc ? rc : qt_table_status(t);
}

/* One row per future: probability and the objective split. */
static int objectives_table(qt_table *t, const qt_scenario *s, const qt_plan *p)
{
	qt_table_column(t, "future", "future", QT_ALIGN_LEFT);
	qt_table_column(t, "probability", "probability", QT_ALIGN_RIGHT);
	qt_table_column(t, "objective", "objective", QT_ALIGN_RIGHT);
	qt_table_column(t, "cost", "real cost", QT_ALIGN_RIGHT);
	for (int i = 0; i < QT_NPEN; i++)
		qt_table_column(t, qt_penalty_names[i], qt_penalty_names[i], QT_ALIGN_RIGHT);
	qt_table_column(t, "gap", "gap %", QT_ALIGN_RIGHT);
	for (int f = 0; f < p->n_future; f++) {
		const qt_plan *q = p->future[f];
		qt_table_text(t, s->future[f].id);
		qt_table_fixed(t, s->future[f].probability, 3);
		qt_table_fixed(t, q->objective, 0);
		qt_table_fixed(t, q->cost, 0);
		for (int i = 0; i < QT_NPEN; i++)
			qt_table_fixed(t, q->penalty[i], 0);
		qt_table_fixed(t, 100.0 * q->gap, 2);
	}
	qt_table_note(t, "EUR over the horizon; gap: of that future's plan for the committed quarters.");
	return qt_table_status(t);
}

/* Per period and future: arrivals and the shortfalls. */
static int periods_table(qt_table *t, const qt_scenario *s, const qt_plan *p)
{
	static const qt_column_spec cols[] = {
		{ "period", "period", QT_ALIGN_LEFT },
		{ "future", "future", QT_ALIGN_LEFT },
		{ "intake", "intake", QT_ALIGN_RIGHT },
		{ "backlog", "backlog", QT_ALIGN_RIGHT },
		{ "waiting_persons", "Fehlbeleger", QT_ALIGN_RIGHT },
		{ "unhoused", "unhoused", QT_ALIGN_RIGHT },
		{ "gu_places_open", "GU places", QT_ALIGN_RIGHT },
		{ "municipalities_under_quota", "under quota", QT_ALIGN_RIGHT },
	};
	qt_table_columns(t, cols, COUNT(cols));
	qt_table_group(t, 1);
	for (int u = 1; u <= s->T; u++)
		for (int f = 0; f < p->n_future; f++) {
			qt_scenario view;
			qt_scenario_future_view(s, f, &view);
			qt_period_totals v;
			qt_period_totals_get(&v, &view, p->future[f], u);
			char buf[8];
			label_of(s, u, buf);
			qt_table_text(t, buf);
			qt_table_text(t, s->future[f].id);
			qt_table_int(t, v.intake);
			qt_table_int(t, v.backlog);
			qt_table_int(t, v.waiting_persons);
			qt_table_int(t, v.unhoused);
			qt_table_int(t, v.gu_places_open);
			qt_table_int(t, v.munis_under_quota);
		}
	qt_table_note(t, "Persons; under quota: municipalities behind their cumulative AU quota.");
	return qt_table_status(t);
}

static void voi_row(qt_table *t, const char *item, const char *meaning, double v, double gap)
{
	qt_table_text(t, item);
	qt_table_fixed(t, v, 0);
	qt_table_fixed(t, isfinite(gap) ? 100.0 * gap : NAN, 2);
	qt_table_text(t, meaning);
}

static int voi_table(qt_table *t, const qt_scenario *s, const qt_plan *p)
{
	(void)s;
	static const qt_column_spec cols[] = {
		{ "figure", "figure", QT_ALIGN_LEFT },
		{ "value", "EUR", QT_ALIGN_RIGHT },
		{ "gap", "gap %", QT_ALIGN_RIGHT },
		{ "meaning", "meaning", QT_ALIGN_LEFT },
	};
	qt_table_columns(t, cols, COUNT(cols));
	const qt_voi *v = p->voi;
	voi_row(t, "WS", "wait and see: each future planned alone, expected", v->ws, v->ws_gap);
	voi_row(t, "EEV", "the mean-value plan's commitment, over the futures", v->eev, v->eev_gap);
	voi_row(t, "RP", "the plan over futures", v->rp, v->rp_gap);
	voi_row(t, "EVPI", "RP - WS: what a perfect forecast would be worth", v->evpi, fmax(v->rp_gap, v->ws_gap));
	voi_row(t, "VSS", "EEV - RP: what planning for the average costs", v->vss, fmax(v->rp_gap, v->eev_gap));
	qt_table_note(t, "gap: of the solves behind each figure (the larger of the two for a difference).");
	return qt_table_status(t);
}

typedef int (*builder)(qt_table *t, const qt_scenario *s, const qt_plan *p);

static const struct {
	const char *name, *title;
	builder build;
} tables[] = {
	{ "summary", "Summary (plan over futures)", summary_table },
	{ "commitment", "Decisions to take now (committed quarters)", commitment_table },
	{ "futures", "Futures side by side (objective in EUR)", objectives_table },
	{ "futures_periods", "Futures side by side, per period", periods_table },
	{ "value_of_information", "Value of information", voi_table },
};
enum { N_TABLES = COUNT(tables), VOI_TABLE = N_TABLES - 1 };

static int build(qt_table **out, size_t i, const qt_scenario *s, const qt_plan *p)
{
	int rc = qt_table_new(out, tables[i].name, tables[i].title);
	if (!rc && (rc = tables[i].build(*out, s, p))) {
		qt_table_free(*out);
		*out = NULL;
	}
	return rc;
}

static int args(const qt_scenario *s, const qt_plan *p)
{
	int rc = qt_report_args(s, p);
	if (!rc && s->n_future != p->n_future)
		rc = qt_set_error(QT_EINVAL, "report: the plan's futures do not match the scenario's");
	return rc;
}

int qt_futures_report_text(FILE *f, const qt_scenario *s, const qt_plan *p)
{
	int rc = args(s, p);
	for (size_t i = 0; !rc && i < N_TABLES; i++) {
		if (i == VOI_TABLE && !p->voi)
			continue;
		qt_table *t;
		rc = build(&t, i, s, p);
		if (!rc)
			rc = qt_table_print(f, t, QT_FORMAT_TEXT);
		qt_table_free(t);
	}
	return rc;
}

/* One of the ordinary report tables, the futures' stacked with a `future` column. */
static int stacked_table(qt_table **out, qt_report_tab id, const qt_scenario *s, const qt_plan *p)
{
	qt_table *one = NULL;
	int rc = qt_report_table(&one, id, s, p->future[0]);
	if (!rc)
		rc = qt_table_new(out, qt_table_name(one), "");
	for (int f = 0; !rc && f < p->n_future; f++) {
		qt_scenario view;
		qt_scenario_future_view(s, f, &view);
		qt_table_free(one);
		rc = qt_report_table(&one, id, &view, p->future[f]);
		if (!rc)
			rc = qt_table_stack(*out, one, "future", "future", s->future[f].id);
	}
	qt_table_free(one);
	if (rc) {
		qt_table_free(*out);
		*out = NULL;
	}
	return rc;
}

static int write_one(const char *dir, qt_table *t, int rc)
{
	if (!rc)
		rc = qt_table_write_in(dir, t);
	qt_table_free(t);
	return rc;
}

int qt_futures_report_csv_dir(const char *dir, const qt_scenario *s, const qt_plan *p)
{
	static const qt_report_tab per_future[] = { QT_TAB_PERIODS, QT_TAB_GU_LONG, QT_TAB_KOMBI, QT_TAB_MUNI,
						    QT_TAB_OFFERS };
	int rc = args(s, p);
	if (!rc)
		rc = qt_ensure_dir(dir);
	for (size_t i = 0; !rc && i < N_TABLES; i++) {
		if (i == VOI_TABLE && !p->voi)
			continue;
		qt_table *t = NULL;
		rc = build(&t, i, s, p);
		rc = write_one(dir, t, rc);
	}
	for (size_t i = 0; !rc && i < COUNT(per_future); i++) {
		qt_table *t = NULL;
		rc = stacked_table(&t, per_future[i], s, p);
		rc = write_one(dir, t, rc);
	}
	return rc;
}
