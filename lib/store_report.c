/* Reports over the run database: the list of runs, the series of key figures across runs, the
 * difference of two runs, a run's export, and the plan reports with kept Kombimodell orders. Text
 * and CSV go through the one table printer (table.c); JSON is built with cJSON. */
#include "store.h"
#include "report.h"

#include <cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- one output table, for text, CSV and JSON ---- */

typedef struct {
	const char *key, *label;
	int decimals; /* -1: a text column */
} column;

typedef struct {
	const char *name, *title;
	const column *cols;
	size_t ncols;
} table_def;

/* Rows are added cell by cell. Text and CSV collect into a qt_table, JSON into an array of
 * objects keyed by the columns' keys. Errors are sticky (rc). */
typedef struct {
	const table_def *def;
	qt_format format;
	qt_table *t;
	cJSON *rows, *row;
	size_t col;
	long nrows;
	int rc;
} out_table;

static int ot_begin(out_table *o, const table_def *def, qt_format format)
{
	memset(o, 0, sizeof *o);
	o->def = def;
	o->format = format;
	if (format == QT_FORMAT_JSON) {
		if (!(o->rows = cJSON_CreateArray()))
			o->rc = qt_set_error(QT_ENOMEM, "out of memory");
		return o->rc;
	}
	if ((o->rc = qt_table_new(&o->t, def->name, def->title)))
		return o->rc;
	for (size_t i = 0; i < def->ncols; i++)
		qt_table_column(o->t, def->cols[i].key, def->cols[i].label,
				def->cols[i].decimals < 0 ? QT_ALIGN_LEFT : QT_ALIGN_RIGHT);
	return o->rc = qt_table_status(o->t);
}

static void ot_free(out_table *o)
{
	qt_table_free(o->t);
	cJSON_Delete(o->rows);
	cJSON_Delete(o->row);
	memset(o, 0, sizeof *o);
}

/* Adds item as the next cell of the JSON row (consumes it). */
static void ot_json(out_table *o, cJSON *item)
{
	if (!o->row && !(o->row = cJSON_CreateObject()))
		o->rc = qt_set_error(QT_ENOMEM, "out of memory");
	if (!o->rc && (!item || !cJSON_AddItemToObject(o->row, o->def->cols[o->col].key, item))) {
		cJSON_Delete(item);
		o->rc = qt_set_error(QT_ENOMEM, "out of memory");
	}
}

static void ot_next(out_table *o)
{
	if (++o->col < o->def->ncols)
		return;
	o->col = 0;
	o->nrows++;
	if (o->format == QT_FORMAT_JSON && !o->rc) {
		if (!cJSON_AddItemToArray(o->rows, o->row)) {
			cJSON_Delete(o->row);
			o->rc = qt_set_error(QT_ENOMEM, "out of memory");
		}
		o->row = NULL;
	}
}

/* A text cell; NULL is an empty cell (JSON null). */
static void ot_text(out_table *o, const char *s)
{
	if (o->rc)
		return;
	if (o->format == QT_FORMAT_JSON)
		ot_json(o, s ? cJSON_CreateString(s) : cJSON_CreateNull());
	else
		o->rc = qt_table_text(o->t, s);
	ot_next(o);
}

/* A number with `decimals` decimals in text; NaN or infinite is an empty cell (JSON null). */
static void ot_num_dec(out_table *o, double v, int decimals)
{
	if (o->rc)
		return;
	if (o->format == QT_FORMAT_JSON)
		ot_json(o, isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull());
	else
		o->rc = qt_table_fixed(o->t, v, decimals < 0 ? 0 : decimals);
	ot_next(o);
}

static void ot_num(out_table *o, double v)
{
	ot_num_dec(o, v, o->def->cols[o->col].decimals);
}

/* Column i of the current row of q as the next cell. */
static void ot_sql(out_table *o, sqlite3_stmt *q, int i)
{
	int type = sqlite3_column_type(q, i);
	if (type == SQLITE_NULL)
		o->def->cols[o->col].decimals < 0 ? ot_text(o, NULL) : ot_num(o, NAN);
	else if (o->def->cols[o->col].decimals < 0)
		ot_text(o, (const char *)sqlite3_column_text(q, i));
	else
		ot_num(o, sqlite3_column_double(q, i));
}

/* Where finished tables go: text or CSV to f, CSV files into dir, or JSON keys of root. */
typedef struct {
	qt_format format;
	FILE *f;
	const char *dir;
	cJSON *root;
} sink;

/* Prints (or attaches) the table and frees it. note: a line under the text table (may be NULL). */
static int ot_finish(out_table *o, const sink *k, const char *note)
{
	int rc = o->rc;
	if (!rc && o->col != 0)
		rc = qt_set_error(QT_EINVAL, "report: a row of %s is incomplete", o->def->name);
	if (!rc && k->format == QT_FORMAT_JSON) {
		const char *key = strncmp(o->def->name, "diff_", 5) ? o->def->name : o->def->name + 5;
		if (k->root) {
			if (!cJSON_AddItemToObject(k->root, key, o->rows))
				rc = qt_set_error(QT_ENOMEM, "out of memory");
			else
				o->rows = NULL;
		}
	} else if (!rc && k->format == QT_FORMAT_CSV && k->dir) {
		char *path = qt_asprintf("%s/%s.csv", k->dir, o->def->name);
		rc = path ? qt_table_write_csv(path, o->t) : qt_set_error(QT_ENOMEM, "out of memory");
		free(path);
	} else if (!rc && k->format == QT_FORMAT_CSV) {
		rc = qt_table_print_csv(k->f, o->t);
	} else if (!rc) {
		if (note)
			rc = qt_table_note(o->t, note);
		if (!rc)
			rc = qt_table_print_text(k->f, o->t);
	}
	ot_free(o);
	return rc;
}

/* Every row of q as a row of the table. */
static int ot_query(out_table *o, const qt_store *st, sqlite3_stmt *q)
{
	int step = SQLITE_DONE;
	while (!o->rc && (step = sqlite3_step(q)) == SQLITE_ROW)
		for (int i = 0; i < (int)o->def->ncols; i++)
			ot_sql(o, q, i);
	if (!o->rc && step != SQLITE_DONE)
		o->rc = qt_store_fail(st, "reading runs");
	return o->rc;
}

static int check_format(const qt_store *st, FILE *f, qt_format format)
{
	if (!st || (!f && format != QT_FORMAT_CSV))
		return qt_set_error(QT_EINVAL, "report: no database or no output stream");
	if (format != QT_FORMAT_TEXT && format != QT_FORMAT_JSON && format != QT_FORMAT_CSV)
		return qt_set_error(QT_EINVAL, "report: unknown format %d", (int)format);
	return 0;
}

/* A one-table report over all runs: text, CSV or JSON (an array) to f. */
static int runs_table(FILE *f, qt_format format, qt_store *st, const table_def *def, const char *sql,
		      const char *filter, const char *note)
{
	int rc = check_format(st, f, format);
	if (rc)
		return rc;
	sqlite3_stmt *q;
	if ((rc = qt_store_prepare(&q, st, sql)))
		return rc;
	if (filter)
		sqlite3_bind_text(q, 1, filter, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(q, 2, format == QT_FORMAT_JSON);
	out_table o;
	sink k = { format, f, NULL, NULL };
	if (!(rc = ot_begin(&o, def, format)))
		rc = ot_query(&o, st, q);
	sqlite3_finalize(q);
	if (rc) {
		ot_free(&o);
		return rc;
	}
	if (format == QT_FORMAT_JSON) {
		cJSON *rows = o.rows;
		o.rows = NULL;
		ot_free(&o);
		return qt_json_write(f, rows);
	}
	rc = ot_finish(&o, &k, o.nrows ? note : "No runs stored yet.");
	if (!rc && fflush(f) != 0)
		rc = qt_set_error(QT_EIO, "cannot write the report");
	return rc;
}

/* Created time: full ISO 8601 in JSON (parameter 2), "YYYY-MM-DD hh:mm:ss" otherwise. */
#define CREATED_SQL "CASE WHEN ?2 THEN r.created ELSE replace(substr(r.created, 1, 19), 'T', ' ') END"
#define FILTER_SQL "(?1 IS NULL OR instr(r.scenario_name, ?1) > 0)"

int qt_store_report_runs(FILE *f, qt_format format, qt_store *st, const char *name_filter)
{
	static const column cols[] = {
		{ "id", "run", 0 },
		{ "created", "stored (UTC)", -1 },
		{ "scenario", "scenario", -1 },
		{ "start", "from", -1 },
		{ "periods", "quarters", 0 },
		{ "status", "status", -1 },
		{ "gap_percent", "gap %", 2 },
		{ "objective", "objective EUR", 0 },
		{ "cost", "real cost EUR", 0 },
		{ "unhoused_person_quarters", "unhoused p-q", 0 },
		{ "backlog_end", "backlog end", 0 },
		{ "waiting_end", "Fehlbeleger end", 0 },
		{ "under_quota_end", "under quota end", 0 },
	};
	static const table_def def = { "runs", "Stored runs", cols, COUNT(cols) };
	return runs_table(f, format, st, &def,
			  "SELECT r.id, " CREATED_SQL ", r.scenario_name, r.start, r.periods, r.status,"
			  " 100 * r.gap, r.objective, r.cost, k.unhoused_person_quarters, k.backlog_end,"
			  " k.waiting_end, k.under_quota_end"
			  " FROM run r JOIN run_kpi k ON k.run_id = r.id WHERE " FILTER_SQL " ORDER BY r.id",
			  name_filter,
			  "Shortfalls in persons: unhoused person-quarters over the horizon; backlog, Fehlbeleger "
			  "and persons under quota after the last quarter.");
}

int qt_store_report_series(FILE *f, qt_format format, qt_store *st, const char *name_filter)
{
	static const column cols[] = {
		{ "id", "run", 0 },
		{ "created", "stored (UTC)", -1 },
		{ "scenario", "scenario", -1 },
		{ "start", "first quarter", -1 },
		{ "status", "status", -1 },
		{ "objective", "objective EUR", 0 },
		{ "cost", "real cost EUR", 0 },
		{ "first_backlog", "backlog", 0 },
		{ "first_waiting", "Fehlbeleger", 0 },
		{ "first_unhoused", "unhoused", 0 },
		{ "first_gu_places_open", "GU places", 0 },
		{ "first_gu_persons", "GU persons", 0 },
		{ "first_au_placed", "AU placed", 0 },
		{ "unhoused_person_quarters", "unhoused p-q", 0 },
		{ "backlog_person_quarters", "backlog p-q", 0 },
		{ "under_quota_end", "under quota end", 0 },
		{ "modules_ordered", "modules ordered", 0 },
		{ "modules_kept", "modules kept", 0 },
		{ "flat_households", "flat households", 0 },
	};
	static const table_def def = { "series", "Key figures across runs, in the order they were stored", cols,
				       COUNT(cols) };
	return runs_table(f, format, st, &def,
			  "SELECT r.id, " CREATED_SQL ", r.scenario_name, r.start, r.status, r.objective, r.cost,"
			  " k.first_backlog, k.first_waiting, k.first_unhoused, k.first_gu_places_open,"
			  " k.first_gu_persons, k.first_au_placed, k.unhoused_person_quarters,"
			  " k.backlog_person_quarters, k.under_quota_end, k.modules_ordered, k.modules_kept,"
			  " k.flat_households"
			  " FROM run r JOIN run_kpi k ON k.run_id = r.id WHERE " FILTER_SQL
			  " ORDER BY r.created, r.id",
			  name_filter,
			  "Backlog to AU placed: the plan for each run's first quarter (persons). From "
			  "'unhoused p-q' on: the run's horizon (person-quarters; under quota after the last "
			  "quarter; modules; households placed into flats).");
}

/* ---- the difference of two runs ---- */

typedef struct {
	qt_store *st;
	long a, b;
	int all;
	qt_format format;
	sink k;
} differ;

static const char *only_differences(const differ *d, long rows)
{
	if (rows == 0)
		return d->all ? "No rows." : "No differences.";
	return d->all ? NULL : "Only what differs; --all shows every row.";
}

/* The scalar figures of one run, in the order of `figures` below. */
enum { FIG_TEXT = 3 }; /* the first FIG_TEXT are text */
static const struct {
	const char *label;
	int decimals;
} figures[] = {
	{ "scenario", -1 },
	{ "first quarter", -1 },
	{ "status", -1 },
	{ "quarters", 0 },
	{ "gap %", 2 },
	{ "objective EUR", 0 },
	{ "real cost EUR", 0 },
	{ "unhoused person-quarters", 0 },
	{ "backlog at the end", 0 },
	{ "backlog person-quarters", 0 },
	{ "Fehlbeleger at the end", 0 },
	{ "Fehlbeleger peak", 0 },
	{ "AU placed persons", 0 },
	{ "persons under quota at the end", 0 },
	{ "municipalities under quota at the end", 0 },
	{ "GU sites opened", 0 },
	{ "GU sites closed", 0 },
	{ "modules ordered", 0 },
	{ "modules kept from an earlier run", 0 },
	{ "modules converted to AU at the end", 0 },
	{ "households placed into flats", 0 },
	{ "solve seconds", 1 },
};
#define FIGURES_SQL                                                                                            \
	"SELECT r.scenario_name, r.start, r.status, r.periods, 100 * r.gap, r.objective, r.cost,"             \
	" k.unhoused_person_quarters, k.backlog_end, k.backlog_person_quarters, k.waiting_end, k.waiting_peak," \
	" k.au_placed, k.under_quota_end, k.municipalities_under_quota_end, k.gu_opened, k.gu_closed,"         \
	" k.modules_ordered, k.modules_kept, k.modules_converted_end, k.flat_households, r.seconds"             \
	" FROM run r JOIN run_kpi k ON k.run_id = r.id WHERE r.id = ?1"

static int figure_row(out_table *o, const char *label, sqlite3_stmt *qa, sqlite3_stmt *qb, int i, int decimals)
{
	ot_text(o, label);
	if (decimals < 0) {
		const char *a = (const char *)sqlite3_column_text(qa, i), *b = (const char *)sqlite3_column_text(qb, i);
		ot_text(o, a);
		ot_text(o, b);
		ot_text(o, a && b && !strcmp(a, b) ? "" : "changed");
	} else {
		double a = sqlite3_column_type(qa, i) == SQLITE_NULL ? NAN : sqlite3_column_double(qa, i);
		double b = sqlite3_column_type(qb, i) == SQLITE_NULL ? NAN : sqlite3_column_double(qb, i);
		ot_num_dec(o, a, decimals);
		ot_num_dec(o, b, decimals);
		ot_num_dec(o, b - a, decimals);
	}
	return o->rc;
}

static int step_run(const differ *d, sqlite3_stmt *q, long id)
{
	sqlite3_bind_int64(q, 1, id);
	int r = sqlite3_step(q);
	if (r == SQLITE_ROW)
		return 0;
	return r == SQLITE_DONE ? qt_set_error(QT_EINPUT, "%s has no run %ld", d->st->path, id)
				: qt_store_fail(d->st, "reading a run");
}

static int diff_figures(differ *d)
{
	static const column cols[] = {
		{ "figure", "figure", -1 }, { "a", "A", 0 }, { "b", "B", 0 }, { "b_minus_a", "B - A", 0 }
	};
	static const table_def def = { "diff_figures", "Key figures", cols, COUNT(cols) };
	sqlite3_stmt *qa = NULL, *qb = NULL, *pa = NULL, *pb = NULL;
	out_table o;
	int rc = qt_store_prepare(&qa, d->st, FIGURES_SQL);
	if (!rc)
		rc = qt_store_prepare(&qb, d->st, FIGURES_SQL);
	if (!rc)
		rc = step_run(d, qa, d->a);
	if (!rc)
		rc = step_run(d, qb, d->b);
	static const char penalty_sql[] = "SELECT value FROM run_penalty WHERE run_id = ?1 AND term = ?2";
	if (!rc)
		rc = qt_store_prepare(&pa, d->st, penalty_sql);
	if (!rc)
		rc = qt_store_prepare(&pb, d->st, penalty_sql);
	if (!rc)
		rc = ot_begin(&o, &def, d->format);
	if (rc) {
		sqlite3_finalize(qa);
		sqlite3_finalize(qb);
		sqlite3_finalize(pa);
		sqlite3_finalize(pb);
		return rc;
	}
	char title_a[32], title_b[32];
	snprintf(title_a, sizeof title_a, "%ld", d->a);
	snprintf(title_b, sizeof title_b, "%ld", d->b);
	ot_text(&o, "run");
	ot_text(&o, title_a);
	ot_text(&o, title_b);
	ot_text(&o, "");
	for (size_t i = 0; i < COUNT(figures) && !o.rc; i++) {
		figure_row(&o, figures[i].label, qa, qb, (int)i, figures[i].decimals);
		if (i == 6) /* after the real cost: each penalty term */
			for (int t = 0; t < QT_NPEN && !o.rc; t++) {
				char label[64];
				snprintf(label, sizeof label, "penalty %s EUR", qt_penalty_names[t]);
				sqlite3_bind_int64(pa, 1, d->a);
				sqlite3_bind_int64(pb, 1, d->b);
				sqlite3_bind_text(pa, 2, qt_penalty_names[t], -1, SQLITE_STATIC);
				sqlite3_bind_text(pb, 2, qt_penalty_names[t], -1, SQLITE_STATIC);
				double va = sqlite3_step(pa) == SQLITE_ROW ? sqlite3_column_double(pa, 0) : NAN;
				double vb = sqlite3_step(pb) == SQLITE_ROW ? sqlite3_column_double(pb, 0) : NAN;
				sqlite3_reset(pa);
				sqlite3_reset(pb);
				ot_text(&o, label);
				ot_num_dec(&o, va, 0);
				ot_num_dec(&o, vb, 0);
				ot_num_dec(&o, vb - va, 0);
			}
	}
	sqlite3_finalize(qa);
	sqlite3_finalize(qb);
	sqlite3_finalize(pa);
	sqlite3_finalize(pb);
	return ot_finish(&o, &d->k, "A is the first run named, B the second; B - A is the change.");
}

/* -- the scenario's changes, as JSON Pointers -- */

enum { MAX_SCENARIO_ROWS = 200, VALUE_CHARS = 60 };

typedef struct {
	out_table *o;
	long rows, more;
} json_differ;

/* A value printed compactly and cut to VALUE_CHARS characters (never inside a UTF-8 sequence). */
static char *short_value(const cJSON *v)
{
	if (!v)
		return NULL;
	char *text = cJSON_PrintUnformatted(v);
	if (!text)
		return NULL;
	size_t n = 0, chars = 0;
	while (text[n] && chars < VALUE_CHARS) {
		n++;
		while (((unsigned char)text[n] & 0xC0) == 0x80)
			n++;
		chars++;
	}
	if (text[n]) {
		char *cut = qt_asprintf("%.*s…", (int)n, text);
		cJSON_free(text);
		return cut;
	}
	char *copy = qt_strdup(text);
	cJSON_free(text);
	return copy;
}

static void json_diff_row(json_differ *j, const char *ptr, const cJSON *a, const cJSON *b)
{
	if (j->rows >= MAX_SCENARIO_ROWS) {
		j->more++;
		return;
	}
	char *va = short_value(a), *vb = short_value(b);
	ot_text(j->o, *ptr ? ptr : "/");
	ot_text(j->o, a ? (va ? va : "?") : NULL);
	ot_text(j->o, b ? (vb ? vb : "?") : NULL);
	free(va);
	free(vb);
	j->rows++;
}

/* Appends a reference token to a JSON Pointer, escaped (RFC 6901). */
static char *pointer_append(const char *ptr, const char *token)
{
	size_t n = strlen(ptr), extra = 0;
	for (const char *c = token; *c; c++)
		extra += (*c == '~' || *c == '/');
	char *out = malloc(n + strlen(token) + extra + 2);
	if (!out)
		return NULL;
	memcpy(out, ptr, n);
	char *w = out + n;
	*w++ = '/';
	for (const char *c = token; *c; c++) {
		if (*c == '~' || *c == '/') {
			*w++ = '~';
			*w++ = *c == '~' ? '0' : '1';
		} else {
			*w++ = *c;
		}
	}
	*w = '\0';
	return out;
}

static void json_diff(json_differ *j, const char *ptr, const cJSON *a, const cJSON *b)
{
	if (j->o->rc)
		return;
	if (cJSON_IsObject(a) && cJSON_IsObject(b)) {
		const cJSON *it;
		cJSON_ArrayForEach(it, a)
		{
			char *p = pointer_append(ptr, it->string);
			if (!p) {
				j->o->rc = qt_set_error(QT_ENOMEM, "out of memory");
				return;
			}
			json_diff(j, p, it, cJSON_GetObjectItemCaseSensitive(b, it->string));
			free(p);
		}
		cJSON_ArrayForEach(it, b)
		{
			if (cJSON_GetObjectItemCaseSensitive(a, it->string))
				continue;
			char *p = pointer_append(ptr, it->string);
			if (!p) {
				j->o->rc = qt_set_error(QT_ENOMEM, "out of memory");
				return;
			}
			json_diff(j, p, NULL, it);
			free(p);
		}
		return;
	}
	if (cJSON_IsArray(a) && cJSON_IsArray(b)) {
		int na = cJSON_GetArraySize(a), nb = cJSON_GetArraySize(b);
		for (int i = 0; i < (na > nb ? na : nb); i++) {
			char index[16];
			snprintf(index, sizeof index, "%d", i);
			char *p = pointer_append(ptr, index);
			if (!p) {
				j->o->rc = qt_set_error(QT_ENOMEM, "out of memory");
				return;
			}
			json_diff(j, p, i < na ? cJSON_GetArrayItem(a, i) : NULL, i < nb ? cJSON_GetArrayItem(b, i) : NULL);
			free(p);
		}
		return;
	}
	if (!a || !b || !cJSON_Compare(a, b, 1))
		json_diff_row(j, ptr, a, b);
}

/* Run id's scenario document as a cJSON tree, with its stored overrides applied. */
static int scenario_tree(cJSON **out, qt_store *st, long id)
{
	*out = NULL;
	char *text = NULL;
	size_t len = 0;
	int rc = qt_store_scenario_text(&text, &len, st, id);
	if (rc)
		return rc;
	cJSON *root = cJSON_ParseWithLength(text, len);
	free(text);
	if (!root)
		return qt_set_error(QT_EIO, "%s: the scenario of run %ld is not JSON any more", st->path, id);
	sqlite3_stmt *q;
	if ((rc = qt_store_prepare(&q, st, "SELECT value FROM run, json_each(run.overrides) WHERE run.id = ?1"))) {
		cJSON_Delete(root);
		return rc;
	}
	sqlite3_bind_int64(q, 1, id);
	qt_errors *errs = qt_errors_new();
	if (!errs)
		rc = qt_set_error(QT_ENOMEM, "out of memory");
	while (!rc && sqlite3_step(q) == SQLITE_ROW)
		qt_override_apply(root, (const char *)sqlite3_column_text(q, 0), errs);
	sqlite3_finalize(q);
	qt_errors_free(errs);
	if (rc) {
		cJSON_Delete(root);
		return rc;
	}
	*out = root;
	return 0;
}

static int diff_scenario(differ *d)
{
	static const column cols[] = { { "pointer", "JSON Pointer", -1 }, { "a", "A", -1 }, { "b", "B", -1 } };
	static const table_def def = { "diff_scenario", "Scenario changes (overrides applied)", cols, COUNT(cols) };
	cJSON *ta = NULL, *tb = NULL;
	out_table o;
	int rc = scenario_tree(&ta, d->st, d->a);
	if (!rc)
		rc = scenario_tree(&tb, d->st, d->b);
	if (!rc)
		rc = ot_begin(&o, &def, d->format);
	if (rc) {
		cJSON_Delete(ta);
		cJSON_Delete(tb);
		return rc;
	}
	json_differ j = { &o, 0, 0 };
	json_diff(&j, "", ta, tb);
	cJSON_Delete(ta);
	cJSON_Delete(tb);
	char *note = j.more ? qt_asprintf("... and %ld more changes.", j.more) : NULL;
	rc = ot_finish(&o, &d->k, j.more ? note : (j.rows ? NULL : "The same scenario."));
	free(note);
	return rc;
}

/* -- per period, site and municipality: SQL over the stored tables, matched by label and id -- */

static int diff_query(differ *d, const table_def *def, const char *sql)
{
	sqlite3_stmt *q;
	out_table o;
	int rc = qt_store_prepare(&q, d->st, sql);
	if (rc)
		return rc;
	sqlite3_bind_int64(q, 1, d->a);
	sqlite3_bind_int64(q, 2, d->b);
	sqlite3_bind_int(q, 3, d->all);
	if (!(rc = ot_begin(&o, def, d->format)))
		rc = ot_query(&o, d->st, q);
	sqlite3_finalize(q);
	if (rc) {
		ot_free(&o);
		return rc;
	}
	return ot_finish(&o, &d->k, only_differences(d, o.nrows));
}

static int diff_periods(differ *d)
{
	static const struct {
		const char *col, *label;
	} fig[] = {
		{ "intake", "intake" },
		{ "accepted", "accepted" },
		{ "backlog", "backlog" },
		{ "in_vu", "in vU" },
		{ "waiting_persons", "Fehlbeleger" },
		{ "unhoused", "unhoused" },
		{ "gu_places_open", "GU places open" },
		{ "gu_persons", "GU persons" },
		{ "au_placed_persons", "AU placed" },
		{ "municipalities_under_quota", "municipalities under quota" },
	};
	static const column cols[] = { { "period", "period", -1 }, { "figure", "figure", -1 }, { "a", "A", 0 },
				       { "b", "B", 0 },		   { "b_minus_a", "B - A", 0 } };
	static const table_def def = { "diff_periods", "Per period (persons)", cols, COUNT(cols) };
	/* The SQL is put together from the constant column names above only. */
	char sql[4096];
	size_t n = (size_t)snprintf(sql, sizeof sql,
				    "WITH a AS (SELECT * FROM run_period WHERE run_id = ?1 AND t > 0),"
				    " b AS (SELECT * FROM run_period WHERE run_id = ?2 AND t > 0),"
				    " k AS (SELECT period FROM a UNION SELECT period FROM b), d AS (");
	for (size_t i = 0; i < COUNT(fig) && n < sizeof sql; i++)
		n += (size_t)snprintf(sql + n, sizeof sql - n,
				      "%sSELECT k.period AS period, %zu AS ord, '%s' AS figure, a.%s AS va, b.%s AS vb"
				      " FROM k LEFT JOIN a ON a.period = k.period LEFT JOIN b ON b.period = k.period",
				      i ? " UNION ALL " : "", i, fig[i].label, fig[i].col, fig[i].col);
	if (n < sizeof sql)
		n += (size_t)snprintf(sql + n, sizeof sql - n,
				      ") SELECT period, figure, va, vb, vb - va FROM d WHERE ?3 OR va IS NOT vb"
				      " ORDER BY period, ord");
	if (n >= sizeof sql)
		return qt_set_error(QT_EINVAL, "internal: the period query is too long");
	return diff_query(d, &def, sql);
}

/* Sites of runs ?1 and ?2 matched by id (s: site, ia, ib, their positions in each run) and periods
 * by label (p: period, ta, tb); each run's row is then found by its primary key (run_id, i, t). The
 * diff queries select from s and p joined to a (run ?1) and b (run ?2), listing rows where the
 * condition that follows MATCH_JOINS holds, or every row if ?3. */
#define MATCH_CTES(tab, idx, key)                                                                           \
	"WITH sa AS (SELECT " key " AS site, " idx " AS i FROM " tab " WHERE run_id = ?1 AND t = 0),"       \
	" sb AS (SELECT " key " AS site, " idx " AS i FROM " tab " WHERE run_id = ?2 AND t = 0),"           \
	" s AS (SELECT sa.site AS site, sa.i AS ia, sb.i AS ib FROM sa LEFT JOIN sb ON sb.site = sa.site"   \
	"  UNION ALL SELECT sb.site, NULL, sb.i FROM sb WHERE sb.site NOT IN (SELECT site FROM sa)),"      \
	" pa AS (SELECT period, t FROM run_period WHERE run_id = ?1 AND t > 0),"                            \
	" pb AS (SELECT period, t FROM run_period WHERE run_id = ?2 AND t > 0),"                            \
	" p AS (SELECT pa.period AS period, pa.t AS ta, pb.t AS tb FROM pa LEFT JOIN pb ON pb.period = pa.period" \
	"  UNION ALL SELECT pb.period, NULL, pb.t FROM pb WHERE pb.period NOT IN (SELECT period FROM pa))"
#define MATCH_JOINS(tab, idx)                                                                               \
	" FROM s CROSS JOIN p LEFT JOIN " tab " a ON a.run_id = ?1 AND a." idx " = s.ia AND a.t = p.ta"     \
	" LEFT JOIN " tab " b ON b.run_id = ?2 AND b." idx " = s.ib AND b.t = p.tb"                         \
	" WHERE (a.run_id IS NOT NULL OR b.run_id IS NOT NULL) AND (?3 OR "
#define MATCH_ORDER ") ORDER BY coalesce(s.ia, 1000000 + s.ib), p.period"

static int diff_gu(differ *d)
{
	static const column cols[] = {
		{ "site", "GU site", -1 },   { "period", "period", -1 },   { "persons_a", "persons A", 0 },
		{ "persons_b", "B", 0 },     { "persons_b_minus_a", "B - A", 0 }, { "state_a", "state A", -1 },
		{ "state_b", "state B", -1 },
	};
	static const table_def def = { "diff_gu_sites", "GU sites", cols, COUNT(cols) };
#define GU_STATE(x)                                                                                         \
	"CASE WHEN " x ".run_id IS NULL THEN NULL WHEN " x ".closed THEN 'closes' WHEN " x ".opened THEN 'opens'" \
	" WHEN " x ".open THEN 'open' ELSE 'closed' END"
	return diff_query(d, &def,
			  MATCH_CTES("run_gu", "g", "site") " SELECT s.site, p.period, a.persons, b.persons,"
							   " b.persons - a.persons, " GU_STATE("a") ", " GU_STATE("b")
				  MATCH_JOINS("run_gu", "g") "a.persons IS NOT b.persons OR a.open IS NOT b.open"
							     " OR a.opened IS NOT b.opened OR a.closed IS NOT b.closed" MATCH_ORDER);
#undef GU_STATE
}

static int diff_kombi(differ *d)
{
	static const column cols[] = {
		{ "site", "Kombimodell site", -1 }, { "period", "period", -1 }, { "ordered_a", "ordered A", 0 },
		{ "ordered_b", "B", 0 },	    { "gu_modules_a", "as GU A", 0 }, { "gu_modules_b", "B", 0 },
		{ "au_modules_a", "as AU A", 0 },   { "au_modules_b", "B", 0 },	      { "persons_a", "persons A", 0 },
		{ "persons_b", "B", 0 },
	};
	static const table_def def = { "diff_kombimodell", "Kombimodell sites (modules and persons)", cols,
				       COUNT(cols) };
	return diff_query(d, &def,
			  MATCH_CTES("run_kombi", "k", "site") " SELECT s.site, p.period, a.ordered, b.ordered,"
							      " a.gu_modules, b.gu_modules, a.au_modules, b.au_modules,"
							      " a.persons, b.persons"
				  MATCH_JOINS("run_kombi", "k") "a.ordered IS NOT b.ordered OR a.gu_modules IS NOT b.gu_modules"
								" OR a.au_modules IS NOT b.au_modules"
								" OR a.persons IS NOT b.persons" MATCH_ORDER);
}

static int diff_municipalities(differ *d)
{
	static const column cols[] = {
		{ "municipality", "municipality", -1 },
		{ "period", "period", -1 },
		{ "placed_a", "placed A", 0 },
		{ "placed_b", "B", 0 },
		{ "placed_b_minus_a", "B - A", 0 },
		{ "cumulative_a", "cumulative A", 0 },
		{ "cumulative_b", "B", 0 },
		{ "under_quota_a", "under quota A", 0 },
		{ "under_quota_b", "B", 0 },
		{ "over_quota_a", "over quota A", 0 },
		{ "over_quota_b", "B", 0 },
		{ "au_stock_a", "AU stock A", 1 },
		{ "au_stock_b", "B", 1 },
	};
	static const table_def def = { "diff_municipalities", "Municipalities: AU placements (persons) and quota",
				       cols, COUNT(cols) };
#define PLACED(x) "(" x ".placed_own + " x ".placed_kombi + " x ".placed_offers)"
	return diff_query(
		d, &def,
		MATCH_CTES("run_municipality", "m", "municipality") " SELECT s.site, p.period, " PLACED("a") ", "
			PLACED("b") ", " PLACED("b") " - " PLACED("a") ", a.placed_cumulative, b.placed_cumulative,"
			" a.under_quota, b.under_quota, a.over_quota, b.over_quota, a.au_stock, b.au_stock"
		MATCH_JOINS("run_municipality", "m") PLACED("a") " IS NOT " PLACED("b")
			" OR a.placed_cumulative IS NOT b.placed_cumulative OR a.under_quota IS NOT b.under_quota"
			" OR a.over_quota IS NOT b.over_quota OR abs(a.au_stock - b.au_stock) > 1e-9"
			" OR (a.au_stock IS NULL) <> (b.au_stock IS NULL)" MATCH_ORDER);
#undef PLACED
}

int qt_store_report_diff(FILE *f, const char *dir, qt_format format, qt_store *st, long a, long b, int all)
{
	int rc = check_format(st, f, format);
	if (rc)
		return rc;
	if (format == QT_FORMAT_CSV && (!dir || !*dir))
		return qt_set_error(QT_EINVAL, "diff: CSV needs a directory");
	differ d = { st, a, b, all, format, { format, f, dir, NULL } };
	if (format == QT_FORMAT_JSON) {
		if (!(d.k.root = cJSON_CreateObject()) || !cJSON_AddNumberToObject(d.k.root, "a", (double)a) ||
		    !cJSON_AddNumberToObject(d.k.root, "b", (double)b)) {
			cJSON_Delete(d.k.root);
			return qt_set_error(QT_ENOMEM, "out of memory");
		}
	}
	if (format == QT_FORMAT_CSV)
		rc = qt_ensure_dir(dir);
	/* One snapshot for every table. */
	int in_txn = !sqlite3_get_autocommit(st->db);
	if (!in_txn)
		sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL);
	int (*const parts[])(differ *) = { diff_figures, diff_scenario, diff_periods, diff_gu, diff_kombi,
					   diff_municipalities };
	for (size_t i = 0; !rc && i < COUNT(parts); i++)
		rc = parts[i](&d);
	if (!in_txn)
		sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	if (format == QT_FORMAT_JSON) {
		if (rc) {
			cJSON_Delete(d.k.root);
			return rc;
		}
		return qt_json_write(f, d.k.root);
	}
	if (!rc && f && fflush(f) != 0)
		rc = qt_set_error(QT_EIO, "cannot write the report");
	return rc;
}

/* ---- the plan's reports with kept orders ---- */

/* Period label of the quarter `lead` after label, relative to nothing but the calendar. */
static void label_after(const char *label, int lead, char buf[8])
{
	long q = qt_quarter_of(label);
	if (q < 0) {
		buf[0] = '\0';
		return;
	}
	q += lead;
	qt_period_label((int)(q / 4), (int)(q % 4) + 1, 1, buf);
}

static int kept_table(out_table *o, const qt_scenario *s, const qt_kept_order *kept, size_t n, qt_format format)
{
	static const column cols[] = {
		{ "id", "Kombimodell site", -1 }, { "municipality", "municipality", -1 },
		{ "ordered_in", "ordered in", -1 }, { "modules", "modules", 0 },
		{ "places", "places", 0 },	  { "usable_from", "usable from", -1 },
	};
	static const table_def def = { "committed_orders",
				       "Committed Kombimodell orders (kept from an earlier run: being built)", cols,
				       COUNT(cols) };
	int rc = ot_begin(o, &def, format);
	for (size_t i = 0; !rc && i < n; i++) {
		const qt_kombi *k = NULL;
		for (int j = 0; j < s->n_kombi && !k; j++)
			if (kept[i].kombi && !strcmp(s->kombi[j].id, kept[i].kombi))
				k = &s->kombi[j];
		char period[8], usable[8];
		snprintf(period, sizeof period, "%.7s", kept[i].period);
		label_after(period, k ? k->lead : 0, usable);
		ot_text(o, kept[i].kombi);
		ot_text(o, k && k->muni >= 0 && k->muni < s->n_muni ? s->muni[k->muni].name : NULL);
		ot_text(o, period);
		ot_num(o, (double)kept[i].modules);
		ot_num(o, k ? (double)kept[i].modules * k->ppm : NAN);
		ot_text(o, k && *usable ? usable : NULL);
		rc = o->rc;
	}
	return rc;
}

/* The plan object of qt_report_json as a cJSON tree. */
static int plan_tree(cJSON **out, const qt_scenario *s, const qt_plan *p)
{
	int rc = qt_report_args(s, p);
	*out = rc ? NULL : qt_plan_json(s, p);
	if (!rc && !*out)
		rc = qt_set_error(QT_ENOMEM, "out of memory");
	return rc;
}

static int plan_with_kept(cJSON **out, const qt_scenario *s, const qt_plan *p, const qt_kept_order *kept, size_t n)
{
	int rc = plan_tree(out, s, p);
	if (rc || !n)
		return rc;
	out_table o;
	sink k = { QT_FORMAT_JSON, NULL, NULL, *out };
	if (!(rc = kept_table(&o, s, kept, n, QT_FORMAT_JSON)))
		rc = ot_finish(&o, &k, NULL);
	else
		ot_free(&o);
	if (rc) {
		cJSON_Delete(*out);
		*out = NULL;
	}
	return rc;
}

int qt_report_kept(FILE *f, const char *dir, qt_format format, const qt_scenario *s, const qt_plan *p,
		   const qt_kept_order *kept, size_t n)
{
	if (n && !kept)
		return qt_set_error(QT_EINVAL, "report: n kept orders but none given");
	int rc;
	switch (format) {
	case QT_FORMAT_TEXT:
		if (!f)
			return qt_set_error(QT_EINVAL, "report: no output stream");
		if ((rc = qt_report_text(f, s, p)) || !n)
			return rc;
		break;
	case QT_FORMAT_CSV:
		if ((rc = qt_report_csv_dir(dir, s, p)) || !n)
			return rc;
		break;
	case QT_FORMAT_JSON: {
		if (!f)
			return qt_set_error(QT_EINVAL, "report: no output stream");
		if (!n)
			return qt_report_json(f, s, p);
		cJSON *root;
		if ((rc = plan_with_kept(&root, s, p, kept, n)))
			return rc;
		return qt_json_write(f, root);
	}
	default:
		return qt_set_error(QT_EINVAL, "report: unknown format %d", (int)format);
	}
	out_table o;
	sink k = { format, f, dir, NULL };
	if (!(rc = kept_table(&o, s, kept, n, format)))
		rc = ot_finish(&o, &k, "Ordered before this plan's first quarter; their cost is spent and not in "
				       "the objective.");
	else
		ot_free(&o);
	if (!rc && f && fflush(f) != 0)
		rc = qt_set_error(QT_EIO, "cannot write the report");
	return rc;
}

/* ---- export ---- */

/* The run's stored scalars as a JSON object. */
static int run_object(cJSON **out, qt_store *st, long id)
{
	*out = NULL;
	sqlite3_stmt *q;
	int rc = qt_store_prepare(
		&q, st,
		"SELECT json_object('id', r.id, 'created', r.created, 'scenario', r.scenario_name,"
		" 'scenario_sha256', s.sha256, 'scenario_bytes', s.bytes, 'start', r.start, 'periods', r.periods,"
		" 'command', json(r.command), 'overrides', json(r.overrides), 'time_limit_s', r.time_limit_s,"
		" 'gap_target', r.gap_target, 'kept_from', r.kept_from, 'quartier_version', r.quartier_version,"
		" 'glpk_version', r.glpk_version, 'status', r.status,"
		" 'gap', CASE WHEN abs(r.gap) < 1e308 THEN r.gap END,"
		" 'bound', CASE WHEN abs(r.bound) < 1e308 THEN r.bound END,"
		" 'seconds', r.seconds, 'nodes', r.nodes, 'rows', r.program_rows, 'cols', r.program_cols,"
		" 'integers', r.program_integers, 'objective', r.objective, 'cost', r.cost)"
		" FROM run r JOIN scenario s ON s.id = r.scenario_id WHERE r.id = ?1");
	if (rc)
		return rc;
	sqlite3_bind_int64(q, 1, id);
	int step = sqlite3_step(q);
	if (step == SQLITE_ROW) {
		if (!(*out = cJSON_Parse((const char *)sqlite3_column_text(q, 0))))
			rc = qt_set_error(QT_EIO, "%s: the record of run %ld does not read as JSON", st->path, id);
	} else {
		rc = step == SQLITE_DONE ? qt_set_error(QT_EINPUT, "%s has no run %ld", st->path, id)
					 : qt_store_fail(st, "reading the run");
	}
	sqlite3_finalize(q);
	return rc;
}

static int export_json(FILE *f, qt_store *st, long id, const qt_scenario *s, const qt_plan *p,
		       const qt_kept_order *kept, size_t n)
{
	cJSON *root = cJSON_CreateObject(), *run = NULL, *plan = NULL, *doc = NULL;
	char *text = NULL;
	size_t len = 0;
	int rc = root ? 0 : qt_set_error(QT_ENOMEM, "out of memory");
	if (!rc)
		rc = run_object(&run, st, id);
	if (!rc)
		rc = qt_store_scenario_text(&text, &len, st, id);
	if (!rc && !(doc = cJSON_ParseWithLength(text, len)))
		rc = qt_set_error(QT_EIO, "%s: the scenario of run %ld is not JSON any more", st->path, id);
	if (!rc)
		rc = plan_with_kept(&plan, s, p, kept, n);
	if (!rc && (!cJSON_AddNumberToObject(root, "quartier", 1) || !cJSON_AddItemToObject(root, "run", run)))
		rc = qt_set_error(QT_ENOMEM, "out of memory");
	else if (!rc)
		run = NULL;
	if (!rc && !cJSON_AddItemToObject(root, "scenario", doc))
		rc = qt_set_error(QT_ENOMEM, "out of memory");
	else if (!rc)
		doc = NULL;
	if (!rc && !cJSON_AddItemToObject(root, "plan", plan))
		rc = qt_set_error(QT_ENOMEM, "out of memory");
	else if (!rc)
		plan = NULL;
	free(text);
	cJSON_Delete(run);
	cJSON_Delete(doc);
	cJSON_Delete(plan);
	if (rc) {
		cJSON_Delete(root);
		return rc;
	}
	return qt_json_write(f, root);
}

typedef struct {
	const char *data;
	size_t len;
} bytes;

static int write_bytes(FILE *f, const void *ctx)
{
	const bytes *b = ctx;
	if (b->len && fwrite(b->data, 1, b->len, f) != b->len)
		return qt_set_error(QT_EIO, "cannot write: %s", strerror(errno));
	return 0;
}

static int export_csv(const char *dir, qt_store *st, long id, const qt_scenario *s, const qt_plan *p,
		      const qt_kept_order *kept, size_t n)
{
	static const column cols[] = {
		{ "id", "run", 0 },
		{ "created", "stored (UTC)", -1 },
		{ "scenario", "scenario", -1 },
		{ "scenario_sha256", "SHA-256", -1 },
		{ "start", "from", -1 },
		{ "periods", "quarters", 0 },
		{ "command", "command", -1 },
		{ "overrides", "overrides", -1 },
		{ "time_limit_s", "time limit s", 1 },
		{ "gap_target", "gap target", 6 },
		{ "kept_from", "orders kept from run", 0 },
		{ "status", "status", -1 },
		{ "gap", "gap", 6 },
		{ "bound", "bound EUR", 2 },
		{ "seconds", "seconds", 3 },
		{ "nodes", "nodes", 0 },
		{ "objective", "objective EUR", 2 },
		{ "cost", "real cost EUR", 2 },
		{ "quartier_version", "quartier", -1 },
		{ "glpk_version", "GLPK", -1 },
	};
	static const table_def def = { "run", "Run", cols, COUNT(cols) };
	int rc = qt_report_kept(NULL, dir, QT_FORMAT_CSV, s, p, kept, n);
	char *text = NULL;
	size_t len = 0;
	if (!rc)
		rc = qt_store_scenario_text(&text, &len, st, id);
	char *path = rc ? NULL : qt_asprintf("%s/scenario.json", dir);
	if (!rc)
		rc = path ? qt_write_atomic(path, write_bytes, &(bytes){ text, len }) : qt_set_error(QT_ENOMEM, "out of memory");
	free(path);
	free(text);
	if (rc)
		return rc;
	sqlite3_stmt *q;
	if ((rc = qt_store_prepare(&q, st,
				   "SELECT r.id, r.created, r.scenario_name, s.sha256, r.start, r.periods, r.command,"
				   " r.overrides, r.time_limit_s, r.gap_target, r.kept_from, r.status, r.gap, r.bound,"
				   " r.seconds, r.nodes, r.objective, r.cost, r.quartier_version, r.glpk_version"
				   " FROM run r JOIN scenario s ON s.id = r.scenario_id WHERE r.id = ?1")))
		return rc;
	sqlite3_bind_int64(q, 1, id);
	out_table o;
	sink k = { QT_FORMAT_CSV, NULL, dir, NULL };
	if (!(rc = ot_begin(&o, &def, QT_FORMAT_CSV)))
		rc = ot_query(&o, st, q);
	sqlite3_finalize(q);
	if (rc) {
		ot_free(&o);
		return rc;
	}
	return ot_finish(&o, &k, NULL);
}

int qt_store_export(FILE *f, const char *dir, qt_format format, qt_store *st, long id)
{
	int rc = check_format(st, f, format);
	if (rc)
		return rc;
	if (format == QT_FORMAT_TEXT)
		return qt_set_error(QT_EINVAL, "export: json or csv");
	if (format == QT_FORMAT_CSV && (!dir || !*dir))
		return qt_set_error(QT_EINVAL, "export: CSV needs a directory");
	qt_scenario *s = NULL;
	qt_plan *p = NULL;
	qt_kept_order *kept = NULL;
	size_t n = 0;
	int in_txn = !sqlite3_get_autocommit(st->db);
	if (!in_txn)
		sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL);
	rc = qt_store_load(&s, &p, st, id);
	if (!rc)
		rc = qt_store_kept_orders(&kept, &n, st, id);
	if (!rc)
		rc = format == QT_FORMAT_JSON ? export_json(f, st, id, s, p, kept, n) : export_csv(dir, st, id, s, p, kept, n);
	if (!in_txn)
		sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	qt_kept_orders_free(kept, n);
	qt_plan_free(p);
	qt_scenario_free(s);
	return rc;
}
