/* Key figures of a plan, sweeps over one datum, and the offer eligibility report. */
#include "internal.h"
#include "sweep.h"

#include <cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct qt_sweep {
	char *pointer;
	size_t n;
	qt_kpis *rows;
	double (*penalty)[QT_NPEN]; /* [n] each variant's penalty terms */
	double seconds;
};

size_t qt_sweep_count(const qt_sweep *sw) { return sw ? sw->n : 0; }
const qt_kpis *qt_sweep_kpis(const qt_sweep *sw, size_t i) { return sw && i < sw->n ? &sw->rows[i] : NULL; }
double qt_sweep_seconds(const qt_sweep *sw) { return sw ? sw->seconds : 0; }
const char *qt_sweep_pointer(const qt_sweep *sw) { return sw->pointer; }
const double *qt_sweep_penalties(const qt_sweep *sw, size_t i) { return i < sw->n ? sw->penalty[i] : NULL; }

void qt_sweep_free(qt_sweep *sw)
{
	if (!sw)
		return;
	free(sw->pointer);
	free(sw->rows);
	free(sw->penalty);
	free(sw);
}

/* Reads and solves one variant; *plan replaces the previous one, which warm-starts it. */
static int run_variant(qt_sweep *sw, size_t i, qt_errors **errors, const char *path, const char **sets,
		       size_t n_sets, qt_solve_options *opt, qt_plan **plan)
{
	char set[512];
	snprintf(set, sizeof set, "%s=%.17g", sw->pointer, sw->rows[i].value);
	sets[n_sets] = set;
	qt_scenario *s;
	int rc = qt_scenario_read_file_with(&s, errors, path, sets, n_sets + 1);
	if (rc)
		return rc;
	qt_plan *p = NULL;
	opt->warm_start = *plan;
	rc = qt_solve(&p, s, opt);
	if (rc == 0) {
		double value = sw->rows[i].value;
		qt_plan_kpis(&sw->rows[i], s, p);
		sw->rows[i].value = value;
		memcpy(sw->penalty[i], p->penalty, sizeof sw->penalty[i]);
		qt_plan_free(*plan);
		*plan = p;
	}
	qt_scenario_free(s);
	return rc;
}

int qt_sweep_run(qt_sweep **out, qt_errors **errors, const char *path, const char *const *sets,
		 size_t n_sets, const char *pointer, const double *values, size_t n_values,
		 const qt_solve_options *opt)
{
	*out = NULL;
	if (errors)
		*errors = NULL;
	if (!path || !pointer || pointer[0] != '/' || !values || n_values == 0 || strlen(pointer) > 400)
		return qt_set_error(QT_EINVAL, "qt_sweep_run: a file, a JSON Pointer and values are needed");
	qt_sweep *sw = calloc(1, sizeof *sw);
	const char **all = calloc(n_sets + 1, sizeof *all);
	if (sw) {
		sw->pointer = qt_strdup(pointer);
		sw->rows = calloc(n_values, sizeof *sw->rows);
		sw->penalty = calloc(n_values, sizeof *sw->penalty);
	}
	if (!sw || !all || !sw->pointer || !sw->rows || !sw->penalty) {
		qt_sweep_free(sw);
		free(all);
		return qt_set_error(QT_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n_sets; i++)
		all[i] = sets[i];
	qt_solve_options o;
	if (opt)
		o = *opt;
	else
		qt_solve_options_init(&o);
	qt_plan *plan = NULL;
	double t0 = qt_clock_s();
	int rc = 0;
	for (size_t i = 0; i < n_values && rc == 0; i++) {
		sw->rows[i].value = values[i];
		rc = run_variant(sw, i, errors, path, all, n_sets, &o, &plan);
		sw->n = i + 1;
		if (o.stop && *o.stop)
			break;
	}
	sw->seconds = qt_clock_s() - t0;
	qt_plan_free(plan);
	free(all);
	if (rc) {
		qt_sweep_free(sw);
		return rc;
	}
	*out = sw;
	return 0;
}

/* ---- the sweep table ---- */

static void kpi_cells(qt_table *t, const qt_kpis *k, const qt_kpis *base)
{
	qt_table_fixed(t, k->value, 4);
	qt_table_int(t, k->offers_eligible);
	for (int h = 0; h < QT_NCLASS; h++)
		qt_table_int(t, k->eligible_by_class[h]);
	qt_table_int(t, k->flat_households);
	qt_table_int(t, k->waiting_end);
	qt_table_fixed(t, k->waiting_avg, 1);
	qt_table_int(t, k->unhoused);
	qt_table_int(t, k->backlog);
	qt_table_fixed(t, k->kdu, 0);
	qt_table_fixed(t, k->cost, 0);
	qt_table_fixed(t, k->objective, 0);
	qt_table_text(t, qt_status_name(k->status));
	qt_table_fixed(t, 100.0 * k->gap, 2);
	qt_table_fixed(t, k->seconds, 1);
	qt_table_int(t, k->violations);
	qt_table_int(t, k->flat_households - base->flat_households);
	qt_table_fixed(t, k->waiting_avg - base->waiting_avg, 1);
	qt_table_int(t, k->backlog - base->backlog);
	qt_table_fixed(t, k->kdu - base->kdu, 0);
	qt_table_fixed(t, k->cost - base->cost, 0);
	qt_table_fixed(t, k->objective - base->objective, 0);
}

int qt_sweep_table(qt_table **out, const qt_sweep *sw)
{
	static const char *const cols[][2] = {
		{ "value", "value" },
		{ "offers_eligible", "eligible" },
		{ "eligible_1", "el.1" },
		{ "eligible_2", "el.2" },
		{ "eligible_3", "el.3" },
		{ "eligible_4", "el.4" },
		{ "eligible_5plus", "el.5+" },
		{ "flat_households", "flat hh" },
		{ "waiting_end", "Fehlb. end" },
		{ "waiting_avg", "Fehlb. avg" },
		{ "unhoused", "unhoused" },
		{ "backlog", "backlog" },
		{ "kdu_eur", "KdU EUR" },
		{ "cost_eur", "cost EUR" },
		{ "objective_eur", "objective EUR" },
		{ "status", "status" },
		{ "gap_percent", "gap %" },
		{ "seconds", "s" },
		{ "violations", "viol." },
		{ "d_flat_households", "Δ flat hh" },
		{ "d_waiting_avg", "Δ Fehlb. avg" },
		{ "d_backlog", "Δ backlog" },
		{ "d_kdu_eur", "Δ KdU EUR" },
		{ "d_cost_eur", "Δ cost EUR" },
		{ "d_objective_eur", "Δ objective EUR" },
	};
	char title[512];
	snprintf(title, sizeof title, "Sweep over %s", sw->pointer);
	qt_table *t;
	int rc = qt_table_new(&t, "sweep", title);
	if (rc)
		return rc;
	for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
		qt_table_column(t, cols[i][0], cols[i][1], i == 15 ? QT_ALIGN_LEFT : QT_ALIGN_RIGHT);
	for (size_t i = 0; i < sw->n; i++)
		kpi_cells(t, &sw->rows[i], &sw->rows[0]);
	qt_table_note(t, "Persons unless said; unhoused and backlog in person-quarters; Fehlb. = Fehlbeleger "
			 "persons; flat hh = households placed into flats; Δ = change against the first row.");
	if ((rc = qt_table_status(t))) {
		qt_table_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

static cJSON *kpis_json(const qt_kpis *k)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "value", k->value);
	cJSON_AddNumberToObject(o, "offers_eligible", k->offers_eligible);
	cJSON *by = cJSON_AddObjectToObject(o, "eligible_by_class");
	for (int h = 0; h < QT_NCLASS && by; h++)
		cJSON_AddNumberToObject(by, qt_class_names[h], k->eligible_by_class[h]);
	cJSON_AddNumberToObject(o, "flat_households", (double)k->flat_households);
	cJSON_AddNumberToObject(o, "waiting_persons_end", (double)k->waiting_end);
	cJSON_AddNumberToObject(o, "waiting_persons_avg", k->waiting_avg);
	cJSON_AddNumberToObject(o, "unhoused_person_quarters", (double)k->unhoused);
	cJSON_AddNumberToObject(o, "backlog_end", (double)k->backlog_end);
	cJSON_AddNumberToObject(o, "backlog_person_quarters", (double)k->backlog);
	cJSON_AddNumberToObject(o, "kdu", k->kdu);
	cJSON_AddNumberToObject(o, "cost", k->cost);
	cJSON_AddNumberToObject(o, "objective", k->objective);
	cJSON_AddStringToObject(o, "status", qt_status_name(k->status));
	cJSON_AddNumberToObject(o, "gap", k->gap);
	cJSON_AddNumberToObject(o, "seconds", k->seconds);
	cJSON_AddNumberToObject(o, "violations", k->violations);
	return o;
}

/* Prints a table as text or CSV, then frees it. */
static int print_table(FILE *f, qt_format format, qt_table *t)
{
	int rc = format == QT_FORMAT_CSV ? qt_table_print_csv(f, t) : qt_table_print_text(f, t);
	qt_table_free(t);
	return rc;
}

int qt_report_sweep(FILE *f, qt_format format, const qt_sweep *sw)
{
	if (format == QT_FORMAT_JSON) {
		cJSON *root = cJSON_CreateObject();
		cJSON_AddStringToObject(root, "pointer", sw->pointer);
		cJSON_AddNumberToObject(root, "seconds", sw->seconds);
		cJSON *rows = cJSON_AddArrayToObject(root, "variants");
		for (size_t i = 0; i < sw->n && rows; i++)
			cJSON_AddItemToArray(rows, kpis_json(&sw->rows[i]));
		return qt_json_write(f, root);
	}
	qt_table *t;
	int rc = qt_sweep_table(&t, sw);
	return rc ? rc : print_table(f, format, t);
}

/* ---- offer eligibility ---- */

int qt_report_offers(FILE *f, qt_format format, const qt_scenario *s)
{
	qt_table *t;
	int rc = qt_table_new(&t, "offers", "Flat offers and the rent caps they face");
	if (rc)
		return rc;
	static const char *const cols[][2] = {
		{ "id", "id" },           { "municipality", "municipality" }, { "period", "period" },
		{ "household", "household" }, { "units", "units" },      { "rent", "rent" },
		{ "cap_factor_1", "cap at 1" }, { "cap", "cap now" },    { "eligible", "eligible" },
		{ "min_factor", "qualifies from factor" },
	};
	for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
		qt_table_column(t, cols[i][0], cols[i][1],
				i < 3 || i == 8 ? QT_ALIGN_LEFT : QT_ALIGN_RIGHT);
	for (int o = 0; o < s->n_offer; o++) {
		const qt_offer *of = &s->offer[o];
		char period[8];
		qt_period_label(s->start_year, s->start_q, of->period, period);
		double base = of->cap >= 0 ? of->cap / s->cap_factor : -1;
		qt_table_text(t, of->id);
		qt_table_text(t, s->muni[of->muni].name);
		qt_table_text(t, period);
		qt_table_text(t, qt_class_names[of->hclass]);
		qt_table_int(t, of->units);
		qt_table_fixed(t, of->rent, 2);
		qt_table_fixed(t, base >= 0 ? base : NAN, 2);
		qt_table_fixed(t, of->cap >= 0 ? of->cap : NAN, 2);
		qt_table_text(t, of->eligible ? "yes" : "no");
		qt_table_fixed(t, base > 0 ? of->rent / base : NAN, 4);
	}
	qt_table_note(t, "Rents and caps in EUR per month; an offer qualifies if its rent is at most the cap "
			 "times the factor (equal qualifies). No cap: the area or class has none.");
	if ((rc = qt_table_status(t))) {
		qt_table_free(t);
		return rc;
	}
	return print_table(f, format, t);
}
