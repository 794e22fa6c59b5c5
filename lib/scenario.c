/*
 * The scenario's life: parse a text or read a file (SCENARIO.md) into struct qt_scenario, with
 * overrides applied to the parsed document before it is read; free it; the accessors and the
 * one-line summary.
 *
 * The text is checked as bytes, parsed, and read section by section; every problem found on the way
 * is handed to the caller at once, each as one line of UTF-8 text.
 */
#include "scenario_book.h"
#include "scenario_bytes.h"
#include "scenario_sections.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

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
	s->commit_K = 1;
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
	free(s->space_std);
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
	for (int f = 0; f < s->n_future; f++) {
		free(s->future[f].id);
		free(s->future[f].arrivals);
		free(s->future[f].entitled);
	}
	free(s->future);
	free(s->text);
	free(s);
}

int qt_scenario_futures(const qt_scenario *s) { return s ? s->n_future : 0; }

const char *qt_scenario_future_id(const qt_scenario *s, int i)
{
	return s && i >= 0 && i < s->n_future ? s->future[i].id : NULL;
}

int qt_scenario_future_find(const qt_scenario *s, const char *id)
{
	for (int f = 0; s && id && f < s->n_future; f++)
		if (!strcmp(s->future[f].id, id))
			return f;
	return -1;
}

char *qt_scenario_future_ids(const qt_scenario *s, const char *sep)
{
	char *ids = qt_strdup("");
	for (int f = 0; ids && f < s->n_future; f++) {
		char *more = qt_asprintf("%s%s%s", ids, f ? sep : "", s->future[f].id);
		free(ids);
		ids = more;
	}
	return ids;
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
		i += qt_utf8_invalid_at((const unsigned char *)text + i, n - i);
		if (i < n)
			text[i] = '?';
	}
}

/* Where the document came from when it was read from a workbook: its errors name the cells. */
typedef struct {
	const qt_book *book;
	qt_places *places;
} origin;

static bool has_pointer(const qt_errors *e, const char *pointer)
{
	for (size_t i = 0; pointer[0] && i < e->n; i++)
		if (!strcmp(e->pointer[i], pointer))
			return true;
	return false;
}

/* Puts the problems `first` before those of `to`, leaving out those of `to` at a datum that
 * `first` has reported already. */
static int prepend(qt_errors *to, const qt_errors *first)
{
	qt_errors *m = qt_errors_new();
	int rc = m ? 0 : QT_ENOMEM;
	for (size_t i = 0; i < first->n && !rc; i++)
		rc = qt_errors_add(m, first->pointer[i], "%s", first->message[i]);
	for (size_t i = 0; i < to->n && !rc; i++)
		if (!has_pointer(first, to->pointer[i]))
			rc = qt_errors_add(m, to->pointer[i], "%s", to->message[i]);
	if (!rc) {
		qt_errors swap = *to;
		*to = *m;
		*m = swap;
	}
	qt_errors_free(m);
	return rc;
}

/* Hands over the scenario, or the problems found; releases the rest. */
static int finish(qt_reader *r, qt_scenario *s, qt_scenario **out, qt_errors **errors, const origin *from)
{
	free(r->path);
	free(r->munis.e);
	if (from) {
		qt_places_annotate(from->places, from->book, r->errors);
		if (from->book->errors->n && prepend(r->errors, from->book->errors) != 0)
			r->nomem = true;
	}
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
static void apply_overrides(qt_reader *r, cJSON *root, const char *const *sets, size_t n_sets)
{
	for (size_t i = 0; i < n_sets; i++)
		if (qt_override_apply(root, sets[i], r->errors) == QT_ENOMEM)
			r->nomem = true;
}

/* Parses text (len bytes, text[len] == '\0'), which the scenario takes over in every case, with
 * n_sets overrides "POINTER=VALUE" applied before it is read. */
static int parse_owned(qt_scenario **out, qt_errors **errors, char *text, size_t len,
		       const char *const *sets, size_t n_sets, const origin *from)
{
	qt_reader r = { 0 };
	r.errors = qt_errors_new();
	r.s = scenario_new();
	r.areas_ok = true;
	r.keys_ok = true; /* the default key {"population": 1} */
	if (!r.errors || !r.s || !qt_rd_path_reserve(&r, 0)) {
		qt_errors_free(r.errors);
		qt_scenario_free(r.s);
		free(r.path);
		free(text);
		return qt_set_error(QT_ENOMEM, "out of memory while reading the scenario");
	}
	r.path[0] = '\0';
	r.s->text = text;
	r.s->text_len = len;
	cJSON *root = qt_scenario_bytes_parse(&r, text, len);
	if (root) {
		/* "$schema" names the JSON Schema for editors: no datum of the scenario */
		cJSON *schema = cJSON_GetObjectItemCaseSensitive(root, "$schema");
		if (cJSON_IsString(schema))
			cJSON_Delete(cJSON_DetachItemViaPointer(root, schema));
		apply_overrides(&r, root, sets, n_sets);
		if (!r.nomem)
			qt_scenario_read_sections(&r, root);
		cJSON_Delete(root);
	}
	return finish(&r, r.s, out, errors, from);
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
	return parse_owned(out, errors, copy, len, sets, n_sets, NULL);
}

/* The problems the workbook's cells and sheets have (the values are not checked then). */
static int book_errors(qt_errors **errors, qt_book *b)
{
	qt_errors *e = b->errors;
	b->errors = NULL;
	for (size_t i = 0; i < e->n; i++) {
		printable(e->pointer[i]);
		printable(e->message[i]);
	}
	qt_set_error(QT_EINPUT, "the workbook has %zu problem%s; the first: %s", e->n, e->n == 1 ? "" : "s",
		     e->message[0]);
	if (errors)
		*errors = e;
	else
		qt_errors_free(e);
	return QT_EINPUT;
}

int qt_scenario_read_book(qt_scenario **out, qt_errors **errors, qt_book *b, const char *const *sets,
			  size_t n_sets)
{
	*out = NULL;
	if (errors)
		*errors = NULL;
	qt_places *places = NULL;
	cJSON *doc = b->nomem ? NULL : qt_book_to_document(b, &places);
	char *text = doc && !b->broken ? cJSON_PrintUnformatted(doc) : NULL;
	cJSON_Delete(doc);
	int rc;
	if (b->broken && !b->nomem) {
		rc = book_errors(errors, b);
	} else if (!text) {
		rc = qt_set_error(QT_ENOMEM, "out of memory while reading the scenario");
	} else {
		origin from = { b, places };
		rc = parse_owned(out, errors, text, strlen(text), sets, n_sets, &from);
	}
	qt_places_free(places);
	return rc;
}

/* A workbook (data, len bytes of an .xlsx file) or a directory of CSV files (data NULL). */
static int read_book(qt_scenario **out, qt_errors **errors, const char *path, const char *data, size_t len,
		     const char *const *sets, size_t n_sets)
{
	qt_book *b = qt_book_new();
	if (!b)
		return qt_set_error(QT_ENOMEM, "out of memory while reading the scenario");
	if (data)
		qt_book_read_xlsx(b, data, len);
	else
		qt_book_read_csv_dir(b, path);
	int rc;
	if (!data && b->n == 0 && !b->errors->n && !b->nomem)
		rc = qt_set_error(QT_EIO, "cannot read '%s': is a directory without CSV files (a scenario's are "
				  "scenario.csv, municipalities.csv ...)", path);
	else
		rc = qt_scenario_read_book(out, errors, b, sets, n_sets);
	qt_book_free(b);
	return rc;
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
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return read_book(out, errors, path, NULL, 0, sets, n_sets);
	char *text = NULL;
	size_t len = 0;
	int rc = qt_read_whole_file(path, QT_MAX_FILE_BYTES, &text, &len);
	if (rc == QT_EINPUT)
		return too_large(errors, (long long)len);
	if (rc)
		return rc;
	size_t n = strlen(path);
	if ((len >= 2 && memcmp(text, "PK", 2) == 0) || (n >= 5 && strcasecmp(path + n - 5, ".xlsx") == 0)) {
		rc = read_book(out, errors, path, text, len, sets, n_sets);
		free(text);
		return rc;
	}
	return parse_owned(out, errors, text, len, sets, n_sets, NULL);
}

/* ---- accessors ---- */
const char *qt_scenario_name(const qt_scenario *s) { return s ? s->name : ""; }

int qt_scenario_periods(const qt_scenario *s) { return s ? s->T : 0; }

void qt_scenario_period_label(const qt_scenario *s, int t, char buf[8])
{
	if (!s)
		buf[0] = '\0';
	else
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
	char start[8], futures[96] = "";
	qt_scenario_period_label(s, 1, start);
	if (s->n_future)
		snprintf(futures, sizeof futures, ", %d futures (%d committed %s, objective %s)", s->n_future,
			 s->commit_K, plural(s->commit_K, "quarter", "quarters"),
			 qt_futures_objective_names[s->fut_objective]);
	return qt_asprintf("\"%s\": %d %s from %s, %d %s, %d %s (%ld %s, %ld %s), %d %s, %d %s (%d eligible)%s",
			   s->name, s->T, plural(s->T, "period", "periods"), start, s->n_muni,
			   plural(s->n_muni, "municipality", "municipalities"), s->n_gu,
			   plural(s->n_gu, "GU site", "GU sites"), places, plural(places, "place", "places"),
			   persons, plural(persons, "person", "persons"), s->n_kombi,
			   plural(s->n_kombi, "Kombimodell site", "Kombimodell sites"), s->n_offer,
			   plural(s->n_offer, "housing offer", "housing offers"), eligible, futures);
}
