/* Plans over futures in the run database: solve stores them whole, show prints what solve printed
 * (text, JSON, CSV, one future), export-run writes them whole, diff compares two of them, the
 * listings show them as one run each; a schema-4 database migrates and then takes one; a writer
 * killed while storing one leaves nothing of it. The real CLI (QT_BIN) on real database files. */
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

#define SMALL "tests/fixtures/futures_small.json"
#define VSS "tests/fixtures/futures_vss.json"

/* Every run of a plan over futures is whole: its run_futures row, as many child runs as it says,
 * each with every plan table; no foreign key broken. Returns the number of runs of their own. */
static long long assert_whole(const char *path)
{
	assert_int_equal(tu_db_int(path, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
	assert_int_equal(tu_db_int(path, "SELECT count(*) FROM run r WHERE r.parent_id IS NULL AND"
				      " EXISTS (SELECT 1 FROM run_futures f WHERE f.run_id = r.id AND f.n_future <>"
				      " (SELECT count(*) FROM run c WHERE c.parent_id = r.id))"),
			 0);
	assert_int_equal(tu_db_int(path, "SELECT count(*) FROM run r WHERE r.parent_id IS NULL AND"
				      " NOT EXISTS (SELECT 1 FROM run_futures WHERE run_id = r.id) AND"
				      " EXISTS (SELECT 1 FROM run c WHERE c.parent_id = r.id)"),
			 0);
	assert_int_equal(tu_db_int(path, "SELECT count(*) FROM run r WHERE r.parent_id IS NOT NULL AND ("
				      " (SELECT count(*) FROM run_period WHERE run_id = r.id) <> r.periods + 1"
				      " OR (SELECT count(*) FROM run_gu WHERE run_id = r.id) <> r.n_gu * (r.periods + 1)"
				      " OR (SELECT count(*) FROM run_penalty WHERE run_id = r.id) <> 7"
				      " OR (SELECT count(*) FROM run_kpi WHERE run_id = r.id) <> 1)"),
			 0);
	return tu_db_int(path, "SELECT count(*) FROM run WHERE parent_id IS NULL");
}

/* The run id "quartier: run N stored in ..." names on stderr. */
static long stored_id(const tu_run_result *r)
{
	const char *at = r->err ? strstr(r->err, "quartier: run ") : NULL;
	assert_non_null(at);
	long id = strtol(at + strlen("quartier: run "), NULL, 10);
	assert_true(id > 0);
	return id;
}

/* Solves with the arguments and stores into db; returns the run id and (if out) solve's stdout. */
static long solve_stored(char **out, const char *db, const char *args)
{
	tu_run_result r = tu_run("solve %s --db %s --no-progress", args, db);
	if (r.status)
		fprintf(stderr, "%s", r.err ? r.err : "");
	assert_int_equal(r.status, 0);
	long id = stored_id(&r);
	if (out)
		*out = r.out;
	else
		free(r.out);
	free(r.err);
	return id;
}

static double number(const cJSON *o, const char *key) { return tu_item(o, key)->valuedouble; }

/* The row of a diff table (a JSON array) whose `key` is value (and, if future, whose future is). */
static const cJSON *row_of(const cJSON *rows, const char *future, const char *key, const char *value)
{
	const cJSON *r;
	cJSON_ArrayForEach(r, rows)
	{
		const cJSON *k = cJSON_GetObjectItemCaseSensitive(r, key);
		const cJSON *f = cJSON_GetObjectItemCaseSensitive(r, "future");
		if (cJSON_IsString(k) && !strcmp(k->valuestring, value) &&
		    (!future || (cJSON_IsString(f) && !strcmp(f->valuestring, future))))
			return r;
	}
	fail_msg("no row %s = %s (future %s)", key, value, future ? future : "-");
	return NULL;
}

/* Every file of dir a is in dir b with the same bytes. */
static void assert_same_files(const char *a, const char *b, const char *const *names)
{
	for (const char *const *n = names; *n; n++) {
		char *pa = tu_path_in(a, *n), *pb = tu_path_in(b, *n);
		size_t la = 0, lb = 0;
		char *ta = tu_slurp(pa, &la), *tb = tu_slurp(pb, &lb);
		assert_non_null(ta);
		assert_non_null(tb);
		if (la != lb || memcmp(ta, tb, la))
			fail_msg("%s differs from %s", pa, pb);
		free(ta);
		free(tb);
		free(pa);
		free(pb);
	}
}

static const char *const csv_files[] = { "summary.csv",	      "commitment.csv", "futures.csv",	  "futures_periods.csv",
					 "value_of_information.csv", "periods.csv",	"gu_sites.csv",	  "kombimodell.csv",
					 "municipalities.csv",	      "offers_used.csv", NULL };

/* show prints byte for byte what solve printed: text, JSON, the CSV files, one future. */
static void test_show_as_solved(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), *db = tu_path_in(dir, "q.db"), *csv1 = tu_path_in(dir, "solved"),
	     *csv2 = tu_path_in(dir, "shown");
	char *text = NULL, *json = NULL, *voi = NULL, args[600];
	long a = solve_stored(&text, db, SMALL);
	long b = solve_stored(&json, db, VSS " --value-of-information --format json");
	snprintf(args, sizeof args, VSS " --value-of-information --format csv --out %s", csv1);
	long c = solve_stored(NULL, db, args);
	long d = solve_stored(&voi, db, VSS " --value-of-information");
	/* the futures' runs take the ids in between */
	assert_int_equal(b, a + 4);
	assert_int_equal(c, b + 3);

	tu_run_result r = tu_run("show %ld --db %s", a, db);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, text);
	assert_non_null(strstr(r.out, "Decisions to take now"));
	tu_run_free(&r);
	r = tu_run("show %ld --db %s", d, db);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, voi);
	assert_non_null(strstr(r.out, "Value of information"));
	tu_run_free(&r);
	r = tu_run("show %ld --db %s --format json", b, db);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, json);
	tu_run_free(&r);
	r = tu_run("show %ld --db %s --format csv --out %s", c, db, csv2);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	assert_same_files(csv1, csv2, csv_files);

	/* one future: its plan as in the plan over futures */
	r = tu_run("show %ld --db %s --future hoch --format json", b, db);
	assert_int_equal(r.status, 0);
	cJSON *one = cJSON_Parse(r.out), *all = cJSON_Parse(json);
	assert_non_null(one);
	assert_non_null(all);
	const cJSON *hoch = cJSON_GetArrayItem(tu_item(all, "futures"), 1);
	assert_string_equal(tu_item(hoch, "id")->valuestring, "hoch");
	assert_true(cJSON_Compare(tu_item(one, "gu_sites"), tu_item(tu_item(hoch, "plan"), "gu_sites"), 1));
	assert_true(number(tu_item(one, "objective"), "total") == number(tu_item(tu_item(hoch, "plan"), "objective"), "total"));
	cJSON_Delete(one);
	cJSON_Delete(all);
	tu_run_free(&r);
	r = tu_run("show %ld --db %s --future mittel", b, db);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "--future mittel"));
	tu_run_free(&r);
	r = tu_run("show %ld --db %s --format html --out %s/x.html", b, db, dir); /* test_report_futures_page */
	assert_int_equal(r.status, 0);
	tu_run_free(&r);

	/* a future's run is not a run of its own */
	r = tu_run("show %ld --db %s", b + 2, db);
	assert_int_equal(r.status, 2);
	char want[200];
	snprintf(want, sizeof want, "run %ld is future 'hoch' of the plan over futures run %ld", b + 2, b);
	assert_non_null(strstr(r.err, want));
	tu_run_free(&r);

	/* runs and series: one row per plan over futures, with its number of futures */
	r = tu_run("runs --db %s --format json", db);
	assert_int_equal(r.status, 0);
	cJSON *runs = cJSON_Parse(r.out);
	assert_int_equal(cJSON_GetArraySize(runs), 4);
	assert_int_equal(tu_item(cJSON_GetArrayItem(runs, 0), "futures")->valueint, 3);
	assert_int_equal(tu_item(cJSON_GetArrayItem(runs, 1), "id")->valueint, b);
	assert_int_equal(tu_item(cJSON_GetArrayItem(runs, 1), "futures")->valueint, 2);
	assert_true(number(cJSON_GetArrayItem(runs, 1), "objective") == 53500);
	cJSON_Delete(runs);
	tu_run_free(&r);
	r = tu_run("series --db %s --format csv", db);
	assert_int_equal(r.status, 0);
	long lines = 0;
	for (const char *p = r.out; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 5);
	tu_run_free(&r);
	r = tu_run("show last --db %s --format json", db);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\"value_of_information\""));
	tu_run_free(&r);

	assert_int_equal(assert_whole(db), 4);
	assert_int_equal(tu_db_int(db, "SELECT count(*) FROM run_voi"), 3);

	/* re-planning from a plan over futures keeps the orders of its committed quarters (2025Q1-Q2:
	 * 2 modules at KM-1 in 2025Q1, the same in every future) */
	r = tu_run("solve tests/fixtures/cross_small.json --db %s --no-progress --keep-orders %ld"
		   " --set '/periods/start=\"2025Q3\"' --set '/housing_offers=[]'", db, a);
	assert_int_equal(r.status, 0);
	snprintf(want, sizeof want, "keeping 2 Kombimodell modules that run %ld ordered before 2025Q3", a);
	assert_non_null(strstr(r.err, want));
	tu_run_free(&r);
	r = tu_run("solve tests/fixtures/cross_small.json --db %s --no-progress --keep-orders %ld"
		   " --set '/periods/start=\"2025Q4\"' --set '/housing_offers=[]'", db, a);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "commits to the quarters up to 2025Q2 only"));
	tu_run_free(&r);
	free(text);
	free(json);
	free(voi);
	free(csv1);
	free(csv2);
	free(db);
	tu_remove_tree(dir);
	free(dir);
}

/* export-run: the plan JSON of futures with the run's record and the scenario; CSV: solve's files
 * and run.csv, scenario.json. */
static void test_export_run(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), *db = tu_path_in(dir, "q.db"), *csv1 = tu_path_in(dir, "solved"),
	     *csv2 = tu_path_in(dir, "export"), *json = NULL, args[600];
	snprintf(args, sizeof args, VSS " --value-of-information --format csv --out %s", csv1);
	solve_stored(NULL, db, args);
	long id = solve_stored(&json, db, VSS " --value-of-information --format json");
	tu_run_result r = tu_run("export-run %ld --db %s", id, db);
	assert_int_equal(r.status, 0);
	cJSON *x = cJSON_Parse(r.out), *solved = cJSON_Parse(json);
	assert_non_null(x);
	assert_non_null(solved);
	const cJSON *run = tu_item(x, "run"), *plan = tu_item(x, "plan"), *obj = tu_item(plan, "objective");
	assert_int_equal(tu_item(run, "id")->valueint, id);
	assert_true(number(run, "objective") == 53500);
	assert_true(number(obj, "total") == 53500);
	assert_true(number(obj, "expected") == 53500);
	assert_true(number(obj, "worst") == 64000);
	assert_string_equal(tu_item(obj, "function")->valuestring, "expected");
	assert_true(cJSON_Compare(tu_item(plan, "value_of_information"), tu_item(solved, "value_of_information"), 1));
	assert_true(cJSON_Compare(tu_item(plan, "commitment"), tu_item(solved, "commitment"), 1));
	assert_true(cJSON_Compare(tu_item(plan, "futures"), tu_item(solved, "futures"), 1));
	const cJSON *voi = tu_item(plan, "value_of_information");
	assert_true(fabs(number(voi, "vss") - (number(voi, "eev") - number(voi, "rp"))) < 1e-6);
	assert_true(number(voi, "vss") > 0); /* the fixture's point: the mean-value plan commits wrongly */
	assert_int_equal(tu_item(tu_item(x, "scenario"), "uncertainty") != NULL, 1);
	cJSON_Delete(x);
	cJSON_Delete(solved);
	tu_run_free(&r);

	r = tu_run("export-run %ld --db %s --format csv --out %s", id - 3, db, csv2);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	assert_same_files(csv1, csv2, csv_files);
	char *scenario = tu_path_in(csv2, "scenario.json"), *run_csv = tu_path_in(csv2, "run.csv");
	size_t n = 0;
	char *doc = tu_slurp(scenario, &n), *orig = tu_slurp(VSS, NULL);
	assert_string_equal(doc, orig);
	free(doc);
	free(orig);
	doc = tu_slurp(run_csv, NULL);
	assert_non_null(strstr(doc, "optimal"));
	free(doc);
	free(scenario);
	free(run_csv);
	free(json);
	free(csv1);
	free(csv2);
	free(db);
	tu_remove_tree(dir);
	free(dir);
}

/* diff of two plans over futures: the figures over the futures, the scenario's changes, the
 * committed decisions that differ and the futures' own figures; against an ordinary run: exit 2. */
static void test_diff(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), *db = tu_path_in(dir, "q.db"), *ja = NULL, *jb = NULL, want[600];
	long a = solve_stored(&ja, db, VSS " --format json");
	long b = solve_stored(&jb, db,
			      VSS " --format json --set /uncertainty/futures/0/probability=0.9"
				  " --set /uncertainty/futures/1/probability=0.1");
	cJSON *pa = cJSON_Parse(ja), *pb = cJSON_Parse(jb);
	assert_non_null(pa);
	assert_non_null(pb);
	tu_run_result r = tu_run("diff %ld %ld --db %s --format json", a, b, db);
	assert_int_equal(r.status, 0);
	cJSON *d = cJSON_Parse(r.out);
	assert_non_null(d);

	const cJSON *fig = row_of(tu_item(d, "futures_figures"), NULL, "figure", "objective");
	double za = number(tu_item(pa, "objective"), "total"), zb = number(tu_item(pb, "objective"), "total");
	assert_true(number(fig, "a") == za && number(fig, "b") == zb);
	assert_true(fabs(number(fig, "change") - (zb - za)) < 1e-6);
	assert_true(za == 53500 && zb == 21600);
	fig = row_of(tu_item(d, "futures_figures"), NULL, "figure", "objective worst");
	assert_true(number(fig, "a") == number(tu_item(pa, "objective"), "worst"));
	assert_true(number(fig, "b") == number(tu_item(pb, "objective"), "worst"));

	const cJSON *sc = row_of(tu_item(d, "scenario"), NULL, "pointer", "/uncertainty/futures/0/probability");
	assert_string_equal(tu_item(sc, "a")->valuestring, "0.5");
	assert_string_equal(tu_item(sc, "b")->valuestring, "0.9");

	/* the commitment: A opens the reserve GU-2 and closes GU-1, B keeps GU-1 and opens no other */
	const cJSON *commit = tu_item(d, "commitment");
	assert_int_equal(cJSON_GetArraySize(commit), 2);
	for (int g = 0; g < 2; g++) {
		const char *id = g ? "GU-2" : "GU-1";
		const cJSON *row = row_of(commit, NULL, "id", id);
		const cJSON *ga = cJSON_GetArrayItem(tu_item(tu_item(pa, "commitment"), "gu_sites"), g);
		const cJSON *gb = cJSON_GetArrayItem(tu_item(tu_item(pb, "commitment"), "gu_sites"), g);
		assert_string_equal(tu_item(ga, "id")->valuestring, id);
		assert_true(number(row, "a") == cJSON_IsTrue(cJSON_GetArrayItem(tu_item(ga, "open"), 0)));
		assert_true(number(row, "b") == cJSON_IsTrue(cJSON_GetArrayItem(tu_item(gb, "open"), 0)));
		assert_true(number(row, "change") == number(row, "b") - number(row, "a"));
	}
	assert_true(number(row_of(commit, NULL, "id", "GU-2"), "change") == -1);

	/* per future: each future's objective as its plan says */
	for (int f = 0; f < 2; f++) {
		const cJSON *fa = cJSON_GetArrayItem(tu_item(pa, "futures"), f), *fb = cJSON_GetArrayItem(tu_item(pb, "futures"), f);
		const char *id = tu_item(fa, "id")->valuestring;
		const cJSON *row = row_of(tu_item(d, "figures"), id, "figure", "objective EUR");
		assert_true(fabs(number(row, "a") - number(tu_item(tu_item(fa, "plan"), "objective"), "total")) < 1e-6);
		assert_true(fabs(number(row, "b") - number(tu_item(tu_item(fb, "plan"), "objective"), "total")) < 1e-6);
	}
	/* and its sites: GU-1 in the first quarter of niedrig, persons as each plan has them */
	const cJSON *gu = row_of(tu_item(d, "gu_sites"), "niedrig", "site", "GU-1");
	const cJSON *na = cJSON_GetArrayItem(tu_item(tu_item(cJSON_GetArrayItem(tu_item(pa, "futures"), 0), "plan"), "gu_sites"), 0);
	const cJSON *nb = cJSON_GetArrayItem(tu_item(tu_item(cJSON_GetArrayItem(tu_item(pb, "futures"), 0), "plan"), "gu_sites"), 0);
	assert_string_equal(tu_item(gu, "period")->valuestring, "2024Q1");
	assert_true(number(gu, "persons_a") == cJSON_GetArrayItem(tu_item(na, "persons"), 0)->valuedouble);
	assert_true(number(gu, "persons_b") == cJSON_GetArrayItem(tu_item(nb, "persons"), 0)->valuedouble);
	assert_true(number(gu, "persons_b") - number(gu, "persons_a") == 10);
	cJSON_Delete(d);
	tu_run_free(&r);

	/* text and CSV carry the same tables */
	r = tu_run("diff %ld %ld --db %s", a, b, db);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Decisions to take now (committed quarters)"));
	assert_non_null(strstr(r.out, "2024Q1  GU    GU-2  open      1  0     -1"));
	tu_run_free(&r);
	char *out = tu_path_in(dir, "diff");
	r = tu_run("diff %ld %ld --db %s --format csv --out %s", a, b, db, out);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	char *commit_csv = tu_path_in(out, "diff_commitment.csv");
	char *csv = tu_slurp(commit_csv, NULL);
	assert_non_null(csv);
	assert_non_null(strstr(csv, "GU-2"));
	free(csv);
	free(commit_csv);
	free(out);

	/* a plan over futures against an ordinary run of the same scenario without uncertainty: the
	 * ordinary plan against each future */
	char *plain = tu_path_in(dir, "plain.json"), *jc = NULL;
	char *fixture = tu_slurp(VSS, NULL);
	cJSON *doc = cJSON_Parse(fixture);
	free(fixture);
	assert_non_null(doc);
	cJSON_DeleteItemFromObject(doc, "uncertainty");
	char *text = cJSON_Print(doc);
	tu_write(plain, text);
	free(text);
	cJSON_Delete(doc);
	snprintf(want, sizeof want, "%s --format json", plain);
	long c = solve_stored(&jc, db, want);
	cJSON *pc = cJSON_Parse(jc);
	r = tu_run("diff %ld %ld --db %s --format json", a, c, db);
	assert_int_equal(r.status, 0);
	d = cJSON_Parse(r.out);
	for (int f = 0; f < 2; f++) {
		const cJSON *fa = cJSON_GetArrayItem(tu_item(pa, "futures"), f);
		const cJSON *row = row_of(tu_item(d, "figures"), tu_item(fa, "id")->valuestring, "figure", "objective EUR");
		assert_true(fabs(number(row, "a") - number(tu_item(tu_item(fa, "plan"), "objective"), "total")) < 1e-6);
		assert_true(fabs(number(row, "b") - number(tu_item(pc, "objective"), "total")) < 1e-6);
	}
	assert_non_null(row_of(tu_item(d, "scenario"), NULL, "pointer", "/uncertainty"));
	assert_null(cJSON_GetObjectItem(d, "commitment"));
	cJSON_Delete(d);
	cJSON_Delete(pc);
	tu_run_free(&r);
	free(jc);
	free(plain);
	cJSON_Delete(pa);
	cJSON_Delete(pb);
	free(ja);
	free(jb);
	free(db);
	tu_remove_tree(dir);
	free(dir);
}

/* A database of schema 4 cannot take a plan over futures until it is migrated; then it can, and
 * its old run reads as before. */
static void test_migration_v4(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), *db = tu_path_in(dir, "v4.db");
	qt_scenario *tiny, *s, *s2;
	qt_plan *p0, *p, *p2;
	assert_int_equal(qt_scenario_read_file(&tiny, NULL, "examples/tiny.json"), 0);
	assert_int_equal(qt_solve(&p0, tiny, NULL), 0);
	assert_int_equal(qt_scenario_read_file(&s, NULL, VSS), 0);
	qt_solve_options opt;
	qt_solve_options_init(&opt);
	opt.value_of_information = 1;
	assert_int_equal(qt_solve(&p, s, &opt), 0);
	qt_store *st;
	long id0, id;
	assert_int_equal(qt_store_open_version(&st, db, QT_STORE_WRITE, 4), 0);
	assert_int_equal(qt_store_add_run(&id0, st, tiny, p0, NULL), 0);
	assert_int_equal(qt_store_add_run(&id, st, s, p, NULL), QT_EINPUT);
	assert_non_null(strstr(qt_last_error(), "cannot hold a plan over futures"));
	qt_store_close(st);
	assert_int_equal(tu_db_int(db, "PRAGMA user_version"), 4);
	assert_int_equal(tu_db_int(db, "SELECT count(*) FROM run"), 1);

	assert_int_equal(qt_store_open(&st, db, QT_STORE_WRITE), 0);
	assert_int_equal(tu_db_int(db, "PRAGMA user_version"), QT_STORE_SCHEMA);
	assert_int_equal(qt_store_add_run(&id, st, s, p, NULL), 0);
	assert_int_equal(id, id0 + 1);
	assert_int_equal(qt_store_load(&s2, &p2, st, id), 0);
	assert_int_equal(qt_plan_futures(p2), 2);
	assert_true(p2->objective == p->objective && p2->expected == p->expected && p2->worst == p->worst);
	assert_int_equal(p2->commit_K, 1);
	assert_non_null(p2->voi);
	assert_true(p2->voi->vss == p->voi->vss && p2->voi->evpi == p->voi->evpi);
	for (int f = 0; f < 2; f++) {
		assert_true(p2->future[f]->objective == p->future[f]->objective);
		assert_int_equal(memcmp(p2->future[f]->open, p->future[f]->open, (size_t)s->n_gu * (s->T + 1)), 0);
	}
	qt_plan_free(p2);
	qt_scenario_free(s2);
	assert_int_equal(qt_store_load(&s2, &p2, st, id0), 0);
	assert_int_equal(qt_plan_futures(p2), 0);
	assert_true(p2->objective == p0->objective);
	qt_plan_free(p2);
	qt_scenario_free(s2);
	qt_store_close(st);

	tu_run_result r = tu_run("runs --db %s", db);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Tiny district"));
	assert_non_null(strstr(r.out, "mean-value plan"));
	tu_run_free(&r);
	assert_int_equal(assert_whole(db), 2);
	qt_plan_free(p);
	qt_plan_free(p0);
	qt_scenario_free(s);
	qt_scenario_free(tiny);
	free(db);
	tu_remove_tree(dir);
	free(dir);
}

/* A writer killed while it stores a plan over futures leaves none of its runs. */
static void test_sigkill_mid_run(void **state)
{
	(void)state;
	char *dir = tu_tmpdir(), *db = tu_path_in(dir, "k.db"), *out = tu_path_in(dir, "out");
	solve_stored(NULL, db, VSS);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		setenv("QUARTIER_TEST_STORE_PAUSE_MS", "60000", 1);
		int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
			_exit(126);
		execl(tu_bin(), "quartier", "solve", VSS, "--db", db, "--value-of-information", (char *)NULL);
		_exit(127);
	}
	tu_wait_for_writer(db);
	kill(pid, SIGKILL);
	int status;
	while (waitpid(pid, &status, 0) < 0)
		assert_int_equal(errno, EINTR);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	assert_int_equal(tu_db_int(db, "SELECT count(*) FROM run"), 3);
	assert_int_equal(tu_db_int(db, "SELECT count(*) FROM run_voi"), 0);
	assert_int_equal(assert_whole(db), 1);
	tu_run_result r = tu_run("show last --db %s", db);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	free(out);
	free(db);
	tu_remove_tree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_show_as_solved), cmocka_unit_test(test_export_run),
		cmocka_unit_test(test_diff),	       cmocka_unit_test(test_migration_v4),
		cmocka_unit_test(test_sigkill_mid_run),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
