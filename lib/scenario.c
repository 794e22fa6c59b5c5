/*
 * The scenario reader (SCENARIO.md): JSON text -> struct qt_scenario.
 *
 * Reading never stops at the first problem. Every datum is checked and each problem is recorded
 * with the JSON Pointer of the datum and what was expected, so a planner fixes a file in one pass.
 * Checks that depend on other data (references, key column totals, vU feasibility) run only when
 * that data read cleanly, so one typo does not drown in follow-on errors.
 *
 * The document is checked as bytes first (size, UTF-8, nesting depth) so that cJSON only ever sees
 * text it can parse without deep recursion.
 */
#include "internal.h"

#include <cJSON.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
	MAX_DEPTH = 64, /* nested arrays/objects; a real scenario needs 5 */
	/* Bounds what cJSON allocates (some 100 bytes a value) before the lists' sizes can be
	 * checked. A scenario at every size limit of SCENARIO.md has about 950,000 values. */
	MAX_VALUES = 1500000,
	GOT_MAX = 96,   /* room for a shown value ("got ...") */
	LIST_MAX = 320  /* room for a list of allowed names in a message */
};
#define MAX_COUNT ((long)QT_MAX_PERSONS)
/* Relative slack when comparing a rent with its cap, so that 1.1 * 500 still admits a rent of 550. */
#define CAP_TOLERANCE 1e-9
#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ---- the keys each object may hold ("x" is free in every object) ---- */
static const char *const ROOT_KEYS[] = { "quartier",   "name",     "periods",        "intake",
					 "households", "municipalities", "gu_sites", "kombimodell",
					 "rent_caps",  "housing_offers", "quota",    "exit_rate",
					 "penalties",  "solver" };
static const char *const PERIODS_KEYS[] = { "start", "count" };
static const char *const INTAKE_KEYS[] = { "backlog", "arrivals" };
static const char *const HOUSEHOLDS_KEYS[] = { "size_5plus", "entitled", "waiting" };
static const char *const MUNI_KEYS[] = { "id",	       "name",	      "population", "rent_area",
					 "au_places", "au_occupied", "au_cost",    "credit" };
static const char *const GU_KEYS[] = { "id",	  "name",	    "municipality",    "kind",
				       "places",  "occupied",	    "open",	       "available_from",
				       "available_until", "vacate_by", "cost" };
static const char *const GU_COST_KEYS[] = { "per_place", "fixed", "open", "close" };
static const char *const KOMBI_KEYS[] = { "id",		 "municipality",  "max_modules", "places_per_module",
					  "lead_quarters", "earliest",	   "cost" };
static const char *const KOMBI_COST_KEYS[] = { "module", "conversion", "per_place_gu" };
static const char *const RENT_CAPS_KEYS[] = { "factor", "areas" };
static const char *const OFFER_KEYS[] = { "id", "municipality", "period", "household", "units", "rent" };
static const char *const QUOTA_KEYS[] = { "method", "key", "gu_credit_rate" };
static const char *const SOLVER_KEYS[] = { "time_limit_s", "gap" };

/* A number range with the words that describe it in a message. */
typedef struct {
	double lo, hi;
	bool lo_open, hi_open;
	const char *expected;
	const char *too_high; /* words for a value above hi, if they differ from `expected` */
} range;

static const range R_MONEY = { 0, HUGE_VAL, false, false, "an amount in euro >= 0", NULL };
static const range R_CAP = { 0, HUGE_VAL, true, false, "a rent cap in euro > 0", NULL };
static const range R_FACTOR = { 0, HUGE_VAL, true, false, "a factor > 0", NULL };
static const range R_POPULATION = { 0, HUGE_VAL, true, false, "a population > 0", NULL };
static const range R_KEY_COLUMN = { 0, HUGE_VAL, false, false, "a number >= 0 (a quota key column)", NULL };
static const range R_WEIGHT = { 0, HUGE_VAL, false, false, "a weight >= 0", NULL };
/* Bounded so that credits (rate x places) stay far inside a long: quota.c converts them. */
static const range R_CREDIT_RATE = { 0, 100, false, false, "a number >= 0",
					 "at most 100 persons per GU place" };
static const range R_SHARE = { 0, 1, false, true, "a share in [0, 1)", NULL };
static const range R_PENALTY = { 0, HUGE_VAL, false, false, "a penalty in euro >= 0", NULL };
/* Bounded so that the limit in milliseconds fits GLPK's int tm_lim. */
static const range R_SECONDS = { 0, 1e6, true, false, "a number of seconds > 0",
				 "at most 1000000 seconds (11.5 days)" };
static const range R_GAP = { 0, 1, false, true, "a relative gap in [0, 1)", NULL };

/* ---- reader state ---- */
typedef struct {
	const char *id;
	int index;
} id_entry;

/* The ids of one list, sorted for lookup by bsearch (a linear search per offer would not scale). */
typedef struct {
	id_entry *e;
	int n;
} id_index;

typedef struct {
	qt_scenario *s;
	qt_errors *errors;
	bool nomem;
	char *path; /* JSON Pointer of the value being read */
	size_t path_len, path_cap;
	int T;              /* periods.count once read correctly, else 0 */
	bool start_ok;      /* periods.start read correctly */
	bool areas_ok;      /* rent area names are known, so rent_area can be checked */
	bool keys_ok;       /* quota.key read correctly, so key columns can be checked */
	bool key_values_ok; /* every municipality's key columns read correctly */
	bool muni_ids_ok;   /* every municipality has a valid id, so references can be checked */
	id_index munis;
} reader;

/* ---- small helpers ---- */
static void *alloc(reader *r, size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		r->nomem = true;
	return p;
}

static char *copy_string(reader *r, const char *text)
{
	char *d = qt_strdup(text);
	if (!d)
		r->nomem = true;
	return d;
}

static int find_name(const char *name, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(name, names[i]) == 0)
			return (int)i;
	return -1;
}

/* Copies text into buf, cut at a character boundary with "..." when it does not fit, so that one
 * long datum cannot flood a message. */
static const char *clip(const char *text, char *buf, size_t size)
{
	size_t len = strlen(text);
	if (len < size) {
		memcpy(buf, text, len + 1);
		return buf;
	}
	size_t cut = size - 4;
	while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
		cut--;
	memcpy(buf, text, cut);
	memcpy(buf + cut, "...", 4);
	return buf;
}

/* "a, b, c" (or "\"a\", \"b\"" when quoted) for messages. */
static void join_names(const char *const *names, size_t n, bool quoted, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && used < size; i++) {
		int w = snprintf(buf + used, size - used, quoted ? "%s\"%s\"" : "%s%s", i ? ", " : "",
				 names[i]);
		if (w < 0 || (size_t)w >= size - used) {
			clip(buf, buf, size); /* mark the cut */
			return;
		}
		used += (size_t)w;
	}
}

/* Shows a JSON value in a message ("got ..."). */
static void describe(const cJSON *v, char buf[GOT_MAX])
{
	if (!v)
		snprintf(buf, GOT_MAX, "nothing");
	else if (cJSON_IsNumber(v))
		snprintf(buf, GOT_MAX, "%.15g", v->valuedouble);
	else if (cJSON_IsString(v)) {
		char shown[48];
		clip(v->valuestring, shown, sizeof shown);
		for (char *c = shown; *c; c++)
			if ((unsigned char)*c < 0x20)
				*c = '?';
		snprintf(buf, GOT_MAX, "\"%s\"", shown);
	} else if (cJSON_IsTrue(v))
		snprintf(buf, GOT_MAX, "true");
	else if (cJSON_IsFalse(v))
		snprintf(buf, GOT_MAX, "false");
	else if (cJSON_IsNull(v))
		snprintf(buf, GOT_MAX, "null");
	else if (cJSON_IsArray(v))
		snprintf(buf, GOT_MAX, "an array");
	else
		snprintf(buf, GOT_MAX, "an object");
}

static bool is_note(const cJSON *c) { return c->string && strcmp(c->string, "x") == 0; }

static int count_members(const cJSON *obj)
{
	int n = 0;
	const cJSON *c;
	cJSON_ArrayForEach(c, obj)
		if (!is_note(c))
			n++;
	return n;
}

/* ---- the JSON Pointer of the current datum (RFC 6901) ---- */
static bool path_reserve(reader *r, size_t extra)
{
	if (r->path_len + extra + 1 <= r->path_cap)
		return true;
	size_t cap = r->path_cap ? r->path_cap : 64;
	while (cap < r->path_len + extra + 1)
		cap *= 2;
	char *p = realloc(r->path, cap);
	if (!p) {
		r->nomem = true;
		return false;
	}
	r->path = p;
	r->path_cap = cap;
	return true;
}

/* Appends "/key" with ~ and / escaped; returns the mark to restore with path_pop. */
static size_t path_push_key(reader *r, const char *key)
{
	size_t mark = r->path_len, need = 1;
	for (const char *c = key; *c; c++)
		need += (*c == '~' || *c == '/') ? 2 : 1;
	if (!path_reserve(r, need))
		return mark;
	char *p = r->path + r->path_len;
	*p++ = '/';
	for (const char *c = key; *c; c++) {
		if (*c == '~' || *c == '/') {
			*p++ = '~';
			*p++ = *c == '~' ? '0' : '1';
		} else {
			*p++ = *c;
		}
	}
	*p = '\0';
	r->path_len = (size_t)(p - r->path);
	return mark;
}

static size_t path_push_index(reader *r, int i)
{
	char buf[16];
	snprintf(buf, sizeof buf, "%d", i);
	return path_push_key(r, buf);
}

static void path_pop(reader *r, size_t mark)
{
	r->path_len = mark;
	r->path[mark] = '\0';
}

/* ---- recording problems ---- */
static void report(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void report_at(reader *r, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add_error(reader *r, char *msg)
{
	if (!msg || qt_errors_add(r->errors, r->path, "%s", msg) != 0)
		r->nomem = true;
	free(msg);
}

/* Records a problem with the datum at the current path. */
static void report(reader *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = qt_vasprintf(fmt, ap);
	va_end(ap);
	add_error(r, msg);
}

/* Records a problem with member `key` of the current object. */
static void report_at(reader *r, const char *key, const char *fmt, ...)
{
	size_t mark = path_push_key(r, key);
	va_list ap;
	va_start(ap, fmt);
	char *msg = qt_vasprintf(fmt, ap);
	va_end(ap);
	add_error(r, msg);
	path_pop(r, mark);
}

static void report_got(reader *r, const char *expected, const cJSON *v)
{
	char got[GOT_MAX];
	describe(v, got);
	report(r, "expected %s, got %s", expected, got);
}

static size_t error_count(const reader *r) { return r->errors->n; }

/* ---- values at the current path ---- */
static bool object_here(reader *r, const cJSON *v)
{
	if (cJSON_IsObject(v))
		return true;
	report_got(r, "an object", v);
	return false;
}

static bool number_here(reader *r, const cJSON *v, const char *expected, double *out)
{
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble)) {
		report_got(r, expected, v);
		return false;
	}
	*out = v->valuedouble;
	return true;
}

static bool real_here(reader *r, const cJSON *v, const range *rg, double *out)
{
	double x;
	if (!number_here(r, v, rg->expected, &x))
		return false;
	bool low = rg->lo_open ? x <= rg->lo : x < rg->lo;
	bool high = rg->hi_open ? x >= rg->hi : x > rg->hi;
	if (low || high) {
		report_got(r, high && rg->too_high ? rg->too_high : rg->expected, v);
		return false;
	}
	*out = x;
	return true;
}

/* A whole number of `noun` in lo..hi. Persons and households are counted, never fractional. */
static bool whole_here(reader *r, const cJSON *v, const char *noun, long lo, long hi, int *out)
{
	char expected[96];
	snprintf(expected, sizeof expected, "a whole number of %s", noun);
	double x;
	if (!number_here(r, v, expected, &x))
		return false;
	char got[GOT_MAX];
	describe(v, got);
	if (x != floor(x)) {
		report(r, "expected %s, got %s", expected, got);
		return false;
	}
	if (hi < MAX_COUNT && (x < (double)lo || x > (double)hi)) {
		report(r, "expected %s from %ld to %ld, got %s", expected, lo, hi, got);
		return false;
	}
	if (x < (double)lo) {
		report(r, "expected a whole number >= %ld, got %s", lo, got);
		return false;
	}
	if (x > (double)hi) {
		report(r, "expected at most %ld %s, got %s", hi, noun, got);
		return false;
	}
	*out = (int)x;
	return true;
}

static bool count_here(reader *r, const cJSON *v, const char *noun, int *out)
{
	return whole_here(r, v, noun, 0, MAX_COUNT, out);
}

static bool period_label_here(reader *r, const cJSON *v, int *year, int *q)
{
	if (cJSON_IsString(v) && qt_period_parse(v->valuestring, year, q) == 0)
		return true;
	report_got(r, "a period like \"2016Q3\" (YYYYQn, n from 1 to 4)", v);
	return false;
}

/* A per-period value (SCENARIO.md): one whole number for every period, or an array of exactly
 * periods.count of them. Fills out[1..T]; out is NULL while the number of periods is unknown. */
static bool per_period_here(reader *r, const cJSON *v, const char *noun, int *out)
{
	int x;
	if (cJSON_IsNumber(v)) {
		if (!count_here(r, v, noun, &x))
			return false;
		for (int t = 1; out && t <= r->T; t++)
			out[t] = x;
		return true;
	}
	if (!cJSON_IsArray(v)) {
		char expected[128];
		snprintf(expected, sizeof expected, "a whole number of %s or an array with one per period",
			 noun);
		report_got(r, expected, v);
		return false;
	}
	int n = cJSON_GetArraySize(v);
	if (r->T > 0 && n != r->T) {
		report(r, "expected %d numbers (one per period), got an array of %d", r->T, n);
		return false;
	}
	bool ok = true;
	int i = 0;
	const cJSON *el;
	cJSON_ArrayForEach(el, v) {
		size_t mark = path_push_index(r, i);
		if (count_here(r, el, noun, &x)) {
			if (out)
				out[i + 1] = x;
		} else {
			ok = false;
		}
		path_pop(r, mark);
		i++;
	}
	return ok;
}

static bool list_here(reader *r, const cJSON *v, const char *what, int max, int *n)
{
	if (!cJSON_IsArray(v)) {
		char expected[64];
		snprintf(expected, sizeof expected, "an array of %s", what);
		report_got(r, expected, v);
		return false;
	}
	*n = cJSON_GetArraySize(v);
	if (*n > max) {
		report(r, "too many %s: %d, the limit is %d", what, *n, max);
		return false;
	}
	return true;
}

/* ---- keys of an object ---- */
static int strptr_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A key given twice would silently drop one of its values (cJSON keeps both, lookups find one). */
static void check_duplicate_keys(reader *r, const cJSON *obj)
{
	int n = cJSON_GetArraySize(obj);
	if (n < 2)
		return;
	const char *small[32];
	const char **names = n <= 32 ? small : malloc((size_t)n * sizeof *names);
	if (!names) {
		r->nomem = true;
		return;
	}
	int i = 0;
	const cJSON *c;
	cJSON_ArrayForEach(c, obj)
		names[i++] = c->string;
	qsort(names, (size_t)n, sizeof *names, strptr_cmp);
	for (i = 1; i < n; i++) {
		bool repeat = strcmp(names[i], names[i - 1]) == 0;
		bool reported = i >= 2 && strcmp(names[i - 1], names[i - 2]) == 0;
		if (repeat && !reported && strcmp(names[i], "x") != 0) {
			char shown[48];
			report_at(r, names[i], "key '%s' is given more than once: expected each key once",
				  clip(names[i], shown, sizeof shown));
		}
	}
	if (names != small)
		free(names);
}

/* Decides whether a member outside the schema is acceptable after all (municipality key columns). */
typedef bool (*extra_key_ok)(const reader *r, const cJSON *member);

/* Reports every member of obj that is not in `known` (what names the kind of key in the message),
 * and every key given twice. "x" is free everywhere for the users' notes. */
static void check_keys(reader *r, const cJSON *obj, const char *const *known, size_t n, const char *what,
		       extra_key_ok extra_ok)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, obj) {
		if (is_note(c) || find_name(c->string, known, n) >= 0)
			continue;
		if (extra_ok && extra_ok(r, c))
			continue;
		char list[LIST_MAX], shown[48];
		join_names(known, n, false, list, sizeof list);
		clip(c->string, shown, sizeof shown);
		if (extra_ok) {
			char got[GOT_MAX];
			describe(c, got);
			report_at(r, c->string, "unknown %s '%s': expected one of %s, or a numeric key column, got %s",
				  what, shown, list, got);
		} else {
			report_at(r, c->string, "unknown %s '%s': expected one of %s", what, shown, list);
		}
	}
	check_duplicate_keys(r, obj);
}

static bool schema_object(reader *r, const cJSON *v, const char *const *known, size_t n)
{
	if (!object_here(r, v))
		return false;
	check_keys(r, v, known, n, "key", NULL);
	return true;
}

/* An object whose keys are household classes ("1".."5+"). */
static bool class_object(reader *r, const cJSON *v)
{
	if (!object_here(r, v))
		return false;
	check_keys(r, v, qt_class_names, QT_NCLASS, "household class", NULL);
	return true;
}

/* ---- members of an object: each reads obj[key], leaves *out unchanged when the key is absent
 * (the caller has set the default), and returns false when a problem was reported ---- */
static const cJSON *member(reader *r, const cJSON *obj, const char *key, bool required)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!v && required)
		report(r, "missing required key '%s'", key);
	return v;
}

static bool field_whole(reader *r, const cJSON *obj, const char *key, bool required, const char *noun,
			long lo, long hi, int *out)
{
	const cJSON *v = member(r, obj, key, required);
	if (!v)
		return !required;
	size_t mark = path_push_key(r, key);
	bool ok = whole_here(r, v, noun, lo, hi, out);
	path_pop(r, mark);
	return ok;
}

static bool field_count(reader *r, const cJSON *obj, const char *key, bool required, const char *noun,
			int *out)
{
	return field_whole(r, obj, key, required, noun, 0, MAX_COUNT, out);
}

static bool field_real(reader *r, const cJSON *obj, const char *key, bool required, const range *rg,
		       double *out)
{
	const cJSON *v = member(r, obj, key, required);
	if (!v)
		return !required;
	size_t mark = path_push_key(r, key);
	bool ok = real_here(r, v, rg, out);
	path_pop(r, mark);
	return ok;
}

static bool field_bool(reader *r, const cJSON *obj, const char *key, int *out)
{
	const cJSON *v = member(r, obj, key, false);
	if (!v)
		return true;
	if (!cJSON_IsBool(v)) {
		size_t mark = path_push_key(r, key);
		report_got(r, "true or false", v);
		path_pop(r, mark);
		return false;
	}
	*out = cJSON_IsTrue(v);
	return true;
}

/* Returns the string, or NULL when absent or wrong (then reported). */
static const char *field_string(reader *r, const cJSON *obj, const char *key, bool required, bool nonempty)
{
	const cJSON *v = member(r, obj, key, required);
	if (!v)
		return NULL;
	if (cJSON_IsString(v) && (!nonempty || v->valuestring[0]))
		return v->valuestring;
	size_t mark = path_push_key(r, key);
	report_got(r, nonempty ? "a non-empty string" : "a string", v);
	path_pop(r, mark);
	return NULL;
}

/* One of a fixed set of names; *out receives its index. */
static bool field_choice(reader *r, const cJSON *obj, const char *key, bool required,
			 const char *const *names, size_t n, int *out)
{
	const cJSON *v = member(r, obj, key, required);
	if (!v)
		return !required;
	int i = cJSON_IsString(v) ? find_name(v->valuestring, names, n) : -1;
	if (i < 0) {
		char list[LIST_MAX], expected[LIST_MAX + 16];
		join_names(names, n, true, list, sizeof list);
		snprintf(expected, sizeof expected, "one of %s", list);
		size_t mark = path_push_key(r, key);
		report_got(r, expected, v);
		path_pop(r, mark);
		return false;
	}
	*out = i;
	return true;
}

static bool field_per_period(reader *r, const cJSON *obj, const char *key, const char *noun, int *out)
{
	const cJSON *v = member(r, obj, key, false);
	if (!v)
		return true;
	size_t mark = path_push_key(r, key);
	bool ok = per_period_here(r, v, noun, out);
	path_pop(r, mark);
	return ok;
}

/* A period read from the document: t is its index relative to periods.start (1 = the first
 * period); it may lie outside 1..T. */
typedef struct {
	bool ok; /* given, well-formed, and the start is known */
	int t;
} period;

/* Without a valid start a label can only be checked, so the result is not ok. */
static period field_period(reader *r, const cJSON *obj, const char *key, bool required)
{
	period p = { false, 0 };
	const cJSON *v = member(r, obj, key, required);
	if (!v)
		return p;
	size_t mark = path_push_key(r, key);
	int year, q;
	if (period_label_here(r, v, &year, &q) && r->start_ok) {
		p.t = (year - r->s->start_year) * 4 + (q - r->s->start_q) + 1;
		p.ok = true;
	}
	path_pop(r, mark);
	return p;
}

static void label(const reader *r, int t, char buf[8]) { qt_scenario_period_label(r->s, t, buf); }

static int clamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

/* ---- ids ---- */
static int id_entry_cmp(const void *a, const void *b)
{
	const id_entry *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	return c ? c : (x->index > y->index) - (x->index < y->index);
}

static int id_key_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const id_entry *)elem)->id);
}

static void id_add(id_index *ix, const char *id, int i)
{
	if (id && ix->e)
		ix->e[ix->n++] = (id_entry){ id, i };
}

/* Sorts the ids of a top-level list for lookup and reports every id used again, naming both
 * entries. Runs with the path at the list. */
static void finish_ids(reader *r, id_index *ix, const char *list)
{
	if (ix->n > 1)
		qsort(ix->e, (size_t)ix->n, sizeof *ix->e, id_entry_cmp);
	int first = 0;
	for (int i = 1; i < ix->n; i++) {
		if (strcmp(ix->e[i].id, ix->e[first].id) != 0) {
			first = i;
			continue;
		}
		char shown[48];
		size_t mark = path_push_index(r, ix->e[i].index);
		report_at(r, "id", "duplicate id '%s': /%s/%d and /%s/%d both use it; expected unique ids",
			  clip(ix->e[i].id, shown, sizeof shown), list, ix->e[first].index, list,
			  ix->e[i].index);
		path_pop(r, mark);
	}
}

/* obj[key] names a municipality; returns its index, or -1 (reported unless the municipalities
 * themselves are broken, which was reported already). */
static int field_muni(reader *r, const cJSON *obj, const char *key)
{
	const char *id = field_string(r, obj, key, true, true);
	if (!id || !r->muni_ids_ok)
		return -1;
	const id_entry *hit = bsearch(id, r->munis.e, (size_t)r->munis.n, sizeof *r->munis.e, id_key_cmp);
	if (hit)
		return hit->index;
	char shown[48];
	report_at(r, key, "unknown municipality '%s': expected the id of an entry in /municipalities",
		  clip(id, shown, sizeof shown));
	return -1;
}

static char *field_id(reader *r, const cJSON *obj)
{
	const char *id = field_string(r, obj, "id", true, true);
	return id ? copy_string(r, id) : NULL;
}

/* The optional display name; the id stands in for it. */
static char *field_name(reader *r, const cJSON *obj, const char *id)
{
	const char *name = field_string(r, obj, "name", false, false);
	return copy_string(r, name ? name : id ? id : "");
}

/* The optional cost object of a site: each member an amount in euro, default 0. */
static void field_costs(reader *r, const cJSON *obj, const char *const *keys, size_t n, double *const out[])
{
	const cJSON *c = member(r, obj, "cost", false);
	if (!c)
		return;
	size_t mark = path_push_key(r, "cost");
	if (schema_object(r, c, keys, n))
		for (size_t i = 0; i < n; i++)
			field_real(r, c, keys[i], false, &R_MONEY, out[i]);
	path_pop(r, mark);
}

/* ---- sections of the document ---- */

/* Returns false when the document is in another format version (reading on would only mislead). */
static bool read_version(reader *r, const cJSON *root)
{
	const cJSON *v = member(r, root, "quartier", true);
	if (!v || (cJSON_IsNumber(v) && v->valuedouble == 1))
		return true;
	size_t mark = path_push_key(r, "quartier");
	report_got(r, "format version 1", v);
	path_pop(r, mark);
	return !cJSON_IsNumber(v);
}

static void read_name(reader *r, const cJSON *root)
{
	const char *name = field_string(r, root, "name", false, false);
	if (name) {
		free(r->s->name);
		r->s->name = copy_string(r, name);
	}
}

static void read_periods(reader *r, const cJSON *root)
{
	qt_scenario *s = r->s;
	const cJSON *p = member(r, root, "periods", true);
	if (!p)
		return;
	size_t mark = path_push_key(r, "periods");
	if (schema_object(r, p, PERIODS_KEYS, N_OF(PERIODS_KEYS))) {
		const cJSON *start = member(r, p, "start", true);
		if (start) {
			size_t m2 = path_push_key(r, "start");
			r->start_ok = period_label_here(r, start, &s->start_year, &s->start_q);
			path_pop(r, m2);
		}
		int T = 0;
		if (field_whole(r, p, "count", true, "periods", 1, QT_MAX_PERIODS, &T))
			r->T = s->T = T;
	}
	path_pop(r, mark);
	if (r->T > 0) {
		s->arrivals = alloc(r, (size_t)r->T + 1, sizeof *s->arrivals);
		s->entitled = alloc(r, (size_t)QT_NCLASS * ((size_t)r->T + 1), sizeof *s->entitled);
	}
}

static void read_intake(reader *r, const cJSON *root)
{
	const cJSON *in = member(r, root, "intake", false);
	if (!in)
		return;
	size_t mark = path_push_key(r, "intake");
	if (schema_object(r, in, INTAKE_KEYS, N_OF(INTAKE_KEYS))) {
		field_count(r, in, "backlog", false, "persons", &r->s->backlog0);
		field_per_period(r, in, "arrivals", "persons", r->s->arrivals);
	}
	path_pop(r, mark);
}

static void read_entitled(reader *r, const cJSON *e)
{
	qt_scenario *s = r->s;
	if (!class_object(r, e))
		return;
	for (int h = 0; h < QT_NCLASS; h++) {
		int *row = s->entitled ? s->entitled + (size_t)h * ((size_t)r->T + 1) : NULL;
		field_per_period(r, e, qt_class_names[h], "households", row);
	}
}

static void read_waiting(reader *r, const cJSON *w)
{
	if (!class_object(r, w))
		return;
	for (int h = 0; h < QT_NCLASS; h++)
		field_count(r, w, qt_class_names[h], false, "households", &r->s->waiting0[h]);
}

static void read_households(reader *r, const cJSON *root)
{
	const cJSON *h = member(r, root, "households", false);
	if (!h)
		return;
	size_t mark = path_push_key(r, "households");
	if (schema_object(r, h, HOUSEHOLDS_KEYS, N_OF(HOUSEHOLDS_KEYS))) {
		field_whole(r, h, "size_5plus", false, "persons", 5, 20, &r->s->hsize[QT_NCLASS - 1]);
		const cJSON *e = member(r, h, "entitled", false);
		if (e) {
			size_t m2 = path_push_key(r, "entitled");
			read_entitled(r, e);
			path_pop(r, m2);
		}
		const cJSON *w = member(r, h, "waiting", false);
		if (w) {
			size_t m2 = path_push_key(r, "waiting");
			read_waiting(r, w);
			path_pop(r, m2);
		}
	}
	path_pop(r, mark);
}

static void read_areas(reader *r, const cJSON *areas)
{
	qt_scenario *s = r->s;
	if (!object_here(r, areas)) {
		r->areas_ok = false;
		return;
	}
	check_duplicate_keys(r, areas);
	int n = count_members(areas);
	if (n > QT_MAX_AREAS) {
		report(r, "too many rent areas: %d, the limit is %d", n, QT_MAX_AREAS);
		r->areas_ok = false;
		return;
	}
	s->area_name = alloc(r, (size_t)n, sizeof *s->area_name);
	s->cap = alloc(r, (size_t)n, sizeof *s->cap);
	if (!s->area_name || !s->cap)
		return;
	const cJSON *c;
	cJSON_ArrayForEach(c, areas) {
		if (is_note(c))
			continue;
		int a = s->n_area++;
		s->area_name[a] = copy_string(r, c->string);
		for (int h = 0; h < QT_NCLASS; h++)
			s->cap[a][h] = -1;
		size_t mark = path_push_key(r, c->string);
		if (class_object(r, c))
			for (int h = 0; h < QT_NCLASS; h++)
				field_real(r, c, qt_class_names[h], false, &R_CAP, &s->cap[a][h]);
		path_pop(r, mark);
	}
}

static void read_rent_caps(reader *r, const cJSON *root)
{
	const cJSON *rc = member(r, root, "rent_caps", false);
	if (!rc)
		return;
	size_t mark = path_push_key(r, "rent_caps");
	if (!schema_object(r, rc, RENT_CAPS_KEYS, N_OF(RENT_CAPS_KEYS))) {
		r->areas_ok = false;
	} else {
		field_real(r, rc, "factor", false, &R_FACTOR, &r->s->cap_factor);
		const cJSON *areas = member(r, rc, "areas", false);
		if (areas) {
			size_t m2 = path_push_key(r, "areas");
			read_areas(r, areas);
			path_pop(r, m2);
		}
	}
	path_pop(r, mark);
}

/* Replaces the default key {"population": 1} by the scenario's columns and weights. */
static void read_quota_key(reader *r, const cJSON *k)
{
	qt_scenario *s = r->s;
	size_t before = error_count(r);
	r->keys_ok = false;
	if (!object_here(r, k))
		return;
	check_duplicate_keys(r, k);
	int n = count_members(k);
	if (n > QT_MAX_KEYS) {
		report(r, "too many quota key columns: %d, the limit is %d", n, QT_MAX_KEYS);
		return;
	}
	if (n == 0) {
		report(r, "expected at least one key column with a weight > 0, got an empty object");
		return;
	}
	for (int j = 0; j < s->n_key; j++)
		free(s->key_name[j]);
	free(s->key_name);
	free(s->key_weight);
	s->n_key = 0;
	s->key_name = alloc(r, (size_t)n, sizeof *s->key_name);
	s->key_weight = alloc(r, (size_t)n, sizeof *s->key_weight);
	if (!s->key_name || !s->key_weight)
		return;
	double total = 0;
	const cJSON *c;
	cJSON_ArrayForEach(c, k) {
		if (is_note(c))
			continue;
		int j = s->n_key++;
		s->key_name[j] = copy_string(r, c->string);
		size_t mark = path_push_key(r, c->string);
		if (real_here(r, c, &R_WEIGHT, &s->key_weight[j]))
			total += s->key_weight[j];
		path_pop(r, mark);
	}
	if (error_count(r) == before && total <= 0)
		report(r, "expected at least one key column with a weight > 0, got all weights 0");
	if (error_count(r) == before && !isfinite(total)) /* the shares would all be 0 */
		report(r, "the weights add up to more than %.2g: expected smaller weights", DBL_MAX);
	r->keys_ok = error_count(r) == before && !r->nomem;
}

static void read_quota(reader *r, const cJSON *root)
{
	const cJSON *q = member(r, root, "quota", false);
	if (!q)
		return;
	size_t mark = path_push_key(r, "quota");
	if (schema_object(r, q, QUOTA_KEYS, N_OF(QUOTA_KEYS))) {
		int method = QT_HARE_NIEMEYER;
		if (field_choice(r, q, "method", false, qt_method_names, QT_NMETHOD, &method))
			r->s->method = (qt_method)method;
		const cJSON *k = member(r, q, "key", false);
		if (k) {
			size_t m2 = path_push_key(r, "key");
			read_quota_key(r, k);
			path_pop(r, m2);
		}
		field_real(r, q, "gu_credit_rate", false, &R_CREDIT_RATE, &r->s->gu_credit_rate);
	}
	path_pop(r, mark);
}

/* Municipality objects may carry further numeric columns for quota.key; a key column named in
 * quota.key is checked (and reported) by read_key_columns instead. */
static bool muni_extra_ok(const reader *r, const cJSON *c)
{
	if (cJSON_IsNumber(c))
		return true;
	return r->keys_ok && find_name(c->string, (const char *const *)r->s->key_name, (size_t)r->s->n_key) >= 0;
}

static void read_rent_area(reader *r, const cJSON *o, qt_muni *m)
{
	const qt_scenario *s = r->s;
	const char *name = field_string(r, o, "rent_area", false, false);
	if (!name || !r->areas_ok)
		return;
	m->rent_area = find_name(name, (const char *const *)s->area_name, (size_t)s->n_area);
	if (m->rent_area >= 0)
		return;
	char list[LIST_MAX], shown[48];
	join_names((const char *const *)s->area_name, (size_t)s->n_area, false, list, sizeof list);
	report_at(r, "rent_area", "unknown rent area '%s': expected a key of /rent_caps/areas (%s)",
		  clip(name, shown, sizeof shown), s->n_area ? list : "none given");
}

static void read_key_columns(reader *r, const cJSON *o, qt_muni *m, bool population_ok)
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
			report(r, "missing key column '%s' used by /quota/key: expected a number >= 0",
			       clip(col, shown, sizeof shown));
			r->key_values_ok = false;
			continue;
		}
		size_t mark = path_push_key(r, col);
		if (!real_here(r, v, &R_KEY_COLUMN, &m->key[j]))
			r->key_values_ok = false;
		path_pop(r, mark);
	}
}

static void read_muni(reader *r, const cJSON *o, qt_muni *m)
{
	const qt_scenario *s = r->s;
	m->rent_area = -1;
	m->key = alloc(r, (size_t)s->n_key, sizeof *m->key);
	if (r->T > 0)
		m->au_places = alloc(r, (size_t)r->T + 1, sizeof *m->au_places);
	if (!object_here(r, o)) {
		r->muni_ids_ok = r->key_values_ok = false;
		return;
	}
	check_keys(r, o, MUNI_KEYS, N_OF(MUNI_KEYS), "key", muni_extra_ok);
	m->id = field_id(r, o);
	if (!m->id)
		r->muni_ids_ok = false;
	m->name = field_name(r, o, m->id);
	bool population_ok = field_real(r, o, "population", true, &R_POPULATION, &m->population);
	read_rent_area(r, o, m);
	field_per_period(r, o, "au_places", "places", m->au_places);
	field_count(r, o, "au_occupied", false, "persons", &m->au_occupied);
	field_real(r, o, "au_cost", false, &R_MONEY, &m->au_cost);
	field_count(r, o, "credit", false, "persons", &m->credit);
	read_key_columns(r, o, m, population_ok);
}

static void read_municipalities(reader *r, const cJSON *root)
{
	qt_scenario *s = r->s;
	r->muni_ids_ok = r->key_values_ok = false;
	const cJSON *list = member(r, root, "municipalities", true);
	if (!list)
		return;
	size_t mark = path_push_key(r, "municipalities");
	int n;
	if (!list_here(r, list, "municipalities", QT_MAX_MUNICIPALITIES, &n)) {
		path_pop(r, mark);
		return;
	}
	if (n == 0) {
		report(r, "expected at least one municipality, got an empty array");
		path_pop(r, mark);
		return;
	}
	s->muni = alloc(r, (size_t)n, sizeof *s->muni);
	r->munis.e = alloc(r, (size_t)n, sizeof *r->munis.e);
	if (s->muni && r->munis.e) {
		s->n_muni = n;
		r->muni_ids_ok = r->key_values_ok = true;
		int i = 0;
		const cJSON *o;
		cJSON_ArrayForEach(o, list) {
			size_t m2 = path_push_index(r, i);
			read_muni(r, o, &s->muni[i]);
			id_add(&r->munis, s->muni[i].id, i);
			path_pop(r, m2);
			i++;
		}
		finish_ids(r, &r->munis, "municipalities");
	}
	path_pop(r, mark);
}

/* The start state of a site must agree with its flags and its availability window. */
static void check_gu_start(reader *r, const qt_gu *g, bool places_ok, bool occupied_ok, int open,
			   period from, period until, period vacate)
{
	char a[8], b[8];
	if (places_ok && occupied_ok && g->occupied > g->places)
		report_at(r, "occupied", "expected at most the site's %d places, got %d", g->places,
			  g->occupied);
	if (occupied_ok && g->occupied > 0 && open == 0)
		report_at(r, "open", "expected true: %d persons occupy the site at start, got false",
			  g->occupied);
	/* A site that must close in period 1 (vacate_by, end of availability) may start occupied;
	 * one that only becomes available later cannot already hold persons. */
	if (occupied_ok && g->occupied > 0 && from.ok && from.t > 1) {
		label(r, from.t, a);
		label(r, 1, b);
		report_at(r, "available_from",
			  "occupied at start but not available before %s: expected available_from at or "
			  "before %s when occupied > 0",
			  a, b);
	}
	if (from.ok && vacate.ok && vacate.t < from.t) {
		label(r, vacate.t, a);
		label(r, from.t, b);
		report_at(r, "vacate_by", "vacate_by %s is before available_from %s: expected it at or after",
			  a, b);
	}
	if (from.ok && until.ok && until.t < from.t) {
		label(r, until.t, a);
		label(r, from.t, b);
		report_at(r, "available_until",
			  "available_until %s is before available_from %s: expected it at or after", a, b);
	}
}

/* Availability window and vacate_by as internal.h defines them: periods outside the horizon are
 * clamped so that qt_gu_allowed needs no special cases. */
static void set_gu_window(qt_gu *g, int T, period from, period until, period vacate)
{
	g->avail_from = from.ok ? clamp(from.t, 1, T + 1) : 1;
	g->avail_until = until.ok ? clamp(until.t, 0, T) : T;
	g->vacate_by = vacate.ok ? clamp(vacate.t, 1, T + 1) : T + 1;
}

static const char *read_gu(reader *r, const cJSON *o, void *elem)
{
	qt_gu *g = elem;
	g->muni = -1;
	set_gu_window(g, r->T, (period){ false, 0 }, (period){ false, 0 }, (period){ false, 0 });
	if (!schema_object(r, o, GU_KEYS, N_OF(GU_KEYS)))
		return NULL;
	g->id = field_id(r, o);
	g->name = field_name(r, o, g->id);
	g->muni = field_muni(r, o, "municipality");
	int kind = QT_GU_PERMANENT;
	if (field_choice(r, o, "kind", true, qt_gu_kind_names, QT_NGU_KIND, &kind))
		g->kind = (qt_gu_kind)kind;
	bool places_ok = field_count(r, o, "places", true, "places", &g->places);
	bool occupied_ok = field_count(r, o, "occupied", false, "persons", &g->occupied);
	int open = -1;
	field_bool(r, o, "open", &open);
	g->open0 = open >= 0 ? open : g->occupied > 0;
	period from = field_period(r, o, "available_from", false);
	period until = field_period(r, o, "available_until", false);
	period vacate = field_period(r, o, "vacate_by", false);
	set_gu_window(g, r->T, from, until, vacate);
	double *const costs[] = { &g->cost_place, &g->cost_fixed, &g->cost_open, &g->cost_close };
	field_costs(r, o, GU_COST_KEYS, N_OF(GU_COST_KEYS), costs);
	check_gu_start(r, g, places_ok, occupied_ok, open, from, until, vacate);
	return g->id;
}

static const char *read_kombi(reader *r, const cJSON *o, void *elem)
{
	qt_kombi *k = elem;
	k->muni = -1;
	k->earliest = 1;
	if (!schema_object(r, o, KOMBI_KEYS, N_OF(KOMBI_KEYS)))
		return NULL;
	k->id = field_id(r, o);
	k->muni = field_muni(r, o, "municipality");
	field_whole(r, o, "max_modules", true, "modules", 1, MAX_COUNT, &k->max_modules);
	field_whole(r, o, "places_per_module", true, "places", 1, MAX_COUNT, &k->ppm);
	field_count(r, o, "lead_quarters", false, "quarters", &k->lead);
	period earliest = field_period(r, o, "earliest", false);
	if (earliest.ok)
		k->earliest = clamp(earliest.t, 1, r->T + 1);
	double *const costs[] = { &k->cost_module, &k->cost_conversion, &k->cost_gu_place };
	field_costs(r, o, KOMBI_COST_KEYS, N_OF(KOMBI_COST_KEYS), costs);
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

static const char *read_offer(reader *r, const cJSON *o, void *elem)
{
	qt_offer *off = elem;
	off->muni = -1;
	off->hclass = -1;
	off->units = 1;
	off->cap = -1;
	if (!schema_object(r, o, OFFER_KEYS, N_OF(OFFER_KEYS)))
		return NULL;
	off->id = field_id(r, o);
	off->muni = field_muni(r, o, "municipality");
	period p = field_period(r, o, "period", true);
	if (p.ok && r->T > 0) {
		if (p.t >= 1 && p.t <= r->T) {
			off->period = p.t;
		} else {
			char at[8], first[8], last[8];
			label(r, p.t, at);
			label(r, 1, first);
			label(r, r->T, last);
			report_at(r, "period", "period %s is outside the horizon %s..%s: expected a period within it",
				  at, first, last);
		}
	}
	bool class_ok = field_choice(r, o, "household", true, qt_class_names, QT_NCLASS, &off->hclass);
	field_count(r, o, "units", false, "units", &off->units);
	bool rent_ok = field_real(r, o, "rent", true, &R_MONEY, &off->rent);
	if (off->muni >= 0 && class_ok && rent_ok)
		set_eligibility(r->s, off);
	return off->id;
}

/* Reads one element of a list into elem (zeroed); returns its id (NULL if it has none). */
typedef const char *(*element_reader)(reader *r, const cJSON *o, void *elem);

/* Reads an optional top-level list: checks its size against the limit before allocating, reads each
 * element, and reports duplicate ids. Returns the array (*count elements) or NULL. */
static void *read_list(reader *r, const cJSON *root, const char *key, const char *what, int limit,
		       size_t elem_size, element_reader one, int *count)
{
	const cJSON *list = member(r, root, key, false);
	int n;
	if (!list)
		return NULL;
	size_t mark = path_push_key(r, key);
	char *arr = NULL;
	if (list_here(r, list, what, limit, &n)) {
		id_index ix = { alloc(r, (size_t)n, sizeof *ix.e), 0 };
		arr = alloc(r, (size_t)n, elem_size);
		if (arr && ix.e) {
			*count = n;
			int i = 0;
			const cJSON *o;
			cJSON_ArrayForEach(o, list) {
				size_t m = path_push_index(r, i);
				id_add(&ix, one(r, o, arr + (size_t)i * elem_size), i);
				path_pop(r, m);
				i++;
			}
			finish_ids(r, &ix, key);
		}
		free(ix.e);
	}
	path_pop(r, mark);
	return arr;
}

static void read_penalties(reader *r, const cJSON *root)
{
	const cJSON *p = member(r, root, "penalties", false);
	if (!p)
		return;
	size_t mark = path_push_key(r, "penalties");
	if (object_here(r, p)) {
		check_keys(r, p, qt_penalty_names, QT_NPEN, "penalty", NULL);
		for (int i = 0; i < QT_NPEN; i++)
			field_real(r, p, qt_penalty_names[i], false, &R_PENALTY, &r->s->penalty[i]);
	}
	path_pop(r, mark);
}

static void read_solver(reader *r, const cJSON *root)
{
	const cJSON *sv = member(r, root, "solver", false);
	if (!sv)
		return;
	size_t mark = path_push_key(r, "solver");
	if (schema_object(r, sv, SOLVER_KEYS, N_OF(SOLVER_KEYS))) {
		field_real(r, sv, "time_limit_s", false, &R_SECONDS, &r->s->time_limit_s);
		field_real(r, sv, "gap", false, &R_GAP, &r->s->gap);
	}
	path_pop(r, mark);
}

/* ---- checks across sections ---- */

/* Key columns are normalised by their total (MODEL.md, Quotas 1), so a weighted column needs one. */
static void check_key_totals(reader *r)
{
	const qt_scenario *s = r->s;
	if (!r->keys_ok || !r->key_values_ok || s->n_muni == 0)
		return;
	for (int j = 0; j < s->n_key; j++) {
		double total = 0;
		for (int m = 0; m < s->n_muni; m++)
			total += s->muni[m].key[j];
		if (s->key_weight[j] > 0 && (total <= 0 || !isfinite(total))) {
			size_t mark = path_push_key(r, "quota");
			path_push_key(r, "key");
			char shown[48];
			clip(s->key_name[j], shown, sizeof shown);
			if (total <= 0)
				report_at(r, s->key_name[j],
					  "expected a key column with a positive total, but '%s' is 0 in every "
					  "municipality",
					  shown);
			else /* the shares would all be 0 */
				report_at(r, s->key_name[j],
					  "'%s' adds up to more than %.2g over the municipalities: expected smaller "
					  "values",
					  shown, DBL_MAX);
			path_pop(r, mark);
		}
	}
}

static long long sum_occupied(const qt_scenario *s)
{
	long long n = 0;
	for (int g = 0; g < s->n_gu; g++)
		n += s->gu[g].occupied;
	return n;
}

/* MODEL.md constraint 2: V[t] = V[t-1] + acc[t] - entitled persons must stay >= 0 even when every
 * assigned person is taken in at once; otherwise the data claim more entitled persons than were
 * ever in vU and no plan exists. */
static void check_vu_feasibility(reader *r)
{
	const qt_scenario *s = r->s;
	long long in_gu = sum_occupied(s), waiting = 0;
	for (int h = 0; h < QT_NCLASS; h++)
		waiting += (long long)s->hsize[h] * s->waiting0[h];
	long long v0 = in_gu - waiting;
	size_t mark = path_push_key(r, "households");
	if (v0 < 0) {
		report_at(r, "waiting",
			  "waiting households hold %lld persons but only %lld persons are in GUs at start: "
			  "expected at most the sum of the GU sites' occupied",
			  waiting, in_gu);
		path_pop(r, mark);
		return;
	}
	long long entitled = 0, arrived = 0;
	for (int t = 1; t <= s->T; t++) {
		for (int h = 0; h < QT_NCLASS; h++)
			entitled += (long long)s->hsize[h] * qt_entitled(s, h, t);
		arrived += s->arrivals[t];
		long long most = v0 + s->backlog0 + arrived;
		if (entitled > most) {
			char at[8];
			label(r, t, at);
			report_at(r, "entitled",
				  "by %s, %lld persons become entitled to AU, but at most %lld can have been in vU "
				  "(%lld at start + backlog %d + arrivals %lld): expected at most %lld",
				  at, entitled, most, v0, s->backlog0, arrived, most);
			break;
		}
	}
	path_pop(r, mark);
}

/* MODEL.md constraint 7: the stock a municipality holds at start shrinks only by the exit rate, so
 * it must fit its own AU places in every period even if nobody new is placed. */
static void check_au_stock(reader *r)
{
	const qt_scenario *s = r->s;
	double keep = 1.0 - s->exit_rate;
	size_t mark = path_push_key(r, "municipalities");
	for (int m = 0; m < s->n_muni; m++) {
		const qt_muni *mu = &s->muni[m];
		double stock = mu->au_occupied;
		for (int t = 1; t <= s->T; t++) {
			stock *= keep;
			if (stock <= mu->au_places[t] + 1e-9)
				continue;
			char at[8];
			label(r, t, at);
			size_t mi = path_push_index(r, m);
			report_at(r, "au_occupied",
				  "%d persons in AU at start are still %.1f in %s after the exit rate, more than "
				  "the %d AU places then: expected at most what au_places holds",
				  mu->au_occupied, stock, at, mu->au_places[t]);
			path_pop(r, mi);
			break;
		}
	}
	path_pop(r, mark);
}

static void read_root(reader *r, const cJSON *root)
{
	if (!cJSON_IsObject(root)) {
		report_got(r, "a JSON object at the top level", root);
		return;
	}
	check_keys(r, root, ROOT_KEYS, N_OF(ROOT_KEYS), "key", NULL);
	if (!read_version(r, root))
		return;
	read_name(r, root);

	size_t flow_errors = error_count(r);
	read_periods(r, root);
	read_intake(r, root);
	read_households(r, root);
	bool flow_ok = error_count(r) == flow_errors;

	read_rent_caps(r, root);
	read_quota(r, root);
	size_t muni_errors = error_count(r);
	read_municipalities(r, root);
	bool muni_ok = error_count(r) == muni_errors;

	qt_scenario *s = r->s;
	flow_errors = error_count(r);
	s->gu = read_list(r, root, "gu_sites", "GU sites", QT_MAX_GU, sizeof *s->gu, read_gu, &s->n_gu);
	flow_ok = flow_ok && error_count(r) == flow_errors && r->T > 0 && r->start_ok;
	s->kombi = read_list(r, root, "kombimodell", "Kombimodell sites", QT_MAX_KOMBI, sizeof *s->kombi,
			     read_kombi, &s->n_kombi);
	s->offer = read_list(r, root, "housing_offers", "housing offers", QT_MAX_OFFERS, sizeof *s->offer,
			     read_offer, &s->n_offer);

	muni_errors = error_count(r);
	field_real(r, root, "exit_rate", false, &R_SHARE, &s->exit_rate);
	muni_ok = muni_ok && error_count(r) == muni_errors && r->T > 0;
	read_penalties(r, root);
	read_solver(r, root);

	check_key_totals(r);
	if (flow_ok && !r->nomem)
		check_vu_feasibility(r);
	if (muni_ok && !r->nomem)
		check_au_stock(r);
}

/* ---- the document as bytes ---- */

/* Offset of the first byte that is not valid UTF-8, or of a NUL byte (JSON text holds none, and
 * cJSON would take it for the end), or n. */
static size_t utf8_invalid_at(const unsigned char *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned c = p[i];
		if (c == 0)
			return i;
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
		if (len == 0 || i + len > n)
			return i;
		unsigned long cp = c & (0x7Fu >> len);
		for (size_t k = 1; k < len; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (p[i + k] & 0x3Fu);
		}
		bool overlong = (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
		if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return i;
		i += len;
	}
	return n;
}

/* Offset of the bracket that opens nesting level limit + 1, or n. Brackets inside strings do not
 * count. Checked before cJSON parses, whose recursion would otherwise go 1000 levels deep. */
static size_t too_deep_at(const char *t, size_t n, int limit)
{
	int depth = 0;
	bool in_string = false;
	for (size_t i = 0; i < n; i++) {
		char c = t[i];
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = false;
		} else if (c == '"') {
			in_string = true;
		} else if (c == '{' || c == '[') {
			if (++depth > limit)
				return i;
		} else if ((c == '}' || c == ']') && depth > 0) {
			depth--;
		}
	}
	return n;
}

/* Offset of the first control character (U+0000 to U+001F) written raw inside a string, or n.
 * JSON wants them escaped; cJSON would take them, and a raw line break in a key or an id would
 * end up inside a one-line error message or a CSV field. */
static size_t control_in_string_at(const char *t, size_t n)
{
	bool in_string = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t[i];
		if (!in_string)
			in_string = c == '"';
		else if (c < 0x20)
			return i;
		else if (c == '\\')
			i++;
		else if (c == '"')
			in_string = false;
	}
	return n;
}

/* The number of JSON values in the document, counted before cJSON makes a node of some 100 bytes
 * for each: the root, one more per comma, and the first member of each container (counted for an
 * empty one too, so this may be a little high). */
static size_t values_at_most(const char *t, size_t n)
{
	size_t values = 1;
	bool in_string = false;
	for (size_t i = 0; i < n; i++) {
		char c = t[i];
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = false;
		} else if (c == '"') {
			in_string = true;
		} else if (c == ',' || c == '{' || c == '[') {
			values++;
		}
	}
	return values;
}

/* 1-based line and column (in characters) of a byte offset, for messages. */
static void line_col(const char *t, size_t off, size_t *line, size_t *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (t[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)t[i] & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

static bool is_blank(const char *t, size_t n)
{
	size_t i = 0;
	if (n >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0)
		i = 3; /* a byte order mark, as some editors write */
	for (; i < n; i++)
		if (!strchr(" \t\r\n", t[i]))
			return false;
	return true;
}

static void report_syntax_error(reader *r, const char *text, size_t len, const char *end)
{
	size_t off = end && end >= text && end <= text + len ? (size_t)(end - text) : len;
	size_t line, col;
	line_col(text, off, &line, &col);
	if (off >= len) {
		report(r, "JSON syntax error at line %zu, column %zu: the document ends early (expected more "
			  "JSON text, e.g. a closing bracket)",
		       line, col);
		return;
	}
	char near[24];
	size_t k = 0;
	while (k < sizeof near - 1 && off + k < len && text[off + k] != '\n' && text[off + k] != '\r')
		k++;
	while (k > 0 && off + k < len && ((unsigned char)text[off + k] & 0xC0) == 0x80)
		k--; /* not in the middle of a character */
	if (k == 0) {
		report(r, "JSON syntax error at line %zu, column %zu (at the end of the line): expected valid JSON",
		       line, col);
		return;
	}
	memcpy(near, text + off, k);
	near[k] = '\0';
	char shown[24];
	clip(near, shown, sizeof shown);
	report(r, "JSON syntax error at line %zu, column %zu near '%s': expected valid JSON", line, col, shown);
}

/* Checks the document as bytes and parses it; NULL (reported) when that fails. text[len] is '\0'. */
static cJSON *parse_document(reader *r, const char *text, size_t len)
{
	if (is_blank(text, len)) {
		report(r, "the document is empty: expected a JSON object");
		return NULL;
	}
	size_t line, col;
	size_t bad = utf8_invalid_at((const unsigned char *)text, len);
	if (bad < len) {
		line_col(text, bad, &line, &col);
		if (text[bad] == '\0')
			report(r, "NUL byte at byte offset %zu (line %zu, column %zu): expected UTF-8 JSON text",
			       bad, line, col);
		else
			report(r, "invalid UTF-8 at byte offset %zu (line %zu, column %zu): expected UTF-8 text",
			       bad, line, col);
		return NULL;
	}
	size_t deep = too_deep_at(text, len, MAX_DEPTH);
	if (deep < len) {
		line_col(text, deep, &line, &col);
		report(r, "nesting deeper than %d levels at line %zu, column %zu: expected at most %d nested "
			  "arrays and objects",
		       MAX_DEPTH, line, col, MAX_DEPTH);
		return NULL;
	}
	size_t ctl = control_in_string_at(text, len);
	if (ctl < len) {
		line_col(text, ctl, &line, &col);
		report(r, "control character U+%04X inside a string at line %zu, column %zu: expected it escaped "
			  "(\\n, \\t, \\u%04X)",
		       (unsigned)text[ctl], line, col, (unsigned)text[ctl]);
		return NULL;
	}
	size_t values = values_at_most(text, len);
	if (values > MAX_VALUES) {
		report(r, "the document has about %zu JSON values (numbers, strings, arrays and objects): expected "
			  "at most %d (a scenario at every size limit has about 950,000)",
		       values, MAX_VALUES);
		return NULL;
	}
	/* The parse end pointer gives the error position without cJSON_GetErrorPtr's global state,
	 * which another thread could overwrite. The length includes the '\0' so that cJSON rejects
	 * anything after the root value. */
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(text, len + 1, &end, 1);
	if (!root)
		report_syntax_error(r, text, len, end);
	return root;
}

/* ---- building and releasing a scenario ---- */
static qt_scenario *scenario_new(void)
{
	static const int hsize[QT_NCLASS] = { 1, 2, 3, 4, 6 };
	qt_scenario *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	memcpy(s->hsize, hsize, sizeof s->hsize);
	s->cap_factor = 1;
	s->method = QT_HARE_NIEMEYER;
	s->exit_rate = 0.03;
	memcpy(s->penalty, qt_penalty_defaults, sizeof s->penalty);
	s->time_limit_s = 60;
	s->gap = 0.001;
	s->name = qt_strdup("");
	s->key_name = calloc(1, sizeof *s->key_name);
	s->key_weight = calloc(1, sizeof *s->key_weight);
	if (s->key_name) {
		s->n_key = 1;
		s->key_name[0] = qt_strdup("population");
	}
	if (!s->name || !s->key_name || !s->key_weight || !s->key_name[0]) {
		qt_scenario_free(s);
		return NULL;
	}
	s->key_weight[0] = 1;
	return s;
}

void qt_scenario_free(qt_scenario *s)
{
	if (!s)
		return;
	free(s->name);
	free(s->arrivals);
	free(s->entitled);
	for (int m = 0; m < s->n_muni; m++) {
		free(s->muni[m].id);
		free(s->muni[m].name);
		free(s->muni[m].key);
		free(s->muni[m].au_places);
	}
	free(s->muni);
	for (int j = 0; j < s->n_key; j++)
		free(s->key_name[j]);
	free(s->key_name);
	free(s->key_weight);
	for (int g = 0; g < s->n_gu; g++) {
		free(s->gu[g].id);
		free(s->gu[g].name);
	}
	free(s->gu);
	for (int k = 0; k < s->n_kombi; k++)
		free(s->kombi[k].id);
	free(s->kombi);
	for (int a = 0; a < s->n_area; a++)
		free(s->area_name[a]);
	free(s->area_name);
	free(s->cap);
	for (int o = 0; o < s->n_offer; o++)
		free(s->offer[o].id);
	free(s->offer);
	free(s->text);
	free(s);
}

/* Control characters (a key may hold "\n") and bytes that are not UTF-8 (an override from the
 * command line may hold them) become '?', so that every error is one line of UTF-8 text. */
static void printable(char *text)
{
	size_t n = strlen(text);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)text[i] < 0x20)
			text[i] = '?';
	for (size_t i = 0; i < n; i++) {
		i += utf8_invalid_at((const unsigned char *)text + i, n - i);
		if (i < n)
			text[i] = '?';
	}
}

/* Hands over the scenario, or the problems found; releases the rest. */
static int finish(reader *r, qt_scenario *s, qt_scenario **out, qt_errors **errors)
{
	free(r->path);
	free(r->munis.e);
	for (size_t i = 0; i < r->errors->n; i++) {
		printable(r->errors->pointer[i]);
		printable(r->errors->message[i]);
	}
	int rc = 0;
	if (r->nomem) {
		rc = qt_set_error(QT_ENOMEM, "out of memory while reading the scenario");
	} else if (r->errors->n > 0) {
		rc = qt_set_error(QT_EINPUT, "the scenario has %zu problem%s; the first: %s: %s", r->errors->n,
				  r->errors->n == 1 ? "" : "s",
				  r->errors->pointer[0][0] ? r->errors->pointer[0] : "(document)",
				  r->errors->message[0]);
	}
	if (rc == QT_EINPUT && errors)
		*errors = r->errors;
	else
		qt_errors_free(r->errors);
	if (rc) {
		qt_scenario_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

/* Applies the overrides; the errors of those that do not apply join the scenario's. */
static void apply_overrides(reader *r, cJSON *root, const char *const *sets, size_t n_sets)
{
	for (size_t i = 0; i < n_sets; i++)
		if (qt_override_apply(root, sets[i], r->errors) == QT_ENOMEM)
			r->nomem = true;
}

/* Parses text (len bytes, text[len] == '\0'), which the scenario takes over in every case, with
 * n_sets overrides "POINTER=VALUE" applied before it is read. */
static int parse_owned(qt_scenario **out, qt_errors **errors, char *text, size_t len,
		       const char *const *sets, size_t n_sets)
{
	reader r = { 0 };
	r.errors = qt_errors_new();
	r.s = scenario_new();
	r.areas_ok = true;
	r.keys_ok = true; /* the default key {"population": 1} */
	if (!r.errors || !r.s || !path_reserve(&r, 0)) {
		qt_errors_free(r.errors);
		qt_scenario_free(r.s);
		free(r.path);
		free(text);
		return qt_set_error(QT_ENOMEM, "out of memory while reading the scenario");
	}
	r.path[0] = '\0';
	r.s->text = text;
	r.s->text_len = len;
	cJSON *root = parse_document(&r, text, len);
	if (root) {
		apply_overrides(&r, root, sets, n_sets);
		if (!r.nomem)
			read_root(&r, root);
		cJSON_Delete(root);
	}
	return finish(&r, r.s, out, errors);
}

/* A problem with the document as a whole, found before there is anything to read. */
static int document_error(qt_errors **errors, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int document_error(qt_errors **errors, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = qt_vasprintf(fmt, ap);
	va_end(ap);
	qt_errors *e = qt_errors_new();
	if (!msg || !e || qt_errors_add(e, "", "%s", msg) != 0) {
		free(msg);
		qt_errors_free(e);
		return qt_set_error(QT_ENOMEM, "out of memory while reading the scenario");
	}
	qt_set_error(QT_EINPUT, "%s", msg);
	free(msg);
	if (errors)
		*errors = e;
	else
		qt_errors_free(e);
	return QT_EINPUT;
}

static int too_large(qt_errors **errors, long long bytes)
{
	return document_error(errors, "the document is %lld bytes: expected at most %ld bytes (64 MiB)", bytes,
			      (long)QT_MAX_FILE_BYTES);
}

int qt_scenario_parse(qt_scenario **out, qt_errors **errors, const char *text, size_t len)
{
	return qt_scenario_parse_with(out, errors, text, len, NULL, 0);
}

int qt_scenario_parse_with(qt_scenario **out, qt_errors **errors, const char *text, size_t len,
			   const char *const *sets, size_t n_sets)
{
	if (errors)
		*errors = NULL;
	if (out)
		*out = NULL;
	if (!out || !text)
		return qt_set_error(QT_EINVAL, "qt_scenario_parse: out and text must not be NULL");
	if (len > (size_t)QT_MAX_FILE_BYTES)
		return too_large(errors, (long long)len);
	char *copy = malloc(len + 1);
	if (!copy)
		return qt_set_error(QT_ENOMEM, "out of memory while reading the scenario");
	memcpy(copy, text, len);
	copy[len] = '\0';
	return parse_owned(out, errors, copy, len, sets, n_sets);
}

/* Reads the whole file into a '\0'-terminated buffer, refusing directories and oversize files
 * before reading them (a pipe is read up to one byte past the limit). */
static int read_whole_file(const char *path, char **text, size_t *len, qt_errors **errors)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return qt_set_error(QT_EIO, "cannot read '%s': %s", path, strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		return qt_set_error(QT_EIO, "cannot read '%s': %s", path, strerror(e));
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return qt_set_error(QT_EIO, "cannot read '%s': is a directory", path);
	}
	if (S_ISREG(st.st_mode) && st.st_size > QT_MAX_FILE_BYTES) {
		close(fd);
		return too_large(errors, (long long)st.st_size);
	}
	/* One byte more than the file holds, so that the read that sees the end has room. */
	size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 2 : 65536, n = 0;
	char *buf = malloc(cap);
	int rc = buf ? 0 : qt_set_error(QT_ENOMEM, "out of memory reading '%s'", path);
	while (rc == 0) {
		if (n + 1 >= cap) {
			size_t grown = cap * 2;
			char *p = realloc(buf, grown);
			if (!p) {
				rc = qt_set_error(QT_ENOMEM, "out of memory reading '%s'", path);
				break;
			}
			buf = p;
			cap = grown;
		}
		ssize_t got = read(fd, buf + n, cap - 1 - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			rc = qt_set_error(QT_EIO, "cannot read '%s': %s", path, strerror(errno));
		else if (got == 0)
			break;
		else if ((n += (size_t)got) > (size_t)QT_MAX_FILE_BYTES)
			rc = too_large(errors, (long long)n);
	}
	close(fd);
	if (rc) {
		free(buf);
		return rc;
	}
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}

int qt_scenario_read_file(qt_scenario **out, qt_errors **errors, const char *path)
{
	return qt_scenario_read_file_with(out, errors, path, NULL, 0);
}

int qt_scenario_read_file_with(qt_scenario **out, qt_errors **errors, const char *path,
			       const char *const *sets, size_t n_sets)
{
	if (errors)
		*errors = NULL;
	if (out)
		*out = NULL;
	if (!out || !path)
		return qt_set_error(QT_EINVAL, "qt_scenario_read_file: out and path must not be NULL");
	char *text = NULL;
	size_t len = 0;
	int rc = read_whole_file(path, &text, &len, errors);
	if (rc)
		return rc;
	return parse_owned(out, errors, text, len, sets, n_sets);
}

/* ---- accessors ---- */
const char *qt_scenario_name(const qt_scenario *s) { return s ? s->name : ""; }

int qt_scenario_periods(const qt_scenario *s) { return s ? s->T : 0; }

void qt_scenario_period_label(const qt_scenario *s, int t, char buf[8])
{
	qt_period_label(s->start_year, s->start_q, t, buf);
}

int qt_gu_allowed(const qt_gu *g, int t)
{
	return t >= g->avail_from && t <= g->avail_until && t < g->vacate_by;
}

static const char *plural(long n, const char *one, const char *many) { return n == 1 ? one : many; }

char *qt_scenario_summary(const qt_scenario *s)
{
	if (!s)
		return NULL;
	long places = 0, persons = 0;
	int eligible = 0;
	for (int g = 0; g < s->n_gu; g++) {
		places += s->gu[g].places;
		persons += s->gu[g].occupied;
	}
	for (int o = 0; o < s->n_offer; o++)
		eligible += s->offer[o].eligible != 0;
	char start[8];
	qt_scenario_period_label(s, 1, start);
	return qt_asprintf("\"%s\": %d %s from %s, %d %s, %d %s (%ld %s, %ld %s), %d %s, %d %s (%d eligible)",
			   s->name, s->T, plural(s->T, "period", "periods"), start, s->n_muni,
			   plural(s->n_muni, "municipality", "municipalities"), s->n_gu,
			   plural(s->n_gu, "GU site", "GU sites"), places, plural(places, "place", "places"),
			   persons, plural(persons, "person", "persons"), s->n_kombi,
			   plural(s->n_kombi, "Kombimodell site", "Kombimodell sites"), s->n_offer,
			   plural(s->n_offer, "housing offer", "housing offers"), eligible);
}
