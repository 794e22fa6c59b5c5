/* Helpers of the run database's tests: reading a database file beside the CLI that writes it. */
#ifndef QT_STOREUTIL_H
#define QT_STOREUTIL_H

#include "testutil.h"

#include <errno.h>
#include <sqlite3.h>
#include <time.h>

/* The first column of the first row of sql as an integer (-1 if no row). */
static inline long long tu_db_int(const char *path, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 30000);
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
	long long v = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : -1;
	sqlite3_finalize(q);
	sqlite3_close(db);
	return v;
}

static inline void tu_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Waits (up to 120 s) until another connection holds the write lock of db: a writer is inside
 * its run's transaction. */
static inline void tu_wait_for_writer(const char *path)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	for (int i = 0; i < 120000; i++) {
		int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		if (rc == SQLITE_BUSY) {
			sqlite3_close(db);
			return;
		}
		assert_int_equal(rc, SQLITE_OK);
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		tu_sleep_ms(1);
	}
	fail_msg("no writer took the lock of %s", path);
}

#endif
