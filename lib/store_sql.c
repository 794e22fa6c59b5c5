/* The run database's statements: errors from SQLite, preparing and stepping statements, and their
 * rows as cells of a report table. */
#include "store.h"

#include <math.h>


int qt_store_fail(const qt_store *st, const char *what)
{
	int code = sqlite3_extended_errcode(st->db);
	if (code == SQLITE_NOMEM)
		return qt_set_error(QT_ENOMEM, "out of memory");
	if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
		return qt_set_error(QT_EIO, "%s: %s: the database stayed locked by another writer for %d s",
				    st->path, what, QT_STORE_BUSY_MS / 1000);
	return qt_set_error(QT_EIO, "%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
}

int qt_store_prepare(sqlite3_stmt **out, const qt_store *st, const char *sql)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, out, NULL) != SQLITE_OK) {
		*out = NULL;
		return qt_store_fail(st, "preparing a statement");
	}
	return 0;
}

int qt_store_exec(const qt_store *st, const char *sql, const char *what)
{
	return sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : qt_store_fail(st, what);
}

int qt_store_step_done(const qt_store *st, sqlite3_stmt *q, const char *what)
{
	int rc = sqlite3_step(q) == SQLITE_DONE ? 0 : qt_store_fail(st, what);
	sqlite3_reset(q);
	return rc;
}

int qt_store_query_int(const qt_store *st, const char *sql, long *v)
{
	sqlite3_stmt *q;
	int rc = qt_store_prepare(&q, st, sql);
	if (rc)
		return rc;
	int r = sqlite3_step(q);
	*v = r == SQLITE_ROW ? (long)sqlite3_column_int64(q, 0) : 0;
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		rc = qt_store_fail(st, "reading the database header");
	sqlite3_finalize(q);
	return rc;
}

int qt_store_report_check(const qt_store *st, FILE *f, qt_format format)
{
	if (!st || (!f && format != QT_FORMAT_CSV))
		return qt_set_error(QT_EINVAL, "report: no database or no output stream");
	if (format != QT_FORMAT_TEXT && format != QT_FORMAT_JSON && format != QT_FORMAT_CSV)
		return qt_set_error(QT_EINVAL, "report: unknown format %d", (int)format);
	return 0;
}

int qt_store_table_new(qt_table **out, const char *name, const char *title, const qt_store_column *cols,
		       size_t ncols)
{
	int rc = qt_table_new(out, name, title);
	for (size_t i = 0; !rc && i < ncols; i++)
		rc = qt_table_column(*out, cols[i].key, cols[i].label, cols[i].decimals < 0 ? QT_ALIGN_LEFT : QT_ALIGN_RIGHT);
	if (rc) {
		qt_table_free(*out);
		*out = NULL;
	}
	return rc;
}

/* Column i of the current row of q as the next cell; NULL is an empty cell. */
static int sql_cell(qt_table *t, sqlite3_stmt *q, int i, int decimals)
{
	if (decimals < 0)
		return qt_table_text(t, (const char *)sqlite3_column_text(q, i));
	double v = sqlite3_column_type(q, i) == SQLITE_NULL ? NAN : sqlite3_column_double(q, i);
	return qt_table_fixed(t, v, decimals);
}

int qt_store_table_rows(qt_table *t, const qt_store *st, sqlite3_stmt *q, const qt_store_column *cols,
			size_t ncols)
{
	int rc = 0, step = SQLITE_DONE;
	while (!rc && (step = sqlite3_step(q)) == SQLITE_ROW)
		for (size_t i = 0; !rc && i < ncols; i++)
			rc = sql_cell(t, q, (int)i, cols[i].decimals);
	if (!rc && step != SQLITE_DONE)
		rc = qt_store_fail(st, "reading runs");
	return rc;
}
