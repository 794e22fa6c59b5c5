/* Key figures of a plan, sweeps over one datum (also over futures), and the offer eligibility report. */
#include "i18n.h"
#include "internal.h"
#include "sweep.h"

#include <cJSON.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A variant of a sweep over futures: the objective over them, both ways, the expected real cost,
 * and each future's objective and real cost. */
typedef struct {
	int n_future;
	double expected, worst;
	double objective[QT_MAX_FUTURES], cost[QT_MAX_FUTURES];
} futures_row;

struct qt_sweep {
	char *pointer;
	size_t n, n_alloc;
	qt_kpis *rows;
	char **labels;     /* [n_labels] the values as given (qt_sweep_run_texts); NULL for numbers */
	size_t n_labels;
	double (*penalty)[QT_NPEN]; /* [n] each variant's penalty terms */
	double seconds;
	futures_row *fut;  /* [n] each variant's figures over futures (zero without) */
	char **fut_ids;    /* [n] the ids of each variant's futures, "a\nb\nc" ("" without) */
	int n_future;      /* the futures of every variant; 0 without */
};

size_t qt_sweep_count(const qt_sweep *sw) { return sw ? sw->n : 0; }
const qt_kpis *qt_sweep_kpis(const qt_sweep *sw, size_t i) { return sw && i < sw->n ? &sw->rows[i] : NULL; }
double qt_sweep_seconds(const qt_sweep *sw) { return sw ? sw->seconds : 0; }
const char *qt_sweep_pointer(const qt_sweep *sw) { return sw->pointer; }
int qt_sweep_futures(const qt_sweep *sw) { return sw->n_future; }
const double *qt_sweep_penalties(const qt_sweep *sw, size_t i) { return i < sw->n ? sw->penalty[i] : NULL; }

void qt_sweep_free(qt_sweep *sw)
{
	if (!sw)
		return;
	free(sw->pointer);
	free(sw->rows);
	for (size_t i = 0; sw->labels && i < sw->n_labels; i++)
		free(sw->labels[i]);
	free(sw->labels);
	free(sw->penalty);
	for (size_t i = 0; sw->fut_ids && i < sw->n_alloc; i++)
		free(sw->fut_ids[i]);
	free(sw->fut_ids);
	free(sw->fut);
	free(sw);
}

/* ---- variants side by side ----
 * A chain solves items 0..n-1 in `chunks` contiguous runs, one task each (qt_parallel); within a
 * run every item is warm-started from the plan of the one before it, so with one chunk it is the
 * sequence the sweep always was, and with k chunks the same inputs give the same plans. Progress
 * from the workers goes through one lock, its phase prefixed with the item's number. */
typedef struct chain chain;
/* Solves item i (warm-started from warm, which may be NULL) into *out; returns 0 or an error. */
typedef int (*chain_step)(chain *c, size_t i, qt_solve_options *opt, const qt_plan *warm, qt_plan **out);
struct chain {
	size_t n, chunks;
	const qt_solve_options *opt;
	chain_step step;
	int own_plans; /* the chain frees each plan once the next item no longer needs it */
	void *ctx;
	pthread_mutex_t lock;
};

typedef struct {
	chain *c;
	size_t item;
	char phase[96];
} relay_ctx;

static void relay(const qt_progress *p, void *ctx)
{
	relay_ctx *r = ctx;
	qt_progress q = *p;
	snprintf(r->phase, sizeof r->phase, "%zu/%zu %s", r->item + 1, r->c->n, p->phase ? p->phase : "");
	q.phase = r->phase;
	pthread_mutex_lock(&r->c->lock);
	r->c->opt->progress(&q, r->c->opt->progress_ctx);
	pthread_mutex_unlock(&r->c->lock);
}

static int chain_task(size_t k, void *ctx)
{
	chain *c = ctx;
	size_t from = k * c->n / c->chunks, to = (k + 1) * c->n / c->chunks;
	qt_solve_options o = *c->opt;
	relay_ctx r = { .c = c };
	if (c->chunks > 1 && o.progress) {
		o.progress = relay;
		o.progress_ctx = &r;
	}
	qt_plan *prev = NULL;
	int rc = 0;
	for (size_t i = from; i < to && rc == 0; i++) {
		qt_plan *p = NULL;
		r.item = i;
		rc = c->step(c, i, &o, prev, &p);
		if (c->own_plans)
			qt_plan_free(prev);
		prev = p;
		if (o.stop && *o.stop)
			break;
	}
	if (c->own_plans)
		qt_plan_free(prev);
	return rc;
}

static int chain_run(chain *c)
{
	int jobs = c->opt->jobs > 0 ? c->opt->jobs : qt_cores();
	c->chunks = (size_t)jobs < c->n ? (size_t)jobs : c->n;
	pthread_mutex_init(&c->lock, NULL);
	int rc = qt_parallel(c->chunks, (int)c->chunks, chain_task, c);
	pthread_mutex_destroy(&c->lock);
	return rc;
}

/* ---- sweeps ---- */
typedef struct {
	qt_sweep *sw;
	const char *path;
	const char *const *sets;
	size_t n_sets;
	qt_errors **errors; /* [n]: the read errors of each variant */
	unsigned char *done; /* [n]: solved */
} sweep_ctx;

/* Variant i's figures over futures, and its futures' ids (which every variant must share). */
static int keep_futures(qt_sweep *sw, size_t i, const qt_scenario *s, const qt_plan *p)
{
	futures_row *r = &sw->fut[i];
	r->n_future = p->n_future;
	r->expected = p->expected;
	r->worst = p->worst;
	for (int f = 0; f < p->n_future; f++) {
		r->objective[f] = p->future[f]->objective;
		r->cost[f] = p->future[f]->cost;
	}
	sw->fut_ids[i] = qt_scenario_future_ids(s, "\n");
	return sw->fut_ids[i] ? 0 : qt_set_error(QT_ENOMEM, "out of memory");
}

/* Reads and solves one variant; its key figures go into its row. */
static int sweep_step(chain *c, size_t i, qt_solve_options *opt, const qt_plan *warm, qt_plan **out)
{
	sweep_ctx *x = c->ctx;
	qt_sweep *sw = x->sw;
	char set[1024];
	if (sw->labels)
		snprintf(set, sizeof set, "%s=%s", sw->pointer, sw->labels[i]);
	else
		snprintf(set, sizeof set, "%s=%.17g", sw->pointer, sw->rows[i].value);
	const char **sets = calloc(x->n_sets + 1, sizeof *sets);
	if (!sets)
		return qt_set_error(QT_ENOMEM, "out of memory");
	for (size_t j = 0; j < x->n_sets; j++)
		sets[j] = x->sets[j];
	sets[x->n_sets] = set;
	qt_scenario *s;
	int rc = qt_scenario_read_file_with(&s, &x->errors[i], x->path, sets, x->n_sets + 1);
	free(sets);
	if (rc)
		return rc;
	opt->warm_start = warm;
	rc = qt_solve(out, s, opt);
	if (rc == 0) {
		double value = sw->rows[i].value;
		qt_plan_kpis(&sw->rows[i], s, *out);
		sw->rows[i].value = value;
		memcpy(sw->penalty[i], (*out)->penalty, sizeof sw->penalty[i]);
		rc = keep_futures(sw, i, s, *out);
		x->done[i] = !rc;
	}
	qt_scenario_free(s);
	return rc;
}

/* The errors of the first variant that has any; the others are freed. */
static qt_errors *first_errors(qt_errors **errors, size_t n)
{
	qt_errors *keep = NULL;
	for (size_t i = 0; i < n; i++) {
		if (!keep && errors[i])
			keep = errors[i];
		else
			qt_errors_free(errors[i]);
	}
	return keep;
}

/* The values as given, kept for the variants and the report; 0 or QT_ENOMEM. */
static int keep_labels(qt_sweep *sw, const char *const *texts, size_t n)
{
	if (!(sw->labels = calloc(n, sizeof *sw->labels)))
		return QT_ENOMEM;
	sw->n_labels = n;
	for (size_t i = 0; i < n; i++)
		if (!(sw->labels[i] = qt_strdup(texts[i])))
			return QT_ENOMEM;
	return 0;
}

/* Every variant over the same futures as the first, or all without; sets sw->n_future. */
static int same_futures(qt_sweep *sw)
{
	for (size_t i = 1; i < sw->n; i++)
		if (strcmp(sw->fut_ids[i], sw->fut_ids[0]))
			return qt_set_error(QT_EINPUT, "sweep: variant %zu has other futures than the first; a sweep "
					    "over futures needs the same ones in every variant", i + 1);
	sw->n_future = sw->n ? sw->fut[0].n_future : 0;
	return 0;
}

/* One sweep over numbers (values) or over values as --set takes them (texts). */
static int sweep_run(qt_sweep **out, qt_errors **errors, const char *path, const char *const *sets, size_t n_sets,
		     const char *pointer, const double *values, const char *const *texts, size_t n_values,
		     const qt_solve_options *opt)
{
	*out = NULL;
	if (errors)
		*errors = NULL;
	if (!path || !pointer || pointer[0] != '/' || (!values && !texts) || n_values == 0 || strlen(pointer) > 400)
		return qt_set_error(QT_EINVAL, "qt_sweep_run: a file, a JSON Pointer and values are needed");
	for (size_t i = 0; texts && i < n_values; i++)
		if (!texts[i] || strlen(texts[i]) > 400)
			return qt_set_error(QT_EINVAL, "qt_sweep_run_texts: value %zu missing or too long", i);
	qt_sweep *sw = calloc(1, sizeof *sw);
	qt_errors **errs = calloc(n_values, sizeof(qt_errors *));
	unsigned char *done = calloc(n_values, 1);
	if (sw) {
		sw->pointer = qt_strdup(pointer);
		sw->rows = calloc(n_values, sizeof *sw->rows);
		sw->penalty = calloc(n_values, sizeof *sw->penalty);
		sw->fut = calloc(n_values, sizeof *sw->fut);
		sw->fut_ids = calloc(n_values, sizeof *sw->fut_ids);
		sw->n_alloc = n_values;
	}
	if (!sw || !errs || !done || !sw->pointer || !sw->rows || !sw->penalty || !sw->fut || !sw->fut_ids ||
	    (texts && keep_labels(sw, texts, n_values))) {
		qt_sweep_free(sw);
		free(errs);
		free(done);
		return qt_set_error(QT_ENOMEM, "out of memory");
	}
	qt_solve_options o;
	if (opt)
		o = *opt;
	else
		qt_solve_options_init(&o);
	for (size_t i = 0; i < n_values; i++)
		sw->rows[i].value = values ? values[i] : (double)i;
	sweep_ctx x = { sw, path, sets, n_sets, errs, done };
	chain c = { .n = n_values, .opt = &o, .step = sweep_step, .own_plans = 1, .ctx = &x };
	double t0 = qt_clock_s();
	int rc = chain_run(&c);
	sw->seconds = qt_clock_s() - t0;
	while (sw->n < n_values && done[sw->n]) /* an interrupted sweep keeps what it finished */
		sw->n++;
	free(done);
	qt_errors *e = first_errors(errs, n_values);
	free(errs);
	if (errors)
		*errors = e;
	else
		qt_errors_free(e);
	if (!rc)
		rc = same_futures(sw);
	if (rc) {
		qt_sweep_free(sw);
		return rc;
	}
	*out = sw;
	return 0;
}

int qt_sweep_run(qt_sweep **out, qt_errors **errors, const char *path, const char *const *sets,
		 size_t n_sets, const char *pointer, const double *values, size_t n_values,
		 const qt_solve_options *opt)
{
	if (!out)
		return qt_set_error(QT_EINVAL, "qt_sweep_run: bad arguments");
	return sweep_run(out, errors, path, sets, n_sets, pointer, values, NULL, n_values, opt);
}

int qt_sweep_run_texts(qt_sweep **out, qt_errors **errors, const char *path, const char *const *sets,
		       size_t n_sets, const char *pointer, const char *const *values, size_t n_values,
		       const qt_solve_options *opt)
{
	if (!out)
		return qt_set_error(QT_EINVAL, "qt_sweep_run_texts: bad arguments");
	return sweep_run(out, errors, path, sets, n_sets, pointer, NULL, values, n_values, opt);
}

/* ---- several scenarios ---- */
typedef struct {
	const qt_scenario *const *s;
	qt_plan **out;
} each_ctx;

static int each_step(chain *c, size_t i, qt_solve_options *opt, const qt_plan *warm, qt_plan **out)
{
	each_ctx *x = c->ctx;
	opt->warm_start = warm;
	int rc = qt_solve(&x->out[i], x->s[i], opt);
	*out = x->out[i];
	return rc;
}

int qt_solve_each(qt_plan **out, const qt_scenario *const *s, size_t n, const qt_solve_options *opt)
{
	if (!out || (!s && n))
		return qt_set_error(QT_EINVAL, "qt_solve_each: plans and scenarios are needed");
	for (size_t i = 0; i < n; i++)
		out[i] = NULL;
	if (n == 0)
		return 0;
	qt_solve_options o;
	if (opt)
		o = *opt;
	else
		qt_solve_options_init(&o);
	/* The plans are the caller's: the chain only lends each one to the next item. */
	each_ctx x = { s, out };
	chain c = { .n = n, .opt = &o, .step = each_step, .own_plans = 0, .ctx = &x };
	return chain_run(&c);
}

/* ---- the sweep table ---- */

static void kpi_cells(qt_table *t, const qt_kpis *k, const qt_kpis *base, const char *label)
{
	if (label)
		qt_table_text(t, label);
	else
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

/* ---- the sweep table over futures ---- */

/* The i-th line of the ids "a\nb\nc" into buf. */
static const char *future_id(const qt_sweep *sw, int i, char *buf, size_t size)
{
	const char *p = sw->fut_ids[0];
	for (int k = 0; k < i && p; k++)
		if ((p = strchr(p, '\n')))
			p++;
	size_t n = p ? strcspn(p, "\n") : 0;
	snprintf(buf, size, "%.*s", (int)(n < size ? n : size - 1), p ? p : "");
	return buf;
}

static void futures_cells(qt_table *t, const qt_sweep *sw, size_t i)
{
	const qt_kpis *k = &sw->rows[i], *base = &sw->rows[0];
	const futures_row *r = &sw->fut[i], *r0 = &sw->fut[0];
	if (sw->labels)
		qt_table_text(t, sw->labels[i]);
	else
		qt_table_fixed(t, k->value, 4);
	qt_table_fixed(t, k->objective, 0);
	qt_table_fixed(t, r->expected, 0);
	qt_table_fixed(t, r->worst, 0);
	qt_table_fixed(t, k->cost, 0);
	for (int f = 0; f < sw->n_future; f++)
		qt_table_fixed(t, r->objective[f], 0);
	qt_table_text(t, qt_status_name(k->status));
	qt_table_fixed(t, 100.0 * k->gap, 2);
	qt_table_fixed(t, k->seconds, 1);
	qt_table_int(t, k->violations);
	qt_table_fixed(t, r->expected - r0->expected, 0);
	qt_table_fixed(t, r->worst - r0->worst, 0);
	qt_table_fixed(t, k->cost - base->cost, 0);
}

static void futures_columns(qt_table *t, const qt_sweep *sw)
{
	static const char *const head[][2] = { { "value", "value" }, { "objective_eur", "objective EUR" },
					       { "expected_eur", "expected EUR" }, { "worst_eur", "worst EUR" },
					       { "cost_expected_eur", "cost exp. EUR" } };
	static const char *const tail[][2] = { { "status", "status" }, { "gap_percent", "gap %" },
					       { "seconds", "s" }, { "violations", "viol." },
					       { "d_expected_eur", "Δ expected EUR" }, { "d_worst_eur", "Δ worst EUR" },
					       { "d_cost_expected_eur", "Δ cost exp. EUR" } };
	for (size_t i = 0; i < sizeof head / sizeof *head; i++)
		qt_table_column(t, head[i][0], head[i][1], i == 0 && sw->labels ? QT_ALIGN_LEFT : QT_ALIGN_RIGHT);
	for (int f = 0; f < sw->n_future; f++) {
		char id[128], key[160];
		future_id(sw, f, id, sizeof id);
		snprintf(key, sizeof key, "objective_%s_eur", id);
		qt_table_column(t, key, id, QT_ALIGN_RIGHT);
	}
	for (size_t i = 0; i < sizeof tail / sizeof *tail; i++)
		qt_table_column(t, tail[i][0], tail[i][1], i == 0 ? QT_ALIGN_LEFT : QT_ALIGN_RIGHT);
}

static void futures_rows(qt_table *t, const qt_sweep *sw)
{
	futures_columns(t, sw);
	for (size_t i = 0; i < sw->n; i++)
		futures_cells(t, sw, i);
	qt_table_note(t, "EUR over the horizon; objective: the one over futures the scenario minimises; expected and "
			 "worst: over the futures; cost exp.: the expected real cost; one column per future: its "
			 "objective; Δ = change against the first row.");
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
	snprintf(title, sizeof title, qt_tr("Sweep over %s"), sw->pointer);
	qt_table *t;
	int rc = qt_table_new(&t, "sweep", title);
	if (rc)
		return rc;
	if (sw->n_future) {
		futures_rows(t, sw);
	} else {
		for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
			qt_table_column(t, cols[i][0], cols[i][1],
					i == 15 || (i == 0 && sw->labels) ? QT_ALIGN_LEFT : QT_ALIGN_RIGHT);
		for (size_t i = 0; i < sw->n; i++)
			kpi_cells(t, &sw->rows[i], &sw->rows[0], sw->labels ? sw->labels[i] : NULL);
		qt_table_note(t, "Persons unless said; unhoused and backlog in person-quarters; Fehlb. = Fehlbeleger "
				 "persons; flat hh = households placed into flats; Δ = change against the first row.");
	}
	if ((rc = qt_table_status(t))) {
		qt_table_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

/* A variant over futures: the objective both ways, the expected real cost, each future's split. */
static cJSON *futures_json(const qt_sweep *sw, size_t i)
{
	const qt_kpis *k = &sw->rows[i];
	const futures_row *r = &sw->fut[i];
	cJSON *o = cJSON_CreateObject();
	if (sw->labels)
		cJSON_AddStringToObject(o, "value", sw->labels[i]);
	else
		cJSON_AddNumberToObject(o, "value", k->value);
	cJSON_AddNumberToObject(o, "objective", k->objective);
	cJSON_AddNumberToObject(o, "expected", r->expected);
	cJSON_AddNumberToObject(o, "worst", r->worst);
	cJSON_AddNumberToObject(o, "cost", k->cost);
	cJSON *fs = cJSON_AddArrayToObject(o, "futures");
	for (int f = 0; f < sw->n_future && fs; f++) {
		char id[128];
		cJSON *x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "id", future_id(sw, f, id, sizeof id));
		cJSON_AddNumberToObject(x, "objective", r->objective[f]);
		cJSON_AddNumberToObject(x, "cost", r->cost[f]);
		cJSON_AddItemToArray(fs, x);
	}
	cJSON_AddStringToObject(o, "status", qt_status_name(k->status));
	cJSON_AddNumberToObject(o, "gap", k->gap);
	cJSON_AddNumberToObject(o, "seconds", k->seconds);
	cJSON_AddNumberToObject(o, "violations", k->violations);
	return o;
}

static cJSON *kpis_json(const qt_kpis *k, const char *label)
{
	cJSON *o = cJSON_CreateObject();
	if (label)
		cJSON_AddStringToObject(o, "value", label);
	else
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
			cJSON_AddItemToArray(rows, sw->n_future ? futures_json(sw, i)
								: kpis_json(&sw->rows[i], sw->labels ? sw->labels[i] : NULL));
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
