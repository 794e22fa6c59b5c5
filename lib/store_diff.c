/* quartier diff: two stored runs compared as two plans (compare.c), with what only the run database
 * knows: the run ids, the kept orders, and the scenario's changes as JSON Pointers. */
#include "store.h"
#include "store_diff_futures.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

/* ---- the scenario's changes, as JSON Pointers ---- */

enum { MAX_SCENARIO_ROWS = 200, VALUE_CHARS = 60 };

typedef struct {
	qt_table *t;
	int rc;
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
	qt_table_text(j->t, *ptr ? ptr : "/");
	qt_table_text(j->t, a ? (va ? va : "?") : NULL);
	qt_table_text(j->t, b ? (vb ? vb : "?") : NULL);
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
	if (j->rc)
		return;
	if (cJSON_IsObject(a) && cJSON_IsObject(b)) {
		const cJSON *it;
		cJSON_ArrayForEach(it, a)
		{
			char *p = pointer_append(ptr, it->string);
			if (!p) {
				j->rc = qt_set_error(QT_ENOMEM, "out of memory");
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
				j->rc = qt_set_error(QT_ENOMEM, "out of memory");
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
				j->rc = qt_set_error(QT_ENOMEM, "out of memory");
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

static int diff_scenario(const qt_compare_out *o, qt_store *st, long a, long b)
{
	cJSON *ta = NULL, *tb = NULL;
	qt_table *t = NULL;
	int rc = scenario_tree(&ta, st, a);
	if (!rc)
		rc = scenario_tree(&tb, st, b);
	if (!rc && !(rc = qt_table_new(&t, "diff_scenario", "Scenario changes (overrides applied)"))) {
		qt_table_column(t, "pointer", "JSON Pointer", QT_ALIGN_LEFT);
		qt_table_column(t, "a", "A", QT_ALIGN_LEFT);
		qt_table_column(t, "b", "B", QT_ALIGN_LEFT);
		json_differ j = { t, 0, 0, 0 };
		json_diff(&j, "", ta, tb);
		char *note = j.more ? qt_asprintf("... and %ld more changes.", j.more) : NULL;
		rc = j.rc;
		if (!rc && (j.more || !j.rows))
			rc = note || !j.more ? qt_table_note(t, j.more ? note : "The same scenario.")
					     : qt_set_error(QT_ENOMEM, "out of memory");
		free(note);
	}
	cJSON_Delete(ta);
	cJSON_Delete(tb);
	if (rc) {
		qt_table_free(t);
		return rc;
	}
	return qt_compare_put(o, t, "scenario");
}

/* The key figures with the run ids as their first row. */
static int diff_figures(const qt_compare_out *o, const qt_compare_side *sa, const qt_compare_side *sb, long a, long b)
{
	qt_table *t;
	int rc = qt_compare_table_new(&t, QT_COMPARE_FIGURES, "diff_");
	if (rc)
		return rc;
	qt_table_text(t, "run");
	qt_table_textf(t, "%ld", a);
	qt_table_textf(t, "%ld", b);
	qt_table_text(t, "");
	if ((rc = qt_compare_rows(t, QT_COMPARE_FIGURES, sa, sb, 1)) ||
	    (rc = qt_table_note(t, "A is the first run named, B the second; B - A is the change."))) {
		qt_table_free(t);
		return rc;
	}
	return qt_compare_put(o, t, qt_compare_key(QT_COMPARE_FIGURES));
}

/* A stored run as one side of the comparison; free with side_free. */
typedef struct {
	qt_scenario *s;
	qt_plan *p;
	qt_kept_order *kept;
	size_t n_kept;
} run_side;

static int side_load(run_side *r, qt_compare_side *side, qt_store *st, long id)
{
	memset(r, 0, sizeof *r);
	int rc = qt_store_load(&r->s, &r->p, st, id);
	if (!rc)
		rc = qt_store_kept_orders(&r->kept, &r->n_kept, st, id);
	side->s = r->s;
	side->p = r->p;
	side->kept_modules = qt_kept_modules(r->kept, r->n_kept);
	return rc;
}

static void side_free(run_side *r)
{
	qt_kept_orders_free(r->kept, r->n_kept);
	qt_plan_free(r->p);
	qt_scenario_free(r->s);
}

static int diff_tables(const qt_compare_out *o, qt_store *st, long a, long b, int all)
{
	run_side ra, rb;
	qt_compare_side sa, sb;
	int rc = side_load(&ra, &sa, st, a);
	int rc_b = rc ? 0 : side_load(&rb, &sb, st, b);
	if (rc)
		memset(&rb, 0, sizeof rb);
	rc = rc ? rc : rc_b;
	int futures = !rc ? (qt_plan_futures(ra.p) > 0) + (qt_plan_futures(rb.p) > 0) : 0;
	/* a plan over futures against an ordinary plan: the ordinary plan against each future */
	if (!rc && futures == 1)
		rc = diff_scenario(o, st, a, b);
	if (!rc && futures == 1)
		rc = qt_store_diff_each_future(o, &sa, &sb, all);
	if (!rc && futures == 2)
		rc = qt_store_diff_futures_figures(o, ra.p, rb.p, a, b);
	if (!rc && !futures)
		rc = diff_figures(o, &sa, &sb, a, b);
	if (!rc && futures != 1)
		rc = diff_scenario(o, st, a, b);
	if (!rc && futures != 1)
		rc = futures ? qt_store_diff_futures(o, &sa, &sb, all) : qt_compare_matched(o, &sa, &sb, all, "diff_");
	side_free(&ra);
	side_free(&rb);
	return rc;
}

int qt_store_report_diff(FILE *f, const char *dir, qt_format format, qt_store *st, long a, long b, int all)
{
	int rc = qt_store_report_check(st, f, format);
	if (rc)
		return rc;
	if (format == QT_FORMAT_CSV && (!dir || !*dir))
		return qt_set_error(QT_EINVAL, "diff: CSV needs a directory");
	qt_compare_out o = { format, f, format == QT_FORMAT_CSV ? dir : NULL, NULL };
	if (format == QT_FORMAT_JSON) {
		if (!(o.root = cJSON_CreateObject()) || !cJSON_AddNumberToObject(o.root, "a", (double)a) ||
		    !cJSON_AddNumberToObject(o.root, "b", (double)b)) {
			cJSON_Delete(o.root);
			return qt_set_error(QT_ENOMEM, "out of memory");
		}
	}
	if (format == QT_FORMAT_CSV)
		rc = qt_ensure_dir(dir);
	/* One snapshot for every table. */
	int in_txn = !sqlite3_get_autocommit(st->db);
	if (!in_txn)
		sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL);
	if (!rc)
		rc = diff_tables(&o, st, a, b, all);
	if (!in_txn)
		sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	if (format == QT_FORMAT_JSON) {
		if (rc) {
			cJSON_Delete(o.root);
			return rc;
		}
		return qt_json_write(f, o.root);
	}
	if (!rc && f && fflush(f) != 0)
		rc = qt_set_error(QT_EIO, "cannot write the report");
	return rc;
}
