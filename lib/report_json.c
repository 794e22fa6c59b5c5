/* The plan as the JSON object of SCENARIO.md ("Machine-readable outputs"). Every builder returns a new
 * cJSON item or NULL (out of memory), and frees what it built when it fails. */
#include "report.h"

#include <cJSON.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>

/* Deletes a partly built item (and everything already added to it); returns NULL. */
static cJSON *fail(cJSON *partial)
{
	cJSON_Delete(partial);
	return NULL;
}

/* Periods 1..T of a series of long values: the value of period t is at base + t * stride. */
static cJSON *long_series(const void *base, size_t stride, int T)
{
	cJSON *a = cJSON_CreateArray();
	for (int t = 1; a && t <= T; t++) {
		long v = *(const long *)((const char *)base + (size_t)t * stride);
		if (qt_json_push(a, cJSON_CreateNumber((double)v)))
			return fail(a);
	}
	return a;
}

/* Periods 1..T of row i of a [n*(T+1)] long array. */
static cJSON *row_series(const long *v, int i, int T)
{
	return long_series(v + QT_IX(i, 0, T), sizeof *v, T);
}

/* Expected values (the AU stock) rounded to whole persons. */
static cJSON *rounded_series(const double *row, int T)
{
	cJSON *a = cJSON_CreateArray();
	for (int t = 1; a && t <= T; t++)
		if (qt_json_push(a, cJSON_CreateNumber((double)lround(row[t]))))
			return fail(a);
	return a;
}

static cJSON *bool_series(const unsigned char *row, int T)
{
	cJSON *a = cJSON_CreateArray();
	for (int t = 1; a && t <= T; t++)
		if (qt_json_push(a, cJSON_CreateBool(row[t] != 0)))
			return fail(a);
	return a;
}

static cJSON *periods_json(const qt_scenario *s)
{
	cJSON *a = cJSON_CreateArray();
	for (int t = 1; a && t <= s->T; t++) {
		char buf[8];
		qt_period_label(s->start_year, s->start_q, t, buf);
		if (qt_json_push(a, cJSON_CreateString(buf)))
			return fail(a);
	}
	return a;
}

static cJSON *objective_json(const qt_plan *p)
{
	cJSON *o = cJSON_CreateObject();
	if (!o || qt_json_add(o, "total", cJSON_CreateNumber(p->objective)) || qt_json_add(o, "cost", cJSON_CreateNumber(p->cost)))
		return fail(o);
	cJSON *pen = cJSON_CreateObject();
	if (qt_json_add(o, "penalties", pen))
		return fail(o);
	for (int i = 0; i < QT_NPEN; i++)
		if (qt_json_add(pen, qt_penalty_names[i], cJSON_CreateNumber(p->penalty[i])))
			return fail(o);
	return o;
}

static cJSON *totals_json(const qt_scenario *s, const qt_plan *p)
{
	static const struct {
		const char *key;
		size_t offset;
	} fields[] = {
		{ "intake", offsetof(qt_period_totals, intake) },
		{ "backlog", offsetof(qt_period_totals, backlog) },
		{ "in_vu", offsetof(qt_period_totals, in_vu) },
		{ "waiting_persons", offsetof(qt_period_totals, waiting_persons) },
		{ "unhoused", offsetof(qt_period_totals, unhoused) },
		{ "gu_places_open", offsetof(qt_period_totals, gu_places_open) },
		{ "gu_persons", offsetof(qt_period_totals, gu_persons) },
		{ "au_placed_persons", offsetof(qt_period_totals, au_placed_persons) },
		{ "accepted", offsetof(qt_period_totals, accepted) },
		{ "municipalities_under_quota", offsetof(qt_period_totals, munis_under_quota) },
	};
	qt_period_totals tot[QT_MAX_PERIODS + 1];
	for (int t = 1; t <= s->T; t++)
		qt_period_totals_get(&tot[t], s, p, t);
	cJSON *o = cJSON_CreateObject();
	for (size_t i = 0; o && i < sizeof fields / sizeof fields[0]; i++)
		if (qt_json_add(o, fields[i].key, long_series((const char *)tot + fields[i].offset, sizeof tot[0], s->T)))
			return fail(o);
	return o;
}

/* SCENARIO.md "Plan JSON additions": capacity per period; handed over in or before t. */
static cJSON *gu_measures_json(const qt_scenario *s, const qt_plan *p, int g, cJSON *o)
{
	cJSON *cap = cJSON_CreateArray();
	for (int t = 1; cap && t <= p->T; t++)
		if (qt_json_push(cap, cJSON_CreateNumber(qt_gu_capacity(s, &s->gu[g], t))))
			return fail(cap);
	if (qt_json_add(o, "capacity", cap))
		return NULL;
	if (s->gu[g].tr_earliest <= 0)
		return o;
	cJSON *tr = cJSON_CreateArray();
	for (int t = 1; tr && t <= p->T; t++)
		if (qt_json_push(tr, cJSON_CreateBool(qt_plan_transferred(p, g, t))))
			return fail(tr);
	return qt_json_add(o, "transferred", tr) ? NULL : o;
}

static cJSON *gu_json(const qt_scenario *s, const qt_plan *p)
{
	cJSON *a = cJSON_CreateArray();
	for (int g = 0; a && g < s->n_gu; g++) {
		cJSON *o = cJSON_CreateObject();
		if (qt_json_push(a, o) || qt_json_add(o, "id", cJSON_CreateString(s->gu[g].id)) ||
		    qt_json_add(o, "open", bool_series(p->open + QT_IX(g, 0, p->T), p->T)) ||
		    qt_json_add(o, "persons", row_series(p->x, g, p->T)) || !gu_measures_json(s, p, g, o))
			return fail(a);
	}
	return a;
}

/* Real cost by payer: per period, and in total. */
static cJSON *payers_json(const qt_plan *p, int totals)
{
	cJSON *o = cJSON_CreateObject();
	for (int i = 0; o && i < QT_NPAYER; i++) {
		cJSON *v = totals ? cJSON_CreateNumber(p->payer_total[i])
				  : cJSON_CreateDoubleArray(p->payers + QT_IX(i, 1, p->T), p->T);
		if (qt_json_add(o, qt_payer_names[i], v))
			return fail(o);
	}
	return o;
}

static cJSON *kombi_json(const qt_scenario *s, const qt_plan *p)
{
	cJSON *a = cJSON_CreateArray();
	for (int k = 0; a && k < s->n_kombi; k++) {
		cJSON *o = cJSON_CreateObject();
		if (qt_json_push(a, o) || qt_json_add(o, "id", cJSON_CreateString(s->kombi[k].id)) ||
		    qt_json_add(o, "ordered", row_series(p->b, k, p->T)) ||
		    qt_json_add(o, "gu_modules", row_series(p->ng, k, p->T)) ||
		    qt_json_add(o, "au_modules", row_series(p->na, k, p->T)) ||
		    qt_json_add(o, "persons", row_series(p->y, k, p->T)))
			return fail(a);
	}
	return a;
}

static cJSON *placed_json(const qt_placed *placed, int T)
{
	cJSON *o = cJSON_CreateObject();
	if (!o || qt_json_add(o, "own", long_series((const char *)placed + offsetof(qt_placed, own), sizeof *placed, T)) ||
	    qt_json_add(o, "kombimodell",
		long_series((const char *)placed + offsetof(qt_placed, kombi), sizeof *placed, T)) ||
	    qt_json_add(o, "offers", long_series((const char *)placed + offsetof(qt_placed, offers), sizeof *placed, T)))
		return fail(o);
	return o;
}

static cJSON *muni_json(const qt_scenario *s, const qt_plan *p, int m)
{
	const int T = p->T;
	qt_placed placed[QT_MAX_PERIODS + 1];
	qt_placed_series(placed, s, p, m);
	cJSON *o = cJSON_CreateObject();
	if (!o || qt_json_add(o, "id", cJSON_CreateString(s->muni[m].id)) || qt_json_add(o, "quota", row_series(p->q, m, T)) ||
	    qt_json_add(o, "placed_cumulative",
		long_series((const char *)placed + offsetof(qt_placed, cumulative), sizeof *placed, T)) ||
	    qt_json_add(o, "placed", placed_json(placed, T)) ||
	    qt_json_add(o, "au_stock", rounded_series(p->A + QT_IX(m, 0, T), T)) ||
	    qt_json_add(o, "under", row_series(p->under, m, T)) || qt_json_add(o, "over", row_series(p->over, m, T)))
		return fail(o);
	return o;
}

static cJSON *munis_json(const qt_scenario *s, const qt_plan *p)
{
	cJSON *a = cJSON_CreateArray();
	for (int m = 0; a && m < s->n_muni; m++)
		if (qt_json_push(a, muni_json(s, p, m)))
			return fail(a);
	return a;
}

static cJSON *offers_json(const qt_scenario *s, const qt_plan *p)
{
	cJSON *a = cJSON_CreateArray();
	for (int i = 0; a && i < s->n_offer; i++) {
		if (p->ao[i] <= 0)
			continue;
		cJSON *o = cJSON_CreateObject();
		if (qt_json_push(a, o) || qt_json_add(o, "id", cJSON_CreateString(s->offer[i].id)) ||
		    qt_json_add(o, "households", cJSON_CreateNumber((double)p->ao[i])))
			return fail(a);
	}
	return a;
}

/* Added key (SCENARIO.md allows more): how the solve went. */
static cJSON *solve_json(const qt_plan *p)
{
	cJSON *o = cJSON_CreateObject();
	if (!o || qt_json_add(o, "seconds", cJSON_CreateNumber(p->seconds)) ||
	    qt_json_add(o, "nodes", cJSON_CreateNumber((double)p->nodes)) ||
	    qt_json_add(o, "bound", cJSON_CreateNumber(p->bound)) || qt_json_add(o, "rows", cJSON_CreateNumber(p->rows)) ||
	    qt_json_add(o, "cols", cJSON_CreateNumber(p->cols)) || qt_json_add(o, "integers", cJSON_CreateNumber(p->ints)))
		return fail(o);
	return o;
}

/* ---- a plan over futures (SCENARIO.md "Plan JSON additions") ---- */

/* Periods 1..K of row i of a [n*(T+1)] array of bytes, as booleans. */
static cJSON *first_bools(const unsigned char *v, int i, int T, int K)
{
	return bool_series(v + QT_IX(i, 0, T), K);
}

static cJSON *first_longs(const long *v, int i, int T, int K)
{
	return long_series(v + QT_IX(i, 0, T), sizeof *v, K);
}

/* Periods 1..K of GU g: handed over in or before t. */
static cJSON *handed_over(const unsigned char *tr, int g, int T, int K)
{
	cJSON *a = cJSON_CreateArray();
	int done = 0;
	for (int t = 1; a && t <= K; t++) {
		done = done || tr[QT_IX(g, t, T)];
		if (qt_json_push(a, cJSON_CreateBool(done)))
			return fail(a);
	}
	return a;
}

static cJSON *commitment_json(const qt_scenario *s, const qt_plan *p)
{
	const qt_plan *a = p->future[0];
	int K = p->commit_K;
	cJSON *o = cJSON_CreateObject(), *gus = cJSON_CreateArray(), *kms = cJSON_CreateArray();
	if (qt_json_add(o, "quarters", cJSON_CreateNumber(K)) || qt_json_add(o, "gu_sites", gus) ||
	    qt_json_add(o, "kombimodell", kms))
		return fail(o);
	for (int g = 0; g < s->n_gu; g++) {
		cJSON *e = cJSON_CreateObject();
		if (qt_json_push(gus, e) || qt_json_add(e, "id", cJSON_CreateString(s->gu[g].id)) ||
		    qt_json_add(e, "open", first_bools(a->open, g, s->T, K)) ||
		    qt_json_add(e, "transferred", handed_over(a->tr, g, s->T, K)))
			return fail(o);
	}
	for (int k = 0; k < s->n_kombi; k++) {
		cJSON *e = cJSON_CreateObject();
		if (qt_json_push(kms, e) || qt_json_add(e, "id", cJSON_CreateString(s->kombi[k].id)) ||
		    qt_json_add(e, "ordered", first_longs(a->b, k, s->T, K)) ||
		    qt_json_add(e, "au_modules", first_longs(a->na, k, s->T, K)))
			return fail(o);
	}
	return o;
}

static cJSON *futures_json(const qt_scenario *s, const qt_plan *p)
{
	cJSON *a = cJSON_CreateArray();
	for (int f = 0; a && f < p->n_future; f++) {
		qt_scenario view;
		qt_scenario_future_view(s, f, &view);
		cJSON *e = cJSON_CreateObject();
		if (qt_json_push(a, e) || qt_json_add(e, "id", cJSON_CreateString(s->future[f].id)) ||
		    qt_json_add(e, "probability", cJSON_CreateNumber(s->future[f].probability)) ||
		    qt_json_add(e, "plan", qt_plan_json(&view, p->future[f])))
			return fail(a);
	}
	return a;
}

static cJSON *voi_json(const qt_voi *v)
{
	cJSON *o = cJSON_CreateObject(), *g = cJSON_CreateObject();
	if (!o || qt_json_add(o, "ws", cJSON_CreateNumber(v->ws)) || qt_json_add(o, "eev", cJSON_CreateNumber(v->eev)) ||
	    qt_json_add(o, "rp", cJSON_CreateNumber(v->rp)) || qt_json_add(o, "evpi", cJSON_CreateNumber(v->evpi)) ||
	    qt_json_add(o, "vss", cJSON_CreateNumber(v->vss)) || qt_json_add(o, "gaps", g) ||
	    qt_json_add(g, "ws", cJSON_CreateNumber(v->ws_gap)) || qt_json_add(g, "eev", cJSON_CreateNumber(v->eev_gap)) ||
	    qt_json_add(g, "rp", cJSON_CreateNumber(v->rp_gap)))
		return fail(o);
	return o;
}

static cJSON *futures_plan_json(const qt_scenario *s, const qt_plan *p)
{
	cJSON *root = cJSON_CreateObject(), *obj = objective_json(p);
	if (!root || qt_json_add(root, "quartier", cJSON_CreateNumber(1)) ||
	    qt_json_add(root, "scenario", cJSON_CreateString(s->name ? s->name : "")) ||
	    qt_json_add(root, "periods", periods_json(s)) ||
	    qt_json_add(root, "status", cJSON_CreateString(qt_status_name(p->status))) ||
	    qt_json_add(root, "gap", cJSON_CreateNumber(p->gap)) || qt_json_add(root, "objective", obj) ||
	    qt_json_add(obj, "function", cJSON_CreateString(qt_futures_objective_names[s->fut_objective])) ||
	    qt_json_add(obj, "expected", cJSON_CreateNumber(p->expected)) ||
	    qt_json_add(obj, "worst", cJSON_CreateNumber(p->worst)) ||
	    qt_json_add(root, "commitment", commitment_json(s, p)) || qt_json_add(root, "futures", futures_json(s, p)) ||
	    (p->voi && qt_json_add(root, "value_of_information", voi_json(p->voi))) ||
	    qt_json_add(root, "solve", solve_json(p)))
		return fail(root);
	return root;
}

cJSON *qt_plan_json(const qt_scenario *s, const qt_plan *p)
{
	if (p->n_future)
		return s->n_future == p->n_future ? futures_plan_json(s, p) : NULL;
	cJSON *root = cJSON_CreateObject();
	if (!root || qt_json_add(root, "quartier", cJSON_CreateNumber(1)) ||
	    qt_json_add(root, "scenario", cJSON_CreateString(s->name ? s->name : "")) ||
	    qt_json_add(root, "periods", periods_json(s)) ||
	    qt_json_add(root, "status", cJSON_CreateString(qt_status_name(p->status))) ||
	    qt_json_add(root, "gap", cJSON_CreateNumber(p->gap)) || qt_json_add(root, "objective", objective_json(p)) ||
	    qt_json_add(root, "totals", totals_json(s, p)) || qt_json_add(root, "gu_sites", gu_json(s, p)) ||
	    qt_json_add(root, "kombimodell", kombi_json(s, p)) || qt_json_add(root, "municipalities", munis_json(s, p)) ||
	    qt_json_add(root, "offers_used", offers_json(s, p)) || qt_json_add(root, "payers", payers_json(p, 0)) ||
	    qt_json_add(root, "payers_total", payers_json(p, 1)) ||
	    qt_json_add(root, "objective_minimised",
			cJSON_CreateString(qt_objective_names[s->funding.objective])) ||
	    qt_json_add(root, "solve", solve_json(p)))
		return fail(root);
	return root;
}

int qt_report_json(FILE *f, const qt_scenario *s, const qt_plan *p)
{
	if (!f)
		return qt_set_error(QT_EINVAL, "report: no output stream");
	int rc = qt_report_args(s, p);
	if (rc)
		return rc;
	return qt_json_write(f, qt_plan_json(s, p));
}
