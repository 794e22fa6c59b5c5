/* Storing a run in the run database in one transaction. Every value goes into SQL through a bound
 * parameter. */
#include "store.h"

#include <cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

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
	return rc ? rc : qt_store_exec(st, "BEGIN IMMEDIATE", "starting a transaction");
}

int qt_store_commit(qt_store *st)
{
	int rc = writable(st);
	if (!rc && (rc = qt_store_exec(st, "COMMIT", "committing")))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

int qt_store_rollback(qt_store *st)
{
	int rc = writable(st);
	return rc ? rc : qt_store_exec(st, "ROLLBACK", "rolling back");
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
	rc = qt_store_step_done(w->st, q, "storing the scenario");
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
		rc = qt_store_step_done(w->st, q, "storing the run");
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
		rc = qt_store_step_done(w->st, q, "storing the objective terms");
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
		rc = qt_store_step_done(w->st, q, "storing the period totals");
	}
	sqlite3_finalize(q);
	return rc;
}

static int put_gu(writer *w)
{
	const qt_plan *p = w->p;
	int T = p->T;
	sqlite3_stmt *q;
	/* schema 4 and later: handed_over (the migration tests write older schemas) */
	int rc = qt_store_prepare(&q, w->st,
				  w->st->version >= 4 ? "INSERT INTO run_gu (run_id, g, t, site, period, persons, open,"
							" opened, closed, handed_over)"
							" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
						      : "INSERT INTO run_gu (run_id, g, t, site, period, persons, open,"
							" opened, closed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
	for (int g = 0; !rc && g < p->G; g++)
		for (int t = 0; !rc && t <= T; t++) {
			size_t ix = QT_IX(g, t, T);
			long v[] = { w->run, g, t };
			bind_longs(q, 1, v, 3);
			sqlite3_bind_text(q, 4, w->s->gu[g].id, -1, SQLITE_STATIC);
			bind_period(q, 5, w->s, t);
			long d[] = { p->x[ix], p->open[ix], p->up[ix], p->dn[ix], p->tr[ix] };
			bind_longs(q, 6, d, w->st->version >= 4 ? 5 : 4);
			rc = qt_store_step_done(w->st, q, "storing the GU sites");
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
			rc = qt_store_step_done(w->st, q, "storing the Kombimodell sites");
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
			rc = qt_store_step_done(w->st, q, "storing the municipalities");
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
		rc = qt_store_step_done(w->st, q, "storing the offers used");
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
		rc = qt_store_step_done(w->st, q, "storing the kept orders");
	}
	sqlite3_finalize(q);
	return rc;
}

/* Every plan table of w's plan and its key figures (an ordinary run, or one future of a plan over
 * futures). */
static int write_plan(writer *w, long kept_modules)
{
	int rc = put_penalties(w);
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
	/* An older schema (the tests make one) has no key-figure table to fill. */
	if (!rc && w->st->version >= 3)
		rc = qt_store_put_kpis(w->st, w->run, w->s, w->p, kept_modules);
	return rc;
}

/* What a plan over futures adds to its run row: run_futures, and run_voi when computed. */
static int put_futures(writer *w)
{
	const qt_plan *p = w->p;
	sqlite3_stmt *q;
	int rc = qt_store_prepare(&q, w->st,
				  "INSERT INTO run_futures (run_id, n_future, commit_quarters, objective_kind, expected,"
				  " worst) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	if (rc)
		return rc;
	long v[] = { w->run, p->n_future, p->commit_K };
	bind_longs(q, 1, v, 3);
	sqlite3_bind_text(q, 4, qt_futures_objective_names[w->s->fut_objective], -1, SQLITE_STATIC);
	sqlite3_bind_double(q, 5, p->expected);
	sqlite3_bind_double(q, 6, p->worst);
	rc = qt_store_step_done(w->st, q, "storing the plan over futures");
	sqlite3_finalize(q);
	if (rc || !p->voi)
		return rc;
	if ((rc = qt_store_prepare(&q, w->st,
				   "INSERT INTO run_voi (run_id, ws, eev, rp, evpi, vss, ws_gap, eev_gap, rp_gap)"
				   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")))
		return rc;
	const qt_voi *o = p->voi;
	double d[] = { o->ws, o->eev, o->rp, o->evpi, o->vss, o->ws_gap, o->eev_gap, o->rp_gap };
	sqlite3_bind_int64(q, 1, w->run);
	for (int i = 0; i < 8; i++)
		bind_real(q, 2 + i, d[i]);
	rc = qt_store_step_done(w->st, q, "storing the value of information");
	sqlite3_finalize(q);
	return rc;
}

/* Future f of the plan over futures of run parent: a child run with every plan table. */
static int write_future(const writer *parent, long scenario_id, int f, const qt_run_info *info, long kept_modules)
{
	qt_scenario view;
	qt_scenario_future_view(parent->s, f, &view);
	writer w = { parent->st, &view, parent->p->future[f], 0 };
	int rc = put_run(&w, scenario_id, info);
	sqlite3_stmt *q = NULL;
	if (!rc)
		rc = qt_store_prepare(&q, w.st, "UPDATE run SET parent_id = ?1, future = ?2 WHERE id = ?3");
	if (!rc) {
		sqlite3_bind_int64(q, 1, parent->run);
		sqlite3_bind_text(q, 2, parent->s->future[f].id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 3, w.run);
		rc = qt_store_step_done(w.st, q, "storing a future's run");
	}
	sqlite3_finalize(q);
	return rc ? rc : write_plan(&w, kept_modules);
}

static int write_run(writer *w, const qt_run_info *info)
{
	const qt_solve_options *opt = info ? info->opt : NULL;
	long kept_modules = opt ? qt_kept_modules(opt->kept, opt->n_kept) : 0;
	long scenario_id = 0;
	int rc = put_scenario(w, &scenario_id);
	if (!rc)
		rc = put_run(w, scenario_id, info);
	if (!rc)
		rc = put_kept(w, opt);
	if (!rc && !w->p->n_future)
		return write_plan(w, kept_modules);
	if (!rc)
		rc = put_penalties(w);
	if (!rc)
		rc = put_futures(w);
	for (int f = 0; !rc && f < w->p->n_future; f++)
		rc = write_future(w, scenario_id, f, info, kept_modules);
	return rc;
}

/* 0 if p, a plan over futures, is one of s's and the database can hold it. */
static int futures_fit(const qt_store *st, const qt_scenario *s, const qt_plan *p)
{
	if (!p->n_future)
		return 0;
	if (st->version < 5)
		return qt_set_error(QT_EINPUT, "%s has schema version %d, which cannot hold a plan over futures",
				    st->path, st->version);
	int fits = p->future && p->n_future == s->n_future;
	for (int f = 0; fits && f < p->n_future; f++) {
		const qt_plan *q = p->future[f];
		fits = q && !q->n_future && q->T == p->T && q->G == p->G && q->K == p->K && q->M == p->M &&
		       q->O == p->O;
	}
	return fits ? 0 : qt_set_error(QT_EINVAL, "qt_store_add_run: the plan's futures are not the scenario's");
}

int qt_store_add_run(long *id, qt_store *st, const qt_scenario *s, const qt_plan *p, const qt_run_info *info)
{
	int rc = writable(st);
	if (rc)
		return rc;
	if (!id || !s || !p || !s->text)
		return qt_set_error(QT_EINVAL, "qt_store_add_run: bad arguments");
	if (s->T != p->T || p->T < 1 || p->T > QT_MAX_PERIODS || s->n_gu != p->G || s->n_kombi != p->K ||
	    s->n_muni != p->M || s->n_offer != p->O)
		return qt_set_error(QT_EINVAL, "qt_store_add_run: the plan is not one of this scenario");
	if ((rc = futures_fit(st, s, p)))
		return rc;
	*id = 0;
	/* Inside the caller's transaction a savepoint undoes a failed run alone. */
	int own = sqlite3_get_autocommit(st->db);
	if ((rc = qt_store_exec(st, own ? "BEGIN IMMEDIATE" : "SAVEPOINT qt_run", "starting the run's transaction")))
		return rc;
	writer w = { st, s, p, 0 };
	rc = write_run(&w, info);
	if (!rc)
		rc = qt_store_exec(st, own ? "COMMIT" : "RELEASE qt_run", "committing the run");
	if (rc) {
		sqlite3_exec(st->db, own ? "ROLLBACK" : "ROLLBACK TO qt_run; RELEASE qt_run", NULL, NULL, NULL);
		return rc;
	}
	*id = w.run;
	return 0;
}

/* ---- key figures ---- */

int qt_store_put_kpis(qt_store *st, long id, const qt_scenario *s, const qt_plan *p, long kept_modules)
{
	qt_kpis k;
	qt_plan_totals tot;
	qt_period_totals first;
	qt_plan_kpis(&k, s, p);
	qt_plan_totals_get(&tot, s, p);
	qt_period_totals_get(&first, s, p, 1);
	sqlite3_stmt *q;
	int rc = qt_store_prepare(&q, st,
				  "INSERT INTO run_kpi (run_id, unhoused_person_quarters, backlog_end,"
				  " backlog_person_quarters, waiting_end, waiting_peak, au_placed, under_quota_end,"
				  " municipalities_under_quota_end, gu_opened, gu_closed, modules_ordered, modules_kept,"
				  " modules_converted_end, flat_households, first_backlog, first_waiting, first_unhoused,"
				  " first_gu_places_open, first_gu_persons, first_au_placed)"
				  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
				  " ?18, ?19, ?20, ?21)");
	if (rc)
		return rc;
	long v[] = { id,
		     k.unhoused,
		     k.backlog_end,
		     k.backlog,
		     k.waiting_end,
		     tot.waiting_peak,
		     tot.au_placed,
		     tot.under_quota_end,
		     tot.munis_under_quota_end,
		     tot.gu_opened,
		     tot.gu_closed,
		     tot.modules_ordered,
		     kept_modules,
		     tot.modules_converted_end,
		     k.flat_households,
		     first.backlog,
		     first.waiting_persons,
		     first.unhoused,
		     first.gu_places_open,
		     first.gu_persons,
		     first.au_placed_persons };
	bind_longs(q, 1, v, (int)(sizeof v / sizeof *v));
	rc = qt_store_step_done(st, q, "storing the key figures");
	sqlite3_finalize(q);
	return rc;
}

/* Loads run id and stores its key figures; a run that no longer loads is left without. */
static int fill_one(qt_store *st, long id)
{
	qt_scenario *s = NULL;
	qt_plan *p = NULL;
	qt_kept_order *kept = NULL;
	size_t n = 0;
	int rc = qt_store_load(&s, &p, st, id);
	if (!rc)
		rc = qt_store_kept_orders(&kept, &n, st, id);
	if (!rc)
		rc = qt_store_put_kpis(st, id, s, p, qt_kept_modules(kept, n));
	else if (rc == QT_EIO || rc == QT_EINPUT)
		rc = 0;
	qt_kept_orders_free(kept, n);
	qt_plan_free(p);
	qt_scenario_free(s);
	return rc;
}

int qt_store_kpis_fill(qt_store *st)
{
	sqlite3_stmt *q;
	int rc = qt_store_prepare(&q, st, "SELECT id FROM run ORDER BY id");
	int step = SQLITE_DONE;
	while (!rc && (step = sqlite3_step(q)) == SQLITE_ROW)
		rc = fill_one(st, (long)sqlite3_column_int64(q, 0));
	if (!rc && step != SQLITE_DONE)
		rc = qt_store_fail(st, "reading the runs for their key figures");
	sqlite3_finalize(q);
	return rc;
}
