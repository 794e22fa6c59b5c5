/*
 * The `uncertainty` section (SCENARIO.md "Extensions", MODEL.md "Futures"): the futures with their
 * probabilities and per-period data, the quarters committed now, and the objective over futures.
 * Constraint 2's check runs once per future, naming it.
 */
#include "scenario_futures.h"

#include "scenario_check.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Probabilities sum to 1 within this (SCENARIO.md). */
#define PROBABILITY_SUM_TOLERANCE 1e-9

static const char *const UNCERTAINTY_KEYS[] = { "commit_quarters", "objective", "futures" };
static const char *const FUTURE_KEYS[] = { "id", "probability", "arrivals", "entitled" };
static const qt_range R_PROBABILITY = { 0, 1, true, false, "a probability in (0, 1]", NULL };

static void read_future_entitled(qt_reader *r, const cJSON *fo, qt_future *fu)
{
	const cJSON *e = qt_rd_member(r, fo, "entitled", false);
	if (!e)
		return;
	size_t mark = qt_rd_path_push_key(r, "entitled");
	if (qt_rd_class_object(r, e) && r->T > 0) {
		fu->entitled = qt_rd_alloc(r, (size_t)QT_NCLASS * ((size_t)r->T + 1), sizeof *fu->entitled);
		for (int h = 0; h < QT_NCLASS && fu->entitled; h++)
			qt_rd_field_per_period(r, e, qt_class_names[h], "households",
					       fu->entitled + (size_t)h * ((size_t)r->T + 1));
	}
	qt_rd_path_pop(r, mark);
}

static const char *read_future(qt_reader *r, const cJSON *fo, qt_future *fu)
{
	if (!qt_rd_schema_object(r, fo, FUTURE_KEYS, QT_N_OF(FUTURE_KEYS)))
		return NULL;
	const char *id = qt_rd_field_string(r, fo, "id", true, true);
	fu->id = qt_rd_copy_string(r, id ? id : "");
	qt_rd_field_real(r, fo, "probability", true, &R_PROBABILITY, &fu->probability);
	if (r->T > 0)
		fu->arrivals = qt_rd_alloc(r, (size_t)r->T + 1, sizeof *fu->arrivals);
	if (qt_rd_member(r, fo, "arrivals", true))
		qt_rd_field_per_period(r, fo, "arrivals", "persons", fu->arrivals);
	read_future_entitled(r, fo, fu);
	return id;
}

/* Reads the futures list into s; false when it is not a list of the allowed size. */
static bool read_futures(qt_reader *r, const cJSON *list)
{
	qt_scenario *s = r->s;
	int n;
	if (!qt_rd_list_here(r, list, "futures", QT_MAX_FUTURES, &n))
		return false;
	if (n < 2) {
		qt_rd_report(r, "%d future%s: expected between 2 and %d futures", n, n == 1 ? "" : "s",
			     QT_MAX_FUTURES);
		return false;
	}
	qt_id_index ix = { qt_rd_alloc(r, (size_t)n, sizeof *ix.e), 0 };
	s->future = qt_rd_alloc(r, (size_t)n, sizeof *s->future);
	if (!ix.e || !s->future) {
		free(ix.e);
		return false;
	}
	s->n_future = n;
	int i = 0;
	const cJSON *fo;
	cJSON_ArrayForEach(fo, list) {
		size_t m = qt_rd_path_push_index(r, i);
		qt_rd_id_add(&ix, read_future(r, fo, &s->future[i]), i);
		qt_rd_path_pop(r, m);
		i++;
	}
	qt_rd_finish_ids(r, &ix, "uncertainty/futures");
	free(ix.e);
	return true;
}

static void check_probability_sum(qt_reader *r)
{
	const qt_scenario *s = r->s;
	double sum = 0;
	for (int f = 0; f < s->n_future; f++)
		sum += s->future[f].probability;
	if (fabs(sum - 1) > PROBABILITY_SUM_TOLERANCE)
		qt_rd_report(r, "the probabilities of the futures sum to %.12g: expected 1 (within 1e-9)", sum);
}

void qt_scenario_read_futures(qt_reader *r, const cJSON *root)
{
	const cJSON *u = qt_rd_member(r, root, "uncertainty", false);
	if (!u)
		return;
	size_t mark = qt_rd_path_push_key(r, "uncertainty");
	if (qt_rd_schema_object(r, u, UNCERTAINTY_KEYS, QT_N_OF(UNCERTAINTY_KEYS))) {
		qt_scenario *s = r->s;
		long hi = r->T > 0 ? r->T : QT_MAX_PERIODS;
		qt_rd_field_whole(r, u, "commit_quarters", false, "quarters", 1, hi, &s->commit_K);
		int obj = 0;
		if (qt_rd_field_choice(r, u, "objective", false, qt_futures_objective_names, QT_NFUT_OBJECTIVE, &obj))
			s->fut_objective = (qt_futures_objective)obj;
		const cJSON *list = qt_rd_member(r, u, "futures", true);
		size_t errors = qt_rd_error_count(r);
		if (list) {
			size_t m2 = qt_rd_path_push_key(r, "futures");
			if (read_futures(r, list) && qt_rd_error_count(r) == errors)
				check_probability_sum(r);
			qt_rd_path_pop(r, m2);
		}
	}
	qt_rd_path_pop(r, mark);
}

void qt_scenario_check_vu_futures(qt_reader *r)
{
	const qt_scenario *s = r->s;
	size_t mark = qt_rd_path_push_key(r, "uncertainty");
	size_t m2 = qt_rd_path_push_key(r, "futures");
	for (int f = 0; f < s->n_future; f++) {
		qt_scenario view;
		qt_scenario_future_view(s, f, &view);
		size_t m3 = qt_rd_path_push_index(r, f);
		qt_scenario_check_vu_of(r, &view, s->future[f].entitled ? "entitled" : "arrivals", s->future[f].id);
		qt_rd_path_pop(r, m3);
	}
	qt_rd_path_pop(r, m2);
	qt_rd_path_pop(r, mark);
}

/* ---- the scenario as it is in one future, or on average ---- */

void qt_scenario_future_view(const qt_scenario *s, int f, qt_scenario *view)
{
	*view = *s;
	view->arrivals = s->future[f].arrivals;
	if (s->future[f].entitled)
		view->entitled = s->future[f].entitled;
	view->n_future = 0;
	view->future = NULL;
}

/* out[1..T]: the whole numbers whose cumulative sums are the rounded cumulative sums of
 * sum_f p_f * value_f[t]; value_f is the row `row` of future f's array (or of s's where it has none). */
static void mean_row(const qt_scenario *s, int entitled, size_t row, int *out)
{
	double cum = 0;
	long done = 0;
	for (int t = 1; t <= s->T; t++) {
		for (int f = 0; f < s->n_future; f++) {
			const qt_future *fu = &s->future[f];
			const int *a = entitled ? (fu->entitled ? fu->entitled : s->entitled) : fu->arrivals;
			cum += fu->probability * a[row + (size_t)t];
		}
		long whole = lround(cum);
		out[row + (size_t)t] = (int)(whole - done);
		done = whole;
	}
}

void qt_scenario_mean_view(const qt_scenario *s, qt_scenario *view, int *arrivals, int *entitled)
{
	*view = *s;
	memset(arrivals, 0, ((size_t)s->T + 1) * sizeof *arrivals);
	memset(entitled, 0, (size_t)QT_NCLASS * ((size_t)s->T + 1) * sizeof *entitled);
	mean_row(s, 0, 0, arrivals);
	for (int h = 0; h < QT_NCLASS; h++)
		mean_row(s, 1, (size_t)h * ((size_t)s->T + 1), entitled);
	view->arrivals = arrivals;
	view->entitled = entitled;
	view->n_future = 0;
	view->future = NULL;
}
