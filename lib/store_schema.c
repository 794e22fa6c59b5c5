/* The run database's file and schema: opening (telling a run database from anything else), the
 * forward migrations, closing. The only SQL text built at run time is the PRAGMA that sets the
 * schema version, from integer constants. */
#include "store.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- schema ---- */

/* migrations[v] takes a database from schema version v to v + 1. Append only: a released step is
 * never changed, so every database reaches the same schema whatever version it starts from. */
static const char *const migrations[] = {
	/* 0 -> 1: scenarios, runs and every plan table. Period tables have a row for t = 0, the
	 * starting state (period NULL, the derived report columns NULL). */
	"CREATE TABLE scenario ("
	"  id INTEGER PRIMARY KEY,"
	"  sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),"
	"  bytes INTEGER NOT NULL CHECK (bytes >= 0),"
	"  document BLOB NOT NULL);"
	"CREATE TABLE run ("
	"  id INTEGER PRIMARY KEY,"
	"  created TEXT NOT NULL,"
	"  scenario_id INTEGER NOT NULL REFERENCES scenario(id),"
	"  scenario_name TEXT NOT NULL,"
	"  start TEXT NOT NULL,"
	"  periods INTEGER NOT NULL CHECK (periods >= 1),"
	"  n_gu INTEGER NOT NULL, n_kombi INTEGER NOT NULL, n_municipality INTEGER NOT NULL,"
	"  n_offer INTEGER NOT NULL,"
	"  command TEXT NOT NULL,"
	"  overrides TEXT NOT NULL,"
	"  time_limit_s REAL NOT NULL,"
	"  gap_target REAL NOT NULL,"
	"  kept_from INTEGER REFERENCES run(id),"
	"  quartier_version TEXT NOT NULL,"
	"  glpk_version TEXT NOT NULL,"
	"  status TEXT NOT NULL CHECK (status IN ('optimal', 'gap_reached', 'time_limit',"
	"    'no_integer_plan', 'interrupted')),"
	"  gap REAL, bound REAL,"
	"  seconds REAL NOT NULL, nodes INTEGER NOT NULL,"
	"  program_rows INTEGER NOT NULL, program_cols INTEGER NOT NULL,"
	"  program_integers INTEGER NOT NULL,"
	"  objective REAL NOT NULL, cost REAL NOT NULL);"
	"CREATE INDEX run_scenario ON run(scenario_id);"
	"CREATE TABLE run_penalty ("
	"  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,"
	"  term TEXT NOT NULL, value REAL NOT NULL,"
	"  PRIMARY KEY (run_id, term)) WITHOUT ROWID;"
	"CREATE TABLE run_period ("
	"  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,"
	"  t INTEGER NOT NULL CHECK (t >= 0), period TEXT,"
	"  accepted INTEGER NOT NULL, backlog INTEGER NOT NULL, in_vu INTEGER NOT NULL,"
	"  unhoused INTEGER NOT NULL,"
	"  waiting_1 INTEGER NOT NULL, waiting_2 INTEGER NOT NULL, waiting_3 INTEGER NOT NULL,"
	"  waiting_4 INTEGER NOT NULL, waiting_5plus INTEGER NOT NULL,"
	"  intake INTEGER, waiting_persons INTEGER, gu_places_open INTEGER, gu_persons INTEGER,"
	"  au_placed_persons INTEGER, municipalities_under_quota INTEGER,"
	"  PRIMARY KEY (run_id, t)) WITHOUT ROWID;"
	"CREATE TABLE run_gu ("
	"  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,"
	"  g INTEGER NOT NULL, t INTEGER NOT NULL, site TEXT NOT NULL, period TEXT,"
	"  persons INTEGER NOT NULL, open INTEGER NOT NULL, opened INTEGER NOT NULL,"
	"  closed INTEGER NOT NULL,"
	"  PRIMARY KEY (run_id, g, t)) WITHOUT ROWID;"
	"CREATE TABLE run_kombi ("
	"  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,"
	"  k INTEGER NOT NULL, t INTEGER NOT NULL, site TEXT NOT NULL, period TEXT,"
	"  ordered INTEGER NOT NULL, gu_modules INTEGER NOT NULL, au_modules INTEGER NOT NULL,"
	"  persons INTEGER NOT NULL,"
	"  PRIMARY KEY (run_id, k, t)) WITHOUT ROWID;"
	"CREATE TABLE run_municipality ("
	"  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,"
	"  m INTEGER NOT NULL, t INTEGER NOT NULL, municipality TEXT NOT NULL, period TEXT,"
	"  stock_1 INTEGER NOT NULL, stock_2 INTEGER NOT NULL, stock_3 INTEGER NOT NULL,"
	"  stock_4 INTEGER NOT NULL, stock_5plus INTEGER NOT NULL,"
	"  au_stock REAL NOT NULL, quota INTEGER NOT NULL, under_quota INTEGER NOT NULL,"
	"  over_quota INTEGER NOT NULL,"
	"  placed_own INTEGER, placed_kombi INTEGER, placed_offers INTEGER, placed_cumulative INTEGER,"
	"  PRIMARY KEY (run_id, m, t)) WITHOUT ROWID;"
	"CREATE TABLE run_offer ("
	"  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,"
	"  o INTEGER NOT NULL, offer TEXT NOT NULL, households INTEGER NOT NULL CHECK (households > 0),"
	"  PRIMARY KEY (run_id, o)) WITHOUT ROWID;"
	"CREATE TABLE run_kept_order ("
	"  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,"
	"  site TEXT NOT NULL, period TEXT NOT NULL, modules INTEGER NOT NULL CHECK (modules > 0),"
	"  PRIMARY KEY (run_id, site, period)) WITHOUT ROWID;",

	/* 1 -> 2: the key figures of every run as a view (the listing, the series and SQL users
	 * read them), and the index the time order of the listing uses. */
	"CREATE VIEW run_kpi AS SELECT r.id AS run_id,"
	"  (SELECT coalesce(sum(unhoused), 0) FROM run_period WHERE run_id = r.id AND t > 0)"
	"    AS unhoused_person_quarters,"
	"  (SELECT backlog FROM run_period WHERE run_id = r.id AND t = r.periods) AS backlog_end,"
	"  (SELECT coalesce(sum(backlog), 0) FROM run_period WHERE run_id = r.id AND t > 0)"
	"    AS backlog_person_quarters,"
	"  (SELECT waiting_persons FROM run_period WHERE run_id = r.id AND t = r.periods) AS waiting_end,"
	"  (SELECT max(waiting_persons) FROM run_period WHERE run_id = r.id AND t > 0) AS waiting_peak,"
	"  (SELECT coalesce(sum(au_placed_persons), 0) FROM run_period WHERE run_id = r.id AND t > 0)"
	"    AS au_placed,"
	"  (SELECT coalesce(sum(under_quota), 0) FROM run_municipality WHERE run_id = r.id"
	"    AND t = r.periods) AS under_quota_end,"
	"  (SELECT municipalities_under_quota FROM run_period WHERE run_id = r.id AND t = r.periods)"
	"    AS municipalities_under_quota_end,"
	"  (SELECT coalesce(sum(opened), 0) FROM run_gu WHERE run_id = r.id AND t > 0) AS gu_opened,"
	"  (SELECT coalesce(sum(closed), 0) FROM run_gu WHERE run_id = r.id AND t > 0) AS gu_closed,"
	"  (SELECT coalesce(sum(ordered), 0) FROM run_kombi WHERE run_id = r.id AND t > 0)"
	"    AS modules_ordered,"
	"  (SELECT coalesce(sum(modules), 0) FROM run_kept_order WHERE run_id = r.id) AS modules_kept,"
	"  (SELECT coalesce(sum(au_modules), 0) FROM run_kombi WHERE run_id = r.id AND t = r.periods)"
	"    AS modules_converted_end,"
	"  (SELECT coalesce(sum(households), 0) FROM run_offer WHERE run_id = r.id) AS flat_households,"
	"  (SELECT backlog FROM run_period WHERE run_id = r.id AND t = 1) AS first_backlog,"
	"  (SELECT waiting_persons FROM run_period WHERE run_id = r.id AND t = 1) AS first_waiting,"
	"  (SELECT unhoused FROM run_period WHERE run_id = r.id AND t = 1) AS first_unhoused,"
	"  (SELECT gu_places_open FROM run_period WHERE run_id = r.id AND t = 1) AS first_gu_places_open,"
	"  (SELECT gu_persons FROM run_period WHERE run_id = r.id AND t = 1) AS first_gu_persons,"
	"  (SELECT au_placed_persons FROM run_period WHERE run_id = r.id AND t = 1) AS first_au_placed"
	"  FROM run r;"
	"CREATE INDEX run_created ON run(created, id);",

	/* 2 -> 3: the key figures become a table filled from the C figures layer (figures.c) when a
	 * run is stored, so they have one definition; qt_store_kpis_fill fills it for the runs already there. */
	"DROP VIEW run_kpi;"
	"CREATE TABLE run_kpi ("
	"  run_id INTEGER PRIMARY KEY REFERENCES run(id) ON DELETE CASCADE,"
	"  unhoused_person_quarters INTEGER NOT NULL, backlog_end INTEGER NOT NULL,"
	"  backlog_person_quarters INTEGER NOT NULL, waiting_end INTEGER NOT NULL,"
	"  waiting_peak INTEGER NOT NULL, au_placed INTEGER NOT NULL, under_quota_end INTEGER NOT NULL,"
	"  municipalities_under_quota_end INTEGER NOT NULL, gu_opened INTEGER NOT NULL,"
	"  gu_closed INTEGER NOT NULL, modules_ordered INTEGER NOT NULL, modules_kept INTEGER NOT NULL,"
	"  modules_converted_end INTEGER NOT NULL, flat_households INTEGER NOT NULL,"
	"  first_backlog INTEGER NOT NULL, first_waiting INTEGER NOT NULL, first_unhoused INTEGER NOT NULL,"
	"  first_gu_places_open INTEGER NOT NULL, first_gu_persons INTEGER NOT NULL,"
	"  first_au_placed INTEGER NOT NULL);",

	/* 3 -> 4: GU sites handed over to their municipality (MODEL.md "Handing a GU over"); with the
	 * stored scenario, the plan's decisions then give its payers again. Older runs handed none over. */
	"ALTER TABLE run_gu ADD COLUMN handed_over INTEGER NOT NULL DEFAULT 0;",

	/* 4 -> 5: plans over futures (MODEL.md "Futures"). The run row of such a plan holds its solver
	 * figures, objective (the chosen objective over the futures) and cost (their expectation);
	 * each future's complete plan is a child run (parent_id, future: its id) with every plan
	 * table; run_futures holds what the plan over futures adds, run_voi the value of
	 * information when it was computed. Listings show only runs without a parent. */
	"ALTER TABLE run ADD COLUMN parent_id INTEGER REFERENCES run(id) ON DELETE CASCADE;"
	"ALTER TABLE run ADD COLUMN future TEXT;"
	"CREATE INDEX run_parent ON run(parent_id);"
	"CREATE TABLE run_futures ("
	"  run_id INTEGER PRIMARY KEY REFERENCES run(id) ON DELETE CASCADE,"
	"  n_future INTEGER NOT NULL CHECK (n_future >= 1), commit_quarters INTEGER NOT NULL,"
	"  objective_kind TEXT NOT NULL CHECK (objective_kind IN ('expected', 'worst')),"
	"  expected REAL NOT NULL, worst REAL NOT NULL);"
	"CREATE TABLE run_voi ("
	"  run_id INTEGER PRIMARY KEY REFERENCES run(id) ON DELETE CASCADE,"
	"  ws REAL, eev REAL, rp REAL, evpi REAL, vss REAL, ws_gap REAL, eev_gap REAL, rp_gap REAL);",
};

/* The step after migrations[v] that SQL cannot do, or NULL. */
static int (*const migration_fill[])(qt_store *st) = { NULL, NULL, qt_store_kpis_fill, NULL, NULL };
_Static_assert(sizeof migration_fill / sizeof *migration_fill == QT_STORE_SCHEMA, "one fill slot per version");

#define N_MIGRATIONS ((int)(sizeof migrations / sizeof *migrations))
_Static_assert(sizeof migrations / sizeof *migrations == QT_STORE_SCHEMA, "one migration per version");

/* Brings the schema to version target inside one write transaction. Another process may have
 * migrated meanwhile: the version is read again under the lock. */
static int migrate(qt_store *st, int target)
{
	int rc = qt_store_exec(st, "BEGIN IMMEDIATE", "starting the schema migration");
	if (rc)
		return rc;
	long v;
	if (!(rc = qt_store_query_int(st, "PRAGMA user_version", &v)) && v > QT_STORE_SCHEMA)
		rc = qt_set_error(QT_EINPUT, "%s: another program moved the schema to version %ld meanwhile",
				  st->path, v);
	for (; !rc && v < target; v++) {
		rc = qt_store_exec(st, migrations[v], "migrating the schema");
		if (!rc && migration_fill[v])
			rc = migration_fill[v](st);
	}
	if (!rc) {
		char sql[96];
		snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = %d",
			 QT_STORE_APP_ID, (int)v);
		rc = qt_store_exec(st, sql, "setting the schema version");
	}
	if (!rc)
		rc = qt_store_exec(st, "COMMIT", "committing the schema migration");
	if (rc) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	st->version = (int)v;
	return 0;
}

/* Reads the header in one snapshot and refuses anything but a quartier run database of a version
 * this library knows (or an empty file, which becomes one). */
static int identify(qt_store *st)
{
	long app = 0, version = 0, objects = 0;
	if (sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return qt_store_fail(st, "reading");
	int rc = qt_store_query_int(st, "PRAGMA application_id", &app);
	if (!rc)
		rc = qt_store_query_int(st, "PRAGMA user_version", &version);
	if (!rc)
		rc = qt_store_query_int(st, "SELECT count(*) FROM sqlite_master", &objects);
	int notadb = (sqlite3_extended_errcode(st->db) & 0xff) == SQLITE_NOTADB;
	sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	if (rc && notadb)
		return qt_set_error(QT_EINPUT, "%s is not an SQLite database, so not a quartier run database",
				    st->path);
	if (rc)
		return rc;
	if (app != 0 && app != QT_STORE_APP_ID)
		return qt_set_error(QT_EINPUT,
				    "%s is an SQLite database of another program (application_id %ld), "
				    "not a quartier run database",
				    st->path, app);
	if (app == 0 && objects > 0)
		return qt_set_error(QT_EINPUT,
				    "%s is an SQLite database of another program (it has tables but is not "
				    "marked as a quartier run database)",
				    st->path);
	if (version > QT_STORE_SCHEMA)
		return qt_set_error(QT_EINPUT,
				    "%s has schema version %ld, newer than this quartier %s knows (%d): "
				    "use a newer quartier to read it",
				    st->path, version, QT_VERSION, QT_STORE_SCHEMA);
	st->version = (int)version;
	return 0;
}

void qt_store_close(qt_store *st)
{
	if (!st)
		return;
	sqlite3_close_v2(st->db);
	free(st->path);
	free(st);
}

static int open_file(qt_store *st, qt_store_mode mode)
{
	struct stat sb;
	int exists = stat(st->path, &sb) == 0;
	if (!exists && errno != ENOENT)
		return qt_set_error(QT_EINPUT, "cannot open the run database %s: %s", st->path, strerror(errno));
	if (exists && S_ISDIR(sb.st_mode))
		return qt_set_error(QT_EINPUT, "%s is a directory, not a run database", st->path);
	if (!exists && mode == QT_STORE_READ)
		return qt_set_error(QT_EINPUT,
				    "no run database at %s (quartier solve creates one; --db FILE or "
				    "$QUARTIER_DB names another)",
				    st->path);
	/* Permission bits count even for root, who could write anyway: a file made read-only is
	 * meant to stay as it is. */
	int writable = !exists || (access(st->path, W_OK) == 0 && (sb.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)));
	if (mode == QT_STORE_WRITE && !writable)
		return qt_set_error(QT_EINPUT,
				    "%s is read-only: the run cannot be stored there (--db FILE names another "
				    "database, --no-store solves without storing)",
				    st->path);
	st->readonly = !writable;
	st->reading = mode == QT_STORE_READ;
	int flags = writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY;
	if (mode == QT_STORE_WRITE)
		flags |= SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(st->path, &st->db, flags, NULL) != SQLITE_OK) {
		int rc = qt_set_error(QT_EINPUT, "cannot open the run database %s: %s", st->path,
				      st->db ? sqlite3_errmsg(st->db) : "out of memory");
		return st->db ? rc : qt_set_error(QT_ENOMEM, "out of memory");
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, QT_STORE_BUSY_MS);
	return 0;
}

/* Switches the journal to WAL (a no-op once the file is in WAL mode). Leaving the rollback journal
 * needs the file to itself, and SQLite answers SQLITE_BUSY at once, without its busy handler, while
 * another process holds it (two processes creating the database together): wait and retry. */
static int use_wal(qt_store *st)
{
	for (long waited_ms = 0;; waited_ms += 10) {
		sqlite3_stmt *q;
		int rc = qt_store_prepare(&q, st, "PRAGMA journal_mode = WAL");
		if (rc)
			return rc;
		int r = sqlite3_step(q);
		const unsigned char *jm = r == SQLITE_ROW ? sqlite3_column_text(q, 0) : NULL;
		if (r == SQLITE_ROW && jm && !strcmp((const char *)jm, "wal"))
			rc = 0;
		else if (r == SQLITE_ROW)
			rc = qt_set_error(QT_EIO, "%s: the WAL journal is not available here (journal mode %s)",
					  st->path, jm ? (const char *)jm : "?");
		else if (((r & 0xff) == SQLITE_BUSY || (r & 0xff) == SQLITE_LOCKED) && waited_ms < QT_STORE_BUSY_MS)
			rc = 1; /* try again */
		else
			rc = qt_store_fail(st, "switching to the WAL journal");
		sqlite3_finalize(q);
		if (rc != 1)
			return rc;
		struct timespec ts = { 0, 10 * 1000000L };
		nanosleep(&ts, NULL);
	}
}

int qt_store_open_version(qt_store **out, const char *path, qt_store_mode mode, int version)
{
	if (!out || !path || !*path || version < 1 || version > QT_STORE_SCHEMA ||
	    (mode != QT_STORE_WRITE && mode != QT_STORE_READ))
		return qt_set_error(QT_EINVAL, "qt_store_open: bad arguments");
	*out = NULL;
	qt_store *st = calloc(1, sizeof *st);
	if (!st || !(st->path = qt_strdup(path))) {
		free(st);
		return qt_set_error(QT_ENOMEM, "out of memory");
	}
	int rc = open_file(st, mode);
	if (!rc)
		rc = identify(st);
	if (!rc)
		rc = qt_store_exec(st, "PRAGMA foreign_keys = ON", "switching foreign keys on");
	if (!rc && !st->readonly)
		rc = use_wal(st);
	if (!rc && st->version < version) {
		if (st->readonly)
			rc = qt_set_error(QT_EINPUT,
					  "%s has schema version %d, which must be migrated to %d, but the file "
					  "is read-only",
					  st->path, st->version, version);
		else
			rc = migrate(st, version);
	}
	if (rc) {
		qt_store_close(st);
		return rc;
	}
	*out = st;
	return 0;
}

int qt_store_open(qt_store **out, const char *path, qt_store_mode mode)
{
	return qt_store_open_version(out, path, mode, QT_STORE_SCHEMA);
}
