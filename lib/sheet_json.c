/* The quota sheets as JSON: the quota object of SCENARIO.md ("quartier quota FILE --format json"),
 * built from the sheets' figures. */
#include "quota_sheet.h"

#include <cJSON.h>

static cJSON *jfail(cJSON *partial)
{
	cJSON_Delete(partial);
	return NULL;
}

/* Periods 1..T of a row of any of the quota or plan arrays, through an accessor. */
typedef long (*series_fn)(const qt_quota_sheets *q, int m, int t);

static cJSON *jseries(const qt_quota_sheets *q, int m, series_fn f, int boolean)
{
	cJSON *a = cJSON_CreateArray();
	for (int t = 1; a && t <= q->s->T; t++) {
		long v = f(q, m, t);
		if (qt_json_push(a, boolean ? cJSON_CreateBool(v != 0) : cJSON_CreateNumber((double)v)))
			return jfail(a);
	}
	return a;
}

#define IX(q, m, t) QT_IX(m, t, (q)->s->T)
static long f_credit(const qt_quota_sheets *q, int m, int t) { return q->Q.credit[IX(q, m, t)]; }
static long f_quota(const qt_quota_sheets *q, int m, int t) { return q->Q.q[IX(q, m, t)]; }
static long f_incr(const qt_quota_sheets *q, int m, int t) { return q->Q.q[IX(q, m, t)] - qt_sheet_quota(q, m, t - 1); }
static long f_tie(const qt_quota_sheets *q, int m, int t) { return q->Q.tie[IX(q, m, t)]; }
static long f_paradox(const qt_quota_sheets *q, int m, int t) { return q->Q.paradox[IX(q, m, t)]; }
static long f_own(const qt_quota_sheets *q, int m, int t) { return q->placed[IX(q, m, t)].own; }
static long f_kombi(const qt_quota_sheets *q, int m, int t) { return q->placed[IX(q, m, t)].kombi; }
static long f_offers(const qt_quota_sheets *q, int m, int t) { return q->placed[IX(q, m, t)].offers; }
static long f_cum(const qt_quota_sheets *q, int m, int t) { return q->placed[IX(q, m, t)].cumulative; }
static long f_under(const qt_quota_sheets *q, int m, int t) { return q->p->under[IX(q, m, t)]; }
static long f_over(const qt_quota_sheets *q, int m, int t) { return q->p->over[IX(q, m, t)]; }
static long f_distributed(const qt_quota_sheets *q, int m, int t)
{
	(void)m;
	return q->Q.N[t];
}
#undef IX

static cJSON *json_offer(const qt_quota_sheets *q, const qt_sheet_offer *so)
{
	const qt_offer *o = &q->s->offer[so->offer];
	char label[8];
	qt_period_label(q->s->start_year, q->s->start_q, o->period, label);
	cJSON *j = cJSON_CreateObject();
	if (!j || qt_json_add(j, "id", cJSON_CreateString(o->id)) || qt_json_add(j, "period", cJSON_CreateString(label)) ||
	    qt_json_add(j, "household", cJSON_CreateString(qt_class_names[o->hclass])) ||
	    qt_json_add(j, "units", cJSON_CreateNumber(o->units)) ||
	    qt_json_add(j, "households", cJSON_CreateNumber((double)so->households)) ||
	    qt_json_add(j, "persons", cJSON_CreateNumber((double)so->persons)) ||
	    qt_json_add(j, "rent", cJSON_CreateNumber(o->rent)) ||
	    qt_json_add(j, "rent_cap", o->cap < 0 ? cJSON_CreateNull() : cJSON_CreateNumber(o->cap)))
		return jfail(j);
	return j;
}

static int json_plan_part(cJSON *j, const qt_quota_sheets *q, int m)
{
	cJSON *placed = cJSON_CreateObject();
	if (qt_json_add(j, "placed", placed) || qt_json_add(placed, "own", jseries(q, m, f_own, 0)) ||
	    qt_json_add(placed, "kombimodell", jseries(q, m, f_kombi, 0)) ||
	    qt_json_add(placed, "offers", jseries(q, m, f_offers, 0)) ||
	    qt_json_add(j, "placed_cumulative", jseries(q, m, f_cum, 0)) || qt_json_add(j, "under", jseries(q, m, f_under, 0)) ||
	    qt_json_add(j, "over", jseries(q, m, f_over, 0)))
		return -1;
	cJSON *offers = cJSON_CreateArray();
	if (qt_json_add(j, "offers_used", offers))
		return -1;
	for (size_t k = q->offers_at[m]; k < q->offers_at[m + 1]; k++)
		if (qt_json_push(offers, json_offer(q, &q->offers[k])))
			return -1;
	return 0;
}

static cJSON *json_muni(const qt_quota_sheets *q, int m)
{
	const qt_muni *mu = &q->s->muni[m];
	cJSON *j = cJSON_CreateObject();
	if (!j || qt_json_add(j, "id", cJSON_CreateString(mu->id)) || qt_json_add(j, "name", cJSON_CreateString(qt_sheet_name(q, m))) ||
	    qt_json_add(j, "file", cJSON_CreateString(q->stem[m])) || qt_json_add(j, "share", cJSON_CreateNumber(q->Q.share[m])) ||
	    qt_json_add(j, "credit", jseries(q, m, f_credit, 0)) || qt_json_add(j, "quota", jseries(q, m, f_quota, 0)) ||
	    qt_json_add(j, "increment", jseries(q, m, f_incr, 0)) || qt_json_add(j, "ties", jseries(q, m, f_tie, 1)) ||
	    qt_json_add(j, "paradox", jseries(q, m, f_paradox, 1)))
		return jfail(j);
	if (q->p && json_plan_part(j, q, m))
		return jfail(j);
	return j;
}

static cJSON *json_head(const qt_quota_sheets *q)
{
	const qt_scenario *s = q->s;
	cJSON *j = cJSON_CreateObject();
	if (!j || qt_json_add(j, "quartier", cJSON_CreateNumber(1)) ||
	    qt_json_add(j, "scenario", cJSON_CreateString(s->name ? s->name : "")) ||
	    qt_json_add(j, "district", cJSON_CreateString(q->district)) ||
	    qt_json_add(j, "method", cJSON_CreateString(qt_method_names[s->method])))
		return jfail(j);
	cJSON *key = cJSON_CreateObject();
	if (qt_json_add(j, "key", key))
		return jfail(j);
	double total = 0;
	for (int k = 0; k < s->n_key; k++)
		total += s->key_weight[k];
	for (int k = 0; k < s->n_key; k++)
		if (qt_json_add(key, s->key_name[k], cJSON_CreateNumber(s->key_weight[k] / total)))
			return jfail(j);
	cJSON *periods = cJSON_CreateArray();
	if (qt_json_add(j, "gu_credit_rate", cJSON_CreateNumber(s->gu_credit_rate)) || qt_json_add(j, "periods", periods))
		return jfail(j);
	for (int t = 1; t <= s->T; t++) {
		char label[8];
		qt_period_label(s->start_year, s->start_q, t, label);
		if (qt_json_push(periods, cJSON_CreateString(label)))
			return jfail(j);
	}
	if (qt_json_add(j, "distributed", jseries(q, 0, f_distributed, 0)))
		return jfail(j);
	if (q->p) {
		cJSON *plan = cJSON_CreateObject();
		if (qt_json_add(j, "plan", plan) || qt_json_add(plan, "status", cJSON_CreateString(qt_status_name(q->p->status))) ||
		    qt_json_add(plan, "gap", cJSON_CreateNumber(q->p->gap)))
			return jfail(j);
	}
	return j;
}

int qt_sheet_write_json(FILE *f, const qt_quota_sheets *q, int m)
{
	cJSON *j = json_head(q), *munis = cJSON_CreateArray();
	int bad = !j || qt_json_add(j, "municipalities", munis); /* qt_json_add consumes munis */
	if (!j)
		cJSON_Delete(munis);
	for (int k = 0; !bad && k < q->s->n_muni; k++)
		if (m < 0 || k == m)
			bad = qt_json_push(munis, json_muni(q, k));
	if (bad) {
		cJSON_Delete(j);
		return qt_set_error(QT_ENOMEM, "out of memory");
	}
	return qt_json_write(f, j);
}

