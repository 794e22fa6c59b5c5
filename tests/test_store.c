/* The run database: storing and rebuilding runs exactly, the commands over stored runs, re-planning
 * with kept Kombimodell orders, schema migration, and the reliability promises of README.md ("Run
 * history"): concurrent writers, a writer killed mid-run, bad database files, Ctrl-C during a solve.
 * The CLI tests run the real binary (QT_BIN) on real database files in temporary directories. */
#include "storeutil.h"

#include "internal.h"
#include "store.h"

#include <cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <sqlite3.h>
#include <time.h>

/* ---- helpers ---- */

static void db_exec(const char *path, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* PRAGMA integrity_check says "ok", no foreign key is broken, and every stored run is whole: each
 * plan table holds exactly the rows its sizes call for. Returns the number of runs. */
static long long assert_consistent(const char *path)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 30000);
	sqlite3_stmt *q;
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(q, 0), "ok");
	sqlite3_finalize(q);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_DONE);
	sqlite3_finalize(q);
	static const char whole[] =
		"SELECT count(*) FROM run r WHERE"
		" (SELECT count(*) FROM run_period WHERE run_id = r.id) <> r.periods + 1"
		" OR (SELECT count(*) FROM run_gu WHERE run_id = r.id) <> r.n_gu * (r.periods + 1)"
		" OR (SELECT count(*) FROM run_kombi WHERE run_id = r.id) <> r.n_kombi * (r.periods + 1)"
		" OR (SELECT count(*) FROM run_municipality WHERE run_id = r.id) <> r.n_municipality * (r.periods + 1)"
		" OR (SELECT count(*) FROM run_penalty WHERE run_id = r.id) <> 7";
	assert_int_equal(sqlite3_prepare_v2(db, whole, -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int64(q, 0), 0);
	sqlite3_finalize(q);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM run", -1, &q, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	long long runs = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	sqlite3_close(db);
	return runs;
}

/* Starts the CLI with argv (argv[0] is ignored) in the background, stdout and stderr to files;
 * pause_ms (may be NULL) sets the store's test pause. */
static pid_t spawn(const char *out, const char *err, const char *pause_ms, const char *const *argv)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (pause_ms)
			setenv("QUARTIER_TEST_STORE_PAUSE_MS", pause_ms, 1);
		int fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644), fe = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fo < 0 || fe < 0 || dup2(fo, 1) < 0 || dup2(fe, 2) < 0)
			_exit(126);
		execv(tu_bin(), (char *const *)argv);
		_exit(127);
	}
	return pid;
}

static int wait_status(pid_t pid)
{
	int st;
	while (waitpid(pid, &st, 0) < 0)
		assert_int_equal(errno, EINTR);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* ---- library ---- */

static void test_sha256(void **state)
{
	(void)state;
	char hex[65];
	qt_sha256_hex("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	qt_sha256_hex("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *s56 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	qt_sha256_hex(s56, strlen(s56), hex);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	char *million = malloc(1000000);
	assert_non_null(million);
	memset(million, 'a', 1000000);
	qt_sha256_hex(million, 1000000, hex);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(million);
	assert_int_equal(qt_quarter_of("2016Q3"), 2016 * 4 + 2);
	assert_int_equal(qt_quarter_of("2016Q5"), -1);
	assert_int_equal(qt_quarter_of("16Q3"), -1);
}

/* Every number of a plan comes back from the database exactly, and the reports print the same. */
static void assert_same_plan(const qt_plan *a, const qt_plan *b)
{
	assert_int_equal(a->T, b->T);
	assert_int_equal(a->G, b->G);
	assert_int_equal(a->K, b->K);
	assert_int_equal(a->M, b->M);
	assert_int_equal(a->O, b->O);
	assert_int_equal(a->status, b->status);
	assert_memory_equal(&a->gap, &b->gap, sizeof a->gap);
	assert_memory_equal(&a->bound, &b->bound, sizeof a->bound);
	assert_memory_equal(&a->seconds, &b->seconds, sizeof a->seconds);
	assert_memory_equal(&a->objective, &b->objective, sizeof a->objective);
	assert_memory_equal(&a->cost, &b->cost, sizeof a->cost);
	assert_memory_equal(a->penalty, b->penalty, sizeof a->penalty);
	assert_int_equal(a->nodes, b->nodes);
	assert_int_equal(a->rows, b->rows);
	assert_int_equal(a->cols, b->cols);
	assert_int_equal(a->ints, b->ints);
	size_t P = (size_t)a->T + 1, G = (size_t)a->G * P, K = (size_t)a->K * P, M = (size_t)a->M * P;
	assert_memory_equal(a->acc, b->acc, P * sizeof(long));
	assert_memory_equal(a->bl, b->bl, P * sizeof(long));
	assert_memory_equal(a->V, b->V, P * sizeof(long));
	assert_memory_equal(a->U, b->U, P * sizeof(long));
	assert_memory_equal(a->F, b->F, QT_NCLASS * P * sizeof(long));
	assert_memory_equal(a->x, b->x, G * sizeof(long));
	assert_memory_equal(a->open, b->open, G);
	assert_memory_equal(a->up, b->up, G);
	assert_memory_equal(a->dn, b->dn, G);
	if (K) {
		assert_memory_equal(a->b, b->b, K * sizeof(long));
		assert_memory_equal(a->ng, b->ng, K * sizeof(long));
		assert_memory_equal(a->na, b->na, K * sizeof(long));
		assert_memory_equal(a->y, b->y, K * sizeof(long));
	}
	assert_memory_equal(a->as, b->as, M * QT_NCLASS * sizeof(long));
	assert_memory_equal(a->A, b->A, M * sizeof(double));
	assert_memory_equal(a->under, b->under, M * sizeof(long));
	assert_memory_equal(a->over, b->over, M * sizeof(long));
	assert_memory_equal(a->q, b->q, M * sizeof(long));
	if (a->O)
		assert_memory_equal(a->ao, b->ao, (size_t)a->O * sizeof(long));
}

static char *report_of(int json, const qt_scenario *s, const qt_plan *p)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(json ? qt_report_json(f, s, p) : qt_report_text(f, s, p), 0);
	fclose(f);
	return buf;
}

static void test_roundtrip(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), *db = tu_path_in(dir, "runs.db");
	qt_scenario *s;
	assert_int_equal(qt_scenario_read_file(&s, NULL, "examples/tiny.json"), 0);
	qt_plan *p;
	assert_int_equal(qt_solve(&p, s, NULL), 0);

	qt_store *st;
	assert_int_equal(qt_store_open(&st, db, QT_STORE_WRITE), 0);
	qt_run_info info;
	qt_run_info_init(&info);
	const char *argv[] = { "solve", "examples/tiny.json" };
	info.argc = 2;
	info.argv = argv;
	long id = 0, id2 = 0;
	assert_int_equal(qt_store_add_run(&id, st, s, p, &info), 0);
	assert_int_equal(id, 1);
	/* Inside an explicit transaction, rolled back: not stored. */
	assert_int_equal(qt_store_begin(st), 0);
	assert_int_equal(qt_store_add_run(&id2, st, s, p, NULL), 0);
	assert_int_equal(qt_store_rollback(st), 0);
	assert_int_equal(qt_store_find_run(&id2, st, "last"), 0);
	assert_int_equal(id2, 1);
	assert_int_equal(qt_store_find_run(&id2, st, "2"), QT_EINPUT);
	assert_non_null(strstr(qt_last_error(), "no run 2"));
	assert_int_equal(qt_store_find_run(&id2, st, "x"), QT_EINPUT);

	qt_scenario *s2;
	qt_plan *p2;
	assert_int_equal(qt_store_load(&s2, &p2, st, 1), 0);
	assert_same_plan(p, p2);
	for (int json = 0; json <= 1; json++) {
		char *r1 = report_of(json, s, p), *r2 = report_of(json, s2, p2);
		assert_string_equal(r1, r2);
		free(r1);
		free(r2);
	}
	char *text;
	size_t len;
	assert_int_equal(qt_store_scenario_text(&text, &len, st, 1), 0);
	assert_int_equal(len, s->text_len);
	assert_memory_equal(text, s->text, len);
	free(text);
	char *line;
	assert_int_equal(qt_store_describe(&line, st, 1), 0);
	assert_non_null(strstr(line, "quartier solve examples/tiny.json"));
	free(line);
	qt_store_close(st);

	char hex[65], sql[160];
	qt_sha256_hex(s->text, s->text_len, hex);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM scenario WHERE sha256 = '%s'", hex);
	assert_int_equal(tu_db_int(db, sql), 1);
	assert_int_equal(tu_db_int(db, "PRAGMA user_version"), QT_STORE_SCHEMA);
	assert_int_equal(tu_db_int(db, "PRAGMA application_id"), QT_STORE_APP_ID);
	assert_int_equal(assert_consistent(db), 1);

	/* Reading never writes: a read-only handle refuses a run. */
	assert_int_equal(qt_store_open(&st, db, QT_STORE_READ), 0);
	assert_int_equal(qt_store_add_run(&id2, st, s, p, NULL), QT_EINVAL);
	qt_store_close(st);
	qt_store_close(NULL);

	qt_plan_free(p);
	qt_plan_free(p2);
	qt_scenario_free(s);
	qt_scenario_free(s2);
	free(db);
	tu_remove_tree(dir);
	free(dir);
}

/* Stores the tiny example's plan in a new database db made at schema `version`, as an older
 * quartier did, for the migration tests. */
static void store_tiny_run(const char *db, int version)
{
	qt_scenario *s;
	assert_int_equal(qt_scenario_read_file(&s, NULL, "examples/tiny.json"), 0);
	qt_plan *p;
	assert_int_equal(qt_solve(&p, s, NULL), 0);
	qt_store *st;
	assert_int_equal(qt_store_open_version(&st, db, QT_STORE_WRITE, version), 0);
	long id;
	assert_int_equal(qt_store_add_run(&id, st, s, p, NULL), 0);
	qt_store_close(st);
	qt_plan_free(p);
	qt_scenario_free(s);
}

/* Schema 2 kept the key figures as an SQL view; schema 3 keeps them in a table filled from the C
 * figures layer: migrating fills it for the runs already stored, with the same figures. */
static void test_migration_v2_kpis(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), *db = tu_path_in(dir, "v2.db");
	store_tiny_run(db, 2);
	qt_store *st;
	assert_int_equal(tu_db_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'run_kpi' AND type = 'view'"), 1);
	int gu_persons = tu_db_int(db, "SELECT first_gu_persons FROM run_kpi");
	int peak = tu_db_int(db, "SELECT waiting_peak FROM run_kpi");
	int flats = tu_db_int(db, "SELECT flat_households FROM run_kpi");
	assert_int_equal(gu_persons, 16);

	assert_int_equal(qt_store_open(&st, db, QT_STORE_READ), 0);
	qt_store_close(st);
	assert_int_equal(tu_db_int(db, "PRAGMA user_version"), QT_STORE_SCHEMA);
	assert_int_equal(tu_db_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'run_kpi' AND type = 'table'"), 1);
	assert_int_equal(tu_db_int(db, "SELECT first_gu_persons FROM run_kpi"), gu_persons);
	assert_int_equal(tu_db_int(db, "SELECT waiting_peak FROM run_kpi"), peak);
	assert_int_equal(tu_db_int(db, "SELECT flat_households FROM run_kpi"), flats);
	assert_int_equal(tu_db_int(db, "SELECT unhoused_person_quarters FROM run_kpi WHERE run_id = 1"), 0);
	assert_int_equal(assert_consistent(db), 1);
	free(db);
	tu_remove_tree(dir);
	free(dir);
}

/* Schema 4 stores the GU sites handed over: a run of schema 3 reads back with none handed over,
 * and a run that hands one over reads back with it and with the same payers. */
static void test_migration_v3_handed_over(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), *db = tu_path_in(dir, "v3.db");
	store_tiny_run(db, 3);
	assert_int_equal(tu_db_int(db, "SELECT count(*) FROM pragma_table_info('run_gu') WHERE name = 'handed_over'"), 0);
	qt_store *st;
	assert_int_equal(qt_store_open(&st, db, QT_STORE_WRITE), 0);
	assert_int_equal(tu_db_int(db, "PRAGMA user_version"), QT_STORE_SCHEMA);
	assert_int_equal(tu_db_int(db, "SELECT count(*) FROM run_gu WHERE handed_over = 0"),
			 tu_db_int(db, "SELECT count(*) FROM run_gu"));
	qt_scenario *s, *s2;
	qt_plan *p, *p2;
	assert_int_equal(qt_scenario_read_file(&s, NULL, "tests/fixtures/measures_transfer.json"), 0);
	assert_int_equal(qt_solve(&p, s, NULL), 0);
	long id;
	assert_int_equal(qt_store_add_run(&id, st, s, p, NULL), 0);
	assert_int_equal(qt_store_load(&s2, &p2, st, id), 0);
	assert_int_equal(p->tr[QT_IX(0, 2, 2)], 1);
	assert_int_equal(p2->tr[QT_IX(0, 2, 2)], 1);
	for (int i = 0; i < QT_NPAYER; i++)
		assert_true(p2->payer_total[i] == p->payer_total[i]);
	assert_int_equal(qt_plan_check(NULL, s2, p2), 0);
	qt_store_close(st);
	assert_int_equal(tu_db_int(db, "SELECT count(*) FROM run_gu WHERE handed_over = 1"), 1);
	qt_plan_free(p);
	qt_plan_free(p2);
	qt_scenario_free(s);
	qt_scenario_free(s2);
	free(db);
	tu_remove_tree(dir);
	free(dir);
}

/* A database of schema version 1 is migrated forward when it is opened, runs and all. */
static void test_migration(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), *db = tu_path_in(dir, "old.db");
	store_tiny_run(db, 1);
	assert_int_equal(tu_db_int(db, "PRAGMA user_version"), 1);
	assert_int_equal(tu_db_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'run_kpi'"), 0);

	/* Read-only and old: a clear message, exit 2. */
	chmod(db, 0444);
	tu_run_result r = tu_run("runs --db %s", db);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "schema version 1"));
	assert_non_null(strstr(r.err, "read-only"));
	tu_run_free(&r);
	chmod(db, 0644);

	r = tu_run("runs --db %s", db);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Tiny district"));
	tu_run_free(&r);
	assert_int_equal(tu_db_int(db, "PRAGMA user_version"), QT_STORE_SCHEMA);
	assert_int_equal(tu_db_int(db, "SELECT count(*) FROM run_kpi"), 1);
	assert_int_equal(assert_consistent(db), 1);
	free(db);
	tu_remove_tree(dir);
	free(dir);
}

/* ---- the commands ---- */

static void test_history_commands(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), *db = tu_path_in(dir, "q.db");
	tu_run_result solved = tu_run("solve examples/tiny.json --db %s", db);
	assert_int_equal(solved.status, 0);
	assert_non_null(strstr(solved.err, "run 1 stored in"));
	tu_run_result solved_json =
		tu_run("solve examples/tiny.json --db %s --format json --set /rent_caps/factor=0.2", db);
	assert_int_equal(solved_json.status, 0);
	assert_non_null(strstr(solved_json.err, "run 2 stored in"));

	/* --no-store stores nothing; $QUARTIER_DB names the database when --db does not. */
	tu_run_result r = tu_run("solve examples/tiny.json --db %s --no-store", db);
	assert_int_equal(r.status, 0);
	assert_null(strstr(r.err, "stored"));
	tu_run_free(&r);
	setenv("QUARTIER_DB", db, 1);
	r = tu_run("runs --format json");
	unsetenv("QUARTIER_DB");
	assert_int_equal(r.status, 0);
	cJSON *runs = cJSON_Parse(r.out);
	assert_int_equal(cJSON_GetArraySize(runs), 2);
	const cJSON *second = cJSON_GetArrayItem(runs, 1);
	assert_int_equal(tu_item(second, "id")->valueint, 2);
	assert_string_equal(tu_item(second, "status")->valuestring, "optimal");
	assert_string_equal(tu_item(second, "start")->valuestring, "2024Q1");
	assert_non_null(strchr(tu_item(second, "created")->valuestring, 'T'));
	cJSON_Delete(runs);
	tu_run_free(&r);

	r = tu_run("runs --db %s", db);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Tiny district (solvable by hand)"));
	assert_non_null(strstr(r.out, "Fehlbeleger end"));
	tu_run_free(&r);
	r = tu_run("runs --db %s --format csv", db);
	assert_int_equal(r.status, 0);
	assert_memory_equal(r.out, "\xEF\xBB\xBFid;created;scenario", 21);
	tu_run_free(&r);

	/* show: the same reports as the solve printed, without solving. */
	r = tu_run("show 1 --db %s", db);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, solved.out);
	assert_non_null(strstr(r.err, "run 1,"));
	tu_run_free(&r);
	r = tu_run("show last --db %s --format json", db);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, solved_json.out);
	tu_run_free(&r);
	r = tu_run("show 2 --db %s --scenario", db);
	char *file = tu_slurp("examples/tiny.json", NULL);
	assert_string_equal(r.out, file);
	free(file);
	tu_run_free(&r);
	r = tu_run("show 9 --db %s", db);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "no run 9 (runs 1 to 2)"));
	tu_run_free(&r);

	/* CSV of show equals CSV of solve, file by file. */
	char *c1 = tu_path_in(dir, "c1"), *c2 = tu_path_in(dir, "c2");
	r = tu_run("solve examples/tiny.json --db %s --format csv -o %s", db, c1);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	r = tu_run("show 3 --db %s --format csv -o %s", db, c2);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	const char *files[] = { "summary", "periods", "gu_sites", "kombimodell", "municipalities", "offers_used" };
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		char p1[600], p2[600];
		snprintf(p1, sizeof p1, "%s/%s.csv", c1, files[i]);
		snprintf(p2, sizeof p2, "%s/%s.csv", c2, files[i]);
		size_t n1, n2;
		char *t1 = tu_slurp(p1, &n1), *t2 = tu_slurp(p2, &n2);
		assert_non_null(t1);
		assert_non_null(t2);
		assert_int_equal(n1, n2);
		assert_memory_equal(t1, t2, n1);
		free(t1);
		free(t2);
	}

	/* diff: the override shows as a scenario change, its effects per period and site. */
	r = tu_run("diff 1 2 --db %s", db);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "/rent_caps/factor"));
	assert_non_null(strstr(r.out, "Per period"));
	tu_run_free(&r);
	r = tu_run("diff 1 2 --db %s --format json", db);
	assert_int_equal(r.status, 0);
	cJSON *d = cJSON_Parse(r.out);
	assert_non_null(d);
	assert_int_equal(tu_item(d, "b")->valueint, 2);
	const cJSON *change = cJSON_GetArrayItem(tu_item(d, "scenario"), 0);
	assert_string_equal(tu_item(change, "pointer")->valuestring, "/rent_caps/factor");
	assert_string_equal(tu_item(change, "b")->valuestring, "0.2");
	/* At factor 0.2 no flat is within the cap: the household waits, a GU holds it. */
	int found = 0;
	const cJSON *row;
	cJSON_ArrayForEach(row, tu_item(d, "figures"))
	if (!strcmp(tu_item(row, "figure")->valuestring, "households placed into flats")) {
		found = 1;
		assert_true(tu_item(row, "b_minus_a")->valuedouble < 0);
	}
	assert_true(found);
	assert_true(cJSON_GetArraySize(tu_item(d, "municipalities")) > 0);
	cJSON_Delete(d);
	tu_run_free(&r);
	r = tu_run("diff 1 1 --db %s --format json --all", db);
	assert_int_equal(r.status, 0);
	d = cJSON_Parse(r.out);
	assert_int_equal(cJSON_GetArraySize(tu_item(d, "scenario")), 0);
	assert_int_equal(cJSON_GetArraySize(tu_item(d, "gu_sites")), 4); /* 2 sites x 2 periods */
	cJSON_Delete(d);
	tu_run_free(&r);
	r = tu_run("diff 1 2 --db %s --format csv -o %s/diff", db, dir);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	char *diffcsv = tu_path_in(dir, "diff/diff_scenario.csv");
	char *csv = tu_slurp(diffcsv, NULL);
	assert_non_null(csv);
	assert_non_null(strstr(csv, "/rent_caps/factor"));
	free(csv);
	free(diffcsv);

	/* series: one row per run, in time order. */
	r = tu_run("series --db %s --format json --scenario=Tiny", db);
	assert_int_equal(r.status, 0);
	cJSON *series = cJSON_Parse(r.out);
	assert_int_equal(cJSON_GetArraySize(series), 3);
	assert_int_equal(tu_item(cJSON_GetArrayItem(series, 0), "first_gu_persons")->valueint, 16);
	cJSON_Delete(series);
	tu_run_free(&r);
	r = tu_run("series --db %s --scenario=Esslingen", db);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "No runs stored yet."));
	tu_run_free(&r);

	/* export-run: the run whole. */
	r = tu_run("export-run 2 --db %s", db);
	assert_int_equal(r.status, 0);
	cJSON *x = cJSON_Parse(r.out);
	assert_non_null(x);
	const cJSON *run = tu_item(x, "run");
	assert_string_equal(cJSON_GetArrayItem(tu_item(run, "overrides"), 0)->valuestring, "/rent_caps/factor=0.2");
	assert_int_equal(strlen(tu_item(run, "scenario_sha256")->valuestring), 64);
	assert_string_equal(tu_item(tu_item(x, "scenario"), "name")->valuestring, "Tiny district (solvable by hand)");
	assert_string_equal(tu_item(tu_item(x, "plan"), "status")->valuestring, "optimal");
	cJSON_Delete(x);
	/* quartier export RUN (a run id, not a file) is the same command */
	tu_run_result same = tu_run("export 2 --db %s", db);
	assert_int_equal(same.status, 0);
	assert_string_equal(same.out, r.out);
	tu_run_free(&same);
	tu_run_free(&r);
	char *xdir = tu_path_in(dir, "x");
	r = tu_run("export-run 1 --db %s --format csv -o %s", db, xdir);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	char *scen = tu_path_in(xdir, "scenario.json"), *runcsv = tu_path_in(xdir, "run.csv");
	char *a = tu_slurp(scen, NULL), *b = tu_slurp("examples/tiny.json", NULL), *rc = tu_slurp(runcsv, NULL);
	assert_string_equal(a, b);
	assert_non_null(rc);
	assert_non_null(strstr(rc, "scenario_sha256"));
	free(a);
	free(b);
	free(rc);
	free(scen);
	free(runcsv);
	free(xdir);

	assert_int_equal(assert_consistent(db), 3);
	tu_run_free(&solved);
	tu_run_free(&solved_json);
	free(c1);
	free(c2);
	free(db);
	tu_remove_tree(dir);
	free(dir);
}

/* Re-planning: modules ordered last quarter are built, kept and used; made afresh, the plan would
 * order none at the new price. */
static void test_keep_orders(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), *db = tu_path_in(dir, "k.db");
	tu_run_result r = tu_run("solve tests/fixtures/store_kombi.json --db %s --format json", db);
	assert_int_equal(r.status, 0);
	cJSON *j = cJSON_Parse(r.out);
	const cJSON *km = cJSON_GetArrayItem(tu_item(j, "kombimodell"), 0);
	long ordered = (long)cJSON_GetArrayItem(tu_item(km, "ordered"), 0)->valuedouble;
	assert_true(ordered > 0); /* in 2024Q1 */
	cJSON_Delete(j);
	tu_run_free(&r);

	r = tu_run("solve tests/fixtures/store_kombi_next.json --db %s --format json", db);
	assert_int_equal(r.status, 0);
	j = cJSON_Parse(r.out);
	km = cJSON_GetArrayItem(tu_item(j, "kombimodell"), 0);
	assert_int_equal(cJSON_GetArrayItem(tu_item(km, "gu_modules"), 0)->valueint, 0);
	assert_null(cJSON_GetObjectItemCaseSensitive(j, "committed_orders"));
	double afresh = tu_item(tu_item(j, "objective"), "total")->valuedouble;
	cJSON_Delete(j);
	tu_run_free(&r);

	tu_run_result kept =
		tu_run("solve tests/fixtures/store_kombi_next.json --db %s --format json --keep-orders 1 --check", db);
	assert_int_equal(kept.status, 0);
	assert_non_null(strstr(kept.err, "plan check: no violation"));
	assert_non_null(strstr(kept.err, "that run 1 ordered before 2024Q2"));
	j = cJSON_Parse(kept.out);
	km = cJSON_GetArrayItem(tu_item(j, "kombimodell"), 0);
	assert_int_equal(cJSON_GetArrayItem(tu_item(km, "gu_modules"), 0)->valueint, ordered);
	for (int t = 0; t < 4; t++)
		assert_int_equal(cJSON_GetArrayItem(tu_item(km, "ordered"), t)->valueint, 0);
	const cJSON *c = cJSON_GetArrayItem(tu_item(j, "committed_orders"), 0);
	assert_string_equal(tu_item(c, "id")->valuestring, "KM-1");
	assert_string_equal(tu_item(c, "ordered_in")->valuestring, "2024Q1");
	assert_string_equal(tu_item(c, "usable_from")->valuestring, "2024Q2");
	assert_int_equal(tu_item(c, "modules")->valueint, ordered);
	assert_true(tu_item(tu_item(j, "objective"), "total")->valuedouble < afresh);
	cJSON_Delete(j);

	/* show reproduces the report with the committed orders; the text report lists them. */
	r = tu_run("show 3 --db %s --format json", db);
	assert_string_equal(r.out, kept.out);
	tu_run_free(&r);
	r = tu_run("show 3 --db %s", db);
	assert_non_null(strstr(r.out, "Committed Kombimodell orders"));
	assert_non_null(strstr(r.err, "orders kept from run 1"));
	tu_run_free(&r);
	tu_run_free(&kept);
	assert_int_equal(tu_db_int(db, "SELECT modules_kept FROM run_kpi WHERE run_id = 3"), ordered);
	assert_int_equal(tu_db_int(db, "SELECT kept_from FROM run WHERE id = 3"), 1);

	/* Kept orders carry over: run 3 kept them, so a re-plan from run 3 keeps them too. */
	r = tu_run("solve tests/fixtures/store_kombi_next.json --db %s --no-store --keep-orders last --format json", db);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "committed_orders"));
	tu_run_free(&r);
	assert_int_equal(assert_consistent(db), 3);

	/* Orders of a site the new scenario lacks, or a run that does not exist: bad input. */
	r = tu_run("solve tests/fixtures/store_kombi_next.json --set /kombimodell/0/id=KM-9 --db %s --keep-orders 1",
		   db);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "no Kombimodell site 'KM-1'"));
	tu_run_free(&r);
	r = tu_run("solve examples/tiny.json --db %s --no-store --keep-orders 1", db);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.err, "run 1 ordered no Kombimodell modules before 2024Q1"));
	tu_run_free(&r);
	r = tu_run("solve examples/tiny.json --db %s --keep-orders 7", db);
	assert_int_equal(r.status, 2);
	tu_run_free(&r);
	assert_int_equal(assert_consistent(db), 3);
	free(db);
	tu_remove_tree(dir);
	free(dir);
}

/* ---- reliability ---- */

static void test_bad_database_files(void **state)
{
	(void)state;
	char *dir = tu_tmpdir();

	char *text = tu_path_in(dir, "notes.db");
	tu_write(text, "These are notes, not a database. They are long enough to fill a header..........\n");
	tu_run_result r = tu_run("solve examples/tiny.json --db %s", text);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "is not an SQLite database"));
	assert_string_equal(r.out, "");
	tu_run_free(&r);
	r = tu_run("runs --db %s", text);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "is not an SQLite database"));
	tu_run_free(&r);
	char *after = tu_slurp(text, NULL);
	assert_string_equal(after, "These are notes, not a database. They are long enough to fill a header..........\n");
	free(after);

	char *newer = tu_path_in(dir, "newer.db");
	r = tu_run("solve examples/tiny.json --db %s", newer);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	db_exec(newer, "PRAGMA user_version = 99");
	r = tu_run("solve examples/tiny.json --db %s", newer);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "schema version 99, newer than"));
	tu_run_free(&r);
	r = tu_run("show 1 --db %s", newer);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "schema version 99"));
	tu_run_free(&r);
	assert_int_equal(tu_db_int(newer, "PRAGMA user_version"), 99);
	assert_int_equal(tu_db_int(newer, "SELECT count(*) FROM run"), 1);

	char *readonly = tu_path_in(dir, "readonly.db");
	r = tu_run("solve examples/tiny.json --db %s", readonly);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	assert_int_equal(chmod(readonly, 0444), 0);
	r = tu_run("solve examples/tiny.json --db %s", readonly);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "is read-only"));
	tu_run_free(&r);
	/* Reading a read-only database is fine. */
	r = tu_run("show 1 --db %s --format json", readonly);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\"optimal\""));
	tu_run_free(&r);
	assert_int_equal(chmod(readonly, 0644), 0);
	assert_int_equal(assert_consistent(readonly), 1);

	char *other = tu_path_in(dir, "other.db");
	db_exec(other, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)");
	r = tu_run("solve examples/tiny.json --db %s", other);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "of another program"));
	tu_run_free(&r);
	assert_int_equal(tu_db_int(other, "SELECT count(*) FROM sqlite_master"), 1);
	assert_int_equal(tu_db_int(other, "PRAGMA application_id"), 0);

	r = tu_run("runs --db %s/missing.db", dir);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "no run database at"));
	tu_run_free(&r);
	r = tu_run("solve examples/tiny.json --db %s/no/such/dir/q.db", dir);
	assert_int_equal(r.status, 2);
	tu_run_free(&r);

	free(text);
	free(newer);
	free(readonly);
	free(other);
	tu_remove_tree(dir);
	free(dir);
}

/* Two (then four) quartier solve processes write one database at the same time: every run lands.
 * The first two also race to create the file and its schema. Each holds its transaction for
 * 300 ms, so the writers overlap. */
static void test_concurrent_writers(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), *db = tu_path_in(dir, "shared.db");
	for (int round = 0; round < 2; round++) {
		int n = round == 0 ? 2 : 4;
		pid_t pid[4];
		char out[4][600], err[4][600];
		for (int i = 0; i < n; i++) {
			snprintf(out[i], sizeof out[i], "%s/out%d", dir, i);
			snprintf(err[i], sizeof err[i], "%s/err%d", dir, i);
			const char *argv[] = { "quartier", "solve", "examples/tiny.json", "--db", db, "--format", "json", NULL };
			pid[i] = spawn(out[i], err[i], "300", argv);
		}
		for (int i = 0; i < n; i++) {
			int st = wait_status(pid[i]);
			char *e = tu_slurp(err[i], NULL);
			if (st != 0)
				fail_msg("writer %d: exit %d: %s", i, st, e ? e : "");
			assert_non_null(strstr(e, " stored in "));
			free(e);
		}
	}
	assert_int_equal(assert_consistent(db), 6);
	assert_int_equal(tu_db_int(db, "SELECT count(DISTINCT id) FROM run"), 6);
	free(db);
	tu_remove_tree(dir);
	free(dir);
}

/* A writer killed with SIGKILL inside its run's transaction leaves the database consistent and
 * without a trace of the run; then writers killed at arbitrary moments do the same. */
static void test_sigkill_mid_run(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), *db = tu_path_in(dir, "k.db"), *out = tu_path_in(dir, "out"), *err = tu_path_in(dir, "err");
	tu_run_result r = tu_run("solve examples/tiny.json --db %s", db);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);

	const char *argv[] = { "quartier", "solve", "examples/tiny.json", "--db", db, NULL };
	pid_t pid = spawn(out, err, "60000", argv);
	tu_wait_for_writer(db);
	kill(pid, SIGKILL);
	assert_int_equal(wait_status(pid), 128 + SIGKILL);
	assert_int_equal(assert_consistent(db), 1);
	for (const char *const *t = (const char *const[]){ "run_period", "run_gu", "run_municipality", "run_penalty", NULL };
	     *t; t++) {
		char sql[128];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE run_id <> 1", *t);
		assert_int_equal(tu_db_int(db, sql), 0);
	}
	r = tu_run("show 2 --db %s", db);
	assert_int_equal(r.status, 2);
	tu_run_free(&r);

	/* Kills at arbitrary moments: before, during or after the store. */
	srand(42);
	int landed = 0;
	for (int i = 0; i < 12; i++) {
		pid = spawn(out, err, NULL, argv);
		tu_sleep_ms(rand() % 60);
		kill(pid, SIGKILL);
		landed += wait_status(pid) == 0;
		long long runs = assert_consistent(db);
		assert_true(runs >= 1 + landed && runs <= 2 + i);
	}
	r = tu_run("solve examples/tiny.json --db %s", db);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	assert_consistent(db);
	free(out);
	free(err);
	free(db);
	tu_remove_tree(dir);
	free(dir);
}

/* Ctrl-C during a solve: the search stops, the best plan so far is reported and stored, marked
 * interrupted. */
static void test_sigint_stores_interrupted(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), *db = tu_path_in(dir, "i.db"), *out = tu_path_in(dir, "out"), *err = tu_path_in(dir, "err");
	const char *argv[] = { "quartier", "solve", "examples/esslingen-2016.json", "--db", db, "--time-limit", "120",
			       "--format", "json", "--no-progress", NULL };
	pid_t pid = spawn(out, err, NULL, argv);
	/* The database is opened after the SIGINT handler is in place; then let the search run. */
	struct stat sb;
	for (int i = 0; i < 60000 && stat(db, &sb) != 0; i++)
		tu_sleep_ms(1);
	tu_sleep_ms(1500);
	kill(pid, SIGINT);
	int st = wait_status(pid);
	char *o = tu_slurp(out, NULL), *e = tu_slurp(err, NULL);
	if (st != 0)
		fail_msg("exit %d: %s", st, e ? e : "");
	cJSON *j = cJSON_Parse(o);
	assert_non_null(j);
	assert_string_equal(tu_item(j, "status")->valuestring, "interrupted");
	cJSON_Delete(j);
	assert_non_null(strstr(e, "run 1 stored in"));
	assert_int_equal(assert_consistent(db), 1);
	assert_int_equal(tu_db_int(db, "SELECT count(*) FROM run WHERE status = 'interrupted'"), 1);
	tu_run_result r = tu_run("show 1 --db %s --format json", db);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, o);
	tu_run_free(&r);
	free(o);
	free(e);
	free(out);
	free(err);
	free(db);
	tu_remove_tree(dir);
	free(dir);
}

/* The schema's per-class columns are the household classes of vocab.c, one for each, named by
 * their suffixes (waiting_1 ... waiting_5plus, stock_1 ... stock_5plus), so a class added to the
 * list without its columns fails here. */
static void test_schema_classes(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), *db = tu_path_in(dir, "classes.db");
	qt_store *st;
	assert_int_equal(qt_store_open(&st, db, QT_STORE_WRITE), 0);
	qt_store_close(st);
	static const struct {
		const char *table, *prefix;
	} per_class[] = { { "run_period", "waiting_" }, { "run_municipality", "stock_" } };
	for (size_t i = 0; i < sizeof per_class / sizeof per_class[0]; i++) {
		char sql[256];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM pragma_table_info('%s') WHERE name GLOB '%s[0-9]*'",
			 per_class[i].table, per_class[i].prefix);
		assert_int_equal(tu_db_int(db, sql), QT_NCLASS);
		for (int h = 0; h < QT_NCLASS; h++) {
			snprintf(sql, sizeof sql, "SELECT count(*) FROM pragma_table_info('%s') WHERE name = '%s%s'",
				 per_class[i].table, per_class[i].prefix, qt_class_suffixes[h]);
			assert_int_equal(tu_db_int(db, sql), 1);
		}
	}
	tu_remove_tree(dir);
	free(db);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_migration), cmocka_unit_test(test_migration_v2_kpis),
		cmocka_unit_test(test_migration_v3_handed_over),
		cmocka_unit_test(test_schema_classes),
		cmocka_unit_test(test_history_commands),
		cmocka_unit_test(test_keep_orders),
		cmocka_unit_test(test_bad_database_files),
		cmocka_unit_test(test_concurrent_writers),
		cmocka_unit_test(test_sigkill_mid_run),
		cmocka_unit_test(test_sigint_stores_interrupted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
