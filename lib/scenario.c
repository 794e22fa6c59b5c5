/*
 * The scenario's life: parse a text or read a file (SCENARIO.md) into struct qt_scenario, with
 * overrides applied to the parsed document before it is read; free it; the accessors and the
 * one-line summary.
 *
 * The text is checked as bytes, parsed, and read section by section; every problem found on the way
 * is handed to the caller at once, each as one line of UTF-8 text.
 */
#include "scenario_bytes.h"
#include "scenario_sections.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* Hands over the scenario, or the problems found; releases the rest. */
static int finish(qt_reader *r, qt_scenario *s, qt_scenario **out, qt_errors **errors)
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
static void apply_overrides(qt_reader *r, cJSON *root, const char *const *sets, size_t n_sets)
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
		apply_overrides(&r, root, sets, n_sets);
		if (!r.nomem)
			qt_scenario_read_sections(&r, root);
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
