/* Reading runs back from the run database: finding a run, its scenario, its plan, its one-line
 * description and its Kombimodell orders. */
#include "store.h"

#include <cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- reading runs ---- */

/* QT_EINPUT naming the plan over futures if run id is one of its futures; 0 otherwise. */
static int future_run(qt_store *st, long id)
{
	sqlite3_stmt *q;
	if (st->version < 5 || qt_store_prepare(&q, st, "SELECT parent_id, future FROM run WHERE id = ?1"
							" AND parent_id IS NOT NULL"))
		return 0;
	sqlite3_bind_int64(q, 1, id);
	int rc = 0;
	if (sqlite3_step(q) == SQLITE_ROW)
		rc = qt_set_error(QT_EINPUT,
				  "%s: run %ld is future '%s' of the plan over futures run %lld, not a run of its own "
				  "(quartier show %lld --future %s)",
				  st->path, id, sqlite3_column_text(q, 1), (long long)sqlite3_column_int64(q, 0),
				  (long long)sqlite3_column_int64(q, 0), sqlite3_column_text(q, 1));
	sqlite3_finalize(q);
	return rc;
}

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
	/* schema 5 and later: the runs of the futures of a plan over futures are not runs of their own */
	int rc = qt_store_prepare(&q, st,
				  st->version >= 5 ? "SELECT (SELECT id FROM run WHERE id = ?1 AND parent_id IS NULL),"
						     " min(id), max(id), count(*) FROM run WHERE parent_id IS NULL"
						   : "SELECT (SELECT id FROM run WHERE id = ?1), min(id), max(id), count(*)"
						     " FROM run");
	if (rc)
		return rc;
	sqlite3_bind_int64(q, 1, want);
	if (sqlite3_step(q) != SQLITE_ROW)
		rc = qt_store_fail(st, "finding the run");
	else if (sqlite3_column_int64(q, 3) == 0)
		rc = qt_set_error(QT_EINPUT, "%s holds no runs yet", st->path);
	else if (want < 0)
		*id = (long)sqlite3_column_int64(q, 2);
	else if (sqlite3_column_type(q, 0) == SQLITE_NULL && !(rc = future_run(st, want)))
		rc = qt_set_error(QT_EINPUT, "%s has no run %ld (runs %lld to %lld)", st->path, want,
				  (long long)sqlite3_column_int64(q, 1), (long long)sqlite3_column_int64(q, 2));
	else if (!rc)
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
	p->tr[ix] = (unsigned char)(col_long(q, 6) != 0);
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
				st->version >= 4 ? "SELECT g, t, persons, open, opened, closed, handed_over FROM run_gu"
						   " WHERE run_id = ?1"
						 : "SELECT g, t, persons, open, opened, closed, 0 FROM run_gu WHERE run_id = ?1",
				fill_gu,
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

/* The plan of run row r, with its stored scalars and nothing else yet. */
static int plan_of_row(qt_plan **out, const run_row *r)
{
	qt_plan *p = qt_plan_alloc(r->T, r->G, r->K, r->M, r->O);
	if (!(*out = p))
		return qt_set_error(QT_ENOMEM, "out of memory");
	p->status = r->status;
	p->gap = r->gap;
	p->bound = r->bound;
	p->seconds = r->seconds;
	p->nodes = r->nodes;
	p->rows = (int)r->rows;
	p->cols = (int)r->cols;
	p->ints = (int)r->ints;
	p->objective = r->objective;
	p->cost = r->cost;
	return 0;
}

/* The plan tables of run id (an ordinary run, or one future's) into p, of scenario s. */
static int fill_plan(qt_plan *p, qt_store *st, long id, const qt_scenario *s)
{
	int rc = read_plan(p, st, id);
	if (!rc) /* the payers follow from the decisions and the scenario's funding */
		qt_plan_payers(s, p, p->payers, p->payer_total);
	return rc;
}

/* What run_futures holds for run id into p; p->n_future stays 0 for an ordinary run. */
static int read_futures_row(qt_plan *p, qt_store *st, long id)
{
	sqlite3_stmt *q;
	int rc = st->version < 5 ? 0
				 : qt_store_prepare(&q, st,
						    "SELECT n_future, commit_quarters, expected, worst FROM run_futures"
						    " WHERE run_id = ?1");
	if (rc || st->version < 5)
		return rc;
	sqlite3_bind_int64(q, 1, id);
	int step = sqlite3_step(q);
	if (step == SQLITE_ROW) {
		long n = col_long(q, 0);
		p->commit_K = (int)col_long(q, 1);
		p->expected = sqlite3_column_double(q, 2);
		p->worst = sqlite3_column_double(q, 3);
		if (n < 1 || n > QT_MAX_FUTURES)
			rc = qt_set_error(QT_EIO, "%s: run %ld: %ld futures stored", st->path, id, n);
		else if (!(p->future = calloc((size_t)n, sizeof(qt_plan *))))
			rc = qt_set_error(QT_ENOMEM, "out of memory");
		else
			p->n_future = (int)n;
	} else if (step != SQLITE_DONE) {
		rc = qt_store_fail(st, "reading the plan over futures");
	}
	sqlite3_finalize(q);
	return rc;
}

static int read_voi(qt_plan *p, qt_store *st, long id)
{
	sqlite3_stmt *q;
	int rc = qt_store_prepare(&q, st,
				  "SELECT ws, eev, rp, evpi, vss, ws_gap, eev_gap, rp_gap FROM run_voi WHERE run_id = ?1");
	if (rc)
		return rc;
	sqlite3_bind_int64(q, 1, id);
	int step = sqlite3_step(q);
	if (step == SQLITE_ROW && !(p->voi = calloc(1, sizeof *p->voi)))
		rc = qt_set_error(QT_ENOMEM, "out of memory");
	else if (step == SQLITE_ROW) {
		double *v[] = { &p->voi->ws,	 &p->voi->eev,	   &p->voi->rp,	   &p->voi->evpi,
				&p->voi->vss,	 &p->voi->ws_gap, &p->voi->eev_gap, &p->voi->rp_gap };
		for (int i = 0; i < 8; i++)
			*v[i] = real_or_nan(q, i);
	} else if (step != SQLITE_DONE) {
		rc = qt_store_fail(st, "reading the value of information");
	}
	sqlite3_finalize(q);
	return rc;
}

/* Child run id of the plan over futures p: the complete plan of the future it names. */
static int read_future(qt_plan *p, qt_store *st, long id, const char *future, const qt_scenario *s)
{
	int f = future ? qt_scenario_future_find(s, future) : -1;
	if (f < 0 || p->future[f])
		return qt_set_error(QT_EIO, "%s: run %ld is of a future '%s' its scenario has not (or has twice)",
				    st->path, id, future ? future : "");
	run_row r;
	memset(&r, 0, sizeof r);
	int rc = read_run_row(&r, st, id);
	free(r.overrides);
	qt_scenario view;
	qt_scenario_future_view(s, f, &view);
	if (!rc && (r.T != s->T || r.G != s->n_gu || r.K != s->n_kombi || r.M != s->n_muni || r.O != s->n_offer))
		rc = qt_set_error(QT_EIO, "%s: run %ld: its plan does not have the sizes of its scenario", st->path, id);
	if (!rc)
		rc = plan_of_row(&p->future[f], &r);
	return rc ? rc : fill_plan(p->future[f], st, id, &view);
}

/* The futures of plan over futures p (run id), each from its child run. */
static int read_futures(qt_plan *p, qt_store *st, long id, const qt_scenario *s)
{
	if (s->n_future != p->n_future)
		return qt_set_error(QT_EIO, "%s: run %ld: %d futures stored, its scenario has %d", st->path, id,
				    p->n_future, s->n_future);
	int rc = read_table(st, id, p, "run_penalty", "SELECT term, value FROM run_penalty WHERE run_id = ?1",
			    fill_penalty, QT_NPEN);
	if (!rc)
		rc = read_voi(p, st, id);
	sqlite3_stmt *q;
	if (rc || (rc = qt_store_prepare(&q, st, "SELECT id, future FROM run WHERE parent_id = ?1 ORDER BY id")))
		return rc;
	sqlite3_bind_int64(q, 1, id);
	int step = SQLITE_DONE, n = 0;
	while (!rc && (step = sqlite3_step(q)) == SQLITE_ROW && ++n <= p->n_future)
		rc = read_future(p, st, col_long(q, 0), (const char *)sqlite3_column_text(q, 1), s);
	if (!rc && step != SQLITE_DONE && step != SQLITE_ROW)
		rc = qt_store_fail(st, "reading the futures");
	if (!rc && n != p->n_future)
		rc = qt_set_error(QT_EIO, "%s: run %ld is incomplete: %d of its %d futures stored", st->path, id, n,
				  p->n_future);
	sqlite3_finalize(q);
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
	int rc = future_run(st, id);
	if (!rc)
		rc = read_run_row(&r, st, id);
	if (!rc)
		rc = load_scenario(&s, st, id, r.overrides);
	if (!rc && (s->T != r.T || s->n_gu != r.G || s->n_kombi != r.K || s->n_muni != r.M || s->n_offer != r.O))
		rc = qt_set_error(QT_EIO, "%s: run %ld: its scenario no longer has the sizes it was solved with",
				  st->path, id);
	if (!rc)
		rc = plan_of_row(&p, &r);
	if (!rc)
		rc = read_futures_row(p, st, id);
	if (!rc && p->n_future)
		rc = read_futures(p, st, id, s);
	else if (!rc)
		rc = fill_plan(p, st, id, s);
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

/* The run whose Kombimodell orders stand for run id's, and the last period they may lie in: run id
 * itself, or for a plan over futures its first future up to the last committed quarter (the same
 * in every future; later orders differ between the futures). QT_EINPUT if next starts after that. */
static int orders_source(long *src, char last[8], qt_store *st, long id, const qt_scenario *next)
{
	*src = id;
	snprintf(last, 8, "9999Q4");
	sqlite3_stmt *q;
	if (st->version < 5)
		return 0;
	int rc = qt_store_prepare(&q, st,
				  "SELECT r.start, f.commit_quarters, (SELECT min(id) FROM run WHERE parent_id = r.id)"
				  " FROM run r JOIN run_futures f ON f.run_id = r.id WHERE r.id = ?1");
	if (rc)
		return rc;
	sqlite3_bind_int64(q, 1, id);
	if (sqlite3_step(q) == SQLITE_ROW) {
		long first = qt_quarter_of((const char *)sqlite3_column_text(q, 0));
		long end = first + col_long(q, 1) - 1;
		char start[8];
		qt_period_label((int)(end / 4), (int)(end % 4) + 1, 1, last);
		qt_period_label(next->start_year, next->start_q, 1, start);
		*src = col_long(q, 2);
		if (first < 0 || qt_quarter_of(start) > end + 1)
			rc = qt_set_error(QT_EINPUT,
					  "run %ld is a plan over futures that commits to the quarters up to %s only: "
					  "its orders before %s differ between its futures",
					  id, last, start);
	}
	sqlite3_finalize(q);
	return rc;
}

int qt_store_orders_before(qt_kept_order **out, size_t *n, qt_store *st, long id, const qt_scenario *next)
{
	if (!out || !n || !st || !next)
		return qt_set_error(QT_EINVAL, "qt_store_orders_before: bad arguments");
	*out = NULL;
	*n = 0;
	long exists, src;
	char ref[32], last[8];
	snprintf(ref, sizeof ref, "%ld", id);
	sqlite3_stmt *q;
	int rc = qt_store_find_run(&exists, st, ref);
	if (!rc)
		rc = orders_source(&src, last, st, id, next);
	if (!rc)
		rc = qt_store_prepare(&q, st,
				  "SELECT site, period, sum(modules) FROM ("
				  " SELECT site, period, ordered AS modules FROM run_kombi"
				  "  WHERE run_id = ?3 AND t > 0 AND ordered > 0 AND period < ?2 AND period <= ?4"
				  " UNION ALL"
				  " SELECT site, period, modules FROM run_kept_order WHERE run_id = ?1 AND period < ?2)"
				  " GROUP BY site, period ORDER BY period, site");
	if (rc)
		return rc;
	char start[8];
	qt_period_label(next->start_year, next->start_q, 1, start);
	sqlite3_bind_int64(q, 1, id);
	sqlite3_bind_text(q, 2, start, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(q, 3, src);
	sqlite3_bind_text(q, 4, last, -1, SQLITE_TRANSIENT);
	rc = read_orders(out, n, st, q);
	sqlite3_finalize(q);
	return rc;
}
