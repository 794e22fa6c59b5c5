/* The charts of the report page and the workbook, and the tables behind them. */
#include "i18n.h"
#include "report.h"
#include "report_charts.h"
#include "report_futures.h"
#include "sweep.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- the district's figures of one period, one struct for every series ---- */

typedef struct {
	qt_period_totals tot;
	qt_kombi_modules km;
	qt_placed au;
} period_figures;

#define PF(field) offsetof(period_figures, field)

typedef struct {
	const char *key, *label;
	size_t offset; /* of a long in period_figures */
} series_def;

static const series_def gu_series[] = {
	{ "gu_persons", N_("GU persons"), PF(tot.gu_persons) },
	{ "gu_places_open", N_("GU places"), PF(tot.gu_places_open) },
};
static const series_def shortfall_series[] = {
	{ "backlog", N_("backlog"), PF(tot.backlog) },
	{ "waiting_persons", "Fehlbeleger", PF(tot.waiting_persons) },
	{ "unhoused", N_("unhoused"), PF(tot.unhoused) },
};
static const series_def kombi_series[] = {
	{ "ordered", N_("modules ordered"), PF(km.ordered) },
	{ "usable_modules", N_("modules usable"), PF(km.usable) },
	{ "au_modules", N_("modules converted to AU"), PF(km.converted) },
};
static const series_def au_series[] = {
	{ "placed_own_persons", N_("own places"), PF(au.own) },
	{ "placed_kombimodell_persons", "Kombimodell", PF(au.kombi) },
	{ "placed_offers_persons", N_("flats"), PF(au.offers) },
};

static void period_figures_get(period_figures *out, const qt_scenario *s, const qt_plan *p, int t)
{
	qt_period_totals_get(&out->tot, s, p, t);
	qt_kombi_district(&out->km, s, p, t);
	qt_placed_district(&out->au, s, p, t);
}

static long field(const period_figures *f, size_t offset) { return *(const long *)((const char *)f + offset); }

/* ---- building the list ---- */

static qt_chart_item *add(qt_charts *cs, const char *name, const char *table_name, const char *title,
			  qt_chart_kind kind)
{
	if (cs->n == COUNT(cs->item)) {
		qt_set_error(QT_EINVAL, "report: too many charts");
		return NULL;
	}
	qt_chart_item *it = &cs->item[cs->n];
	memset(it, 0, sizeof *it);
	if (qt_table_new(&it->t, table_name, title))
		return NULL;
	cs->n++;
	it->c.name = name;
	it->c.title = title;
	it->c.kind = kind;
	it->c.t = it->t;
	return it;
}

/* Adopts a table built elsewhere (a report table) as the chart's. */
static qt_chart_item *adopt(qt_charts *cs, const char *name, qt_table *t, const char *title, qt_chart_kind kind)
{
	if (!t || cs->n == COUNT(cs->item)) {
		qt_table_free(t);
		return NULL;
	}
	qt_chart_item *it = &cs->item[cs->n++];
	memset(it, 0, sizeof *it);
	it->t = t;
	it->c.name = name;
	it->c.title = title;
	it->c.kind = kind;
	it->c.t = t;
	return it;
}

void qt_charts_free(qt_charts *c)
{
	for (size_t i = 0; i < c->n; i++)
		qt_table_free(c->item[i].t);
	c->n = 0;
}

/* ---- one or two sides over the periods of either ---- */

typedef struct {
	const qt_compare_side *side[2];
	int n;
} sides;

static long first_quarter(const qt_scenario *s) { return (long)s->start_year * 4 + s->start_q - 1; }

/* Columns: period, then per series one column per side ("key_a", "key_b" with two sides). */
static void series_columns(qt_table *t, const sides *sd, const series_def *d, size_t n)
{
	qt_table_column(t, "period", N_("period"), QT_ALIGN_LEFT);
	static const char *const suffix[] = { "_a", "_b" };
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < sd->n; k++) {
			if (sd->n == 1) {
				qt_table_column(t, d[i].key, d[i].label, QT_ALIGN_RIGHT);
				continue;
			}
			char key[96], label[160];
			snprintf(key, sizeof key, "%s%s", d[i].key, suffix[k]);
			snprintf(label, sizeof label, "%s %c", qt_tr(d[i].label), 'A' + k);
			qt_table_column(t, key, label, QT_ALIGN_RIGHT);
		}
}

static int series_rows(qt_table *t, const sides *sd, const series_def *d, size_t n)
{
	long from = first_quarter(sd->side[0]->s), to = from + sd->side[0]->s->T;
	for (int k = 1; k < sd->n; k++) {
		long f = first_quarter(sd->side[k]->s);
		from = f < from ? f : from;
		to = f + sd->side[k]->s->T > to ? f + sd->side[k]->s->T : to;
	}
	for (long q = from; q < to; q++) {
		char label[8];
		qt_period_label((int)(q / 4), (int)(q % 4) + 1, 1, label);
		qt_table_text(t, label);
		period_figures pf[2];
		int have[2];
		for (int k = 0; k < sd->n; k++) {
			const qt_compare_side *x = sd->side[k];
			long tt = q - first_quarter(x->s) + 1;
			have[k] = tt >= 1 && tt <= x->s->T;
			if (have[k])
				period_figures_get(&pf[k], x->s, x->p, (int)tt);
		}
		for (size_t i = 0; i < n; i++)
			for (int k = 0; k < sd->n; k++)
				qt_table_fixed(t, have[k] ? (double)field(&pf[k], d[i].offset) : NAN, 0);
	}
	return qt_table_status(t);
}

/* A chart over the periods; `table` names its table (the workbook's sheet). */
typedef struct {
	const char *name, *table, *title, *caption;
} chart_names;

static int period_chart(qt_charts *cs, const sides *sd, const chart_names *nm, qt_chart_kind kind, unsigned lines,
			const series_def *d, size_t n)
{
	qt_chart_item *it = add(cs, nm->name, nm->table, nm->title, kind);
	if (!it)
		return QT_ENOMEM;
	series_columns(it->t, sd, d, n);
	int rc = series_rows(it->t, sd, d, n);
	it->caption = nm->caption;
	it->time_series = 1;
	it->c.x = 0;
	it->c.n = n * (size_t)sd->n;
	for (size_t i = 0; i < it->c.n; i++)
		it->c.series[i] = i + 1;
	it->c.lines = lines;
	it->c.paired = sd->n == 2;
	return rc;
}

/* ---- bars of euro: one row per term, one column per plan ---- */

/* A chart of horizontal bars whose rows are named by their first column (key, label) and hold
 * euro, one column per plan of sd (its series set); NULL when out of memory. */
static qt_chart_item *euro_bars(qt_charts *cs, const sides *sd, const char *name, const char *title,
				const char *key, const char *label)
{
	qt_chart_item *it = add(cs, name, name, title, QT_CHART_HBARS);
	if (!it)
		return NULL;
	qt_table_column(it->t, key, label, QT_ALIGN_LEFT);
	qt_table_translate(it->t, 0);
	static const char *const keys[] = { "eur", "eur_a", "eur_b" };
	static const char *const labels[] = { "EUR", N_("EUR A"), N_("EUR B") };
	for (int k = 0; k < sd->n; k++)
		qt_table_column(it->t, keys[sd->n == 1 ? 0 : k + 1], labels[sd->n == 1 ? 0 : k + 1], QT_ALIGN_RIGHT);
	it->c.n = (size_t)sd->n;
	it->c.paired = sd->n == 2;
	for (int k = 0; k < sd->n; k++)
		it->c.series[k] = (size_t)k + 1;
	return it;
}

/* ---- the objective split ---- */

static int objective_chart(qt_charts *cs, const sides *sd)
{
	qt_chart_item *it = euro_bars(cs, sd, "objective", N_("Objective: real cost and each penalty (EUR)"), "term",
				      N_("term"));
	if (!it)
		return QT_ENOMEM;
	static const char *const pen[QT_NPEN] = { N_("penalty unhoused"),    N_("penalty backlog"),
						  N_("penalty waiting"),     N_("penalty provisional"),
						  N_("penalty quota_under"), N_("penalty quota_over"),
						  N_("penalty move") };
	qt_table_text(it->t, N_("real cost"));
	for (int k = 0; k < sd->n; k++)
		qt_table_fixed(it->t, sd->side[k]->p->cost, 2);
	for (int i = 0; i < QT_NPEN; i++) {
		qt_table_text(it->t, pen[i]);
		for (int k = 0; k < sd->n; k++)
			qt_table_fixed(it->t, sd->side[k]->p->penalty[i], 2);
	}
	qt_table_text(it->t, N_("objective total"));
	for (int k = 0; k < sd->n; k++)
		qt_table_fixed(it->t, sd->side[k]->p->objective, 2);
	it->caption = N_("The objective is the real cost plus the penalties that price each shortfall; the last "
			 "bar is their sum.");
	return qt_table_status(it->t);
}

/* ---- who pays: the real cost by payer over the horizon ---- */

static int payers_chart(qt_charts *cs, const sides *sd)
{
	qt_chart_item *it = euro_bars(cs, sd, "payers_total", N_("Who pays the real cost (EUR, whole horizon)"),
				      "payer", N_("payer"));
	if (!it)
		return QT_ENOMEM;
	static const char *const payer[QT_NPAYER] = { N_("district"), N_("municipalities"), N_("land"),
						      N_("federal") }; /* qt_payer order */
	for (int i = 0; i < QT_NPAYER; i++) {
		qt_table_text(it->t, payer[i]);
		for (int k = 0; k < sd->n; k++)
			qt_table_fixed(it->t, sd->side[k]->p->payer_total[i], 2);
	}
	it->caption = N_("The real cost split by who pays it: the district (its sites, its share of the KdU, "
			 "payments to the municipalities, less the Land's payments), the municipalities (AU stock, "
			 "less those payments), the Land, the federal share of the KdU. The bars add up to the real "
			 "cost.");
	return qt_table_status(it->t);
}

/* ---- every municipality at the horizon, sorted by its balance against the quota ---- */

typedef struct {
	int m;
	long quota[2], placed[2];
	int have[2];
} muni_end;

static int by_balance(const void *x, const void *y)
{
	const muni_end *a = x, *b = y;
	long ba = a->placed[0] - a->quota[0], bb = b->placed[0] - b->quota[0];
	return ba < bb ? -1 : ba > bb ? 1 : a->m - b->m;
}

static void muni_at_end(muni_end *e, const qt_compare_side *x, int m, int k)
{
	const int T = x->s->T;
	qt_placed placed[QT_MAX_PERIODS + 1];
	qt_placed_series(placed, x->s, x->p, m);
	e->quota[k] = x->p->q[QT_IX(m, T, T)];
	e->placed[k] = placed[T].cumulative;
	e->have[k] = 1;
}

static int find_muni(const qt_scenario *s, const char *id)
{
	for (int m = 0; m < s->n_muni; m++)
		if (!strcmp(s->muni[m].id, id))
			return m;
	return -1;
}

static void quota_columns(qt_table *t, int two)
{
	static const qt_column_spec one[] = { { "id", N_("id"), QT_ALIGN_LEFT },
					      { "municipality", N_("municipality"), QT_ALIGN_LEFT },
					      { "placed_cumulative", N_("placed"), QT_ALIGN_RIGHT },
					      { "quota", N_("quota"), QT_ALIGN_RIGHT },
					      { "balance", N_("placed minus quota"), QT_ALIGN_RIGHT } };
	static const qt_column_spec pair[] = { { "id", N_("id"), QT_ALIGN_LEFT },
					       { "municipality", N_("municipality"), QT_ALIGN_LEFT },
					       { "placed_cumulative_a", N_("placed A"), QT_ALIGN_RIGHT },
					       { "placed_cumulative_b", N_("placed B"), QT_ALIGN_RIGHT },
					       { "quota_a", N_("quota A"), QT_ALIGN_RIGHT },
					       { "quota_b", N_("quota B"), QT_ALIGN_RIGHT },
					       { "balance_a", N_("placed minus quota A"), QT_ALIGN_RIGHT },
					       { "balance_b", N_("placed minus quota B"), QT_ALIGN_RIGHT } };
	if (two)
		qt_table_columns(t, pair, COUNT(pair));
	else
		qt_table_columns(t, one, COUNT(one));
}

static int quota_chart(qt_charts *cs, const sides *sd)
{
	const qt_scenario *s = sd->side[0]->s;
	qt_chart_item *it = add(cs, "quota", "quota_end",
				N_("Every municipality at the horizon: persons placed into AU against its quota"),
				QT_CHART_HBARS);
	muni_end *e = it ? calloc((size_t)s->n_muni + 1, sizeof *e) : NULL;
	if (!e)
		return it ? qt_set_error(QT_ENOMEM, "out of memory") : QT_ENOMEM;
	for (int m = 0; m < s->n_muni; m++) {
		e[m].m = m;
		muni_at_end(&e[m], sd->side[0], m, 0);
		int mb = sd->n == 2 ? find_muni(sd->side[1]->s, s->muni[m].id) : -1;
		if (mb >= 0)
			muni_at_end(&e[m], sd->side[1], mb, 1);
	}
	qsort(e, (size_t)s->n_muni, sizeof *e, by_balance);
	quota_columns(it->t, sd->n == 2);
	for (int i = 0; i < s->n_muni; i++) {
		qt_table_text(it->t, s->muni[e[i].m].id);
		qt_table_text(it->t, s->muni[e[i].m].name);
		for (int k = 0; k < sd->n; k++)
			qt_table_fixed(it->t, e[i].have[k] ? (double)e[i].placed[k] : NAN, 0);
		for (int k = 0; k < sd->n; k++)
			qt_table_fixed(it->t, e[i].have[k] ? (double)e[i].quota[k] : NAN, 0);
		for (int k = 0; k < sd->n; k++)
			qt_table_fixed(it->t, e[i].have[k] ? (double)(e[i].placed[k] - e[i].quota[k]) : NAN, 0);
	}
	free(e);
	it->caption = N_("Cumulative AU placements after the last quarter against the cumulative quota; the "
			 "municipalities furthest behind their quota come first.");
	it->c.x = 1;
	it->c.n = 2 * (size_t)sd->n;
	it->c.paired = sd->n == 2;
	for (size_t i = 0; i < it->c.n; i++)
		it->c.series[i] = 2 + i;
	return qt_table_status(it->t);
}

/* ---- the site timeline: the GU table of the text report ---- */

static int timeline_chart(qt_charts *cs, const qt_compare_side *x, const char *name, const char *title)
{
	qt_table *t = NULL;
	int rc = qt_report_table(&t, QT_TAB_GU_MATRIX, x->s, x->p);
	if (rc)
		return rc;
	qt_chart_item *it = adopt(cs, name, t, title, QT_CHART_TIMELINE);
	if (!it)
		return qt_set_error(QT_EINVAL, "report: too many charts");
	it->caption = N_("One row per GU site and one cell per quarter: filled while open, in the colour of its "
			 "kind; outlined in the quarter it opens, grey in the quarter it closes, green in the quarter "
			 "it is handed over to its municipality as AU, blank while closed.");
	it->c.x = 1;
	it->c.n = 2;
	it->c.series[0] = 3; /* kind */
	it->c.series[1] = 5; /* the first period */
	return 0;
}

/* ---- the lists ---- */

static const chart_names gu_names = { "gu", "gu_capacity", N_("Persons in GUs and GU places open"),
				      N_("Persons in GUs against the GU places open, per quarter.") };
static const chart_names shortfall_names = { "shortfalls", "shortfalls", N_("Backlog, Fehlbeleger and unhoused persons"),
					     N_("Persons owed to the state (backlog), entitled persons still in a GU "
						"(Fehlbeleger) and persons without a place, per quarter.") };
static const chart_names kombi_names = { "kombimodell", "kombimodell_modules", N_("Kombimodell modules"),
					 N_("Kombimodell modules ordered in the quarter, usable after the lead time and "
					    "converted to AU, all sites.") };
static const chart_names au_names = { "au", "au_sources", N_("AU placements by source"),
				      N_("Persons placed into AU in the quarter by source: own places of the "
					 "municipalities, converted Kombimodell modules, flats.") };

static int charts_of(qt_charts *out, const sides *sd)
{
	int two = sd->n == 2, rc = objective_chart(out, sd);
	if (!rc)
		rc = payers_chart(out, sd);
	if (!rc)
		rc = period_chart(out, sd, &gu_names, two ? QT_CHART_LINES : QT_CHART_BARS, 2u, gu_series,
				  COUNT(gu_series));
	if (!rc)
		rc = period_chart(out, sd, &shortfall_names, QT_CHART_LINES, 0, shortfall_series, COUNT(shortfall_series));
	if (!rc)
		rc = timeline_chart(out, sd->side[0], "sites", two ? N_("GU sites, plan A") : N_("GU sites over time"));
	if (!rc && two)
		rc = timeline_chart(out, sd->side[1], "sites-b", N_("GU sites, plan B"));
	if (!rc)
		rc = period_chart(out, sd, &kombi_names, QT_CHART_BARS, two ? 0x3cu : 0x6u, kombi_series,
				  COUNT(kombi_series));
	if (!rc)
		rc = period_chart(out, sd, &au_names, two ? QT_CHART_LINES : QT_CHART_STACKED, 0, au_series,
				  COUNT(au_series));
	if (!rc)
		rc = quota_chart(out, sd);
	if (rc)
		qt_charts_free(out);
	return rc;
}

int qt_charts_plan(qt_charts *out, const qt_scenario *s, const qt_plan *p)
{
	memset(out, 0, sizeof *out);
	int rc = qt_report_args(s, p);
	if (rc)
		return rc;
	qt_compare_side a = { s, p, 0 };
	sides sd = { { &a, NULL }, 1 };
	return charts_of(out, &sd);
}

int qt_charts_compare(qt_charts *out, const qt_compare_side *a, const qt_compare_side *b)
{
	memset(out, 0, sizeof *out);
	int rc = qt_report_args(a->s, a->p);
	if (!rc)
		rc = qt_report_args(b->s, b->p);
	if (rc)
		return rc;
	sides sd = { { a, b }, 2 };
	return charts_of(out, &sd);
}

/* ---- a sweep: cost, penalties and shortfalls against the varied value ---- */

static int sweep_money(qt_charts *out, const qt_sweep *sw)
{
	qt_chart_item *it = add(out, "sweep-cost", "sweep_cost", N_("Real cost and each penalty against the varied value (EUR)"),
				QT_CHART_LINES);
	if (!it)
		return QT_ENOMEM;
	static const qt_column_spec cols[] = {
		{ "value", N_("value"), QT_ALIGN_RIGHT },
		{ "cost_eur", N_("real cost"), QT_ALIGN_RIGHT },
		{ "penalty_unhoused", N_("penalty unhoused"), QT_ALIGN_RIGHT },
		{ "penalty_backlog", N_("penalty backlog"), QT_ALIGN_RIGHT },
		{ "penalty_waiting", N_("penalty waiting"), QT_ALIGN_RIGHT },
		{ "penalty_provisional", N_("penalty provisional"), QT_ALIGN_RIGHT },
		{ "penalty_quota_under", N_("penalty quota_under"), QT_ALIGN_RIGHT },
		{ "penalty_quota_over", N_("penalty quota_over"), QT_ALIGN_RIGHT },
		{ "penalty_move", N_("penalty move"), QT_ALIGN_RIGHT },
	};
	qt_table_columns(it->t, cols, COUNT(cols));
	for (size_t i = 0; i < qt_sweep_count(sw); i++) {
		const qt_kpis *k = qt_sweep_kpis(sw, i);
		const double *pen = qt_sweep_penalties(sw, i);
		qt_table_textf(it->t, "%g", k->value);
		qt_table_fixed(it->t, k->cost, 0);
		for (int j = 0; j < QT_NPEN; j++)
			qt_table_fixed(it->t, pen[j], 0);
	}
	it->caption = N_("One point per variant: the real cost and each penalty term of its plan.");
	it->c.n = 1 + QT_NPEN;
	for (size_t i = 0; i < it->c.n; i++)
		it->c.series[i] = i + 1;
	return qt_table_status(it->t);
}

static int sweep_shortfalls(qt_charts *out, const qt_sweep *sw)
{
	qt_chart_item *it = add(out, "sweep-shortfalls", "sweep_shortfalls",
				N_("Shortfalls against the varied value"), QT_CHART_LINES);
	if (!it)
		return QT_ENOMEM;
	static const qt_column_spec cols[] = {
		{ "value", N_("value"), QT_ALIGN_RIGHT },
		{ "unhoused_person_quarters", N_("unhoused person-quarters"), QT_ALIGN_RIGHT },
		{ "backlog_person_quarters", N_("backlog person-quarters"), QT_ALIGN_RIGHT },
		{ "backlog_end", N_("backlog at the end"), QT_ALIGN_RIGHT },
		{ "waiting_persons_end", N_("Fehlbeleger at the end"), QT_ALIGN_RIGHT },
		{ "waiting_persons_avg", N_("Fehlbeleger average"), QT_ALIGN_RIGHT },
	};
	qt_table_columns(it->t, cols, COUNT(cols));
	for (size_t i = 0; i < qt_sweep_count(sw); i++) {
		const qt_kpis *k = qt_sweep_kpis(sw, i);
		qt_table_textf(it->t, "%g", k->value);
		qt_table_fixed(it->t, (double)k->unhoused, 0);
		qt_table_fixed(it->t, (double)k->backlog, 0);
		qt_table_fixed(it->t, (double)k->backlog_end, 0);
		qt_table_fixed(it->t, (double)k->waiting_end, 0);
		qt_table_fixed(it->t, k->waiting_avg, 1);
	}
	it->caption = N_("One point per variant: person-quarters without a place and of backlog over the horizon, "
			 "and the backlog and Fehlbeleger after the last quarter and on average.");
	it->c.n = 5;
	for (size_t i = 0; i < it->c.n; i++)
		it->c.series[i] = i + 1;
	return qt_table_status(it->t);
}

int qt_charts_sweep(qt_charts *out, const qt_sweep *sw)
{
	memset(out, 0, sizeof *out);
	if (!sw || qt_sweep_count(sw) == 0)
		return qt_set_error(QT_EINVAL, "report: an empty sweep");
	int rc = sweep_money(out, sw);
	if (!rc)
		rc = sweep_shortfalls(out, sw);
	qt_table *t = NULL;
	if (!rc && !(rc = qt_sweep_table(&t, sw)) && !adopt(out, NULL, t, NULL, QT_CHART_LINES))
		rc = qt_set_error(QT_EINVAL, "report: too many charts");
	if (rc)
		qt_charts_free(out);
	return rc;
}

/* ---- a plan over futures: the decisions to take now, the futures side by side ---- */

/* A table of the futures' reports shown without a chart. */
static int table_only(qt_charts *out, const char *name, const qt_scenario *s, const qt_plan *p)
{
	qt_table *t = NULL;
	int rc = qt_futures_table(&t, name, s, p);
	if (!rc && !adopt(out, NULL, t, NULL, QT_CHART_LINES))
		rc = qt_set_error(QT_EINVAL, "report: too many charts");
	return rc;
}

static int futures_objective_chart(qt_charts *out, const qt_scenario *s, const qt_plan *p)
{
	qt_table *t = NULL;
	int rc = qt_futures_table(&t, "futures", s, p);
	qt_chart_item *it = rc ? NULL : adopt(out, "futures", t, N_("Objective and real cost per future (EUR)"),
					      QT_CHART_HBARS);
	if (!it)
		return rc ? rc : qt_set_error(QT_EINVAL, "report: too many charts");
	it->caption = N_("Each future's objective (real cost plus penalties) and its real cost over the horizon, "
			 "with the committed quarters' decisions the same in every future.");
	it->c.n = 2;
	it->c.series[0] = 2; /* objective */
	it->c.series[1] = 3; /* real cost */
	return 0;
}

static const struct {
	const char *name, *title, *caption;
	size_t offset;
} futures_lines[] = {
	{ "futures_backlog", N_("Backlog per future"), N_("Persons owed to the state, per quarter, one line per future."),
	  offsetof(qt_period_totals, backlog) },
	{ "futures_waiting", N_("Fehlbeleger per future"),
	  N_("Entitled persons still in a GU, per quarter, one line per future."),
	  offsetof(qt_period_totals, waiting_persons) },
	{ "futures_unhoused", N_("Unhoused persons per future"),
	  N_("Persons without a place, per quarter, one line per future."), offsetof(qt_period_totals, unhoused) },
	{ "futures_gu_places", N_("GU places open per future"),
	  N_("Places of the open GU sites, per quarter, one line per future."),
	  offsetof(qt_period_totals, gu_places_open) },
};

static int futures_line_chart(qt_charts *out, size_t i, const qt_scenario *s, const qt_plan *p)
{
	qt_table *t = NULL;
	int rc = qt_futures_series(&t, futures_lines[i].name, futures_lines[i].title, futures_lines[i].offset, s, p);
	qt_chart_item *it = rc ? NULL : adopt(out, futures_lines[i].name, t, futures_lines[i].title, QT_CHART_LINES);
	if (!it)
		return rc ? rc : qt_set_error(QT_EINVAL, "report: too many charts");
	it->caption = futures_lines[i].caption;
	it->time_series = 1;
	it->c.n = (size_t)p->n_future < QT_CHART_MAX_SERIES ? (size_t)p->n_future : QT_CHART_MAX_SERIES;
	for (size_t k = 0; k < it->c.n; k++)
		it->c.series[k] = k + 1;
	return 0;
}

int qt_charts_futures(qt_charts *out, const qt_scenario *s, const qt_plan *p)
{
	memset(out, 0, sizeof *out);
	int rc = qt_futures_args(s, p);
	if (!rc)
		rc = table_only(out, "commitment", s, p);
	if (!rc)
		rc = table_only(out, "summary", s, p);
	if (!rc)
		rc = futures_objective_chart(out, s, p);
	for (size_t i = 0; !rc && i < COUNT(futures_lines); i++)
		rc = futures_line_chart(out, i, s, p);
	if (!rc)
		rc = table_only(out, "futures_periods", s, p);
	if (!rc && p->voi)
		rc = table_only(out, "value_of_information", s, p);
	if (rc)
		qt_charts_free(out);
	return rc;
}
