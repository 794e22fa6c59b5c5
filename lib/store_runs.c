/* The reports over all stored runs: the list of runs and the series of key figures across them. */
#include "store.h"

#include <stdlib.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A one-table report over all runs: text (with note under it), CSV or JSON (an array) to f.
 * Parameter 1 of sql is the name filter, parameter 2 whether the report is JSON. */
static int runs_table(FILE *f, qt_format format, qt_store *st, const char *name, const char *title,
		      const qt_store_column *cols, size_t ncols, const char *sql, const char *filter,
		      const char *note)
{
	int rc = qt_store_report_check(st, f, format);
	if (rc)
		return rc;
	sqlite3_stmt *q;
	if ((rc = qt_store_prepare(&q, st, sql)))
		return rc;
	if (filter)
		sqlite3_bind_text(q, 1, filter, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(q, 2, format == QT_FORMAT_JSON);
	qt_table *t = NULL;
	if (!(rc = qt_store_table_new(&t, name, title, cols, ncols)))
		rc = qt_store_table_rows(t, st, q, cols, ncols);
	sqlite3_finalize(q);
	if (!rc && format == QT_FORMAT_TEXT)
		rc = qt_table_note(t, qt_table_rows(t) ? note : "No runs stored yet.");
	if (!rc)
		rc = qt_table_print(f, t, format);
	qt_table_free(t);
	if (!rc && fflush(f) != 0)
		rc = qt_set_error(QT_EIO, "cannot write the report");
	return rc;
}

/* Created time: full ISO 8601 in JSON (parameter 2), "YYYY-MM-DD hh:mm:ss" otherwise. */
#define CREATED_SQL "CASE WHEN ?2 THEN r.created ELSE replace(substr(r.created, 1, 19), 'T', ' ') END"
#define FILTER_SQL "(?1 IS NULL OR instr(r.scenario_name, ?1) > 0)"
/* Schema 5 and later: the number of futures of a plan over futures, and only runs of their own
 * (the runs of its futures are part of a plan over futures). Older schemas know neither. */
#define FUTURES_5 "(SELECT n_future FROM run_futures WHERE run_id = r.id)"
#define OWN_5 "r.parent_id IS NULL"

#define RUNS_SQL(futures, own)                                                                              \
	"SELECT r.id, " CREATED_SQL ", r.scenario_name, " futures ", r.start, r.periods, r.status,"         \
	" 100 * r.gap, r.objective, r.cost, k.unhoused_person_quarters, k.backlog_end,"                     \
	" k.waiting_end, k.under_quota_end"                                                                 \
	" FROM run r LEFT JOIN run_kpi k ON k.run_id = r.id WHERE " own " AND " FILTER_SQL " ORDER BY r.id"

#define SERIES_SQL(futures, own)                                                                            \
	"SELECT r.id, " CREATED_SQL ", r.scenario_name, " futures ", r.start, r.status, r.objective, r.cost," \
	" k.first_backlog, k.first_waiting, k.first_unhoused, k.first_gu_places_open,"                      \
	" k.first_gu_persons, k.first_au_placed, k.unhoused_person_quarters,"                               \
	" k.backlog_person_quarters, k.under_quota_end, k.modules_ordered, k.modules_kept,"                 \
	" k.flat_households"                                                                                \
	" FROM run r LEFT JOIN run_kpi k ON k.run_id = r.id WHERE " own " AND " FILTER_SQL                  \
	" ORDER BY r.created, r.id"

#define FUTURES_NOTE                                                                                        \
	" futures: a plan over that many futures (objective: the one over the futures; cost: their "        \
	"expectation; no key figures of its own: quartier show RUN lists the futures)."

int qt_store_report_runs(FILE *f, qt_format format, qt_store *st, const char *name_filter)
{
	static const qt_store_column cols[] = {
		{ "id", "run", 0 },
		{ "created", "stored (UTC)", -1 },
		{ "scenario", "scenario", -1 },
		{ "futures", "futures", 0 },
		{ "start", "from", -1 },
		{ "periods", "quarters", 0 },
		{ "status", "status", -1 },
		{ "gap_percent", "gap %", 2 },
		{ "objective", "objective EUR", 0 },
		{ "cost", "real cost EUR", 0 },
		{ "unhoused_person_quarters", "unhoused p-q", 0 },
		{ "backlog_end", "backlog end", 0 },
		{ "waiting_end", "Fehlbeleger end", 0 },
		{ "under_quota_end", "under quota end", 0 },
	};
	return runs_table(f, format, st, "runs", "Stored runs", cols, COUNT(cols),
			  st && st->version >= 5 ? RUNS_SQL(FUTURES_5, OWN_5) : RUNS_SQL("NULL", "1"), name_filter,
			  "Shortfalls in persons: unhoused person-quarters over the horizon; backlog, Fehlbeleger "
			  "and persons under quota after the last quarter." FUTURES_NOTE);
}

int qt_store_report_series(FILE *f, qt_format format, qt_store *st, const char *name_filter)
{
	static const qt_store_column cols[] = {
		{ "id", "run", 0 },
		{ "created", "stored (UTC)", -1 },
		{ "scenario", "scenario", -1 },
		{ "futures", "futures", 0 },
		{ "start", "first quarter", -1 },
		{ "status", "status", -1 },
		{ "objective", "objective EUR", 0 },
		{ "cost", "real cost EUR", 0 },
		{ "first_backlog", "backlog", 0 },
		{ "first_waiting", "Fehlbeleger", 0 },
		{ "first_unhoused", "unhoused", 0 },
		{ "first_gu_places_open", "GU places", 0 },
		{ "first_gu_persons", "GU persons", 0 },
		{ "first_au_placed", "AU placed", 0 },
		{ "unhoused_person_quarters", "unhoused p-q", 0 },
		{ "backlog_person_quarters", "backlog p-q", 0 },
		{ "under_quota_end", "under quota end", 0 },
		{ "modules_ordered", "modules ordered", 0 },
		{ "modules_kept", "modules kept", 0 },
		{ "flat_households", "flat households", 0 },
	};
	return runs_table(f, format, st, "series", "Key figures across runs, in the order they were stored", cols,
			  COUNT(cols), st && st->version >= 5 ? SERIES_SQL(FUTURES_5, OWN_5) : SERIES_SQL("NULL", "1"),
			  name_filter,
			  "Backlog to AU placed: the plan for each run's first quarter (persons). From "
			  "'unhoused p-q' on: the run's horizon (person-quarters; under quota after the last "
			  "quarter; modules; households placed into flats)." FUTURES_NOTE);
}
