/* Two plans side by side: key figures, per period, per GU site and per municipality. */
#include "internal.h"
#include "table.h"

#include <cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	const qt_scenario *s;
	const qt_plan *p;
} side;

/* Index of the entry with this id in the other side's list, or -1. */
static int find_gu(const qt_scenario *s, const char *id)
{
	for (int g = 0; g < s->n_gu; g++)
		if (!strcmp(s->gu[g].id, id))
			return g;
	return -1;
}

static int find_muni(const qt_scenario *s, const char *id)
{
	for (int m = 0; m < s->n_muni; m++)
		if (!strcmp(s->muni[m].id, id))
			return m;
	return -1;
}

static long gu_persons(const side *x, int g)
{
	long n = 0;
	for (int t = 1; t <= x->s->T; t++)
		n += x->p->x[QT_IX(g, t, x->s->T)];
	return n;
}

static long gu_open_quarters(const side *x, int g)
{
	long n = 0;
	for (int t = 1; t <= x->s->T; t++)
		n += x->p->open[QT_IX(g, t, x->s->T)];
	return n;
}

static long muni_placed(const side *x, int m)
{
	long n = 0;
	for (int t = 1; t <= x->s->T; t++) {
		long own, km, fl;
		qt_plan_placed(x->s, x->p, m, t, &own, &km, &fl);
		n += own + km + fl;
	}
	return n;
}

static long muni_under(const side *x, int m)
{
	long n = 0;
	for (int t = 1; t <= x->s->T; t++)
		n += x->p->under[QT_IX(m, t, x->s->T)];
	return n;
}

/* A row "name | A | B | B - A"; a missing side is an empty cell. */
static void diff_row(qt_table *t, const char *name, double a, double b, int decimals)
{
	qt_table_text(t, name);
	qt_table_fixed(t, a, decimals);
	qt_table_fixed(t, b, decimals);
	qt_table_fixed(t, isfinite(a) && isfinite(b) ? b - a : NAN, decimals);
}

static void diff_columns(qt_table *t, const char *key, const char *label)
{
	qt_table_column(t, key, label, QT_ALIGN_LEFT);
	qt_table_column(t, "a", "A", QT_ALIGN_RIGHT);
	qt_table_column(t, "b", "B", QT_ALIGN_RIGHT);
	qt_table_column(t, "b_minus_a", "B - A", QT_ALIGN_RIGHT);
}

static int kpi_table(qt_table *t, const side *a, const side *b)
{
	qt_kpis ka, kb;
	qt_plan_kpis(&ka, a->s, a->p);
	qt_plan_kpis(&kb, b->s, b->p);
	diff_columns(t, "figure", "figure");
	diff_row(t, "objective EUR", ka.objective, kb.objective, 0);
	diff_row(t, "real cost EUR", ka.cost, kb.cost, 0);
	for (int i = 0; i < QT_NPEN; i++) {
		char name[64];
		snprintf(name, sizeof name, "penalty %s EUR", qt_penalty_names[i]);
		diff_row(t, name, a->p->penalty[i], b->p->penalty[i], 0);
	}
	diff_row(t, "KdU for flats EUR", ka.kdu, kb.kdu, 0);
	diff_row(t, "offers eligible", ka.offers_eligible, kb.offers_eligible, 0);
	diff_row(t, "households in flats", (double)ka.flat_households, (double)kb.flat_households, 0);
	diff_row(t, "Fehlbeleger at the end", (double)ka.waiting_end, (double)kb.waiting_end, 0);
	diff_row(t, "Fehlbeleger average", ka.waiting_avg, kb.waiting_avg, 1);
	diff_row(t, "unhoused person-quarters", (double)ka.unhoused, (double)kb.unhoused, 0);
	diff_row(t, "backlog at the end", (double)ka.backlog_end, (double)kb.backlog_end, 0);
	diff_row(t, "backlog person-quarters", (double)ka.backlog, (double)kb.backlog, 0);
	diff_row(t, "gap %", 100 * ka.gap, 100 * kb.gap, 2);
	return qt_table_status(t);
}

static int period_table(qt_table *t, const side *a, const side *b)
{
	static const char *const names[] = { "backlog", "in vU", "Fehlbeleger", "unhoused", "GU persons",
					     "AU placed" };
	qt_table_column(t, "period", "period", QT_ALIGN_LEFT);
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		char key[64], label[64];
		snprintf(key, sizeof key, "%s_a", names[i]);
		snprintf(label, sizeof label, "%s A", names[i]);
		qt_table_column(t, key, label, QT_ALIGN_RIGHT);
		snprintf(key, sizeof key, "%s_b_minus_a", names[i]);
		snprintf(label, sizeof label, "Δ");
		qt_table_column(t, key, label, QT_ALIGN_RIGHT);
	}
	int T = a->s->T < b->s->T ? a->s->T : b->s->T;
	for (int period = 1; period <= T; period++) {
		qt_period_totals va, vb;
		qt_period_totals_get(&va, a->s, a->p, period);
		qt_period_totals_get(&vb, b->s, b->p, period);
		char label[8];
		qt_period_label(a->s->start_year, a->s->start_q, period, label);
		qt_table_text(t, label);
		long pa[] = { va.backlog, va.in_vu, va.waiting_persons, va.unhoused, va.gu_persons, va.au_placed_persons };
		long pb[] = { vb.backlog, vb.in_vu, vb.waiting_persons, vb.unhoused, vb.gu_persons, vb.au_placed_persons };
		for (size_t i = 0; i < sizeof pa / sizeof *pa; i++) {
			qt_table_int(t, pa[i]);
			qt_table_int(t, pb[i] - pa[i]);
		}
	}
	qt_table_note(t, "Periods by position; Δ = B - A.");
	return qt_table_status(t);
}

static int gu_table(qt_table *t, const side *a, const side *b)
{
	qt_table_column(t, "id", "GU site", QT_ALIGN_LEFT);
	qt_table_column(t, "persons_a", "person-quarters A", QT_ALIGN_RIGHT);
	qt_table_column(t, "persons_b", "B", QT_ALIGN_RIGHT);
	qt_table_column(t, "open_a", "open quarters A", QT_ALIGN_RIGHT);
	qt_table_column(t, "open_b", "B", QT_ALIGN_RIGHT);
	for (int g = 0; g < a->s->n_gu; g++) {
		int h = find_gu(b->s, a->s->gu[g].id);
		long pa = gu_persons(a, g), oa = gu_open_quarters(a, g);
		long pb = h >= 0 ? gu_persons(b, h) : 0, ob = h >= 0 ? gu_open_quarters(b, h) : 0;
		if (pa == pb && oa == ob)
			continue;
		qt_table_text(t, a->s->gu[g].id);
		qt_table_int(t, pa);
		qt_table_int(t, pb);
		qt_table_int(t, oa);
		qt_table_int(t, ob);
	}
	qt_table_note(t, "Only sites whose persons or open quarters differ.");
	return qt_table_status(t);
}

static int muni_table(qt_table *t, const side *a, const side *b)
{
	qt_table_column(t, "id", "municipality", QT_ALIGN_LEFT);
	qt_table_column(t, "name", "", QT_ALIGN_LEFT);
	qt_table_column(t, "placed_a", "placed A", QT_ALIGN_RIGHT);
	qt_table_column(t, "placed_b", "B", QT_ALIGN_RIGHT);
	qt_table_column(t, "under_a", "under-quota person-quarters A", QT_ALIGN_RIGHT);
	qt_table_column(t, "under_b", "B", QT_ALIGN_RIGHT);
	for (int m = 0; m < a->s->n_muni; m++) {
		int n = find_muni(b->s, a->s->muni[m].id);
		long pa = muni_placed(a, m), ua = muni_under(a, m);
		long pb = n >= 0 ? muni_placed(b, n) : 0, ub = n >= 0 ? muni_under(b, n) : 0;
		if (pa == pb && ua == ub)
			continue;
		qt_table_text(t, a->s->muni[m].id);
		qt_table_text(t, a->s->muni[m].name);
		qt_table_int(t, pa);
		qt_table_int(t, pb);
		qt_table_int(t, ua);
		qt_table_int(t, ub);
	}
	qt_table_note(t, "Persons placed into AU over the horizon; only municipalities that differ.");
	return qt_table_status(t);
}

typedef int (*builder)(qt_table *t, const side *a, const side *b);

static int compare_text(FILE *f, const side *a, const side *b)
{
	static const struct {
		const char *name, *title;
		builder build;
	} tabs[] = {
		{ "figures", "Key figures (A = first scenario, B = second)", kpi_table },
		{ "periods", "Per period", period_table },
		{ "gu_sites", "GU sites", gu_table },
		{ "municipalities", "Municipalities", muni_table },
	};
	int rc = 0;
	for (size_t i = 0; i < sizeof tabs / sizeof *tabs && !rc; i++) {
		qt_table *t;
		if ((rc = qt_table_new(&t, tabs[i].name, tabs[i].title)))
			break;
		rc = tabs[i].build(t, a, b);
		if (!rc)
			rc = qt_table_print_text(f, t);
		qt_table_free(t);
	}
	return rc;
}

static cJSON *series(const side *x, long (*of)(const qt_period_totals *))
{
	cJSON *arr = cJSON_CreateArray();
	for (int t = 1; t <= x->s->T && arr; t++) {
		qt_period_totals v;
		qt_period_totals_get(&v, x->s, x->p, t);
		cJSON_AddItemToArray(arr, cJSON_CreateNumber((double)of(&v)));
	}
	return arr;
}

static long of_backlog(const qt_period_totals *v) { return v->backlog; }
static long of_waiting(const qt_period_totals *v) { return v->waiting_persons; }
static long of_unhoused(const qt_period_totals *v) { return v->unhoused; }

static cJSON *side_json(const side *x)
{
	qt_kpis k;
	qt_plan_kpis(&k, x->s, x->p);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "scenario", x->s->name ? x->s->name : "");
	cJSON_AddStringToObject(o, "status", qt_status_name(k.status));
	cJSON_AddNumberToObject(o, "gap", k.gap);
	cJSON_AddNumberToObject(o, "objective", k.objective);
	cJSON_AddNumberToObject(o, "cost", k.cost);
	cJSON_AddNumberToObject(o, "kdu", k.kdu);
	cJSON_AddNumberToObject(o, "offers_eligible", k.offers_eligible);
	cJSON_AddNumberToObject(o, "flat_households", (double)k.flat_households);
	cJSON_AddNumberToObject(o, "waiting_persons_avg", k.waiting_avg);
	cJSON_AddItemToObject(o, "backlog", series(x, of_backlog));
	cJSON_AddItemToObject(o, "waiting_persons", series(x, of_waiting));
	cJSON_AddItemToObject(o, "unhoused", series(x, of_unhoused));
	cJSON *munis = cJSON_AddObjectToObject(o, "placed_by_municipality");
	for (int m = 0; m < x->s->n_muni && munis; m++)
		cJSON_AddNumberToObject(munis, x->s->muni[m].id, (double)muni_placed(x, m));
	cJSON *gus = cJSON_AddObjectToObject(o, "gu_person_quarters");
	for (int g = 0; g < x->s->n_gu && gus; g++)
		cJSON_AddNumberToObject(gus, x->s->gu[g].id, (double)gu_persons(x, g));
	return o;
}

int qt_report_compare(FILE *f, qt_format format, const qt_scenario *sa, const qt_plan *pa,
		      const qt_scenario *sb, const qt_plan *pb)
{
	side a = { sa, pa }, b = { sb, pb };
	if (format != QT_FORMAT_JSON)
		return compare_text(f, &a, &b);
	cJSON *root = cJSON_CreateObject();
	cJSON_AddItemToObject(root, "a", side_json(&a));
	cJSON_AddItemToObject(root, "b", side_json(&b));
	return qt_json_write(f, root);
}
