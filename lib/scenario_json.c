/*
 * The scenario's JSON field reader (scenario_json.h): every datum is checked where it is read, and
 * each problem is recorded with the JSON Pointer of the datum and what was expected, so reading
 * never stops at the first problem and a planner fixes a file in one pass.
 */
#include "scenario_json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- small helpers ---- */
void *qt_rd_alloc(qt_reader *r, size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		r->nomem = true;
	return p;
}

char *qt_rd_copy_string(qt_reader *r, const char *text)
{
	char *d = qt_strdup(text);
	if (!d)
		r->nomem = true;
	return d;
}

int qt_rd_find_name(const char *name, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(name, names[i]) == 0)
			return (int)i;
	return -1;
}

/* Copies text into buf, cut at a character boundary with "..." when it does not fit, so that one
 * long datum cannot flood a message. */
const char *qt_rd_clip(const char *text, char *buf, size_t size)
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
void qt_rd_join_names(const char *const *names, size_t n, bool quoted, char *buf, size_t size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n && used < size; i++) {
		int w = snprintf(buf + used, size - used, quoted ? "%s\"%s\"" : "%s%s", i ? ", " : "",
				 names[i]);
		if (w < 0 || (size_t)w >= size - used) {
			qt_rd_clip(buf, buf, size); /* mark the cut */
			return;
		}
		used += (size_t)w;
	}
}

/* Shows a JSON value in a message ("got ..."). */
static void describe(const cJSON *v, char buf[QT_GOT_MAX])
{
	if (!v)
		snprintf(buf, QT_GOT_MAX, "nothing");
	else if (cJSON_IsNumber(v))
		snprintf(buf, QT_GOT_MAX, "%.15g", v->valuedouble);
	else if (cJSON_IsString(v)) {
		char shown[48];
		qt_rd_clip(v->valuestring, shown, sizeof shown);
		for (char *c = shown; *c; c++)
			if ((unsigned char)*c < 0x20)
				*c = '?';
		snprintf(buf, QT_GOT_MAX, "\"%s\"", shown);
	} else if (cJSON_IsTrue(v))
		snprintf(buf, QT_GOT_MAX, "true");
	else if (cJSON_IsFalse(v))
		snprintf(buf, QT_GOT_MAX, "false");
	else if (cJSON_IsNull(v))
		snprintf(buf, QT_GOT_MAX, "null");
	else if (cJSON_IsArray(v))
		snprintf(buf, QT_GOT_MAX, "an array");
	else
		snprintf(buf, QT_GOT_MAX, "an object");
}

bool qt_rd_is_note(const cJSON *c) { return c->string && strcmp(c->string, "x") == 0; }

int qt_rd_count_members(const cJSON *obj)
{
	int n = 0;
	const cJSON *c;
	cJSON_ArrayForEach(c, obj)
		if (!qt_rd_is_note(c))
			n++;
	return n;
}

/* ---- the JSON Pointer of the current datum (RFC 6901) ---- */
bool qt_rd_path_reserve(qt_reader *r, size_t extra)
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
size_t qt_rd_path_push_key(qt_reader *r, const char *key)
{
	size_t mark = r->path_len, need = 1;
	for (const char *c = key; *c; c++)
		need += (*c == '~' || *c == '/') ? 2 : 1;
	if (!qt_rd_path_reserve(r, need))
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

size_t qt_rd_path_push_index(qt_reader *r, int i)
{
	char buf[16];
	snprintf(buf, sizeof buf, "%d", i);
	return qt_rd_path_push_key(r, buf);
}

void qt_rd_path_pop(qt_reader *r, size_t mark)
{
	r->path_len = mark;
	r->path[mark] = '\0';
}

/* ---- recording problems ---- */
static void add_error(qt_reader *r, char *msg)
{
	if (!msg || qt_errors_add(r->errors, r->path, "%s", msg) != 0)
		r->nomem = true;
	free(msg);
}

/* Records a problem with the datum at the current path. */
void qt_rd_report(qt_reader *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = qt_vasprintf(fmt, ap);
	va_end(ap);
	add_error(r, msg);
}

/* Records a problem with member `key` of the current object. */
void qt_rd_report_at(qt_reader *r, const char *key, const char *fmt, ...)
{
	size_t mark = qt_rd_path_push_key(r, key);
	va_list ap;
	va_start(ap, fmt);
	char *msg = qt_vasprintf(fmt, ap);
	va_end(ap);
	add_error(r, msg);
	qt_rd_path_pop(r, mark);
}

void qt_rd_report_got(qt_reader *r, const char *expected, const cJSON *v)
{
	char got[QT_GOT_MAX];
	describe(v, got);
	qt_rd_report(r, "expected %s, got %s", expected, got);
}

size_t qt_rd_error_count(const qt_reader *r) { return r->errors->n; }

/* ---- values at the current path ---- */
bool qt_rd_object_here(qt_reader *r, const cJSON *v)
{
	if (cJSON_IsObject(v))
		return true;
	qt_rd_report_got(r, "an object", v);
	return false;
}

static bool number_here(qt_reader *r, const cJSON *v, const char *expected, double *out)
{
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble)) {
		qt_rd_report_got(r, expected, v);
		return false;
	}
	*out = v->valuedouble;
	return true;
}

bool qt_rd_real_here(qt_reader *r, const cJSON *v, const qt_range *rg, double *out)
{
	double x;
	if (!number_here(r, v, rg->expected, &x))
		return false;
	bool low = rg->lo_open ? x <= rg->lo : x < rg->lo;
	bool high = rg->hi_open ? x >= rg->hi : x > rg->hi;
	if (low || high) {
		qt_rd_report_got(r, high && rg->too_high ? rg->too_high : rg->expected, v);
		return false;
	}
	*out = x;
	return true;
}

/* A whole number of `noun` in lo..hi. Persons and households are counted, never fractional. */
static bool whole_here(qt_reader *r, const cJSON *v, const char *noun, long lo, long hi, int *out)
{
	char expected[96];
	snprintf(expected, sizeof expected, "a whole number of %s", noun);
	double x;
	if (!number_here(r, v, expected, &x))
		return false;
	char got[QT_GOT_MAX];
	describe(v, got);
	if (x != floor(x)) {
		qt_rd_report(r, "expected %s, got %s", expected, got);
		return false;
	}
	if (hi < QT_MAX_COUNT && (x < (double)lo || x > (double)hi)) {
		qt_rd_report(r, "expected %s from %ld to %ld, got %s", expected, lo, hi, got);
		return false;
	}
	if (x < (double)lo) {
		qt_rd_report(r, "expected a whole number >= %ld, got %s", lo, got);
		return false;
	}
	if (x > (double)hi) {
		qt_rd_report(r, "expected at most %ld %s, got %s", hi, noun, got);
		return false;
	}
	*out = (int)x;
	return true;
}

static bool count_here(qt_reader *r, const cJSON *v, const char *noun, int *out)
{
	return whole_here(r, v, noun, 0, QT_MAX_COUNT, out);
}

bool qt_rd_period_label_here(qt_reader *r, const cJSON *v, int *year, int *q)
{
	if (cJSON_IsString(v) && qt_period_parse(v->valuestring, year, q) == 0)
		return true;
	qt_rd_report_got(r, "a period like \"2016Q3\" (YYYYQn, n from 1 to 4)", v);
	return false;
}

/* Where a per-period value goes: whole numbers of `noun` into whole[1..T], or numbers in range rg
 * into real[1..T] (rg set); the array is NULL while the number of periods is unknown. */
typedef struct {
	const char *noun;
	const qt_range *rg;
	int *whole;
	double *real;
} per_period_dest;

static bool period_value_here(qt_reader *r, const cJSON *v, const per_period_dest *d, int t0, int t1)
{
	int x = 0;
	double y = 0;
	if (d->rg ? !qt_rd_real_here(r, v, d->rg, &y) : !count_here(r, v, d->noun, &x))
		return false;
	for (int t = t0; t <= t1; t++) {
		if (d->whole)
			d->whole[t] = x;
		if (d->real)
			d->real[t] = y;
	}
	return true;
}

/* A per-period value (SCENARIO.md): one number for every period, or an array of exactly
 * periods.count of them. */
static bool per_period_here(qt_reader *r, const cJSON *v, const per_period_dest *d)
{
	if (cJSON_IsNumber(v))
		return period_value_here(r, v, d, 1, r->T);
	if (!cJSON_IsArray(v)) {
		char expected[128];
		if (d->rg)
			snprintf(expected, sizeof expected, "%s or an array with one per period", d->rg->expected);
		else
			snprintf(expected, sizeof expected, "a whole number of %s or an array with one per period",
				 d->noun);
		qt_rd_report_got(r, expected, v);
		return false;
	}
	int n = cJSON_GetArraySize(v);
	if (r->T > 0 && n != r->T) {
		qt_rd_report(r, "expected %d numbers (one per period), got an array of %d", r->T, n);
		return false;
	}
	bool ok = true;
	int i = 0;
	const cJSON *el;
	cJSON_ArrayForEach(el, v) {
		size_t mark = qt_rd_path_push_index(r, i);
		ok = period_value_here(r, el, d, i + 1, i + 1) && ok;
		qt_rd_path_pop(r, mark);
		i++;
	}
	return ok;
}

bool qt_rd_list_here(qt_reader *r, const cJSON *v, const char *what, int max, int *n)
{
	if (!cJSON_IsArray(v)) {
		char expected[64];
		snprintf(expected, sizeof expected, "an array of %s", what);
		qt_rd_report_got(r, expected, v);
		return false;
	}
	*n = cJSON_GetArraySize(v);
	if (*n > max) {
		qt_rd_report(r, "too many %s: %d, the limit is %d", what, *n, max);
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
void qt_rd_check_duplicate_keys(qt_reader *r, const cJSON *obj)
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
			qt_rd_report_at(r, names[i], "key '%s' is given more than once: expected each key once",
					qt_rd_clip(names[i], shown, sizeof shown));
		}
	}
	if (names != small)
		free(names);
}

/* Reports every member of obj that is not in `known` (what names the kind of key in the message),
 * and every key given twice. "x" is free everywhere for the users' notes. */
void qt_rd_check_keys(qt_reader *r, const cJSON *obj, const char *const *known, size_t n, const char *what,
		      qt_rd_extra_ok extra_ok)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, obj) {
		if (qt_rd_is_note(c) || qt_rd_find_name(c->string, known, n) >= 0)
			continue;
		if (extra_ok && extra_ok(r, c))
			continue;
		char list[QT_LIST_MAX], shown[48];
		qt_rd_join_names(known, n, false, list, sizeof list);
		qt_rd_clip(c->string, shown, sizeof shown);
		if (extra_ok) {
			char got[QT_GOT_MAX];
			describe(c, got);
			qt_rd_report_at(r, c->string, "unknown %s '%s': expected one of %s, or a numeric key column, got %s",
					what, shown, list, got);
		} else {
			qt_rd_report_at(r, c->string, "unknown %s '%s': expected one of %s", what, shown, list);
		}
	}
	qt_rd_check_duplicate_keys(r, obj);
}

bool qt_rd_schema_object(qt_reader *r, const cJSON *v, const char *const *known, size_t n)
{
	if (!qt_rd_object_here(r, v))
		return false;
	qt_rd_check_keys(r, v, known, n, "key", NULL);
	return true;
}

/* An object whose keys are household classes ("1".."5+"). */
bool qt_rd_class_object(qt_reader *r, const cJSON *v)
{
	if (!qt_rd_object_here(r, v))
		return false;
	qt_rd_check_keys(r, v, qt_class_names, QT_NCLASS, "household class", NULL);
	return true;
}

/* ---- members of an object: each reads obj[key], leaves *out unchanged when the key is absent
 * (the caller has set the default), and returns false when a problem was reported ---- */
const cJSON *qt_rd_member(qt_reader *r, const cJSON *obj, const char *key, bool required)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!v && required)
		qt_rd_report(r, "missing required key '%s'", key);
	return v;
}

bool qt_rd_field_whole(qt_reader *r, const cJSON *obj, const char *key, bool required, const char *noun,
		       long lo, long hi, int *out)
{
	const cJSON *v = qt_rd_member(r, obj, key, required);
	if (!v)
		return !required;
	size_t mark = qt_rd_path_push_key(r, key);
	bool ok = whole_here(r, v, noun, lo, hi, out);
	qt_rd_path_pop(r, mark);
	return ok;
}

bool qt_rd_field_count(qt_reader *r, const cJSON *obj, const char *key, bool required, const char *noun,
		       int *out)
{
	return qt_rd_field_whole(r, obj, key, required, noun, 0, QT_MAX_COUNT, out);
}

bool qt_rd_field_real(qt_reader *r, const cJSON *obj, const char *key, bool required, const qt_range *rg,
		      double *out)
{
	const cJSON *v = qt_rd_member(r, obj, key, required);
	if (!v)
		return !required;
	size_t mark = qt_rd_path_push_key(r, key);
	bool ok = qt_rd_real_here(r, v, rg, out);
	qt_rd_path_pop(r, mark);
	return ok;
}

bool qt_rd_field_bool(qt_reader *r, const cJSON *obj, const char *key, int *out)
{
	const cJSON *v = qt_rd_member(r, obj, key, false);
	if (!v)
		return true;
	if (!cJSON_IsBool(v)) {
		size_t mark = qt_rd_path_push_key(r, key);
		qt_rd_report_got(r, "true or false", v);
		qt_rd_path_pop(r, mark);
		return false;
	}
	*out = cJSON_IsTrue(v);
	return true;
}

/* Returns the string, or NULL when absent or wrong (then reported). */
const char *qt_rd_field_string(qt_reader *r, const cJSON *obj, const char *key, bool required, bool nonempty)
{
	const cJSON *v = qt_rd_member(r, obj, key, required);
	if (!v)
		return NULL;
	if (cJSON_IsString(v) && (!nonempty || v->valuestring[0]))
		return v->valuestring;
	size_t mark = qt_rd_path_push_key(r, key);
	qt_rd_report_got(r, nonempty ? "a non-empty string" : "a string", v);
	qt_rd_path_pop(r, mark);
	return NULL;
}

/* One of a fixed set of names; *out receives its index. */
bool qt_rd_field_choice(qt_reader *r, const cJSON *obj, const char *key, bool required,
			const char *const *names, size_t n, int *out)
{
	const cJSON *v = qt_rd_member(r, obj, key, required);
	if (!v)
		return !required;
	int i = cJSON_IsString(v) ? qt_rd_find_name(v->valuestring, names, n) : -1;
	if (i < 0) {
		char list[QT_LIST_MAX], expected[QT_LIST_MAX + 16];
		qt_rd_join_names(names, n, true, list, sizeof list);
		snprintf(expected, sizeof expected, "one of %s", list);
		size_t mark = qt_rd_path_push_key(r, key);
		qt_rd_report_got(r, expected, v);
		qt_rd_path_pop(r, mark);
		return false;
	}
	*out = i;
	return true;
}

static bool field_per_period(qt_reader *r, const cJSON *obj, const char *key, const per_period_dest *d)
{
	const cJSON *v = qt_rd_member(r, obj, key, false);
	if (!v)
		return true;
	size_t mark = qt_rd_path_push_key(r, key);
	bool ok = per_period_here(r, v, d);
	qt_rd_path_pop(r, mark);
	return ok;
}

bool qt_rd_field_per_period(qt_reader *r, const cJSON *obj, const char *key, const char *noun, int *out)
{
	per_period_dest d = { noun, NULL, out, NULL };
	return field_per_period(r, obj, key, &d);
}

bool qt_rd_field_per_period_real(qt_reader *r, const cJSON *obj, const char *key, const qt_range *rg,
				 double *out)
{
	per_period_dest d = { NULL, rg, NULL, out };
	return field_per_period(r, obj, key, &d);
}

/* Without a valid start a label can only be checked, so the result is not ok. */
qt_read_period qt_rd_field_period(qt_reader *r, const cJSON *obj, const char *key, bool required)
{
	qt_read_period p = { false, 0 };
	const cJSON *v = qt_rd_member(r, obj, key, required);
	if (!v)
		return p;
	size_t mark = qt_rd_path_push_key(r, key);
	int year, q;
	if (qt_rd_period_label_here(r, v, &year, &q) && r->start_ok) {
		p.t = (year - r->s->start_year) * 4 + (q - r->s->start_q) + 1;
		p.ok = true;
	}
	qt_rd_path_pop(r, mark);
	return p;
}

void qt_rd_label(const qt_reader *r, int t, char buf[8]) { qt_period_label(r->s->start_year, r->s->start_q, t, buf); }

/* ---- ids ---- */
static int id_entry_cmp(const void *a, const void *b)
{
	const qt_id_entry *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	return c ? c : (x->index > y->index) - (x->index < y->index);
}

static int id_key_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const qt_id_entry *)elem)->id);
}

void qt_rd_id_add(qt_id_index *ix, const char *id, int i)
{
	if (id && ix->e)
		ix->e[ix->n++] = (qt_id_entry){ id, i };
}

/* Sorts the ids of a top-level list for lookup and reports every id used again, naming both
 * entries. Runs with the path at the list. */
void qt_rd_finish_ids(qt_reader *r, qt_id_index *ix, const char *list)
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
		size_t mark = qt_rd_path_push_index(r, ix->e[i].index);
		qt_rd_report_at(r, "id", "duplicate id '%s': /%s/%d and /%s/%d both use it; expected unique ids",
				qt_rd_clip(ix->e[i].id, shown, sizeof shown), list, ix->e[first].index, list,
				ix->e[i].index);
		qt_rd_path_pop(r, mark);
	}
}

int qt_rd_id_find(const qt_id_index *ix, const char *id)
{
	const qt_id_entry *hit = bsearch(id, ix->e, (size_t)ix->n, sizeof *ix->e, id_key_cmp);
	return hit ? hit->index : -1;
}
