/* The run database, shared by its files: store_sql.c (statements), store_schema.c (opening and
 * migrating), store_write.c and store_read.c (a run in and out), store_runs.c, store_diff.c and
 * store_export.c (the reports over stored runs). Not installed. */
#ifndef QT_STORE_H
#define QT_STORE_H

#include "internal.h"
#include "table.h"

#include <sqlite3.h>

struct qt_store {
	sqlite3 *db;
	char *path;
	int readonly;  /* opened without write access (a read-only file) */
	int reading;   /* opened with QT_STORE_READ: no run is written */
	int version;   /* PRAGMA user_version after opening (and migrating) */
};

/* "quartier" in the file header (PRAGMA application_id), so another program's SQLite file is told
 * apart from a run database. */
#define QT_STORE_APP_ID 0x71727472 /* "qrtr" */

/* Sets the library's error from the database's last error: "PATH: what: sqlite's message"; a busy
 * database says so. Returns the code (QT_EIO unless out of memory). */
int qt_store_fail(const qt_store *st, const char *what);

/* Prepares sql; on failure sets the error and returns it. */
int qt_store_prepare(sqlite3_stmt **out, const qt_store *st, const char *sql);
/* Runs SQL without parameters (schema, transactions). */
int qt_store_exec(const qt_store *st, const char *sql, const char *what);
/* One step of a statement that returns no row, then reset for the next bindings. */
int qt_store_step_done(const qt_store *st, sqlite3_stmt *q, const char *what);
/* The single integer of a query without parameters (a PRAGMA); *v = 0 if it returns no row. */
int qt_store_query_int(const qt_store *st, const char *sql, long *v);

/* 0 if a report over the database may go to f in format (text, CSV or JSON; CSV may have no f). */
int qt_store_report_check(const qt_store *st, FILE *f, qt_format format);

/* A column of a report table over stored rows: decimals < 0 is a text column. */
typedef struct {
	const char *key, *label;
	int decimals;
} qt_store_column;
/* *out: an empty table with these columns (text left-aligned, numbers right-aligned). */
int qt_store_table_new(qt_table **out, const char *name, const char *title, const qt_store_column *cols,
		       size_t ncols);
/* Every row of q (one column per table column) as a row of t. */
int qt_store_table_rows(qt_table *t, const qt_store *st, sqlite3_stmt *q, const qt_store_column *cols,
			size_t ncols);


/* Opens like qt_store_open, but migrates a new or older database only up to schema `version`
 * (1..QT_STORE_SCHEMA), so the tests can make an old database and watch it migrate. */
int qt_store_open_version(qt_store **out, const char *path, qt_store_mode mode, int version);

/* Stores the key figures of run id (plan p of scenario s, kept_modules kept from an earlier run) in
 * run_kpi. store_write.c. */
int qt_store_put_kpis(qt_store *st, long id, const qt_scenario *s, const qt_plan *p, long kept_modules);
/* Fills run_kpi for every stored run (the migration to schema 3). A run whose scenario no longer
 * reads keeps no key figures (the listings show them empty); other failures are returned. */
int qt_store_kpis_fill(qt_store *st);

/* SHA-256 of len bytes as 64 lowercase hex digits and a '\0'. */
void qt_sha256_hex(const void *data, size_t len, char hex[65]);

#endif
