/* The scenario's JSON field reader: reads one datum at a time, checks it against what SCENARIO.md
 * expects, and records each problem with the JSON Pointer of the datum. It knows the shapes of values
 * (numbers in a range, whole numbers, names from a list, per-period values, periods, ids), not the
 * sections of the document. Not installed. */
#ifndef QT_SCENARIO_JSON_H
#define QT_SCENARIO_JSON_H

#include "internal.h"

#include <cJSON.h>

#include <stdbool.h>
#include <stddef.h>

enum {
	QT_GOT_MAX = 96,  /* room for a shown value ("got ...") */
	QT_LIST_MAX = 320 /* room for a list of allowed names in a message */
};
#define QT_MAX_COUNT ((long)QT_MAX_PERSONS)
#define QT_N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* A number range with the words that describe it in a message. */
typedef struct {
	double lo, hi;
	bool lo_open, hi_open;
	const char *expected;
	const char *too_high; /* words for a value above hi, if they differ from `expected` */
} qt_range;

typedef struct {
	const char *id;
	int index;
} qt_id_entry;

/* The ids of one list, sorted for lookup by bsearch (a linear search per offer would not scale). */
typedef struct {
	qt_id_entry *e;
	int n;
} qt_id_index;

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
	qt_id_index munis;
} qt_reader;

/* ---- small helpers ---- */
/* calloc that notes a failure in r->nomem. */
void *qt_rd_alloc(qt_reader *r, size_t n, size_t size);
char *qt_rd_copy_string(qt_reader *r, const char *text);
/* Index of name in names, or -1. */
int qt_rd_find_name(const char *name, const char *const *names, size_t n);
/* Copies text into buf, cut at a character boundary with "..." when it does not fit; returns buf. */
const char *qt_rd_clip(const char *text, char *buf, size_t size);
/* "a, b, c" (or "\"a\", \"b\"" when quoted) for messages. */
void qt_rd_join_names(const char *const *names, size_t n, bool quoted, char *buf, size_t size);
/* Members named "x" are the users' notes. */
bool qt_rd_is_note(const cJSON *c);
int qt_rd_count_members(const cJSON *obj);

/* ---- the JSON Pointer of the current datum (RFC 6901) ---- */
bool qt_rd_path_reserve(qt_reader *r, size_t extra);
/* Appends "/key" with ~ and / escaped; returns the mark to restore with qt_rd_path_pop. */
size_t qt_rd_path_push_key(qt_reader *r, const char *key);
size_t qt_rd_path_push_index(qt_reader *r, int i);
void qt_rd_path_pop(qt_reader *r, size_t mark);

/* ---- recording problems ---- */
/* Records a problem with the datum at the current path. */
void qt_rd_report(qt_reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Records a problem with member `key` of the current object. */
void qt_rd_report_at(qt_reader *r, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "expected <expected>, got <v as shown>". */
void qt_rd_report_got(qt_reader *r, const char *expected, const cJSON *v);
size_t qt_rd_error_count(const qt_reader *r);

/* ---- values at the current path: each returns false when a problem was reported ---- */
bool qt_rd_object_here(qt_reader *r, const cJSON *v);
bool qt_rd_real_here(qt_reader *r, const cJSON *v, const qt_range *rg, double *out);
bool qt_rd_period_label_here(qt_reader *r, const cJSON *v, int *year, int *q);
/* An array of at most max elements (*n receives its size). */
bool qt_rd_list_here(qt_reader *r, const cJSON *v, const char *what, int max, int *n);

/* ---- keys of an object ---- */
/* A key given twice would silently drop one of its values (cJSON keeps both, lookups find one). */
void qt_rd_check_duplicate_keys(qt_reader *r, const cJSON *obj);
/* Decides whether a member outside the schema is acceptable after all (municipality key columns). */
typedef bool (*qt_rd_extra_ok)(const qt_reader *r, const cJSON *member);
/* Reports every member of obj that is not in `known` (what names the kind of key in the message),
 * and every key given twice. "x" is free everywhere for the users' notes. */
void qt_rd_check_keys(qt_reader *r, const cJSON *obj, const char *const *known, size_t n, const char *what,
		      qt_rd_extra_ok extra_ok);
/* An object with the keys `known`. */
bool qt_rd_schema_object(qt_reader *r, const cJSON *v, const char *const *known, size_t n);
/* An object whose keys are household classes ("1".."5+"). */
bool qt_rd_class_object(qt_reader *r, const cJSON *v);

/* ---- members of an object: each reads obj[key], leaves *out unchanged when the key is absent
 * (the caller has set the default), and returns false when a problem was reported ---- */
const cJSON *qt_rd_member(qt_reader *r, const cJSON *obj, const char *key, bool required);
bool qt_rd_field_whole(qt_reader *r, const cJSON *obj, const char *key, bool required, const char *noun, long lo,
		       long hi, int *out);
bool qt_rd_field_count(qt_reader *r, const cJSON *obj, const char *key, bool required, const char *noun,
		       int *out);
bool qt_rd_field_real(qt_reader *r, const cJSON *obj, const char *key, bool required, const qt_range *rg,
		      double *out);
bool qt_rd_field_bool(qt_reader *r, const cJSON *obj, const char *key, int *out);
/* Returns the string, or NULL when absent or wrong (then reported). */
const char *qt_rd_field_string(qt_reader *r, const cJSON *obj, const char *key, bool required,
			       bool nonempty);
/* One of a fixed set of names; *out receives its index. */
bool qt_rd_field_choice(qt_reader *r, const cJSON *obj, const char *key, bool required, const char *const *names,
			size_t n, int *out);
/* A per-period value (SCENARIO.md) into out[1..T]; out is NULL while the number of periods is unknown. */
bool qt_rd_field_per_period(qt_reader *r, const cJSON *obj, const char *key, const char *noun,
			    int *out);
/* The same for numbers in range rg into out[1..T]. */
bool qt_rd_field_per_period_real(qt_reader *r, const cJSON *obj, const char *key, const qt_range *rg,
				 double *out);

/* A period read from the document: t is its index relative to periods.start (1 = the first
 * period); it may lie outside 1..T. */
typedef struct {
	bool ok; /* given, well-formed, and the start is known */
	int t;
} qt_read_period;
qt_read_period qt_rd_field_period(qt_reader *r, const cJSON *obj, const char *key, bool required);
/* Label of period t of the scenario being read. */
void qt_rd_label(const qt_reader *r, int t, char buf[8]);

/* ---- ids of a top-level list ---- */
void qt_rd_id_add(qt_id_index *ix, const char *id, int i);
/* Sorts the ids for lookup and reports every id used again, naming both entries. Runs with the path
 * at the list. */
void qt_rd_finish_ids(qt_reader *r, qt_id_index *ix, const char *list);
/* The index of the entry with this id in a finished index, or -1. */
int qt_rd_id_find(const qt_id_index *ix, const char *id);
#endif
