/* The run database, shared by store.c (opening, migrating, writing and reading runs) and
 * store_report.c (the reports over stored runs). Not installed. */
#ifndef QT_STORE_H
#define QT_STORE_H

#include "internal.h"

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

/* Opens like qt_store_open, but migrates a new or older database only up to schema `version`
 * (1..QT_STORE_SCHEMA), so the tests can make an old database and watch it migrate. */
int qt_store_open_version(qt_store **out, const char *path, qt_store_mode mode, int version);

/* SHA-256 of len bytes as 64 lowercase hex digits and a '\0'. */
void qt_sha256_hex(const void *data, size_t len, char hex[65]);

#endif
