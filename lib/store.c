/* The run database: opening (telling a run database from anything else), forward migrations,
 * storing a run in one transaction, and reading it back. The reports over stored runs are in
 * store_report.c. Every value goes into SQL through a bound parameter; the only SQL text built at
 * run time is the PRAGMA that sets the schema version, from integer constants. */
#include "store.h"
#include "table.h"

#include <cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- SHA-256 (FIPS 180-4) ---- */

typedef struct {
	uint32_t h[8];
	uint64_t bytes;
	unsigned char block[64];
} sha256;

static const uint32_t sha_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

static void sha_block(sha256 *c, const unsigned char *p)
{
	uint32_t w[64], v[8];
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 |
		       (uint32_t)p[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	memcpy(v, c->h, sizeof v);
	for (int i = 0; i < 64; i++) {
		uint32_t s1 = ror(v[4], 6) ^ ror(v[4], 11) ^ ror(v[4], 25);
		uint32_t ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
		uint32_t t1 = v[7] + s1 + ch + sha_k[i] + w[i];
		uint32_t s0 = ror(v[0], 2) ^ ror(v[0], 13) ^ ror(v[0], 22);
		uint32_t maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
		memmove(v + 1, v, 7 * sizeof *v);
		v[4] += t1;
		v[0] = t1 + s0 + maj;
	}
	for (int i = 0; i < 8; i++)
		c->h[i] += v[i];
}

void qt_sha256_hex(const void *data, size_t len, char hex[65])
{
	sha256 c = { { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
		       0x5be0cd19 },
		     0,
		     { 0 } };
	const unsigned char *p = data;
	c.bytes = len;
	for (; len >= 64; p += 64, len -= 64)
		sha_block(&c, p);
	memcpy(c.block, p, len);
	c.block[len] = 0x80;
	memset(c.block + len + 1, 0, 63 - len);
	if (len >= 56) {
		sha_block(&c, c.block);
		memset(c.block, 0, 64);
	}
	uint64_t bits = c.bytes * 8;
	for (int i = 0; i < 8; i++)
		c.block[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
	sha_block(&c, c.block);
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", (unsigned)(c.h[i / 4] >> (24 - 8 * (i % 4))) & 0xffu);
}

/* ---- errors and statements ---- */

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

/* Runs SQL without parameters (schema, transactions). */
static int exec(const qt_store *st, const char *sql, const char *what)
{
	return sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : qt_store_fail(st, what);
}

/* One step of a statement that returns no row, then reset for the next bindings. */
static int step_done(const qt_store *st, sqlite3_stmt *q, const char *what)
{
	int rc = sqlite3_step(q) == SQLITE_DONE ? 0 : qt_store_fail(st, what);
	sqlite3_reset(q);
	return rc;
}

/* The single integer of a query without parameters (a PRAGMA); *v = 0 if it returns no row. */
static int query_int(const qt_store *st, const char *sql, long *v)
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
};

#define N_MIGRATIONS ((int)(sizeof migrations / sizeof *migrations))
_Static_assert(sizeof migrations / sizeof *migrations == QT_STORE_SCHEMA, "one migration per version");

/* Brings the schema to version target inside one write transaction. Another process may have
 * migrated meanwhile: the version is read again under the lock. */
static int migrate(qt_store *st, int target)
{
	int rc = exec(st, "BEGIN IMMEDIATE", "starting the schema migration");
	if (rc)
		return rc;
	long v;
	if (!(rc = query_int(st, "PRAGMA user_version", &v)) && v > QT_STORE_SCHEMA)
		rc = qt_set_error(QT_EINPUT, "%s: another program moved the schema to version %ld meanwhile",
				  st->path, v);
	for (; !rc && v < target; v++)
		rc = exec(st, migrations[v], "migrating the schema");
	if (!rc) {
		char sql[96];
		snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = %d",
			 QT_STORE_APP_ID, (int)v);
		rc = exec(st, sql, "setting the schema version");
	}
	if (!rc)
		rc = exec(st, "COMMIT", "committing the schema migration");
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
	int rc = query_int(st, "PRAGMA application_id", &app);
	if (!rc)
		rc = query_int(st, "PRAGMA user_version", &version);
	if (!rc)
		rc = query_int(st, "SELECT count(*) FROM sqlite_master", &objects);
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
		rc = exec(st, "PRAGMA foreign_keys = ON", "switching foreign keys on");
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

/* ---- transactions ---- */

static int writable(const qt_store *st)
{
	if (!st)
		return qt_set_error(QT_EINVAL, "no run database");
	if (st->readonly || st->reading)
		return qt_set_error(QT_EINVAL, "%s is open for reading only", st->path);
	return 0;
}

int qt_store_begin(qt_store *st)
{
	int rc = writable(st);
	return rc ? rc : exec(st, "BEGIN IMMEDIATE", "starting a transaction");
}

int qt_store_commit(qt_store *st)
{
	int rc = writable(st);
	if (!rc && (rc = exec(st, "COMMIT", "committing")))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

int qt_store_rollback(qt_store *st)
{
	int rc = writable(st);
	return rc ? rc : exec(st, "ROLLBACK", "rolling back");
}

/* ---- storing a run ---- */

void qt_run_info_init(qt_run_info *info)
{
	memset(info, 0, sizeof *info);
	info->version = QT_RUN_INFO_VERSION;
}

/* A JSON array of n strings, printed compactly (caller frees with free()); NULL if out of memory. */
static char *json_strings(const char *const *v, size_t n)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; a && i < n; i++) {
		cJSON *item = cJSON_CreateString(v[i] ? v[i] : "");
		if (!item || !cJSON_AddItemToArray(a, item)) {
			cJSON_Delete(item);
			cJSON_Delete(a);
			a = NULL;
		}
	}
	char *text = a ? cJSON_PrintUnformatted(a) : NULL;
	cJSON_Delete(a);
	return text;
}

/* Binds v[0..n) to the parameters first, first + 1, ... */
static void bind_longs(sqlite3_stmt *q, int first, const long *v, int n)
{
	for (int i = 0; i < n; i++)
		sqlite3_bind_int64(q, first + i, v[i]);
}

static void bind_period(sqlite3_stmt *q, int i, const qt_scenario *s, int t)
{
	char label[8];
	if (t == 0) {
		sqlite3_bind_null(q, i);
		return;
	}
	qt_period_label(s->start_year, s->start_q, t, label);
	sqlite3_bind_text(q, i, label, -1, SQLITE_TRANSIENT);
}

/* A double that may be infinite (gap, bound without a plan) is stored as it is; NaN as NULL. */
static void bind_real(sqlite3_stmt *q, int i, double v)
{
	if (isnan(v))
		sqlite3_bind_null(q, i);
	else
		sqlite3_bind_double(q, i, v);
}

typedef struct {
	qt_store *st;
	const qt_scenario *s;
	const qt_plan *p;
	long run;
} writer;

static int put_scenario(writer *w, long *scenario_id)
{
	const qt_scenario *s = w->s;
	char sha[65];
	qt_sha256_hex(s->text, s->text_len, sha);
	sqlite3_stmt *q;
	int rc = qt_store_prepare(&q, w->st,
				  "INSERT INTO scenario (sha256, bytes, document) VALUES (?1, ?2, ?3)"
				  " ON CONFLICT (sha256) DO NOTHING");
	if (rc)
		return rc;
	sqlite3_bind_text(q, 1, sha, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 2, (sqlite3_int64)s->text_len);
	sqlite3_bind_blob64(q, 3, s->text, s->text_len, SQLITE_STATIC);
	rc = step_done(w->st, q, "storing the scenario");
	sqlite3_finalize(q);
	if (rc || (rc = qt_store_prepare(&q, w->st, "SELECT id FROM scenario WHERE sha256 = ?1")))
		return rc;
	sqlite3_bind_text(q, 1, sha, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(q) == SQLITE_ROW)
		*scenario_id = (long)sqlite3_column_int64(q, 0);
	else
		rc = qt_store_fail(w->st, "finding the stored scenario");
	sqlite3_finalize(q);
	return rc;
}

static int put_run(writer *w, long scenario_id, const qt_run_info *info)
{
	const qt_scenario *s = w->s;
	const qt_plan *p = w->p;
	const qt_solve_options *opt = info ? info->opt : NULL;
	char *command = json_strings(info ? info->argv : NULL, info && info->argv ? (size_t)info->argc : 0);
	char *sets = json_strings(info ? info->sets : NULL, info && info->sets ? info->n_sets : 0);
	sqlite3_stmt *q = NULL;
	int rc = command && sets ? 0 : qt_set_error(QT_ENOMEM, "out of memory");
	if (!rc)
		rc = qt_store_prepare(
			&q, w->st,
			"INSERT INTO run (created, scenario_id, scenario_name, start, periods, n_gu, n_kombi,"
			" n_municipality, n_offer, command, overrides, time_limit_s, gap_target, kept_from,"
			" quartier_version, glpk_version, status, gap, bound, seconds, nodes, program_rows,"
			" program_cols, program_integers, objective, cost)"
			" VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
			" ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)");
	if (!rc) {
		char start[8];
		qt_period_label(s->start_year, s->start_q, 1, start);
		sqlite3_bind_int64(q, 1, scenario_id);
		sqlite3_bind_text(q, 2, s->name ? s->name : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 3, start, -1, SQLITE_TRANSIENT);
		long sizes[] = { s->T, s->n_gu, s->n_kombi, s->n_muni, s->n_offer };
		bind_longs(q, 4, sizes, 5);
		sqlite3_bind_text(q, 9, command, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 10, sets, -1, SQLITE_STATIC);
		sqlite3_bind_double(q, 11, opt && opt->time_limit_s > 0 ? opt->time_limit_s : s->time_limit_s);
		sqlite3_bind_double(q, 12, opt && opt->gap >= 0 ? opt->gap : s->gap);
		if (info && info->kept_from > 0)
			sqlite3_bind_int64(q, 13, info->kept_from);
		else
			sqlite3_bind_null(q, 13);
		sqlite3_bind_text(q, 14, QT_VERSION, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 15, qt_glpk_version(), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q, 16, qt_status_name(p->status), -1, SQLITE_STATIC);
		bind_real(q, 17, p->gap);
		bind_real(q, 18, p->bound);
		sqlite3_bind_double(q, 19, p->seconds);
		long counts[] = { p->nodes, p->rows, p->cols, p->ints };
		bind_longs(q, 20, counts, 4);
		sqlite3_bind_double(q, 24, p->objective);
		sqlite3_bind_double(q, 25, p->cost);
		rc = step_done(w->st, q, "storing the run");
		w->run = (long)sqlite3_last_insert_rowid(w->st->db);
	}
	sqlite3_finalize(q);
	free(command);
	free(sets);
	return rc;
}

static int put_penalties(writer *w)
{
	sqlite3_stmt *q;
	int rc = qt_store_prepare(&q, w->st, "INSERT INTO run_penalty (run_id, term, value) VALUES (?1, ?2, ?3)");
	for (int i = 0; !rc && i < QT_NPEN; i++) {
		sqlite3_bind_int64(q, 1, w->run);
		sqlite3_bind_text(q, 2, qt_penalty_names[i], -1, SQLITE_STATIC);
		sqlite3_bind_double(q, 3, w->p->penalty[i]);
		rc = step_done(w->st, q, "storing the objective terms");
	}
	sqlite3_finalize(q);
	return rc;
}

static int put_periods(writer *w)
{
	const qt_scenario *s = w->s;
	const qt_plan *p = w->p;
	int T = p->T;
	sqlite3_stmt *q;
	int rc = qt_store_prepare(&q, w->st,
				  "INSERT INTO run_period (run_id, t, period, accepted, backlog, in_vu, unhoused,"
				  " waiting_1, waiting_2, waiting_3, waiting_4, waiting_5plus, intake, waiting_persons,"
				  " gu_places_open, gu_persons, au_placed_persons, municipalities_under_quota)"
				  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)");
	for (int t = 0; !rc && t <= T; t++) {
		sqlite3_bind_int64(q, 1, w->run);
		sqlite3_bind_int64(q, 2, t);
		bind_period(q, 3, s, t);
		long v[] = { p->acc[t], p->bl[t], p->V[t], p->U[t] };
		bind_longs(q, 4, v, 4);
		for (int h = 0; h < QT_NCLASS; h++)
			sqlite3_bind_int64(q, 8 + h, p->F[QT_IX(h, t, T)]);
		if (t > 0) {
			qt_period_totals tot;
			qt_period_totals_get(&tot, s, p, t);
			long d[] = { tot.intake,	 tot.waiting_persons,   tot.gu_places_open,
				     tot.gu_persons, tot.au_placed_persons, tot.munis_under_quota };
			bind_longs(q, 13, d, 6);
		} else {
			for (int i = 13; i <= 18; i++)
				sqlite3_bind_null(q, i);
		}
		rc = step_done(w->st, q, "storing the period totals");
	}
	sqlite3_finalize(q);
	return rc;
}

static int put_gu(writer *w)
{
	const qt_plan *p = w->p;
	int T = p->T;
	sqlite3_stmt *q;
	int rc = qt_store_prepare(&q, w->st,
				  "INSERT INTO run_gu (run_id, g, t, site, period, persons, open, opened, closed)"
				  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
	for (int g = 0; !rc && g < p->G; g++)
		for (int t = 0; !rc && t <= T; t++) {
			size_t ix = QT_IX(g, t, T);
			long v[] = { w->run, g, t };
			bind_longs(q, 1, v, 3);
			sqlite3_bind_text(q, 4, w->s->gu[g].id, -1, SQLITE_STATIC);
			bind_period(q, 5, w->s, t);
			long d[] = { p->x[ix], p->open[ix], p->up[ix], p->dn[ix] };
			bind_longs(q, 6, d, 4);
			rc = step_done(w->st, q, "storing the GU sites");
		}
	sqlite3_finalize(q);
	return rc;
}

static int put_kombi(writer *w)
{
	const qt_plan *p = w->p;
	int T = p->T;
	sqlite3_stmt *q;
	int rc = qt_store_prepare(&q, w->st,
				  "INSERT INTO run_kombi (run_id, k, t, site, period, ordered, gu_modules, au_modules,"
				  " persons) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
	for (int k = 0; !rc && k < p->K; k++)
		for (int t = 0; !rc && t <= T; t++) {
			size_t ix = QT_IX(k, t, T);
			long v[] = { w->run, k, t };
			bind_longs(q, 1, v, 3);
			sqlite3_bind_text(q, 4, w->s->kombi[k].id, -1, SQLITE_STATIC);
			bind_period(q, 5, w->s, t);
			long d[] = { p->b[ix], p->ng[ix], p->na[ix], p->y[ix] };
			bind_longs(q, 6, d, 4);
			rc = step_done(w->st, q, "storing the Kombimodell sites");
		}
	sqlite3_finalize(q);
	return rc;
}

static int put_municipalities(writer *w)
{
	const qt_plan *p = w->p;
	int T = p->T;
	sqlite3_stmt *q;
	int rc = qt_store_prepare(&q, w->st,
				  "INSERT INTO run_municipality (run_id, m, t, municipality, period, stock_1, stock_2,"
				  " stock_3, stock_4, stock_5plus, au_stock, quota, under_quota, over_quota, placed_own,"
				  " placed_kombi, placed_offers, placed_cumulative)"
				  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)");
	qt_placed placed[QT_MAX_PERIODS + 1];
	for (int m = 0; !rc && m < p->M; m++) {
		qt_placed_series(placed, w->s, p, m);
		for (int t = 0; !rc && t <= T; t++) {
			size_t ix = QT_IX(m, t, T);
			long v[] = { w->run, m, t };
			bind_longs(q, 1, v, 3);
			sqlite3_bind_text(q, 4, w->s->muni[m].id, -1, SQLITE_STATIC);
			bind_period(q, 5, w->s, t);
			for (int h = 0; h < QT_NCLASS; h++)
				sqlite3_bind_int64(q, 6 + h, p->as[QT_IX(m * QT_NCLASS + h, t, T)]);
			sqlite3_bind_double(q, 11, p->A[ix]);
			long d[] = { p->q[ix], p->under[ix], p->over[ix] };
			bind_longs(q, 12, d, 3);
			if (t > 0) {
				long pl[] = { placed[t].own, placed[t].kombi, placed[t].offers, placed[t].cumulative };
				bind_longs(q, 15, pl, 4);
			} else {
				for (int i = 15; i <= 18; i++)
					sqlite3_bind_null(q, i);
			}
			rc = step_done(w->st, q, "storing the municipalities");
		}
	}
	sqlite3_finalize(q);
	return rc;
}

static int put_offers(writer *w)
{
	sqlite3_stmt *q;
	int rc = qt_store_prepare(&q, w->st,
				  "INSERT INTO run_offer (run_id, o, offer, households) VALUES (?1, ?2, ?3, ?4)");
	for (int o = 0; !rc && o < w->p->O; o++) {
		if (w->p->ao[o] <= 0)
			continue;
		long v[] = { w->run, o };
		bind_longs(q, 1, v, 2);
		sqlite3_bind_text(q, 3, w->s->offer[o].id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 4, w->p->ao[o]);
		rc = step_done(w->st, q, "storing the offers used");
	}
	sqlite3_finalize(q);
	return rc;
}

static int put_kept(writer *w, const qt_solve_options *opt)
{
	if (!opt || !opt->n_kept || !opt->kept)
		return 0;
	sqlite3_stmt *q;
	int rc = qt_store_prepare(&q, w->st,
				  "INSERT INTO run_kept_order (run_id, site, period, modules) VALUES (?1, ?2, ?3, ?4)"
				  " ON CONFLICT (run_id, site, period) DO UPDATE SET modules = modules + excluded.modules");
	for (size_t i = 0; !rc && i < opt->n_kept; i++) {
		const qt_kept_order *k = &opt->kept[i];
		sqlite3_bind_int64(q, 1, w->run);
		sqlite3_bind_text(q, 2, k->kombi ? k->kombi : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 3, k->period, (int)strnlen(k->period, sizeof k->period), SQLITE_TRANSIENT);
		sqlite3_bind_int64(q, 4, k->modules);
		rc = step_done(w->st, q, "storing the kept orders");
	}
	sqlite3_finalize(q);
	return rc;
}

static int write_run(writer *w, const qt_run_info *info)
{
	long scenario_id = 0;
	int rc = put_scenario(w, &scenario_id);
	if (!rc)
		rc = put_run(w, scenario_id, info);
	if (!rc)
		rc = put_penalties(w);
	if (!rc)
		rc = put_periods(w);
	if (!rc)
		rc = put_gu(w);
	if (!rc)
		rc = put_kombi(w);
	if (!rc)
		rc = put_municipalities(w);
	if (!rc)
		rc = put_offers(w);
	if (!rc)
		rc = put_kept(w, info ? info->opt : NULL);
	return rc;
}

int qt_store_add_run(long *id, qt_store *st, const qt_scenario *s, const qt_plan *p, const qt_run_info *info)
{
	int rc = writable(st);
	if (rc)
		return rc;
	if (!id || !s || !p || !s->text)
		return qt_set_error(QT_EINVAL, "qt_store_add_run: bad arguments");
	if ((rc = qt_report_args(s, p)))
		return rc;
	*id = 0;
	/* Inside the caller's transaction a savepoint undoes a failed run alone. */
	int own = sqlite3_get_autocommit(st->db);
	if ((rc = exec(st, own ? "BEGIN IMMEDIATE" : "SAVEPOINT qt_run", "starting the run's transaction")))
		return rc;
	writer w = { st, s, p, 0 };
	rc = write_run(&w, info);
	if (!rc)
		rc = exec(st, own ? "COMMIT" : "RELEASE qt_run", "committing the run");
	if (rc) {
		sqlite3_exec(st->db, own ? "ROLLBACK" : "ROLLBACK TO qt_run; RELEASE qt_run", NULL, NULL, NULL);
		return rc;
	}
	*id = w.run;
	return 0;
}

/* ---- reading runs ---- */

int qt_store_find_run(long *id, qt_store *st, const char *ref)
{
	if (!id || !st || !ref)
		return qt_set_error(QT_EINVAL, "qt_store_find_run: bad arguments");
	*id = 0;
	long want = -1;
	if (strcmp(ref, "last")) {
		char *end;
		errno = 0;
		want = strtol(ref, &end, 10);
		if (errno || end == ref || *end || want < 1)
			return qt_set_error(QT_EINPUT, "'%s' is not a run: expected a run id (1, 2, ...) or 'last'", ref);
	}
	sqlite3_stmt *q;
	int rc = qt_store_prepare(&q, st,
				  "SELECT (SELECT id FROM run WHERE id = ?1), min(id), max(id), count(*) FROM run");
	if (rc)
		return rc;
	sqlite3_bind_int64(q, 1, want);
	if (sqlite3_step(q) != SQLITE_ROW)
		rc = qt_store_fail(st, "finding the run");
	else if (sqlite3_column_int64(q, 3) == 0)
		rc = qt_set_error(QT_EINPUT, "%s holds no runs yet", st->path);
	else if (want < 0)
		*id = (long)sqlite3_column_int64(q, 2);
	else if (sqlite3_column_type(q, 0) == SQLITE_NULL)
		rc = qt_set_error(QT_EINPUT, "%s has no run %ld (runs %lld to %lld)", st->path, want,
				  (long long)sqlite3_column_int64(q, 1), (long long)sqlite3_column_int64(q, 2));
	else
		*id = want;
	sqlite3_finalize(q);
	return rc;
}

/* A row of run r must exist: QT_EINPUT otherwise. */
static int no_run(const qt_store *st, long id)
{
	return qt_set_error(QT_EINPUT, "%s has no run %ld", st->path, id);
}

int qt_store_scenario_text(char **out, size_t *len, qt_store *st, long id)
{
	if (!out || !st)
		return qt_set_error(QT_EINVAL, "qt_store_scenario_text: bad arguments");
	*out = NULL;
	sqlite3_stmt *q;
	int rc = qt_store_prepare(&q, st,
				  "SELECT s.document, s.bytes FROM run r JOIN scenario s ON s.id = r.scenario_id"
				  " WHERE r.id = ?1");
	if (rc)
		return rc;
	sqlite3_bind_int64(q, 1, id);
	int r = sqlite3_step(q);
	if (r == SQLITE_ROW) {
		const void *blob = sqlite3_column_blob(q, 0);
		size_t n = (size_t)sqlite3_column_bytes(q, 0);
		if ((sqlite3_int64)n != sqlite3_column_int64(q, 1))
			rc = qt_set_error(QT_EIO, "%s: the scenario of run %ld is damaged (%zu bytes, %lld stored)",
					  st->path, id, n, (long long)sqlite3_column_int64(q, 1));
		else if (!(*out = malloc(n + 1)))
			rc = qt_set_error(QT_ENOMEM, "out of memory");
		else {
			if (n)
				memcpy(*out, blob, n);
			(*out)[n] = '\0';
			if (len)
				*len = n;
		}
	} else {
		rc = r == SQLITE_DONE ? no_run(st, id) : qt_store_fail(st, "reading the scenario");
	}
	sqlite3_finalize(q);
	return rc;
}

/* The strings of a stored JSON array; *v (and each string) freed by free_strings. */
static int parse_strings(char ***v, size_t *n, const char *json)
{
	*v = NULL;
	*n = 0;
	cJSON *a = cJSON_Parse(json ? json : "[]");
	if (!cJSON_IsArray(a)) {
		cJSON_Delete(a);
		return qt_set_error(QT_EIO, "a stored list is damaged: %.60s", json ? json : "");
	}
	size_t count = (size_t)cJSON_GetArraySize(a);
	*v = calloc(count + 1, sizeof **v);
	int rc = *v ? 0 : qt_set_error(QT_ENOMEM, "out of memory");
	const cJSON *it;
	cJSON_ArrayForEach(it, a)
	{
		if (rc)
			break;
		if (!cJSON_IsString(it) || !((*v)[*n] = qt_strdup(it->valuestring)))
			rc = cJSON_IsString(it) ? qt_set_error(QT_ENOMEM, "out of memory")
						: qt_set_error(QT_EIO, "a stored list is damaged");
		else
			(*n)++;
	}
	cJSON_Delete(a);
	return rc;
}

static void free_strings(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

/* The run's stored scalars, in the order the SELECT below lists them. */
typedef struct {
	int T, G, K, M, O;
	qt_status status;
	double gap, bound, seconds, objective, cost;
	long nodes, rows, cols, ints;
	char *overrides;
} run_row;

static double real_or_nan(sqlite3_stmt *q, int i)
{
	return sqlite3_column_type(q, i) == SQLITE_NULL ? NAN : sqlite3_column_double(q, i);
}

static int read_run_row(run_row *r, qt_store *st, long id)
{
	sqlite3_stmt *q;
	int rc = qt_store_prepare(&q, st,
				  "SELECT periods, n_gu, n_kombi, n_municipality, n_offer, status, gap, bound, seconds,"
				  " nodes, program_rows, program_cols, program_integers, objective, cost, overrides"
				  " FROM run WHERE id = ?1");
	if (rc)
		return rc;
	sqlite3_bind_int64(q, 1, id);
	int step = sqlite3_step(q);
	if (step == SQLITE_ROW) {
		r->T = sqlite3_column_int(q, 0);
		r->G = sqlite3_column_int(q, 1);
		r->K = sqlite3_column_int(q, 2);
		r->M = sqlite3_column_int(q, 3);
		r->O = sqlite3_column_int(q, 4);
		const char *status = (const char *)sqlite3_column_text(q, 5);
		r->status = QT_STATUS_OPTIMAL;
		for (int i = 0; i <= QT_STATUS_INTERRUPTED; i++)
			if (status && !strcmp(status, qt_status_name((qt_status)i)))
				r->status = (qt_status)i;
		r->gap = real_or_nan(q, 6);
		r->bound = real_or_nan(q, 7);
		r->seconds = sqlite3_column_double(q, 8);
		r->nodes = (long)sqlite3_column_int64(q, 9);
		r->rows = (long)sqlite3_column_int64(q, 10);
		r->cols = (long)sqlite3_column_int64(q, 11);
		r->ints = (long)sqlite3_column_int64(q, 12);
		r->objective = sqlite3_column_double(q, 13);
		r->cost = sqlite3_column_double(q, 14);
		r->overrides = qt_strdup((const char *)sqlite3_column_text(q, 15));
		if (!r->overrides)
			rc = qt_set_error(QT_ENOMEM, "out of memory");
	} else {
		rc = step == SQLITE_DONE ? no_run(st, id) : qt_store_fail(st, "reading the run");
	}
	sqlite3_finalize(q);
	return rc;
}

/* The stored scenario of run id, read again with its stored overrides. */
static int load_scenario(qt_scenario **out, qt_store *st, long id, const char *overrides)
{
	char *text = NULL, **sets = NULL;
	size_t len = 0, n_sets = 0;
	int rc = qt_store_scenario_text(&text, &len, st, id);
	if (!rc)
		rc = parse_strings(&sets, &n_sets, overrides);
	if (!rc) {
		qt_errors *errs = NULL;
		rc = qt_scenario_parse_with(out, &errs, text, len, (const char *const *)sets, n_sets);
		if (rc == QT_EINPUT)
			rc = qt_set_error(QT_EIO, "%s: the scenario of run %ld does not read any more: %s%s%s",
					  st->path, id, errs && qt_errors_count(errs) ? qt_errors_pointer(errs, 0) : "",
					  errs && qt_errors_count(errs) ? ": " : "",
					  errs && qt_errors_count(errs) ? qt_errors_message(errs, 0) : "");
		qt_errors_free(errs);
	}
	free(text);
	free_strings(sets, n_sets);
	return rc;
}

/* Reads the rows of one plan table: fill(p, row) takes each; the count must be `expect`. */
typedef int (*row_reader)(qt_plan *p, sqlite3_stmt *q);

static int read_table(qt_store *st, long id, qt_plan *p, const char *table, const char *sql, row_reader fill,
		      long expect)
{
	sqlite3_stmt *q;
	int rc = qt_store_prepare(&q, st, sql);
	if (rc)
		return rc;
	sqlite3_bind_int64(q, 1, id);
	long n = 0;
	int step = SQLITE_DONE;
	while (!rc && (step = sqlite3_step(q)) == SQLITE_ROW) {
		if (fill(p, q))
			rc = qt_set_error(QT_EIO, "%s: run %ld: a row of %s lies outside the plan", st->path, id, table);
		n++;
	}
	if (!rc && step != SQLITE_DONE)
		rc = qt_store_fail(st, "reading the plan");
	if (!rc && expect >= 0 && n != expect)
		rc = qt_set_error(QT_EIO, "%s: run %ld is incomplete: %s holds %ld rows, expected %ld", st->path, id,
				  table, n, expect);
	sqlite3_finalize(q);
	return rc;
}

static long col_long(sqlite3_stmt *q, int i) { return (long)sqlite3_column_int64(q, i); }

/* (index, t) of a row, checked against the plan's sizes; -1 if outside. */
static long cell(const qt_plan *p, sqlite3_stmt *q, int n)
{
	long i = col_long(q, 0), t = col_long(q, 1);
	return i < 0 || i >= n || t < 0 || t > p->T ? -1 : (long)QT_IX(i, t, p->T);
}

static int fill_period(qt_plan *p, sqlite3_stmt *q)
{
	long t = col_long(q, 1);
	if (t < 0 || t > p->T)
		return -1;
	p->acc[t] = col_long(q, 2);
	p->bl[t] = col_long(q, 3);
	p->V[t] = col_long(q, 4);
	p->U[t] = col_long(q, 5);
	for (int h = 0; h < QT_NCLASS; h++)
		p->F[QT_IX(h, t, p->T)] = col_long(q, 6 + h);
	return 0;
}

static int fill_gu(qt_plan *p, sqlite3_stmt *q)
{
	long ix = cell(p, q, p->G);
	if (ix < 0)
		return -1;
	p->x[ix] = col_long(q, 2);
	p->open[ix] = (unsigned char)(col_long(q, 3) != 0);
	p->up[ix] = (unsigned char)(col_long(q, 4) != 0);
	p->dn[ix] = (unsigned char)(col_long(q, 5) != 0);
	return 0;
}

static int fill_kombi(qt_plan *p, sqlite3_stmt *q)
{
	long ix = cell(p, q, p->K);
	if (ix < 0)
		return -1;
	p->b[ix] = col_long(q, 2);
	p->ng[ix] = col_long(q, 3);
	p->na[ix] = col_long(q, 4);
	p->y[ix] = col_long(q, 5);
	return 0;
}

static int fill_muni(qt_plan *p, sqlite3_stmt *q)
{
	long ix = cell(p, q, p->M);
	if (ix < 0)
		return -1;
	long m = col_long(q, 0), t = col_long(q, 1);
	for (int h = 0; h < QT_NCLASS; h++)
		p->as[QT_IX(m * QT_NCLASS + h, t, p->T)] = col_long(q, 2 + h);
	p->A[ix] = sqlite3_column_double(q, 7);
	p->q[ix] = col_long(q, 8);
	p->under[ix] = col_long(q, 9);
	p->over[ix] = col_long(q, 10);
	return 0;
}

static int fill_offer(qt_plan *p, sqlite3_stmt *q)
{
	long o = col_long(q, 0);
	if (o < 0 || o >= p->O)
		return -1;
	p->ao[o] = col_long(q, 1);
	return 0;
}

static int fill_penalty(qt_plan *p, sqlite3_stmt *q)
{
	const char *term = (const char *)sqlite3_column_text(q, 0);
	for (int i = 0; i < QT_NPEN; i++)
		if (term && !strcmp(term, qt_penalty_names[i])) {
			p->penalty[i] = sqlite3_column_double(q, 1);
			return 0;
		}
	return -1;
}

static int read_plan(qt_plan *p, qt_store *st, long id)
{
	long P = p->T + 1;
	int rc = read_table(st, id, p, "run_penalty", "SELECT term, value FROM run_penalty WHERE run_id = ?1",
			    fill_penalty, QT_NPEN);
	if (!rc)
		rc = read_table(st, id, p, "run_period",
				"SELECT 0, t, accepted, backlog, in_vu, unhoused, waiting_1, waiting_2, waiting_3,"
				" waiting_4, waiting_5plus FROM run_period WHERE run_id = ?1",
				fill_period, P);
	if (!rc)
		rc = read_table(st, id, p, "run_gu",
				"SELECT g, t, persons, open, opened, closed FROM run_gu WHERE run_id = ?1", fill_gu,
				(long)p->G * P);
	if (!rc)
		rc = read_table(st, id, p, "run_kombi",
				"SELECT k, t, ordered, gu_modules, au_modules, persons FROM run_kombi WHERE run_id = ?1",
				fill_kombi, (long)p->K * P);
	if (!rc)
		rc = read_table(st, id, p, "run_municipality",
				"SELECT m, t, stock_1, stock_2, stock_3, stock_4, stock_5plus, au_stock, quota,"
				" under_quota, over_quota FROM run_municipality WHERE run_id = ?1",
				fill_muni, (long)p->M * P);
	if (!rc)
		rc = read_table(st, id, p, "run_offer", "SELECT o, households FROM run_offer WHERE run_id = ?1",
				fill_offer, -1);
	return rc;
}

int qt_store_load(qt_scenario **s_out, qt_plan **p_out, qt_store *st, long id)
{
	if (!s_out || !p_out || !st)
		return qt_set_error(QT_EINVAL, "qt_store_load: bad arguments");
	*s_out = NULL;
	*p_out = NULL;
	run_row r;
	memset(&r, 0, sizeof r);
	qt_scenario *s = NULL;
	qt_plan *p = NULL;
	/* One snapshot: a writer committing meanwhile cannot mix two states. */
	int in_txn = !sqlite3_get_autocommit(st->db);
	if (!in_txn)
		sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL);
	int rc = read_run_row(&r, st, id);
	if (!rc)
		rc = load_scenario(&s, st, id, r.overrides);
	if (!rc && (s->T != r.T || s->n_gu != r.G || s->n_kombi != r.K || s->n_muni != r.M || s->n_offer != r.O))
		rc = qt_set_error(QT_EIO, "%s: run %ld: its scenario no longer has the sizes it was solved with",
				  st->path, id);
	if (!rc && !(p = qt_plan_alloc(r.T, r.G, r.K, r.M, r.O)))
		rc = qt_set_error(QT_ENOMEM, "out of memory");
	if (!rc) {
		p->status = r.status;
		p->gap = r.gap;
		p->bound = r.bound;
		p->seconds = r.seconds;
		p->nodes = r.nodes;
		p->rows = (int)r.rows;
		p->cols = (int)r.cols;
		p->ints = (int)r.ints;
		p->objective = r.objective;
		p->cost = r.cost;
		rc = read_plan(p, st, id);
	}
	if (!in_txn)
		sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	free(r.overrides);
	if (rc) {
		qt_plan_free(p);
		qt_scenario_free(s);
		return rc;
	}
	*s_out = s;
	*p_out = p;
	return 0;
}

int qt_store_describe(char **out, qt_store *st, long id)
{
	if (!out || !st)
		return qt_set_error(QT_EINVAL, "qt_store_describe: bad arguments");
	*out = NULL;
	sqlite3_stmt *q;
	int rc = qt_store_prepare(&q, st,
				  "SELECT replace(substr(created, 1, 19), 'T', ' '), scenario_name, status, command,"
				  " overrides, kept_from FROM run WHERE id = ?1");
	if (rc)
		return rc;
	sqlite3_bind_int64(q, 1, id);
	int step = sqlite3_step(q);
	if (step != SQLITE_ROW) {
		rc = step == SQLITE_DONE ? no_run(st, id) : qt_store_fail(st, "reading the run");
		sqlite3_finalize(q);
		return rc;
	}
	char **argv = NULL, **sets = NULL;
	size_t argc = 0, n_sets = 0;
	rc = parse_strings(&argv, &argc, (const char *)sqlite3_column_text(q, 3));
	if (!rc)
		rc = parse_strings(&sets, &n_sets, (const char *)sqlite3_column_text(q, 4));
	char *line = rc ? NULL
			: qt_asprintf("run %ld, %s UTC, \"%s\", %s: quartier", id, sqlite3_column_text(q, 0),
				      sqlite3_column_text(q, 1), sqlite3_column_text(q, 2));
	for (size_t i = 0; line && i < argc + n_sets; i++) {
		char *next = i < argc ? qt_asprintf("%s %s", line, argv[i])
				      : qt_asprintf("%s --set %s", line, sets[i - argc]);
		free(line);
		line = next;
	}
	if (line && sqlite3_column_type(q, 5) != SQLITE_NULL) {
		char *next = qt_asprintf("%s (orders kept from run %lld)", line, (long long)sqlite3_column_int64(q, 5));
		free(line);
		line = next;
	}
	if (!rc && !line)
		rc = qt_set_error(QT_ENOMEM, "out of memory");
	free_strings(argv, argc);
	free_strings(sets, n_sets);
	sqlite3_finalize(q);
	*out = line;
	return rc;
}

/* ---- kept orders ---- */

void qt_kept_orders_free(qt_kept_order *orders, size_t n)
{
	for (size_t i = 0; orders && i < n; i++)
		free((char *)orders[i].kombi);
	free(orders);
}

/* The orders a query returns as (site, period, modules) rows; parameter 1 is the run. */
static int read_orders(qt_kept_order **out, size_t *n, qt_store *st, sqlite3_stmt *q)
{
	size_t cap = 0;
	qt_kept_order *v = NULL;
	*n = 0;
	int rc = 0, step = SQLITE_DONE;
	while (!rc && (step = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			qt_kept_order *grown = realloc(v, cap * sizeof *v);
			if (!grown) {
				rc = qt_set_error(QT_ENOMEM, "out of memory");
				break;
			}
			v = grown;
		}
		qt_kept_order *k = &v[*n];
		memset(k, 0, sizeof *k);
		const char *period = (const char *)sqlite3_column_text(q, 1);
		snprintf(k->period, sizeof k->period, "%s", period ? period : "");
		k->modules = col_long(q, 2);
		if (!(k->kombi = qt_strdup((const char *)sqlite3_column_text(q, 0))))
			rc = qt_set_error(QT_ENOMEM, "out of memory");
		else
			(*n)++;
	}
	if (!rc && step != SQLITE_DONE)
		rc = qt_store_fail(st, "reading Kombimodell orders");
	if (rc) {
		qt_kept_orders_free(v, *n);
		*n = 0;
		return rc;
	}
	*out = v;
	return 0;
}

int qt_store_kept_orders(qt_kept_order **out, size_t *n, qt_store *st, long id)
{
	if (!out || !n || !st)
		return qt_set_error(QT_EINVAL, "qt_store_kept_orders: bad arguments");
	*out = NULL;
	*n = 0;
	sqlite3_stmt *q;
	int rc = qt_store_prepare(&q, st,
				  "SELECT site, period, modules FROM run_kept_order WHERE run_id = ?1"
				  " ORDER BY period, site");
	if (rc)
		return rc;
	sqlite3_bind_int64(q, 1, id);
	rc = read_orders(out, n, st, q);
	sqlite3_finalize(q);
	return rc;
}

int qt_store_orders_before(qt_kept_order **out, size_t *n, qt_store *st, long id, const qt_scenario *next)
{
	if (!out || !n || !st || !next)
		return qt_set_error(QT_EINVAL, "qt_store_orders_before: bad arguments");
	*out = NULL;
	*n = 0;
	long exists;
	char ref[32];
	snprintf(ref, sizeof ref, "%ld", id);
	sqlite3_stmt *q;
	int rc = qt_store_find_run(&exists, st, ref);
	if (!rc)
		rc = qt_store_prepare(&q, st,
				  "SELECT site, period, sum(modules) FROM ("
				  " SELECT site, period, ordered AS modules FROM run_kombi"
				  "  WHERE run_id = ?1 AND t > 0 AND ordered > 0 AND period < ?2"
				  " UNION ALL"
				  " SELECT site, period, modules FROM run_kept_order WHERE run_id = ?1 AND period < ?2)"
				  " GROUP BY site, period ORDER BY period, site");
	if (rc)
		return rc;
	char start[8];
	qt_period_label(next->start_year, next->start_q, 1, start);
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_text(q, 2, start, -1, SQLITE_TRANSIENT);
	rc = read_orders(out, n, st, q);
	sqlite3_finalize(q);
	return rc;
}
