/* A stored run exported whole: the run's record, its scenario exactly as read and its plan, as one
 * JSON document or as CSV files in a directory. */
#include "report_kept.h"
#include "store.h"

#include <cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

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

/* The scenario document of run id exactly as stored, parsed. */
static int scenario_doc(cJSON **out, qt_store *st, long id)
{
	char *text = NULL;
	size_t len = 0;
	int rc = qt_store_scenario_text(&text, &len, st, id);
	*out = rc ? NULL : cJSON_ParseWithLength(text, len);
	free(text);
	if (!rc && !*out)
		rc = qt_set_error(QT_EIO, "%s: the scenario of run %ld is not JSON any more", st->path, id);
	return rc;
}

static int export_json(FILE *f, qt_store *st, long id, const qt_scenario *s, const qt_plan *p,
		       const qt_kept_order *kept, size_t n)
{
	cJSON *root = cJSON_CreateObject(), *item;
	int rc = root && !qt_json_add(root, "quartier", cJSON_CreateNumber(1)) ? 0 : QT_ENOMEM;
	/* Each part goes into root as soon as it is made (qt_json_add consumes it, also on failure). */
	if (!rc && !(rc = run_object(&item, st, id)) && qt_json_add(root, "run", item))
		rc = QT_ENOMEM;
	if (!rc && !(rc = scenario_doc(&item, st, id)) && qt_json_add(root, "scenario", item))
		rc = QT_ENOMEM;
	if (!rc && !(rc = qt_plan_json_kept(&item, s, p, kept, n)) && qt_json_add(root, "plan", item))
		rc = QT_ENOMEM;
	if (rc) {
		cJSON_Delete(root);
		return rc == QT_ENOMEM ? qt_set_error(QT_ENOMEM, "out of memory") : rc;
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
	static const qt_store_column cols[] = {
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
	qt_table *t = NULL;
	if (!(rc = qt_store_table_new(&t, "run", "Run", cols, COUNT(cols))))
		rc = qt_store_table_rows(t, st, q, cols, COUNT(cols));
	sqlite3_finalize(q);
	if (!rc)
		rc = qt_table_write_in(dir, t);
	qt_table_free(t);
	return rc;
}

int qt_store_export(FILE *f, const char *dir, qt_format format, qt_store *st, long id)
{
	int rc = qt_store_report_check(st, f, format);
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
