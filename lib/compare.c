/* The one comparison of two plans: the key figures side by side, and the periods, sites and
 * municipalities matched by label and id, each as a table of the table layer; of two plans over
 * the same futures, the figures over them, each future's (matched by id) and the committed
 * decisions that differ. */
#include "compare.h"
#include "i18n.h"
#include "report_futures.h"

#include <cJSON.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *key, *title;
} tabs[QT_COMPARE_NTAB] = {
	{ "figures", "Key figures" },
	{ "periods", "Per period (persons)" },
	{ "gu_sites", "GU sites" },
	{ "kombimodell", "Kombimodell sites (modules and persons)" },
	{ "municipalities", "Municipalities: AU placements (persons) and quota" },
	{ "futures", "Per future (EUR over the horizon)" },
	{ "commitment", "Decisions to take now (committed quarters)" },
};

#define L QT_ALIGN_LEFT
#define R QT_ALIGN_RIGHT
static const qt_column_spec figure_cols[] = { { "figure", "figure", L }, { "a", "A", R }, { "b", "B", R }, { "b_minus_a", "B - A", R } };
static const qt_column_spec period_cols[] = { { "period", "period", L }, { "figure", "figure", L }, { "a", "A", R },
				   { "b", "B", R },	      { "b_minus_a", "B - A", R } };
static const qt_column_spec gu_cols[] = { { "site", "GU site", L },	  { "period", "period", L },	      { "persons_a", "persons A", R },
			       { "persons_b", "B", R },	  { "persons_b_minus_a", "B - A", R }, { "state_a", "state A", L },
			       { "state_b", "state B", L } };
static const qt_column_spec kombi_cols[] = { { "site", "Kombimodell site", L }, { "period", "period", L }, { "ordered_a", "ordered A", R },
				  { "ordered_b", "B", R },		{ "gu_modules_a", "as GU A", R }, { "gu_modules_b", "B", R },
				  { "au_modules_a", "as AU A", R },	{ "au_modules_b", "B", R },	 { "persons_a", "persons A", R },
				  { "persons_b", "B", R } };
static const qt_column_spec muni_cols[] = {
	{ "municipality", "municipality", L }, { "period", "period", L },   { "placed_a", "placed A", R },
	{ "placed_b", "B", R },		       { "placed_b_minus_a", "B - A", R }, { "cumulative_a", "cumulative A", R },
	{ "cumulative_b", "B", R },	       { "under_quota_a", "under quota A", R }, { "under_quota_b", "B", R },
	{ "over_quota_a", "over quota A", R }, { "over_quota_b", "B", R },   { "au_stock_a", "AU stock A", R },
	{ "au_stock_b", "B", R },
};
static const qt_column_spec future_cols[] = { { "future", "future", L }, { "figure", "figure", L }, { "a", "A", R },
				   { "b", "B", R },	      { "b_minus_a", "B - A", R } };
static const qt_column_spec commit_cols[] = { { "period", "period", L },     { "kind", "kind", L },
				   { "id", "id", L },		  { "decision", "decision", L },
				   { "count_a", "count A", R },	  { "count_b", "B", R },
				   { "count_b_minus_a", "B - A", R } };
#undef L
#undef R

static const struct {
	const qt_column_spec *cols;
	size_t n;
} columns[QT_COMPARE_NTAB] = {
	{ figure_cols, COUNT(figure_cols) }, { period_cols, COUNT(period_cols) }, { gu_cols, COUNT(gu_cols) },
	{ kombi_cols, COUNT(kombi_cols) },   { muni_cols, COUNT(muni_cols) },	  { future_cols, COUNT(future_cols) },
	{ commit_cols, COUNT(commit_cols) },
};

const char *qt_compare_key(qt_compare_tab id) { return id < QT_COMPARE_NTAB ? tabs[id].key : ""; }

int qt_compare_table_new(qt_table **out, qt_compare_tab id, const char *prefix)
{
	*out = NULL;
	if (id >= QT_COMPARE_NTAB)
		return qt_set_error(QT_EINVAL, "compare: no table %d", (int)id);
	char *name = qt_asprintf("%s%s", prefix ? prefix : "", tabs[id].key);
	int rc = name ? qt_table_new(out, name, tabs[id].title) : qt_set_error(QT_ENOMEM, "out of memory");
	free(name);
	if (!rc)
		rc = qt_table_columns(*out, columns[id].cols, columns[id].n);
	if (rc) {
		qt_table_free(*out);
		*out = NULL;
	}
	return rc;
}

/* ---- key figures ---- */

static void text_row(qt_table *t, const char *label, const char *a, const char *b)
{
	qt_table_text(t, label);
	qt_table_text(t, a);
	qt_table_text(t, b);
	qt_table_text(t, a && b && !strcmp(a, b) ? "" : "changed");
}

static void num_row(qt_table *t, const char *label, double a, double b, int decimals)
{
	qt_table_text(t, label);
	qt_table_fixed(t, a, decimals);
	qt_table_fixed(t, b, decimals);
	qt_table_fixed(t, b - a, decimals);
}

/* Everything the key figures show of one side. */
typedef struct {
	qt_kpis k;
	qt_plan_totals tot;
	char first[8];
} side_figures;

static void side_figures_get(side_figures *f, const qt_compare_side *x)
{
	qt_plan_kpis(&f->k, x->s, x->p);
	qt_plan_totals_get(&f->tot, x->s, x->p);
	qt_period_label(x->s->start_year, x->s->start_q, 1, f->first);
}

/* The key figures as numbers: a label, the decimals and where each side keeps the value. */
#define KPI(field) offsetof(side_figures, k.field)
#define TOT(field) offsetof(side_figures, tot.field)
static const struct {
	const char *label;
	size_t offset;
	int is_double;
} horizon_figures[] = {
	{ "unhoused person-quarters", KPI(unhoused), 0 },
	{ "backlog at the end", KPI(backlog_end), 0 },
	{ "backlog person-quarters", KPI(backlog), 0 },
	{ "Fehlbeleger at the end", KPI(waiting_end), 0 },
	{ "Fehlbeleger peak", TOT(waiting_peak), 0 },
	{ "Fehlbeleger average", KPI(waiting_avg), 1 },
	{ "AU placed persons", TOT(au_placed), 0 },
	{ "persons under quota at the end", TOT(under_quota_end), 0 },
	{ "municipalities under quota at the end", TOT(munis_under_quota_end), 0 },
	{ "GU sites opened", TOT(gu_opened), 0 },
	{ "GU sites closed", TOT(gu_closed), 0 },
	{ "modules ordered", TOT(modules_ordered), 0 },
};
#undef KPI
#undef TOT

static double value_at(const side_figures *f, size_t offset, int is_double)
{
	const char *base = (const char *)f + offset;
	if (is_double)
		return *(const double *)(const void *)base;
	return (double)*(const long *)(const void *)base;
}

static int figures_rows(qt_table *t, const qt_compare_side *a, const qt_compare_side *b)
{
	side_figures fa, fb;
	side_figures_get(&fa, a);
	side_figures_get(&fb, b);
	text_row(t, "scenario", a->s->name ? a->s->name : "", b->s->name ? b->s->name : "");
	text_row(t, "first quarter", fa.first, fb.first);
	text_row(t, "status", qt_status_name(a->p->status), qt_status_name(b->p->status));
	num_row(t, "quarters", a->s->T, b->s->T, 0);
	num_row(t, "gap %", 100 * a->p->gap, 100 * b->p->gap, 2);
	num_row(t, "objective EUR", a->p->objective, b->p->objective, 0);
	text_row(t, "objective minimised", qt_objective_names[a->s->funding.objective],
		 qt_objective_names[b->s->funding.objective]);
	num_row(t, "real cost EUR", a->p->cost, b->p->cost, 0);
	static const char *const paid_by[QT_NPAYER] = { N_("paid by district EUR"), N_("paid by municipalities EUR"),
							N_("paid by land EUR"), N_("paid by federal EUR") };
	for (int i = 0; i < QT_NPAYER; i++)
		num_row(t, paid_by[i], a->p->payer_total[i], b->p->payer_total[i], 0);
	for (int i = 0; i < QT_NPEN; i++) {
		char label[64];
		snprintf(label, sizeof label, "penalty %s EUR", qt_penalty_names[i]);
		num_row(t, label, a->p->penalty[i], b->p->penalty[i], 0);
	}
	for (size_t i = 0; i < COUNT(horizon_figures); i++) {
		int dbl = horizon_figures[i].is_double;
		num_row(t, horizon_figures[i].label, value_at(&fa, horizon_figures[i].offset, dbl),
			value_at(&fb, horizon_figures[i].offset, dbl), dbl);
	}
	num_row(t, "modules kept from an earlier run", (double)a->kept_modules, (double)b->kept_modules, 0);
	num_row(t, "modules converted to AU at the end", (double)fa.tot.modules_converted_end,
		(double)fb.tot.modules_converted_end, 0);
	num_row(t, "households placed into flats", (double)fa.k.flat_households, (double)fb.k.flat_households, 0);
	num_row(t, "KdU for flats EUR", fa.k.kdu, fb.k.kdu, 0);
	num_row(t, "offers eligible", fa.k.offers_eligible, fb.k.offers_eligible, 0);
	num_row(t, "solve seconds", a->p->seconds, b->p->seconds, 1);
	return qt_table_status(t);
}

/* ---- matching periods by label and sites by id ---- */

/* The first quarter of a side as a quarter count; t = q - first + 1. */
static long first_quarter(const qt_compare_side *x) { return (long)x->s->start_year * 4 + x->s->start_q - 1; }

/* Period t (1..T) of side x at quarter q, or 0 if x has no such period. */
static int period_at(const qt_compare_side *x, long q)
{
	long t = q - first_quarter(x) + 1;
	return t >= 1 && t <= x->s->T ? (int)t : 0;
}

/* A row of a matched table: the entry's position in each side (-1: not there) and the period in
 * each (0: not there). */
typedef struct {
	const char *id;
	int ia, ib, ta, tb;
	char period[8];
} match;

static int entry_count(const qt_scenario *s, qt_compare_tab id)
{
	return id == QT_COMPARE_GU ? s->n_gu : id == QT_COMPARE_KOMBI ? s->n_kombi : s->n_muni;
}

static const char *entry_id(const qt_scenario *s, qt_compare_tab id, int i)
{
	return id == QT_COMPARE_GU ? s->gu[i].id : id == QT_COMPARE_KOMBI ? s->kombi[i].id : s->muni[i].id;
}

static int entry_find(const qt_scenario *s, qt_compare_tab id, const char *key)
{
	for (int i = 0; i < entry_count(s, id); i++)
		if (!strcmp(entry_id(s, id, i), key))
			return i;
	return -1;
}

/* Appends the row for m if all or it differs; returns whether it did. */
typedef int (*row_fn)(qt_table *t, const match *m, const qt_compare_side *a, const qt_compare_side *b, int all);

/* Calls row for each period both sides or either have, from the first to the last quarter. */
static long each_period(qt_table *t, match *m, const qt_compare_side *a, const qt_compare_side *b, int all, row_fn row)
{
	long qa = first_quarter(a), qb = first_quarter(b);
	long from = qa < qb ? qa : qb, to = qa + a->s->T > qb + b->s->T ? qa + a->s->T : qb + b->s->T;
	long rows = 0;
	for (long q = from; q < to; q++) {
		m->ta = m->ia >= 0 || !m->id ? period_at(a, q) : 0;
		m->tb = m->ib >= 0 || !m->id ? period_at(b, q) : 0;
		if (!m->ta && !m->tb)
			continue;
		qt_period_label((int)(q / 4), (int)(q % 4) + 1, 1, m->period);
		rows += row(t, m, a, b, all);
	}
	return rows;
}

/* Each entry of A in order, then each of B that A lacks, against each period. */
static long each_entry(qt_table *t, qt_compare_tab id, const qt_compare_side *a, const qt_compare_side *b, int all,
		       row_fn row)
{
	long rows = 0;
	match m;
	for (int i = 0; i < entry_count(a->s, id); i++) {
		m.id = entry_id(a->s, id, i);
		m.ia = i;
		m.ib = entry_find(b->s, id, m.id);
		rows += each_period(t, &m, a, b, all, row);
	}
	for (int i = 0; i < entry_count(b->s, id); i++) {
		m.id = entry_id(b->s, id, i);
		if (entry_find(a->s, id, m.id) >= 0)
			continue;
		m.ia = -1;
		m.ib = i;
		rows += each_period(t, &m, a, b, all, row);
	}
	return rows;
}

/* A value of side x at (i, t) of a per-entry array, or NaN where x lacks the row. */
#define AT(x, i, t, arr) ((t) ? (double)(x)->p->arr[QT_IX(i, t, (x)->p->T)] : NAN)

static int differs(double a, double b) { return isnan(a) != isnan(b) || (!isnan(a) && a != b); }

/* ---- the matched tables ---- */

#define PT(field) offsetof(qt_period_totals, field)
static const struct {
	const char *label;
	size_t offset;
} period_figures[] = {
	{ "intake", PT(intake) },
	{ "accepted", PT(accepted) },
	{ "backlog", PT(backlog) },
	{ "in vU", PT(in_vu) },
	{ "Fehlbeleger", PT(waiting_persons) },
	{ "unhoused", PT(unhoused) },
	{ "GU places open", PT(gu_places_open) },
	{ "GU persons", PT(gu_persons) },
	{ "AU placed", PT(au_placed_persons) },
	{ "municipalities under quota", PT(munis_under_quota) },
};
#undef PT

static int period_row(qt_table *t, const match *m, const qt_compare_side *a, const qt_compare_side *b, int all)
{
	qt_period_totals va = { 0 }, vb = { 0 };
	if (m->ta)
		qt_period_totals_get(&va, a->s, a->p, m->ta);
	if (m->tb)
		qt_period_totals_get(&vb, b->s, b->p, m->tb);
	int rows = 0;
	for (size_t i = 0; i < COUNT(period_figures); i++) {
		size_t off = period_figures[i].offset;
		double x = m->ta ? (double)*(const long *)(const void *)((const char *)&va + off) : NAN;
		double y = m->tb ? (double)*(const long *)(const void *)((const char *)&vb + off) : NAN;
		if (all <= 0 && !differs(x, y))
			continue;
		qt_table_text(t, m->period);
		qt_table_text(t, period_figures[i].label);
		qt_table_fixed(t, x, 0);
		qt_table_fixed(t, y, 0);
		qt_table_fixed(t, y - x, 0);
		rows++;
	}
	return rows;
}

static const char *const gu_state_names[] = { "closed", "open", "opens", "closes", "handed over" };

static int gu_row(qt_table *t, const match *m, const qt_compare_side *a, const qt_compare_side *b, int all)
{
	int ta = m->ia >= 0 ? m->ta : 0, tb = m->ib >= 0 ? m->tb : 0;
	double pa = AT(a, m->ia, ta, x), pb = AT(b, m->ib, tb, x);
	int same = ta && tb && pa == pb;
	const unsigned char *const flags[] = { a->p->open, a->p->up, a->p->dn, b->p->open, b->p->up, b->p->dn };
	for (int f = 0; same && f < 3; f++)
		same = flags[f][QT_IX(m->ia, ta, a->p->T)] == flags[3 + f][QT_IX(m->ib, tb, b->p->T)];
	if (all <= 0 && same)
		return 0;
	qt_table_text(t, m->id);
	qt_table_text(t, m->period);
	qt_table_fixed(t, pa, 0);
	qt_table_fixed(t, pb, 0);
	qt_table_fixed(t, pb - pa, 0);
	qt_table_text(t, ta ? gu_state_names[qt_gu_state_at(a->p, m->ia, ta)] : NULL);
	qt_table_text(t, tb ? gu_state_names[qt_gu_state_at(b->p, m->ib, tb)] : NULL);
	return 1;
}

static int kombi_row(qt_table *t, const match *m, const qt_compare_side *a, const qt_compare_side *b, int all)
{
	int ta = m->ia >= 0 ? m->ta : 0, tb = m->ib >= 0 ? m->tb : 0;
	double v[] = { AT(a, m->ia, ta, b), AT(b, m->ib, tb, b), AT(a, m->ia, ta, ng), AT(b, m->ib, tb, ng),
		       AT(a, m->ia, ta, na), AT(b, m->ib, tb, na), AT(a, m->ia, ta, y),	 AT(b, m->ib, tb, y) };
	int diff = 0;
	for (size_t i = 0; i < COUNT(v); i += 2)
		diff |= differs(v[i], v[i + 1]);
	if (all <= 0 && !diff)
		return 0;
	qt_table_text(t, m->id);
	qt_table_text(t, m->period);
	for (size_t i = 0; i < COUNT(v); i++)
		qt_table_fixed(t, v[i], 0);
	return 1;
}

/* Placed persons of municipality i in period t of side x, and cumulatively; NaN without t. */
static void placed_at(const qt_compare_side *x, int i, int t, double *placed, double *cumulative)
{
	*placed = *cumulative = NAN;
	if (!t)
		return;
	qt_placed series[QT_MAX_PERIODS + 1];
	qt_placed_series(series, x->s, x->p, i);
	*placed = (double)(series[t].own + series[t].kombi + series[t].offers);
	*cumulative = (double)series[t].cumulative;
}

static int muni_row(qt_table *t, const match *m, const qt_compare_side *a, const qt_compare_side *b, int all)
{
	int ta = m->ia >= 0 ? m->ta : 0, tb = m->ib >= 0 ? m->tb : 0;
	double pa, ca, pb, cb;
	placed_at(a, m->ia, ta, &pa, &ca);
	placed_at(b, m->ib, tb, &pb, &cb);
	double ua = AT(a, m->ia, ta, under), ub = AT(b, m->ib, tb, under);
	double oa = AT(a, m->ia, ta, over), ob = AT(b, m->ib, tb, over);
	double sa = AT(a, m->ia, ta, A), sb = AT(b, m->ib, tb, A);
	int stock_differs = isnan(sa) != isnan(sb) || fabs(sa - sb) > 1e-9;
	if (all <= 0 && !differs(pa, pb) && !differs(ca, cb) && !differs(ua, ub) && !differs(oa, ob) && !stock_differs)
		return 0;
	qt_table_text(t, m->id);
	qt_table_text(t, m->period);
	double v[] = { pa, pb, pb - pa, ca, cb, ua, ub, oa, ob };
	for (size_t i = 0; i < COUNT(v); i++)
		qt_table_fixed(t, v[i], 0);
	qt_table_fixed(t, sa, 1);
	qt_table_fixed(t, sb, 1);
	return 1;
}

/* ---- plans over futures ---- */

int qt_compare_check(const qt_scenario *a, const qt_scenario *b)
{
	if (!a || !b)
		return qt_set_error(QT_EINVAL, "compare: bad arguments");
	if (!a->n_future != !b->n_future)
		return qt_set_error(QT_EINPUT, "compare: %s has futures (/uncertainty/futures) and %s has none: compare "
				    "two scenarios with futures, or two without", a->n_future ? "A" : "B",
				    a->n_future ? "B" : "A");
	int same = a->n_future == b->n_future;
	for (int f = 0; same && f < a->n_future; f++)
		same = qt_scenario_future_find(b, a->future[f].id) >= 0;
	if (same)
		return 0;
	char *ia = qt_scenario_future_ids(a, ", "), *ib = qt_scenario_future_ids(b, ", ");
	int rc = qt_set_error(QT_EINPUT, "compare: the futures differ (A: %s; B: %s): futures are matched by id, so "
			      "both scenarios need the same ones", ia ? ia : "?", ib ? ib : "?");
	free(ia);
	free(ib);
	return rc;
}

/* The committed decisions of both sides into d[0] (A) and d[1] (B); the caller frees both. */
static int both_decisions(qt_decisions d[2], const qt_compare_side *a, const qt_compare_side *b)
{
	int rc = qt_futures_decisions(&d[0], a->s, a->p);
	if (!rc && (rc = qt_futures_decisions(&d[1], b->s, b->p)))
		qt_decisions_free(&d[0]);
	return rc;
}

static int futures_figures_rows(qt_table *t, const qt_compare_side *a, const qt_compare_side *b)
{
	const qt_plan *pa = a->p, *pb = b->p;
	text_row(t, "scenario", a->s->name ? a->s->name : "", b->s->name ? b->s->name : "");
	text_row(t, "status", qt_status_name(pa->status), qt_status_name(pb->status));
	num_row(t, "gap %", 100 * pa->gap, 100 * pb->gap, 2);
	num_row(t, "futures", pa->n_future, pb->n_future, 0);
	num_row(t, "committed quarters", pa->commit_K, pb->commit_K, 0);
	text_row(t, "objective over futures", qt_futures_objective_names[a->s->fut_objective],
		 qt_futures_objective_names[b->s->fut_objective]);
	num_row(t, "objective EUR", pa->objective, pb->objective, 0);
	num_row(t, "objective expected EUR", pa->expected, pb->expected, 0);
	num_row(t, "objective worst EUR", pa->worst, pb->worst, 0);
	num_row(t, "real cost expected EUR", pa->cost, pb->cost, 0);
	for (int i = 0; i < QT_NPEN; i++) {
		char label[64];
		snprintf(label, sizeof label, "penalty %s expected EUR", qt_penalty_names[i]);
		num_row(t, label, pa->penalty[i], pb->penalty[i], 0);
	}
	qt_decisions d[2];
	int rc = both_decisions(d, a, b);
	if (rc)
		return rc;
	num_row(t, "decisions to take now", (double)d[0].n, (double)d[1].n, 0);
	num_row(t, "solve seconds", pa->seconds, pb->seconds, 1);
	qt_decisions_free(&d[0]);
	qt_decisions_free(&d[1]);
	return qt_table_status(t);
}

static void future_row(qt_table *t, const char *id, const char *figure, double a, double b, int decimals)
{
	qt_table_text(t, id);
	num_row(t, figure, a, b, decimals);
}

/* Each future of A with the same one of B (qt_compare_check: B has them all). */
static int futures_rows(qt_table *t, const qt_compare_side *a, const qt_compare_side *b)
{
	for (int f = 0; f < a->p->n_future; f++) {
		const char *id = a->s->future[f].id;
		int g = qt_scenario_future_find(b->s, id);
		if (g < 0 || g >= b->p->n_future)
			return qt_set_error(QT_EINVAL, "compare: B has no future %s", id);
		const qt_plan *x = a->p->future[f], *y = b->p->future[g];
		future_row(t, id, "probability", a->s->future[f].probability, b->s->future[g].probability, 3);
		future_row(t, id, "objective EUR", x->objective, y->objective, 0);
		future_row(t, id, "real cost EUR", x->cost, y->cost, 0);
		for (int i = 0; i < QT_NPEN; i++) {
			char label[64];
			snprintf(label, sizeof label, "penalty %s EUR", qt_penalty_names[i]);
			future_row(t, id, label, x->penalty[i], y->penalty[i], 0);
		}
		future_row(t, id, "gap %", 100 * x->gap, 100 * y->gap, 2);
	}
	qt_table_note(t, "Futures matched by id; gap: of that future's plan for the committed quarters.");
	return qt_table_status(t);
}

/* The decision of d in quarter q (a quarter count) like e (site, kind, decision), or NULL. */
static const qt_decision *decision_find(const qt_decisions *d, const qt_compare_side *x, long q, const qt_decision *e)
{
	for (size_t i = 0; i < d->n; i++) {
		const qt_decision *c = &d->item[i];
		if (first_quarter(x) + c->period - 1 == q && !strcmp(c->kind, e->kind) && !strcmp(c->id, e->id) &&
		    !strcmp(c->what, e->what))
			return c;
	}
	return NULL;
}

static void decision_row(qt_table *t, long q, const qt_decision *e, long ca, long cb)
{
	char period[8];
	qt_period_label((int)(q / 4), (int)(q % 4) + 1, 1, period);
	qt_table_text(t, period);
	qt_table_text(t, e->kind);
	qt_table_text(t, e->id);
	qt_table_text(t, e->what);
	qt_table_int(t, ca);
	qt_table_int(t, cb);
	qt_table_int(t, cb - ca);
}

/* Per quarter: the decisions of x in q, with the same decision of y (0 if y lacks it); rows only
 * where they differ, and of y only those x lacks (x_first). Returns the decisions that agree. */
static long decisions_in(qt_table *t, long q, const qt_decisions *dx, const qt_compare_side *x,
			 const qt_decisions *dy, const qt_compare_side *y, int x_first)
{
	long same = 0;
	for (size_t i = 0; i < dx->n; i++) {
		const qt_decision *e = &dx->item[i];
		if (first_quarter(x) + e->period - 1 != q)
			continue;
		const qt_decision *o = decision_find(dy, y, q, e);
		long cy = o ? o->count : 0;
		if (x_first && cy == e->count)
			same++;
		else if (x_first)
			decision_row(t, q, e, e->count, cy);
		else if (!o)
			decision_row(t, q, e, 0, e->count);
	}
	return same;
}

static int commitment_rows(qt_table *t, const qt_compare_side *a, const qt_compare_side *b)
{
	qt_decisions d[2];
	int rc = both_decisions(d, a, b);
	if (rc)
		return rc;
	const qt_decisions *da = &d[0], *db = &d[1];
	long qa = first_quarter(a), qb = first_quarter(b), same = 0;
	long ea = qa + a->p->commit_K, eb = qb + b->p->commit_K;
	long from = qa < qb ? qa : qb, to = ea > eb ? ea : eb;
	for (long q = from; q < to; q++) {
		same += decisions_in(t, q, da, a, db, b, 1);
		decisions_in(t, q, db, b, da, a, 0);
	}
	char note[160];
	snprintf(note, sizeof note, qt_tr("Only the decisions that differ; %ld the same in both. count: places of the "
					  "site, or modules."), same);
	qt_table_note(t, qt_table_rows(t) ? note : qt_tr("The same decisions in both."));
	qt_decisions_free(&d[0]);
	qt_decisions_free(&d[1]);
	return qt_table_status(t);
}

/* all < 0: the command has no --all, and shows only what differs. */
static const char *only_differences(int all, long rows)
{
	if (rows == 0)
		return all > 0 ? N_("No rows.") : N_("No differences.");
	return all > 0 ? NULL : all < 0 ? N_("Only what differs.") : N_("Only what differs; --all shows every row.");
}

int qt_compare_rows(qt_table *t, qt_compare_tab id, const qt_compare_side *a, const qt_compare_side *b, int all)
{
	if (!t || !a || !b)
		return qt_set_error(QT_EINVAL, "compare: bad arguments");
	static const row_fn rows_of[QT_COMPARE_NTAB] = { NULL, period_row, gu_row, kombi_row, muni_row };
	int futures = a->p->n_future && b->p->n_future;
	if (id == QT_COMPARE_FIGURES)
		return futures ? futures_figures_rows(t, a, b) : figures_rows(t, a, b);
	if (id == QT_COMPARE_FUTURES || id == QT_COMPARE_COMMITMENT) {
		if (!futures)
			return qt_set_error(QT_EINVAL, "compare: table %s needs plans over futures", tabs[id].key);
		return id == QT_COMPARE_FUTURES ? futures_rows(t, a, b) : commitment_rows(t, a, b);
	}
	if (id >= QT_COMPARE_NTAB)
		return qt_set_error(QT_EINVAL, "compare: no table %d", (int)id);
	if (a->p->n_future || b->p->n_future)
		return qt_set_error(QT_EINVAL, "compare: plans over futures are compared per future and commitment");
	long rows;
	if (id == QT_COMPARE_PERIODS) {
		match m = { NULL, -1, -1, 0, 0, "" };
		rows = each_period(t, &m, a, b, all, period_row);
	} else {
		rows = each_entry(t, id, a, b, all, rows_of[id]);
	}
	const char *note = only_differences(all, rows);
	int rc = qt_table_status(t);
	return rc || !note ? rc : qt_table_note(t, note);
}

/* ---- output ---- */

int qt_compare_put(const qt_compare_out *o, qt_table *t, const char *key)
{
	int rc = qt_table_status(t);
	cJSON *rows = NULL;
	if (!rc && o->format == QT_FORMAT_JSON) {
		if (!(rc = qt_table_json(&rows, t)) && !cJSON_AddItemToObject(o->root, key, rows)) {
			cJSON_Delete(rows);
			rc = qt_set_error(QT_ENOMEM, "out of memory");
		}
	} else if (!rc && o->format == QT_FORMAT_CSV && o->dir) {
		rc = qt_table_write_in(o->dir, t);
	} else if (!rc) {
		rc = qt_table_print(o->f, t, o->format);
	}
	qt_table_free(t);
	return rc;
}

/* Builds and puts tables from..to (inclusive), each named prefix + its key. */
static int put_tables(const qt_compare_out *o, const qt_compare_side *a, const qt_compare_side *b, int all,
		      const char *prefix, qt_compare_tab from, qt_compare_tab to)
{
	int rc = 0;
	for (int id = from; !rc && id <= (int)to; id++) {
		qt_table *t;
		if (!(rc = qt_compare_table_new(&t, (qt_compare_tab)id, prefix)) &&
		    !(rc = qt_compare_rows(t, (qt_compare_tab)id, a, b, all)))
			rc = qt_compare_put(o, t, tabs[id].key);
		else
			qt_table_free(t);
	}
	return rc;
}

int qt_compare_matched(const qt_compare_out *o, const qt_compare_side *a, const qt_compare_side *b, int all,
		       const char *prefix)
{
	return put_tables(o, a, b, all, prefix, QT_COMPARE_PERIODS, QT_COMPARE_MUNI);
}

/* Both plans fit their scenarios and each other: both over the same futures, or neither. */
static int compare_args(const qt_scenario *sa, const qt_plan *pa, const qt_scenario *sb, const qt_plan *pb)
{
	if (!sa || !pa || !sb || !pb)
		return qt_set_error(QT_EINVAL, "compare: bad arguments");
	if (pa->n_future != sa->n_future || pb->n_future != sb->n_future)
		return qt_set_error(QT_EINVAL, "compare: a plan does not fit its scenario's futures");
	return qt_compare_check(sa, sb);
}

/* The key figures, then the futures and the commitment, or the matched tables. */
static int compare_tables(const qt_compare_out *o, const qt_compare_side *a, const qt_compare_side *b)
{
	qt_table *t;
	int rc = qt_compare_table_new(&t, QT_COMPARE_FIGURES, NULL);
	if (!rc && !(rc = qt_compare_rows(t, QT_COMPARE_FIGURES, a, b, 0)) &&
	    !(rc = qt_table_note(t, "A is the first scenario, B the second; B - A is the change.")))
		rc = qt_compare_put(o, t, tabs[QT_COMPARE_FIGURES].key);
	else
		qt_table_free(t);
	if (!rc && a->p->n_future)
		rc = put_tables(o, a, b, -1, NULL, QT_COMPARE_FUTURES, QT_COMPARE_COMMITMENT);
	else if (!rc)
		rc = qt_compare_matched(o, a, b, -1, NULL);
	return rc;
}

int qt_report_compare(FILE *f, qt_format format, const qt_scenario *sa, const qt_plan *pa, const qt_scenario *sb,
		      const qt_plan *pb)
{
	if (!f || (format != QT_FORMAT_TEXT && format != QT_FORMAT_JSON))
		return qt_set_error(QT_EINVAL, "compare: bad arguments");
	int rc = compare_args(sa, pa, sb, pb);
	if (rc)
		return rc;
	qt_compare_side a = { sa, pa, 0 }, b = { sb, pb, 0 };
	qt_compare_out o = { format, f, NULL, NULL };
	if (format == QT_FORMAT_JSON && !(o.root = cJSON_CreateObject()))
		return qt_set_error(QT_ENOMEM, "out of memory");
	rc = compare_tables(&o, &a, &b);
	if (format == QT_FORMAT_JSON) {
		if (rc) {
			cJSON_Delete(o.root);
			return rc;
		}
		return qt_json_write(f, o.root);
	}
	if (!rc && fflush(f) != 0)
		rc = qt_set_error(QT_EIO, "cannot write the report");
	return rc;
}

int qt_report_compare_csv(const char *dir, const qt_scenario *sa, const qt_plan *pa, const qt_scenario *sb,
			  const qt_plan *pb)
{
	if (!dir || !*dir)
		return qt_set_error(QT_EINVAL, "compare: CSV needs a directory");
	int rc = compare_args(sa, pa, sb, pb);
	if (!rc)
		rc = qt_ensure_dir(dir);
	qt_compare_side a = { sa, pa, 0 }, b = { sb, pb, 0 };
	qt_compare_out o = { QT_FORMAT_CSV, NULL, dir, NULL };
	return rc ? rc : compare_tables(&o, &a, &b);
}
