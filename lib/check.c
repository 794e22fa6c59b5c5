/* The independent plan checker: recomputes every balance and bound of MODEL.md from the plan's own
 * numbers. It shares nothing with the model builder but the scenario and the quota function. */
#include "internal.h"

#include <math.h>
#include <stdlib.h>

typedef struct {
	qt_errors *list;
	int count;
	const qt_scenario *s;
} checker;

#define VIOLATION(c, ...)                                                                          \
	do {                                                                                       \
		(c)->count++;                                                                      \
		if ((c)->list)                                                                     \
			qt_errors_add((c)->list, __VA_ARGS__);                                     \
	} while (0)

static char *ptr(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static _Thread_local char ptrbuf[256];
static char *ptr(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ptrbuf, sizeof ptrbuf, fmt, ap);
	va_end(ap);
	return ptrbuf;
}

static void check_nonneg(checker *c, long v, const char *table, int t)
{
	if (v < 0)
		VIOLATION(c, ptr("/totals/%s/%d", table, t - 1), "%s is negative (%ld)", table, v);
}

static void check_intake_and_vu(checker *c, const qt_plan *p)
{
	const qt_scenario *s = c->s;
	long bl = s->backlog0, V = qt_start_vu(s);
	for (int t = 1; t <= s->T; t++) {
		bl += s->arrivals[t] - p->acc[t];
		V += p->acc[t] - qt_entitled_persons(s, t);
		if (p->bl[t] != bl)
			VIOLATION(c, ptr("/totals/backlog/%d", t - 1), "backlog %ld, balance gives %ld",
				  p->bl[t], bl);
		if (p->V[t] != V)
			VIOLATION(c, ptr("/totals/in_vu/%d", t - 1), "persons in vU %ld, balance gives %ld",
				  p->V[t], V);
		check_nonneg(c, p->acc[t], "accepted", t);
		check_nonneg(c, p->bl[t], "backlog", t);
		check_nonneg(c, p->V[t], "in_vu", t);
		check_nonneg(c, p->U[t], "unhoused", t);
		bl = p->bl[t];
		V = p->V[t];
	}
}

static void check_waiting(checker *c, const qt_plan *p)
{
	const qt_scenario *s = c->s;
	int T = s->T;
	for (int h = 0; h < QT_NCLASS; h++) {
		long F = s->waiting0[h];
		for (int t = 1; t <= T; t++) {
			long placed = 0;
			for (int m = 0; m < s->n_muni; m++)
				placed += p->as[QT_IX(m * QT_NCLASS + h, t, T)];
			for (int o = 0; o < s->n_offer; o++)
				if (s->offer[o].hclass == h && s->offer[o].period == t)
					placed += p->ao[o];
			F += qt_entitled(s, h, t) - placed;
			long got = p->F[QT_IX(h, t, T)];
			if (got != F)
				VIOLATION(c, ptr("/waiting/%s/%d", qt_class_names[h], t - 1),
					  "waiting households %ld, balance gives %ld", got, F);
			if (got < 0)
				VIOLATION(c, ptr("/waiting/%s/%d", qt_class_names[h], t - 1),
					  "more households placed than were waiting (%ld)", got);
			F = got;
		}
	}
}

static void check_gu_places(checker *c, const qt_plan *p)
{
	const qt_scenario *s = c->s;
	int T = s->T;
	for (int t = 1; t <= T; t++) {
		long held = p->U[t], need = p->V[t];
		for (int g = 0; g < s->n_gu; g++)
			held += p->x[QT_IX(g, t, T)];
		for (int k = 0; k < s->n_kombi; k++)
			held += p->y[QT_IX(k, t, T)];
		for (int h = 0; h < QT_NCLASS; h++)
			need += (long)qt_hs(s, h) * p->F[QT_IX(h, t, T)];
		if (held != need)
			VIOLATION(c, ptr("/totals/gu_persons/%d", t - 1),
				  "GU persons + unhoused = %ld, but vU + Fehlbeleger = %ld", held, need);
	}
}

static void check_sites(checker *c, const qt_plan *p)
{
	const qt_scenario *s = c->s;
	int T = s->T;
	for (int g = 0; g < s->n_gu; g++) {
		const qt_gu *gu = &s->gu[g];
		int ups = 0, dns = 0;
		if (p->open[QT_IX(g, 0, T)] != gu->open0)
			VIOLATION(c, ptr("/gu_sites/%d/open", g), "starting status differs from the scenario");
		for (int t = 1; t <= T; t++) {
			size_t ix = QT_IX(g, t, T);
			long x = p->x[ix];
			int o = p->open[ix], prev = p->open[ix - 1];
			if (x < 0 || x > (long)gu->places * o)
				VIOLATION(c, ptr("/gu_sites/%d/persons/%d", g, t - 1),
					  "%ld persons in %s with %d places, %s", x, gu->id, gu->places,
					  o ? "open" : "closed");
			if (o && !qt_gu_allowed(gu, t))
				VIOLATION(c, ptr("/gu_sites/%d/open/%d", g, t - 1),
					  "%s open outside its availability or after vacate_by", gu->id);
			if (o - prev != p->up[ix] - p->dn[ix] || p->up[ix] > 1 || p->dn[ix] > 1 ||
			    (p->up[ix] && p->dn[ix]))
				VIOLATION(c, ptr("/gu_sites/%d/open/%d", g, t - 1),
					  "opening/closing of %s does not match its status", gu->id);
			ups += p->up[ix];
			dns += p->dn[ix];
		}
		if (ups > 1 || dns > 1)
			VIOLATION(c, ptr("/gu_sites/%d/open", g), "%s opens %d and closes %d times", gu->id,
				  ups, dns);
	}
}

static void check_kombi(checker *c, const qt_plan *p)
{
	const qt_scenario *s = c->s;
	int T = s->T;
	for (int k = 0; k < s->n_kombi; k++) {
		const qt_kombi *km = &s->kombi[k];
		/* modules ordered before the horizon (re-planning) count as ordered and become usable */
		long ordered = p->kept[QT_IX(k, 0, T)], usable = 0;
		if (p->na[QT_IX(k, 0, T)] != 0)
			VIOLATION(c, ptr("/kombimodell/%d/au_modules", k), "modules converted at start");
		for (int t = 1; t <= T; t++) {
			size_t ix = QT_IX(k, t, T);
			if (p->b[ix] < 0 || (p->b[ix] > 0 && t < km->earliest))
				VIOLATION(c, ptr("/kombimodell/%d/ordered/%d", k, t - 1),
					  "%ld modules ordered before %s may order", p->b[ix], km->id);
			ordered += p->b[ix];
			if (t - km->lead >= 1)
				usable += p->b[QT_IX(k, t - km->lead, T)];
			if (p->ng[ix] < 0 || p->na[ix] < 0 || p->ng[ix] + p->na[ix] > usable + p->kept[ix])
				VIOLATION(c, ptr("/kombimodell/%d/gu_modules/%d", k, t - 1),
					  "%ld GU + %ld AU modules but %ld ready", p->ng[ix], p->na[ix],
					  usable + p->kept[ix]);
			if (p->na[ix] < p->na[ix - 1])
				VIOLATION(c, ptr("/kombimodell/%d/au_modules/%d", k, t - 1),
					  "a converted module went back to GU use");
			if (p->y[ix] < 0 || p->y[ix] > (long)km->ppm * p->ng[ix])
				VIOLATION(c, ptr("/kombimodell/%d/persons/%d", k, t - 1),
					  "%ld persons in %ld GU modules of %d places", p->y[ix], p->ng[ix],
					  km->ppm);
		}
		if (ordered > km->max_modules)
			VIOLATION(c, ptr("/kombimodell/%d/ordered", k), "%ld modules ordered, at most %d",
				  ordered, km->max_modules);
	}
}

static void check_au_stock(checker *c, const qt_plan *p)
{
	const qt_scenario *s = c->s;
	int T = s->T;
	for (int m = 0; m < s->n_muni; m++) {
		double A = s->muni[m].au_occupied;
		for (int t = 1; t <= T; t++) {
			long in = 0;
			for (int h = 0; h < QT_NCLASS; h++) {
				long v = p->as[QT_IX(m * QT_NCLASS + h, t, T)];
				if (v < 0)
					VIOLATION(c, ptr("/municipalities/%d/placed/own/%d", m, t - 1),
						  "negative placements");
				in += (long)qt_hs(s, h) * v;
			}
			A = (1.0 - s->exit_rate) * A + (double)in;
			double got = p->A[QT_IX(m, t, T)];
			if (fabs(got - A) > 1e-6 * fmax(1.0, fabs(A)))
				VIOLATION(c, ptr("/municipalities/%d/au_stock/%d", m, t - 1),
					  "AU stock %.3f, balance gives %.3f", got, A);
			double cap = s->muni[m].au_places[t];
			for (int k = 0; k < s->n_kombi; k++)
				if (s->kombi[k].muni == m)
					cap += (double)s->kombi[k].ppm * p->na[QT_IX(k, t, T)];
			if (got > cap + 1e-6 * fmax(1.0, cap))
				VIOLATION(c, ptr("/municipalities/%d/au_stock/%d", m, t - 1),
					  "AU stock %.1f above its %.0f places", got, cap);
			A = got;
		}
	}
}

static void check_offers(checker *c, const qt_plan *p)
{
	const qt_scenario *s = c->s;
	for (int o = 0; o < s->n_offer; o++) {
		const qt_offer *of = &s->offer[o];
		long v = p->ao[o];
		if (v < 0 || v > of->units)
			VIOLATION(c, ptr("/offers_used/%s", of->id), "%ld households in %d units", v, of->units);
		if (v > 0 && !of->eligible)
			VIOLATION(c, ptr("/offers_used/%s", of->id),
				  "offer used although its rent %.2f is above the cap %.2f", of->rent, of->cap);
	}
}

static void check_quota(checker *c, const qt_plan *p)
{
	const qt_scenario *s = c->s;
	int T = s->T;
	qt_quotas Q;
	if (qt_quotas_compute(&Q, s) != 0) {
		VIOLATION(c, "/municipalities", "quotas could not be computed: %s", qt_last_error());
		return;
	}
	long *flats = calloc((size_t)s->n_muni * (size_t)(T + 1) + 1, sizeof *flats);
	if (!flats) {
		VIOLATION(c, "/municipalities", "out of memory checking the quotas");
		qt_quotas_free(&Q);
		return;
	}
	qt_plan_flat_persons(s, p, flats);
	for (int m = 0; m < s->n_muni; m++) {
		long cum = 0;
		for (int t = 1; t <= T; t++) {
			size_t ix = QT_IX(m, t, T);
			cum += flats[ix];
			for (int h = 0; h < QT_NCLASS; h++)
				cum += (long)qt_hs(s, h) * p->as[QT_IX(m * QT_NCLASS + h, t, T)];
			if (p->q[ix] != Q.q[ix])
				VIOLATION(c, ptr("/municipalities/%d/quota/%d", m, t - 1),
					  "quota %ld, recomputed %ld", p->q[ix], Q.q[ix]);
			if (p->under[ix] < 0 || p->over[ix] < 0 ||
			    cum + p->under[ix] - p->over[ix] != Q.q[ix])
				VIOLATION(c, ptr("/municipalities/%d/under/%d", m, t - 1),
					  "placed %ld + under %ld - over %ld != quota %ld", cum, p->under[ix],
					  p->over[ix], Q.q[ix]);
		}
	}
	free(flats);
	qt_quotas_free(&Q);
}

static void check_objective(checker *c, const qt_plan *p)
{
	double cost, pen[QT_NPEN];
	qt_plan_objective_terms(c->s, p, &cost, pen);
	double total = cost;
	for (int i = 0; i < QT_NPEN; i++)
		total += pen[i];
	if (fabs(total - p->objective) > 1e-6 * fmax(1.0, fabs(total)))
		VIOLATION(c, "/objective/total", "objective %.2f, recomputed %.2f", p->objective, total);
}

int qt_plan_check(qt_errors **violations, const qt_scenario *s, const qt_plan *p)
{
	checker c = { .s = s };
	if (violations) {
		*violations = NULL;
		c.list = qt_errors_new();
		if (!c.list)
			return qt_set_error(QT_ENOMEM, "out of memory");
	}
	if (p->T != s->T || p->G != s->n_gu || p->K != s->n_kombi || p->M != s->n_muni ||
	    p->O != s->n_offer) {
		VIOLATION(&c, "", "the plan's dimensions do not match the scenario");
	} else {
		check_intake_and_vu(&c, p);
		check_waiting(&c, p);
		check_gu_places(&c, p);
		check_sites(&c, p);
		check_kombi(&c, p);
		check_au_stock(&c, p);
		check_offers(&c, p);
		check_quota(&c, p);
		check_objective(&c, p);
	}
	if (violations && c.count)
		*violations = c.list;
	else
		qt_errors_free(c.list);
	return c.count;
}
