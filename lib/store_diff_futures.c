/* quartier diff of two stored plans over futures: their figures over the futures, the decisions
 * they commit to (matched by period label and site id), and per future (matched by id) the tables
 * of an ordinary diff, stacked with a `future` column. */
#include "store_diff_futures.h"

#include <math.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- the figures over the futures ---- */

static void figure_row(qt_table *t, const char *figure, double a, double b, int decimals)
{
	qt_table_text(t, figure);
	qt_table_fixed(t, a, decimals);
	qt_table_fixed(t, b, decimals);
	qt_table_fixed(t, b - a, decimals);
}

int qt_store_diff_futures_figures(const qt_compare_out *o, const qt_plan *a, const qt_plan *b, long ra, long rb)
{
	static const qt_column_spec cols[] = {
		{ "figure", "figure", QT_ALIGN_LEFT },
		{ "a", "A", QT_ALIGN_RIGHT },
		{ "b", "B", QT_ALIGN_RIGHT },
		{ "change", "B - A", QT_ALIGN_RIGHT },
	};
	qt_table *t;
	int rc = qt_table_new(&t, "diff_futures_figures", "Plans over futures (objective and cost in EUR)");
	if (rc)
		return rc;
	qt_table_columns(t, cols, COUNT(cols));
	qt_table_text(t, "run");
	qt_table_textf(t, "%ld", ra);
	qt_table_textf(t, "%ld", rb);
	qt_table_text(t, "");
	figure_row(t, "futures", a->n_future, b->n_future, 0);
	figure_row(t, "committed quarters", a->commit_K, b->commit_K, 0);
	figure_row(t, "objective", a->objective, b->objective, 0);
	figure_row(t, "objective expected", a->expected, b->expected, 0);
	figure_row(t, "objective worst", a->worst, b->worst, 0);
	figure_row(t, "real cost expected", a->cost, b->cost, 0);
	figure_row(t, "gap %", 100.0 * a->gap, 100.0 * b->gap, 2);
	if (a->voi && b->voi) {
		const qt_voi *va = a->voi, *vb = b->voi;
		figure_row(t, "WS", va->ws, vb->ws, 0);
		figure_row(t, "EEV", va->eev, vb->eev, 0);
		figure_row(t, "RP", va->rp, vb->rp, 0);
		figure_row(t, "EVPI", va->evpi, vb->evpi, 0);
		figure_row(t, "VSS", va->vss, vb->vss, 0);
	}
	qt_table_note(t, "A is the first run named, B the second; B - A is the change. The value of "
			 "information only when both runs computed it.");
	return qt_compare_put(o, t, "futures_figures");
}

/* ---- the committed decisions ---- */

/* A plan over futures with the quarter number (year * 4 + quarter - 1) of its first period. */
typedef struct {
	const qt_scenario *s;
	const qt_plan *p;
	long q0;
} fut_side;

/* Period t (1..commit_K) of x that is quarter q, or 0 if q is not one of its committed quarters. */
static int committed_t(const fut_side *x, long q)
{
	long t = q - x->q0 + 1;
	return t >= 1 && t <= x->p->commit_K ? (int)t : 0;
}

typedef enum { SITE_GU, SITE_KOMBI } site_kind;

static int site_count(const qt_scenario *s, site_kind kind) { return kind == SITE_GU ? s->n_gu : s->n_kombi; }
static const char *site_id(const qt_scenario *s, site_kind kind, int i)
{
	return kind == SITE_GU ? s->gu[i].id : s->kombi[i].id;
}
static int site_find(const qt_scenario *s, site_kind kind, const char *id)
{
	for (int i = 0; i < site_count(s, kind); i++)
		if (!strcmp(site_id(s, kind, i), id))
			return i;
	return -1;
}

/* The value of decision d (0: GU open, 1: modules ordered, 2: AU modules) of site i in period t
 * of x; NAN if x has no such site or t is not committed. */
static double decision_value(const fut_side *x, site_kind kind, int i, int t, int d)
{
	if (i < 0 || !t)
		return NAN;
	const qt_plan *p = x->p->future[0]; /* the committed quarters are the same in every future */
	size_t ix = QT_IX(i, t, p->T);
	if (kind == SITE_GU)
		return p->open[ix];
	return d == 1 ? (double)p->b[ix] : (double)p->na[ix];
}

static void decision_rows(qt_table *t, const fut_side *a, const fut_side *b, long q, const char *id,
			  site_kind kind, int all)
{
	static const char *const what[] = { "open", "modules ordered", "AU modules" };
	int ta = committed_t(a, q), tb = committed_t(b, q);
	int ia = site_find(a->s, kind, id), ib = site_find(b->s, kind, id);
	for (int d = kind == SITE_GU ? 0 : 1; d <= (kind == SITE_GU ? 0 : 2); d++) {
		double va = decision_value(a, kind, ia, ta, d), vb = decision_value(b, kind, ib, tb, d);
		if (!all && va == vb)
			continue;
		char label[8];
		qt_period_label((int)(q / 4), (int)(q % 4) + 1, 1, label);
		qt_table_text(t, label);
		qt_table_text(t, kind == SITE_GU ? "GU" : "Kombimodell");
		qt_table_text(t, id);
		qt_table_text(t, what[d]);
		qt_table_fixed(t, va, 0);
		qt_table_fixed(t, vb, 0);
		qt_table_fixed(t, vb - va, 0);
	}
}

/* Every site of kind in quarter q: A's, then those only B has. */
static void quarter_rows(qt_table *t, const fut_side *a, const fut_side *b, long q, site_kind kind, int all)
{
	for (int i = 0; i < site_count(a->s, kind); i++)
		decision_rows(t, a, b, q, site_id(a->s, kind, i), kind, all);
	for (int i = 0; i < site_count(b->s, kind); i++)
		if (site_find(a->s, kind, site_id(b->s, kind, i)) < 0)
			decision_rows(t, a, b, q, site_id(b->s, kind, i), kind, all);
}

static int commitment_table(const qt_compare_out *o, const fut_side *a, const fut_side *b, int all)
{
	static const qt_column_spec cols[] = {
		{ "period", "period", QT_ALIGN_LEFT }, { "kind", "kind", QT_ALIGN_LEFT },
		{ "id", "id", QT_ALIGN_LEFT },	       { "decision", "decision", QT_ALIGN_LEFT },
		{ "a", "A", QT_ALIGN_RIGHT },	       { "b", "B", QT_ALIGN_RIGHT },
		{ "change", "B - A", QT_ALIGN_RIGHT },
	};
	qt_table *t;
	int rc = qt_table_new(&t, "diff_commitment", "Decisions to take now (committed quarters)");
	if (rc)
		return rc;
	qt_table_columns(t, cols, COUNT(cols));
	long first = fmin(a->q0, b->q0), last = fmax(a->q0 + a->p->commit_K, b->q0 + b->p->commit_K) - 1;
	for (long q = first; q <= last; q++)
		for (site_kind kind = SITE_GU; kind <= SITE_KOMBI; kind++)
			quarter_rows(t, a, b, q, kind, all);
	if (!all)
		qt_table_note(t, qt_table_rows(t) ? "Only the decisions that differ (--all: every one)."
						  : "The same decisions in the committed quarters.");
	qt_table_note(t, "Matched by period label and site id; open: 1 if the GU site is open; AU modules: "
			 "converted to AU, in total. Empty: not a committed quarter of that run, or no such site.");
	return qt_compare_put(o, t, "commitment");
}

/* ---- per future ---- */

/* Side x in the future named id: that future's plan and scenario (view) if x is a plan over
 * futures, x itself if it is an ordinary plan; 0 if x has no such future. */
static int in_future(qt_compare_side *out, qt_scenario *view, const qt_compare_side *x, const char *id)
{
	if (!x->p->n_future) {
		*out = *x;
		return 1;
	}
	int f = qt_scenario_future_find(x->s, id);
	if (f < 0)
		return 0;
	qt_scenario_future_view(x->s, f, view);
	*out = (qt_compare_side){ view, x->p->future[f], x->kept_modules };
	return 1;
}

/* Table id of the ordinary diff for every future of a (or of b, if a is an ordinary plan) that
 * both sides have, stacked with a `future` column. */
static int future_table(const qt_compare_out *o, qt_compare_tab id, const qt_compare_side *a,
			const qt_compare_side *b, int all)
{
	const qt_scenario *fs = a->p->n_future ? a->s : b->s;
	qt_table *one = NULL, *t = NULL;
	int rc = qt_compare_table_new(&one, id, "diff_futures_");
	if (!rc)
		rc = qt_table_new(&t, qt_table_name(one), qt_table_title(one));
	for (int f = 0; !rc && f < fs->n_future; f++) {
		qt_scenario va, vb;
		qt_compare_side sa, sb;
		if (!in_future(&sa, &va, a, fs->future[f].id) || !in_future(&sb, &vb, b, fs->future[f].id))
			continue;
		qt_table_free(one);
		if (!(rc = qt_compare_table_new(&one, id, "diff_futures_")) &&
		    !(rc = qt_compare_rows(one, id, &sa, &sb, id == QT_COMPARE_FIGURES ? 1 : all)))
			rc = qt_table_stack(t, one, "future", "future", fs->future[f].id);
	}
	qt_table_free(one);
	if (!rc && id == QT_COMPARE_FIGURES && (!a->p->n_future || !b->p->n_future))
		rc = qt_table_note(t, "One run is an ordinary plan: it is set against each future of the other.");
	if (!rc && qt_table_rows(t) == 0 && !qt_table_status(t) && qt_table_ncols(t) == 0)
		rc = qt_table_column(t, "future", "future", QT_ALIGN_LEFT);
	if (rc) {
		qt_table_free(t);
		return rc;
	}
	return qt_compare_put(o, t, qt_compare_key(id));
}

int qt_store_diff_each_future(const qt_compare_out *o, const qt_compare_side *a, const qt_compare_side *b, int all)
{
	int rc = 0;
	/* the ordinary tables: each future's plan is an ordinary plan */
	for (int id = QT_COMPARE_FIGURES; !rc && id <= QT_COMPARE_MUNI; id++)
		rc = future_table(o, (qt_compare_tab)id, a, b, all);
	return rc;
}

/* A note on the futures only one run has. */
static int unmatched_note(const qt_compare_out *o, const fut_side *a, const fut_side *b)
{
	qt_table *t;
	int rc = qt_table_new(&t, "diff_futures_unmatched", "Futures of only one run");
	if (rc)
		return rc;
	qt_table_column(t, "future", "future", QT_ALIGN_LEFT);
	qt_table_column(t, "run", "only in", QT_ALIGN_LEFT);
	for (int side = 0; side < 2; side++) {
		const fut_side *x = side ? b : a, *y = side ? a : b;
		for (int f = 0; f < x->s->n_future; f++)
			if (qt_scenario_future_find(y->s, x->s->future[f].id) < 0) {
				qt_table_text(t, x->s->future[f].id);
				qt_table_text(t, side ? "B" : "A");
			}
	}
	if (qt_table_rows(t) == 0) {
		qt_table_free(t);
		return 0;
	}
	return qt_compare_put(o, t, "futures_unmatched");
}

int qt_store_diff_futures(const qt_compare_out *o, const qt_compare_side *a, const qt_compare_side *b, int all)
{
	char first[8];
	fut_side fa = { a->s, a->p, 0 }, fb = { b->s, b->p, 0 };
	qt_period_label(a->s->start_year, a->s->start_q, 1, first);
	fa.q0 = qt_quarter_of(first);
	qt_period_label(b->s->start_year, b->s->start_q, 1, first);
	fb.q0 = qt_quarter_of(first);
	int rc = commitment_table(o, &fa, &fb, all);
	if (!rc)
		rc = qt_store_diff_each_future(o, a, b, all);
	if (!rc)
		rc = unmatched_note(o, &fa, &fb);
	return rc;
}
