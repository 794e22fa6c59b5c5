/*
 * The sections of a scenario document (SCENARIO.md), each read into struct qt_scenario with the
 * field reader: periods, intake, households, rent caps, quota, municipalities, GU sites,
 * Kombimodell, housing offers, exit rate, penalties, solver.
 *
 * Checks that depend on other data (references, key column totals, vU feasibility) run only when
 * that data read cleanly, so one typo does not drown in follow-on errors.
 */
#include "scenario_sections.h"

#include "scenario_check.h"
#include "scenario_futures.h"
#include "scenario_measures.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Relative slack when comparing a rent with its cap, so that 1.1 * 500 still admits a rent of 550. */
#define CAP_TOLERANCE 1e-9

/* ---- the keys each object may hold ("x" is free in every object) ---- */
static const char *const ROOT_KEYS[] = { "quartier",   "name",     "periods",        "intake",
					 "households", "municipalities", "gu_sites", "kombimodell",
					 "rent_caps",  "housing_offers", "quota",    "exit_rate",
					 "penalties",  "solver",   "space_standard_m2", "funding",
					 "targets",  "uncertainty" };
static const char *const PERIODS_KEYS[] = { "start", "count" };
static const char *const INTAKE_KEYS[] = { "backlog", "arrivals" };
static const char *const HOUSEHOLDS_KEYS[] = { "size_5plus", "entitled", "waiting" };
static const char *const MUNI_KEYS[] = { "id",	       "name",	      "population", "rent_area",
					 "au_places", "au_occupied", "au_cost",    "credit" };
static const char *const GU_KEYS[] = { "id",	  "name",	    "municipality",    "kind",
				       "places",  "occupied",	    "open",	       "available_from",
				       "available_until", "vacate_by", "cost", "area_m2", "transfer" };
static const char *const GU_COST_KEYS[] = { "per_place", "fixed", "open", "close" };
static const char *const KOMBI_KEYS[] = { "id",		 "municipality",  "max_modules", "places_per_module",
					  "lead_quarters", "earliest",	   "cost" };
static const char *const KOMBI_COST_KEYS[] = { "module", "conversion", "per_place_gu" };
static const char *const RENT_CAPS_KEYS[] = { "factor", "areas" };
static const char *const OFFER_KEYS[] = { "id", "municipality", "period", "household", "units", "rent" };
static const char *const QUOTA_KEYS[] = { "method", "key", "gu_credit_rate" };
static const char *const SOLVER_KEYS[] = { "time_limit_s", "gap" };

static const qt_range R_MONEY = { 0, HUGE_VAL, false, false, "an amount in euro >= 0", NULL };
static const qt_range R_CAP = { 0, HUGE_VAL, true, false, "a rent cap in euro > 0", NULL };
static const qt_range R_FACTOR = { 0, HUGE_VAL, true, false, "a factor > 0", NULL };
static const qt_range R_POPULATION = { 0, HUGE_VAL, true, false, "a population > 0", NULL };
static const qt_range R_KEY_COLUMN = { 0, HUGE_VAL, false, false, "a number >= 0 (a quota key column)",
					NULL };
static const qt_range R_WEIGHT = { 0, HUGE_VAL, false, false, "a weight >= 0", NULL };
/* Bounded so that credits (rate x places) stay far inside a long: quota.c converts them. */
static const qt_range R_CREDIT_RATE = { 0, 100, false, false, "a number >= 0",
					    "at most 100 persons per GU place" };
static const qt_range R_SHARE = { 0, 1, false, true, "a share in [0, 1)", NULL };
static const qt_range R_PENALTY = { 0, HUGE_VAL, false, false, "a penalty in euro >= 0", NULL };
/* Bounded so that the limit in milliseconds fits GLPK's int tm_lim. */
static const qt_range R_SECONDS = { 0, 1e6, true, false, "a number of seconds > 0",
				    "at most 1000000 seconds (11.5 days)" };
static const qt_range R_GAP = { 0, 1, false, true, "a relative gap in [0, 1)", NULL };

static int clamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

/* obj[key] names a municipality; returns its index, or -1 (reported unless the municipalities
 * themselves are broken, which was reported already). */
static int field_muni(qt_reader *r, const cJSON *obj, const char *key)
{
	const char *id = qt_rd_field_string(r, obj, key, true, true);
	if (!id || !r->muni_ids_ok)
		return -1;
	int m = qt_rd_id_find(&r->munis, id);
	if (m >= 0)
		return m;
	char shown[48];
	qt_rd_report_at(r, key, "unknown municipality '%s': expected the id of an entry in /municipalities",
			qt_rd_clip(id, shown, sizeof shown));
	return -1;
}

static char *field_id(qt_reader *r, const cJSON *obj)
{
	const char *id = qt_rd_field_string(r, obj, "id", true, true);
	return id ? qt_rd_copy_string(r, id) : NULL;
}

/* The optional display name; the id stands in for it. */
static char *field_name(qt_reader *r, const cJSON *obj, const char *id)
{
	const char *name = qt_rd_field_string(r, obj, "name", false, false);
	return qt_rd_copy_string(r, name ? name : id ? id : "");
}

/* The optional cost object of a site: each member an amount in euro, default 0. */
static void field_costs(qt_reader *r, const cJSON *obj, const char *const *keys, size_t n,
			double *const out[])
{
	const cJSON *c = qt_rd_member(r, obj, "cost", false);
	if (!c)
		return;
	size_t mark = qt_rd_path_push_key(r, "cost");
	if (qt_rd_schema_object(r, c, keys, n))
		for (size_t i = 0; i < n; i++)
			qt_rd_field_real(r, c, keys[i], false, &R_MONEY, out[i]);
	qt_rd_path_pop(r, mark);
}

/* ---- sections of the document ---- */

/* Returns false when the document is in another format version (reading on would only mislead). */
static bool read_version(qt_reader *r, const cJSON *root)
{
	const cJSON *v = qt_rd_member(r, root, "quartier", true);
	if (!v || (cJSON_IsNumber(v) && v->valuedouble == 1))
		return true;
	size_t mark = qt_rd_path_push_key(r, "quartier");
	qt_rd_report_got(r, "format version 1", v);
	qt_rd_path_pop(r, mark);
	return !cJSON_IsNumber(v);
}

static void read_name(qt_reader *r, const cJSON *root)
{
	const char *name = qt_rd_field_string(r, root, "name", false, false);
	if (name) {
		free(r->s->name);
		r->s->name = qt_rd_copy_string(r, name);
	}
}

static void read_periods(qt_reader *r, const cJSON *root)
{
	qt_scenario *s = r->s;
	const cJSON *p = qt_rd_member(r, root, "periods", true);
	if (!p)
		return;
	size_t mark = qt_rd_path_push_key(r, "periods");
	if (qt_rd_schema_object(r, p, PERIODS_KEYS, QT_N_OF(PERIODS_KEYS))) {
		const cJSON *start = qt_rd_member(r, p, "start", true);
		if (start) {
			size_t m2 = qt_rd_path_push_key(r, "start");
			r->start_ok = qt_rd_period_label_here(r, start, &s->start_year, &s->start_q);
			qt_rd_path_pop(r, m2);
		}
		int T = 0;
		if (qt_rd_field_whole(r, p, "count", true, "periods", 1, QT_MAX_PERIODS, &T))
			r->T = s->T = T;
	}
	qt_rd_path_pop(r, mark);
	if (r->T > 0) {
		s->arrivals = qt_rd_alloc(r, (size_t)r->T + 1, sizeof *s->arrivals);
		s->entitled = qt_rd_alloc(r, (size_t)QT_NCLASS * ((size_t)r->T + 1), sizeof *s->entitled);
	}
}

static void read_intake(qt_reader *r, const cJSON *root)
{
	const cJSON *in = qt_rd_member(r, root, "intake", false);
	if (!in)
		return;
	size_t mark = qt_rd_path_push_key(r, "intake");
	if (qt_rd_schema_object(r, in, INTAKE_KEYS, QT_N_OF(INTAKE_KEYS))) {
		qt_rd_field_count(r, in, "backlog", false, "persons", &r->s->backlog0);
		qt_rd_field_per_period(r, in, "arrivals", "persons", r->s->arrivals);
	}
	qt_rd_path_pop(r, mark);
}

static void read_entitled(qt_reader *r, const cJSON *e)
{
	qt_scenario *s = r->s;
	if (!qt_rd_class_object(r, e))
		return;
	for (int h = 0; h < QT_NCLASS; h++) {
		int *row = s->entitled ? s->entitled + (size_t)h * ((size_t)r->T + 1) : NULL;
		qt_rd_field_per_period(r, e, qt_class_names[h], "households", row);
	}
}

static void read_waiting(qt_reader *r, const cJSON *w)
{
	if (!qt_rd_class_object(r, w))
		return;
	for (int h = 0; h < QT_NCLASS; h++)
		qt_rd_field_count(r, w, qt_class_names[h], false, "households", &r->s->waiting0[h]);
}

static void read_households(qt_reader *r, const cJSON *root)
{
	const cJSON *h = qt_rd_member(r, root, "households", false);
	if (!h)
		return;
	size_t mark = qt_rd_path_push_key(r, "households");
	if (qt_rd_schema_object(r, h, HOUSEHOLDS_KEYS, QT_N_OF(HOUSEHOLDS_KEYS))) {
		qt_rd_field_whole(r, h, "size_5plus", false, "persons", 5, 20, &r->s->hsize[QT_NCLASS - 1]);
		const cJSON *e = qt_rd_member(r, h, "entitled", false);
		if (e) {
			size_t m2 = qt_rd_path_push_key(r, "entitled");
			read_entitled(r, e);
			qt_rd_path_pop(r, m2);
		}
		const cJSON *w = qt_rd_member(r, h, "waiting", false);
		if (w) {
			size_t m2 = qt_rd_path_push_key(r, "waiting");
			read_waiting(r, w);
			qt_rd_path_pop(r, m2);
		}
	}
	qt_rd_path_pop(r, mark);
}

static void read_areas(qt_reader *r, const cJSON *areas)
{
	qt_scenario *s = r->s;
	if (!qt_rd_object_here(r, areas)) {
		r->areas_ok = false;
		return;
	}
	qt_rd_check_duplicate_keys(r, areas);
	int n = qt_rd_count_members(areas);
	if (n > QT_MAX_AREAS) {
		qt_rd_report(r, "too many rent areas: %d, the limit is %d", n, QT_MAX_AREAS);
		r->areas_ok = false;
		return;
	}
	s->area_name = qt_rd_alloc(r, (size_t)n, sizeof *s->area_name);
	s->cap = qt_rd_alloc(r, (size_t)n, sizeof *s->cap);
	if (!s->area_name || !s->cap)
		return;
	const cJSON *c;
	cJSON_ArrayForEach(c, areas) {
		if (qt_rd_is_note(c))
			continue;
		int a = s->n_area++;
		s->area_name[a] = qt_rd_copy_string(r, c->string);
		for (int h = 0; h < QT_NCLASS; h++)
			s->cap[a][h] = -1;
		size_t mark = qt_rd_path_push_key(r, c->string);
		if (qt_rd_class_object(r, c))
			for (int h = 0; h < QT_NCLASS; h++)
				qt_rd_field_real(r, c, qt_class_names[h], false, &R_CAP, &s->cap[a][h]);
		qt_rd_path_pop(r, mark);
	}
}

static void read_rent_caps(qt_reader *r, const cJSON *root)
{
	const cJSON *rc = qt_rd_member(r, root, "rent_caps", false);
	if (!rc)
		return;
	size_t mark = qt_rd_path_push_key(r, "rent_caps");
	if (!qt_rd_schema_object(r, rc, RENT_CAPS_KEYS, QT_N_OF(RENT_CAPS_KEYS))) {
		r->areas_ok = false;
	} else {
		qt_rd_field_real(r, rc, "factor", false, &R_FACTOR, &r->s->cap_factor);
		const cJSON *areas = qt_rd_member(r, rc, "areas", false);
		if (areas) {
			size_t m2 = qt_rd_path_push_key(r, "areas");
			read_areas(r, areas);
			qt_rd_path_pop(r, m2);
		}
	}
	qt_rd_path_pop(r, mark);
}

/* Replaces the default key {"population": 1} by the scenario's columns and weights. */
static void read_quota_key(qt_reader *r, const cJSON *k)
{
	qt_scenario *s = r->s;
	size_t before = qt_rd_error_count(r);
	r->keys_ok = false;
	if (!qt_rd_object_here(r, k))
		return;
	qt_rd_check_duplicate_keys(r, k);
	int n = qt_rd_count_members(k);
	if (n > QT_MAX_KEYS) {
		qt_rd_report(r, "too many quota key columns: %d, the limit is %d", n, QT_MAX_KEYS);
		return;
	}
	if (n == 0) {
		qt_rd_report(r, "expected at least one key column with a weight > 0, got an empty object");
		return;
	}
	for (int j = 0; j < s->n_key; j++)
		free(s->key_name[j]);
	free(s->key_name);
	free(s->key_weight);
	s->n_key = 0;
	s->key_name = qt_rd_alloc(r, (size_t)n, sizeof *s->key_name);
	s->key_weight = qt_rd_alloc(r, (size_t)n, sizeof *s->key_weight);
	if (!s->key_name || !s->key_weight)
		return;
	double total = 0;
	const cJSON *c;
	cJSON_ArrayForEach(c, k) {
		if (qt_rd_is_note(c))
			continue;
		int j = s->n_key++;
		s->key_name[j] = qt_rd_copy_string(r, c->string);
		size_t mark = qt_rd_path_push_key(r, c->string);
		if (qt_rd_real_here(r, c, &R_WEIGHT, &s->key_weight[j]))
			total += s->key_weight[j];
		qt_rd_path_pop(r, mark);
	}
	if (qt_rd_error_count(r) == before && total <= 0)
		qt_rd_report(r, "expected at least one key column with a weight > 0, got all weights 0");
	if (qt_rd_error_count(r) == before && !isfinite(total)) /* the shares would all be 0 */
		qt_rd_report(r, "the weights add up to more than %.2g: expected smaller weights", DBL_MAX);
	r->keys_ok = qt_rd_error_count(r) == before && !r->nomem;
}

static void read_quota(qt_reader *r, const cJSON *root)
{
	const cJSON *q = qt_rd_member(r, root, "quota", false);
	if (!q)
		return;
	size_t mark = qt_rd_path_push_key(r, "quota");
	if (qt_rd_schema_object(r, q, QUOTA_KEYS, QT_N_OF(QUOTA_KEYS))) {
		int method = QT_HARE_NIEMEYER;
		if (qt_rd_field_choice(r, q, "method", false, qt_method_names, QT_NMETHOD, &method))
			r->s->method = (qt_method)method;
		const cJSON *k = qt_rd_member(r, q, "key", false);
		if (k) {
			size_t m2 = qt_rd_path_push_key(r, "key");
			read_quota_key(r, k);
			qt_rd_path_pop(r, m2);
		}
		qt_rd_field_real(r, q, "gu_credit_rate", false, &R_CREDIT_RATE, &r->s->gu_credit_rate);
	}
	qt_rd_path_pop(r, mark);
}

/* Municipality objects may carry further numeric columns for quota.key; a key column named in
 * quota.key is checked (and reported) by read_key_columns instead. */
static bool muni_extra_ok(const qt_reader *r, const cJSON *c)
{
	if (cJSON_IsNumber(c))
		return true;
	const char *const *cols = (const char *const *)r->s->key_name;
	return r->keys_ok && qt_rd_find_name(c->string, cols, (size_t)r->s->n_key) >= 0;
}

static void read_rent_area(qt_reader *r, const cJSON *o, qt_muni *m)
{
	const qt_scenario *s = r->s;
	const char *name = qt_rd_field_string(r, o, "rent_area", false, false);
	if (!name || !r->areas_ok)
		return;
	m->rent_area = qt_rd_find_name(name, (const char *const *)s->area_name, (size_t)s->n_area);
	if (m->rent_area >= 0)
		return;
	char list[QT_LIST_MAX], shown[48];
	qt_rd_join_names((const char *const *)s->area_name, (size_t)s->n_area, false, list, sizeof list);
	qt_rd_report_at(r, "rent_area", "unknown rent area '%s': expected a key of /rent_caps/areas (%s)",
			qt_rd_clip(name, shown, sizeof shown), s->n_area ? list : "none given");
}

static void read_key_columns(qt_reader *r, const cJSON *o, qt_muni *m, bool population_ok)
{
	const qt_scenario *s = r->s;
	if (!r->keys_ok || !m->key)
		return;
	for (int j = 0; j < s->n_key; j++) {
		const char *col = s->key_name[j];
		if (strcmp(col, "population") == 0) {
			m->key[j] = m->population;
			r->key_values_ok = r->key_values_ok && population_ok;
			continue;
		}
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, col);
		if (!v) {
			char shown[48];
			qt_rd_report(r, "missing key column '%s' used by /quota/key: expected a number >= 0",
				     qt_rd_clip(col, shown, sizeof shown));
			r->key_values_ok = false;
			continue;
		}
		size_t mark = qt_rd_path_push_key(r, col);
		if (!qt_rd_real_here(r, v, &R_KEY_COLUMN, &m->key[j]))
			r->key_values_ok = false;
		qt_rd_path_pop(r, mark);
	}
}

static void read_muni(qt_reader *r, const cJSON *o, qt_muni *m)
{
	const qt_scenario *s = r->s;
	m->rent_area = -1;
	m->key = qt_rd_alloc(r, (size_t)s->n_key, sizeof *m->key);
	if (r->T > 0)
		m->au_places = qt_rd_alloc(r, (size_t)r->T + 1, sizeof *m->au_places);
	if (!qt_rd_object_here(r, o)) {
		r->muni_ids_ok = r->key_values_ok = false;
		return;
	}
	qt_rd_check_keys(r, o, MUNI_KEYS, QT_N_OF(MUNI_KEYS), "key", muni_extra_ok);
	m->id = field_id(r, o);
	if (!m->id)
		r->muni_ids_ok = false;
	m->name = field_name(r, o, m->id);
	bool population_ok = qt_rd_field_real(r, o, "population", true, &R_POPULATION, &m->population);
	read_rent_area(r, o, m);
	qt_rd_field_per_period(r, o, "au_places", "places", m->au_places);
	qt_rd_field_count(r, o, "au_occupied", false, "persons", &m->au_occupied);
	qt_rd_field_real(r, o, "au_cost", false, &R_MONEY, &m->au_cost);
	qt_rd_field_count(r, o, "credit", false, "persons", &m->credit);
	read_key_columns(r, o, m, population_ok);
}

static void read_municipalities(qt_reader *r, const cJSON *root)
{
	qt_scenario *s = r->s;
	r->muni_ids_ok = r->key_values_ok = false;
	const cJSON *list = qt_rd_member(r, root, "municipalities", true);
	if (!list)
		return;
	size_t mark = qt_rd_path_push_key(r, "municipalities");
	int n;
	if (!qt_rd_list_here(r, list, "municipalities", QT_MAX_MUNICIPALITIES, &n)) {
		qt_rd_path_pop(r, mark);
		return;
	}
	if (n == 0) {
		qt_rd_report(r, "expected at least one municipality, got an empty array");
		qt_rd_path_pop(r, mark);
		return;
	}
	s->muni = qt_rd_alloc(r, (size_t)n, sizeof *s->muni);
	r->munis.e = qt_rd_alloc(r, (size_t)n, sizeof *r->munis.e);
	if (s->muni && r->munis.e) {
		s->n_muni = n;
		r->muni_ids_ok = r->key_values_ok = true;
		int i = 0;
		const cJSON *o;
		cJSON_ArrayForEach(o, list) {
			size_t m2 = qt_rd_path_push_index(r, i);
			read_muni(r, o, &s->muni[i]);
			qt_rd_id_add(&r->munis, s->muni[i].id, i);
			qt_rd_path_pop(r, m2);
			i++;
		}
		qt_rd_finish_ids(r, &r->munis, "municipalities");
	}
	qt_rd_path_pop(r, mark);
}

/* The start state of a site must agree with its flags and its availability window. */
static void check_gu_start(qt_reader *r, const qt_gu *g, bool places_ok, bool occupied_ok, int open,
			   qt_read_period from, qt_read_period until, qt_read_period vacate)
{
	char a[8], b[8];
	if (places_ok && occupied_ok && g->occupied > g->places)
		qt_rd_report_at(r, "occupied", "expected at most the site's %d places, got %d", g->places,
				g->occupied);
	if (occupied_ok && g->occupied > 0 && open == 0)
		qt_rd_report_at(r, "open", "expected true: %d persons occupy the site at start, got false",
				g->occupied);
	/* A site that must close in period 1 (vacate_by, end of availability) may start occupied;
	 * one that only becomes available later cannot already hold persons. */
	if (occupied_ok && g->occupied > 0 && from.ok && from.t > 1) {
		qt_rd_label(r, from.t, a);
		qt_rd_label(r, 1, b);
		qt_rd_report_at(r, "available_from",
				"occupied at start but not available before %s: expected available_from at or "
				"before %s when occupied > 0",
				a, b);
	}
	if (from.ok && vacate.ok && vacate.t < from.t) {
		qt_rd_label(r, vacate.t, a);
		qt_rd_label(r, from.t, b);
		qt_rd_report_at(r, "vacate_by", "vacate_by %s is before available_from %s: expected it at or after",
				a, b);
	}
	if (from.ok && until.ok && until.t < from.t) {
		qt_rd_label(r, until.t, a);
		qt_rd_label(r, from.t, b);
		qt_rd_report_at(r, "available_until",
				"available_until %s is before available_from %s: expected it at or after", a, b);
	}
}

/* Availability window and vacate_by as internal.h defines them: periods outside the horizon are
 * clamped so that qt_gu_allowed needs no special cases. */
static void set_gu_window(qt_gu *g, int T, qt_read_period from, qt_read_period until, qt_read_period vacate)
{
	g->avail_from = from.ok ? clamp(from.t, 1, T + 1) : 1;
	g->avail_until = until.ok ? clamp(until.t, 0, T) : T;
	g->vacate_by = vacate.ok ? clamp(vacate.t, 1, T + 1) : T + 1;
}

static const char *read_gu(qt_reader *r, const cJSON *o, void *elem)
{
	qt_gu *g = elem;
	g->muni = -1;
	const qt_read_period none = { false, 0 };
	set_gu_window(g, r->T, none, none, none);
	if (!qt_rd_schema_object(r, o, GU_KEYS, QT_N_OF(GU_KEYS)))
		return NULL;
	g->id = field_id(r, o);
	g->name = field_name(r, o, g->id);
	g->muni = field_muni(r, o, "municipality");
	int kind = QT_GU_PERMANENT;
	if (qt_rd_field_choice(r, o, "kind", true, qt_gu_kind_names, QT_NGU_KIND, &kind))
		g->kind = (qt_gu_kind)kind;
	bool places_ok = qt_rd_field_count(r, o, "places", true, "places", &g->places);
	bool occupied_ok = qt_rd_field_count(r, o, "occupied", false, "persons", &g->occupied);
	int open = -1;
	qt_rd_field_bool(r, o, "open", &open);
	g->open0 = open >= 0 ? open : g->occupied > 0;
	qt_read_period from = qt_rd_field_period(r, o, "available_from", false);
	qt_read_period until = qt_rd_field_period(r, o, "available_until", false);
	qt_read_period vacate = qt_rd_field_period(r, o, "vacate_by", false);
	set_gu_window(g, r->T, from, until, vacate);
	double *const costs[] = { &g->cost_place, &g->cost_fixed, &g->cost_open, &g->cost_close };
	field_costs(r, o, GU_COST_KEYS, QT_N_OF(GU_COST_KEYS), costs);
	check_gu_start(r, g, places_ok, occupied_ok, open, from, until, vacate);
	qt_rd_gu_measures(r, o, g, places_ok && occupied_ok && g->occupied <= g->places);
	return g->id;
}

static const char *read_kombi(qt_reader *r, const cJSON *o, void *elem)
{
	qt_kombi *k = elem;
	k->muni = -1;
	k->earliest = 1;
	if (!qt_rd_schema_object(r, o, KOMBI_KEYS, QT_N_OF(KOMBI_KEYS)))
		return NULL;
	k->id = field_id(r, o);
	k->muni = field_muni(r, o, "municipality");
	qt_rd_field_whole(r, o, "max_modules", true, "modules", 1, QT_MAX_COUNT, &k->max_modules);
	qt_rd_field_whole(r, o, "places_per_module", true, "places", 1, QT_MAX_COUNT, &k->ppm);
	qt_rd_field_count(r, o, "lead_quarters", false, "quarters", &k->lead);
	qt_read_period earliest = qt_rd_field_period(r, o, "earliest", false);
	if (earliest.ok)
		k->earliest = clamp(earliest.t, 1, r->T + 1);
	double *const costs[] = { &k->cost_module, &k->cost_conversion, &k->cost_gu_place };
	field_costs(r, o, KOMBI_COST_KEYS, QT_N_OF(KOMBI_COST_KEYS), costs);
	return k->id;
}

/* MODEL.md: an offer is eligible iff its rent is within the cap of its municipality's rent area for
 * its household class, times the factor. Offers without a cap are never eligible. */
static void set_eligibility(const qt_scenario *s, qt_offer *o)
{
	o->cap = -1;
	o->eligible = 0;
	int area = s->muni[o->muni].rent_area;
	if (area < 0 || s->cap[area][o->hclass] < 0)
		return;
	o->cap = s->cap[area][o->hclass] * s->cap_factor;
	o->eligible = o->rent <= o->cap * (1 + CAP_TOLERANCE);
}

static const char *read_offer(qt_reader *r, const cJSON *o, void *elem)
{
	qt_offer *off = elem;
	off->muni = -1;
	off->hclass = -1;
	off->units = 1;
	off->cap = -1;
	if (!qt_rd_schema_object(r, o, OFFER_KEYS, QT_N_OF(OFFER_KEYS)))
		return NULL;
	off->id = field_id(r, o);
	off->muni = field_muni(r, o, "municipality");
	qt_read_period p = qt_rd_field_period(r, o, "period", true);
	if (p.ok && r->T > 0) {
		if (p.t >= 1 && p.t <= r->T) {
			off->period = p.t;
		} else {
			char at[8], first[8], last[8];
			qt_rd_label(r, p.t, at);
			qt_rd_label(r, 1, first);
			qt_rd_label(r, r->T, last);
			qt_rd_report_at(r, "period", "period %s is outside the horizon %s..%s: expected a period within it",
					at, first, last);
		}
	}
	bool class_ok = qt_rd_field_choice(r, o, "household", true, qt_class_names, QT_NCLASS, &off->hclass);
	qt_rd_field_count(r, o, "units", false, "units", &off->units);
	bool rent_ok = qt_rd_field_real(r, o, "rent", true, &R_MONEY, &off->rent);
	if (off->muni >= 0 && class_ok && rent_ok)
		set_eligibility(r->s, off);
	return off->id;
}

/* Reads one element of a list into elem (zeroed); returns its id (NULL if it has none). */
typedef const char *(*element_reader)(qt_reader *r, const cJSON *o, void *elem);

/* Reads an optional top-level list: checks its size against the limit before allocating, reads each
 * element, and reports duplicate ids. Returns the array (*count elements) or NULL. */
static void *read_list(qt_reader *r, const cJSON *root, const char *key, const char *what, int limit,
		       size_t elem_size, element_reader one, int *count)
{
	const cJSON *list = qt_rd_member(r, root, key, false);
	int n;
	if (!list)
		return NULL;
	size_t mark = qt_rd_path_push_key(r, key);
	char *arr = NULL;
	if (qt_rd_list_here(r, list, what, limit, &n)) {
		qt_id_index ix = { qt_rd_alloc(r, (size_t)n, sizeof *ix.e), 0 };
		arr = qt_rd_alloc(r, (size_t)n, elem_size);
		if (arr && ix.e) {
			*count = n;
			int i = 0;
			const cJSON *o;
			cJSON_ArrayForEach(o, list) {
				size_t m = qt_rd_path_push_index(r, i);
				qt_rd_id_add(&ix, one(r, o, arr + (size_t)i * elem_size), i);
				qt_rd_path_pop(r, m);
				i++;
			}
			qt_rd_finish_ids(r, &ix, key);
		}
		free(ix.e);
	}
	qt_rd_path_pop(r, mark);
	return arr;
}

static void read_penalties(qt_reader *r, const cJSON *root)
{
	const cJSON *p = qt_rd_member(r, root, "penalties", false);
	if (!p)
		return;
	size_t mark = qt_rd_path_push_key(r, "penalties");
	if (qt_rd_object_here(r, p)) {
		qt_rd_check_keys(r, p, qt_penalty_names, QT_NPEN, "penalty", NULL);
		for (int i = 0; i < QT_NPEN; i++)
			qt_rd_field_real(r, p, qt_penalty_names[i], false, &R_PENALTY, &r->s->penalty[i]);
	}
	qt_rd_path_pop(r, mark);
}

static void read_solver(qt_reader *r, const cJSON *root)
{
	const cJSON *sv = qt_rd_member(r, root, "solver", false);
	if (!sv)
		return;
	size_t mark = qt_rd_path_push_key(r, "solver");
	if (qt_rd_schema_object(r, sv, SOLVER_KEYS, QT_N_OF(SOLVER_KEYS))) {
		qt_rd_field_real(r, sv, "time_limit_s", false, &R_SECONDS, &r->s->time_limit_s);
		qt_rd_field_real(r, sv, "gap", false, &R_GAP, &r->s->gap);
	}
	qt_rd_path_pop(r, mark);
}

void qt_scenario_read_sections(qt_reader *r, const cJSON *root)
{
	if (!cJSON_IsObject(root)) {
		qt_rd_report_got(r, "a JSON object at the top level", root);
		return;
	}
	qt_rd_check_keys(r, root, ROOT_KEYS, QT_N_OF(ROOT_KEYS), "key", NULL);
	if (!read_version(r, root))
		return;
	read_name(r, root);

	size_t flow_errors = qt_rd_error_count(r);
	read_periods(r, root);
	read_intake(r, root);
	read_households(r, root);
	qt_rd_space_standard(r, root);
	qt_scenario_read_futures(r, root);
	bool flow_ok = qt_rd_error_count(r) == flow_errors;

	read_rent_caps(r, root);
	read_quota(r, root);
	size_t muni_errors = qt_rd_error_count(r);
	read_municipalities(r, root);
	bool muni_ok = qt_rd_error_count(r) == muni_errors;

	qt_scenario *s = r->s;
	flow_errors = qt_rd_error_count(r);
	s->gu = read_list(r, root, "gu_sites", "GU sites", QT_MAX_GU, sizeof *s->gu, read_gu, &s->n_gu);
	flow_ok = flow_ok && qt_rd_error_count(r) == flow_errors && r->T > 0 && r->start_ok;
	s->kombi = read_list(r, root, "kombimodell", "Kombimodell sites", QT_MAX_KOMBI, sizeof *s->kombi,
			     read_kombi, &s->n_kombi);
	s->offer = read_list(r, root, "housing_offers", "housing offers", QT_MAX_OFFERS, sizeof *s->offer,
			     read_offer, &s->n_offer);

	muni_errors = qt_rd_error_count(r);
	qt_rd_field_real(r, root, "exit_rate", false, &R_SHARE, &s->exit_rate);
	muni_ok = muni_ok && qt_rd_error_count(r) == muni_errors && r->T > 0;
	read_penalties(r, root);
	qt_rd_funding(r, root);
	qt_rd_targets(r, root);
	read_solver(r, root);

	qt_scenario_check_key_totals(r);
	if (flow_ok && !r->nomem && qt_scenario_check_vu(r) && s->n_future)
		qt_scenario_check_vu_futures(r);
	if (muni_ok && !r->nomem)
		qt_scenario_check_au_stock(r);
}
