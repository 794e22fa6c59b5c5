/* The independent plan checker: recomputes every balance and bound of MODEL.md and the objective
 * from the plan's own numbers. It shares nothing with the model builder or the plan's objective
 * split: only the scenario, the quota function and the count of persons placed into flats. */
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

/* MODEL.md "Handing a GU over": only from `earliest` on, only a site running in t-1, at most once,
 * never opened again in that period or later. Returns the period it was handed over (0: never). */
static int check_transfer(checker *c, const qt_plan *p, int g)
{
	const qt_scenario *s = c->s;
	const qt_gu *gu = &s->gu[g];
	int T = s->T, when = 0;
	for (int t = 1; t <= T; t++) {
		size_t ix = QT_IX(g, t, T);
		if (p->tr[ix] > 1 || (p->tr[ix] && (!gu->tr_earliest || t < gu->tr_earliest)))
			VIOLATION(c, ptr("/gu_sites/%d/transferred/%d", g, t - 1),
				  "%s handed over where its transfer option does not allow it", gu->id);
		if (p->tr[ix] && !p->open[ix - 1])
			VIOLATION(c, ptr("/gu_sites/%d/transferred/%d", g, t - 1),
				  "%s handed over although it was not running", gu->id);
		if (p->tr[ix] && when)
			VIOLATION(c, ptr("/gu_sites/%d/transferred/%d", g, t - 1), "%s handed over twice", gu->id);
		if (p->tr[ix] && !when)
			when = t;
		if (when && (p->up[ix] || p->open[ix]))
			VIOLATION(c, ptr("/gu_sites/%d/open/%d", g, t - 1), "%s runs as GU after it was handed over",
				  gu->id);
	}
	return when;
}

static void check_sites(checker *c, const qt_plan *p)
{
	const qt_scenario *s = c->s;
	int T = s->T;
	for (int g = 0; g < s->n_gu; g++) {
		const qt_gu *gu = &s->gu[g];
		int ups = 0, dns = check_transfer(c, p, g) > 0;
		if (p->open[QT_IX(g, 0, T)] != gu->open0)
			VIOLATION(c, ptr("/gu_sites/%d/open", g), "starting status differs from the scenario");
		for (int t = 1; t <= T; t++) {
			size_t ix = QT_IX(g, t, T);
			long x = p->x[ix];
			int o = p->open[ix], prev = p->open[ix - 1];
			/* FlüAG § 8: the places the site's area gives at the standard of t */
			long places = gu->places;
			if (s->space_std && gu->area_m2 > 0 && floor(gu->area_m2 / s->space_std[t] + 1e-9) < places)
				places = (long)floor(gu->area_m2 / s->space_std[t] + 1e-9);
			if (x < 0 || x > places * o)
				VIOLATION(c, ptr("/gu_sites/%d/persons/%d", g, t - 1),
					  "%ld persons in %s with %ld places, %s", x, gu->id, places,
					  o ? "open" : "closed");
			if (o && !qt_gu_allowed(gu, t))
				VIOLATION(c, ptr("/gu_sites/%d/open/%d", g, t - 1),
					  "%s open outside its availability or after vacate_by", gu->id);
			if (o - prev != p->up[ix] - p->dn[ix] - p->tr[ix] || p->up[ix] > 1 || p->dn[ix] > 1 ||
			    (p->up[ix] && p->dn[ix]))
				VIOLATION(c, ptr("/gu_sites/%d/open/%d", g, t - 1),
					  "opening/closing of %s does not match its status", gu->id);
			ups += p->up[ix];
			dns += p->dn[ix];
		}
		if (ups > 1 || dns > 1)
			VIOLATION(c, ptr("/gu_sites/%d/open", g), "%s opens %d and closes or is handed over %d times",
				  gu->id, ups, dns);
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
			for (int g = 0; g < s->n_gu; g++)
				for (int tau = 1; tau <= t && s->gu[g].muni == m; tau++)
					cap += (double)s->gu[g].tr_au_places * p->tr[QT_IX(g, tau, T)];
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

/* ---- the objective, summed from MODEL.md's "Objective" section over the plan's arrays ---- */

/* Real cost and each penalty term, in euro. */
typedef struct {
	double cost;
	double pen[QT_NPEN];
} objective;

/* GU sites: cp·x + cf·o + co·up + cc·dn + transfer cost·tr, and P_provisional per person in a provisional or
 * sports-hall site. Each rate is constant over the horizon, so it multiplies the site's whole count. */
static void gu_terms(const qt_scenario *s, const qt_plan *p, objective *z)
{
	int T = s->T;
	for (int g = 0; g < s->n_gu; g++) {
		const qt_gu *gu = &s->gu[g];
		long persons = 0, open = 0, opened = 0, closed = 0, handed = 0;
		for (int t = 1; t <= T; t++) {
			size_t ix = QT_IX(g, t, T);
			persons += p->x[ix];
			open += p->open[ix];
			opened += p->up[ix];
			closed += p->dn[ix];
			handed += p->tr[ix];
		}
		z->cost += gu->cost_place * (double)persons + gu->cost_fixed * (double)open +
			   gu->cost_open * (double)opened + gu->cost_close * (double)closed +
			   gu->tr_cost * (double)handed;
		if (gu->kind == QT_GU_PROVISIONAL || gu->kind == QT_GU_SPORTS_HALL)
			z->pen[QT_PEN_PROVISIONAL] += s->penalty[QT_PEN_PROVISIONAL] * (double)persons;
	}
}

/* Kombimodell: cm·b + cv·(na[t] - na[t-1]) + cg·y. The conversions telescope to na[T] - na[0].
 * Modules ordered before the horizon (re-planning) were paid for by the earlier plan: only the
 * orders b of this horizon cost. */
static void kombi_terms(const qt_scenario *s, const qt_plan *p, objective *z)
{
	int T = s->T;
	for (int k = 0; k < s->n_kombi; k++) {
		const qt_kombi *km = &s->kombi[k];
		long ordered = 0, persons = 0;
		for (int t = 1; t <= T; t++) {
			ordered += p->b[QT_IX(k, t, T)];
			persons += p->y[QT_IX(k, t, T)];
		}
		long converted = p->na[QT_IX(k, T, T)] - p->na[QT_IX(k, 0, T)];
		z->cost += km->cost_module * (double)ordered + km->cost_conversion * (double)converted +
			   km->cost_gu_place * (double)persons;
	}
}

/* Municipalities: ca·A for the AU stock, P_under and P_over per person of the quota gap, and
 * P_move per household moved from a GU into its AU stock. */
static void muni_terms(const qt_scenario *s, const qt_plan *p, objective *z)
{
	int T = s->T;
	for (int m = 0; m < s->n_muni; m++) {
		double stock = 0;
		long under = 0, over = 0, moved = 0;
		for (int t = 1; t <= T; t++) {
			stock += p->A[QT_IX(m, t, T)];
			under += p->under[QT_IX(m, t, T)];
			over += p->over[QT_IX(m, t, T)];
			for (int h = 0; h < QT_NCLASS; h++)
				moved += p->as[QT_IX(m * QT_NCLASS + h, t, T)];
		}
		z->cost += s->muni[m].au_cost * stock;
		z->pen[QT_PEN_QUOTA_UNDER] += s->penalty[QT_PEN_QUOTA_UNDER] * (double)under;
		z->pen[QT_PEN_QUOTA_OVER] += s->penalty[QT_PEN_QUOTA_OVER] * (double)over;
		z->pen[QT_PEN_MOVE] += s->penalty[QT_PEN_MOVE] * (double)moved;
	}
}

/* Flats: ao·rent·3·(T - t_o + 1), the monthly KdU for the three months of every quarter from the
 * offer's own to the last; and P_move per household moved from a GU into a flat. */
static void offer_terms(const qt_scenario *s, const qt_plan *p, objective *z)
{
	for (int o = 0; o < s->n_offer; o++) {
		const qt_offer *of = &s->offer[o];
		int months = 3 * (s->T - of->period + 1);
		z->cost += (double)p->ao[o] * of->rent * (double)months;
		z->pen[QT_PEN_MOVE] += s->penalty[QT_PEN_MOVE] * (double)p->ao[o];
	}
}

/* The district's totals: P_unhoused·U, P_backlog·bl and P_waiting·Σ_h s_h·F, per quarter. */
static void district_terms(const qt_scenario *s, const qt_plan *p, objective *z)
{
	int T = s->T;
	long unhoused = 0, backlog = 0, waiting = 0;
	for (int t = 1; t <= T; t++) {
		unhoused += p->U[t];
		backlog += p->bl[t];
		for (int h = 0; h < QT_NCLASS; h++)
			waiting += (long)qt_hs(s, h) * p->F[QT_IX(h, t, T)];
	}
	z->pen[QT_PEN_UNHOUSED] += s->penalty[QT_PEN_UNHOUSED] * (double)unhoused;
	z->pen[QT_PEN_BACKLOG] += s->penalty[QT_PEN_BACKLOG] * (double)backlog;
	z->pen[QT_PEN_WAITING] += s->penalty[QT_PEN_WAITING] * (double)waiting;
}

/* Written so that a NaN in the plan is a violation too. */
static void compare_term(checker *c, const char *pointer, double stored, double model)
{
	if (!(fabs(stored - model) <= 1e-6 * fmax(1.0, fabs(model))))
		VIOLATION(c, pointer, "the plan says %.2f, the model's formula gives %.2f", stored, model);
}

/* MODEL.md "Who pays", summed over the horizon: the Land pays per person taken in and per person in
 * vU and quarter; the district pays each municipality per person placed into its AU (stock or
 * flat); the federal share of the KdU; the district carries the rest of the sites and the KdU, the
 * municipalities their AU stock. */
static void payer_totals(const qt_scenario *s, const qt_plan *p, const objective *z, double out[QT_NPAYER])
{
	const qt_funding *f = &s->funding;
	int T = s->T;
	double kdu = 0, stock = 0;
	long taken = 0, in_vu = 0, placed = 0;
	for (int o = 0; o < s->n_offer; o++) {
		kdu += (double)p->ao[o] * s->offer[o].rent * 3.0 * (double)(T - s->offer[o].period + 1);
		placed += (long)qt_hs(s, s->offer[o].hclass) * p->ao[o];
	}
	for (int t = 1; t <= T; t++) {
		taken += p->acc[t];
		in_vu += p->V[t];
		for (int m = 0; m < s->n_muni; m++) {
			stock += s->muni[m].au_cost * p->A[QT_IX(m, t, T)];
			for (int h = 0; h < QT_NCLASS; h++)
				placed += (long)qt_hs(s, h) * p->as[QT_IX(m * QT_NCLASS + h, t, T)];
		}
	}
	double land = f->land_per_person * (double)taken + f->land_per_vu_quarter * (double)in_vu;
	double paid = f->to_muni_per_person * (double)placed;
	out[QT_PAY_LAND] = land;
	out[QT_PAY_FEDERAL] = f->kdu_federal_share * kdu;
	out[QT_PAY_MUNICIPALITIES] = stock - paid;
	out[QT_PAY_DISTRICT] = z->cost - stock - kdu + (1 - f->kdu_federal_share) * kdu + paid - land;
}

/* Recomputes the objective here rather than with the function that set it, so that a wrong
 * formula there shows as a difference. */
static void check_objective(checker *c, const qt_plan *p)
{
	objective z = { 0 };
	gu_terms(c->s, p, &z);
	kombi_terms(c->s, p, &z);
	muni_terms(c->s, p, &z);
	offer_terms(c->s, p, &z);
	district_terms(c->s, p, &z);
	double pay[QT_NPAYER], sum = 0, period_sum = 0;
	payer_totals(c->s, p, &z, pay);
	for (int i = 0; i < QT_NPAYER; i++) {
		compare_term(c, ptr("/payers_total/%s", qt_payer_names[i]), p->payer_total[i], pay[i]);
		sum += p->payer_total[i];
		for (int t = 1; t <= c->s->T; t++)
			period_sum += p->payers[QT_IX(i, t, c->s->T)];
	}
	/* the payers share the real cost among them, per period and in total */
	compare_term(c, "/payers_total", sum, z.cost);
	compare_term(c, "/payers", period_sum, z.cost);
	double total = c->s->funding.objective == QT_OBJ_DISTRICT ? pay[QT_PAY_DISTRICT] : z.cost;
	compare_term(c, "/objective/cost", p->cost, z.cost);
	for (int i = 0; i < QT_NPEN; i++) {
		compare_term(c, ptr("/objective/penalties/%s", qt_penalty_names[i]), p->penalty[i], z.pen[i]);
		total += z.pen[i];
	}
	compare_term(c, "/objective/total", p->objective, total);
}

static void check_plan(checker *c, const qt_plan *p)
{
	const qt_scenario *s = c->s;
	if (p->T != s->T || p->G != s->n_gu || p->K != s->n_kombi || p->M != s->n_muni ||
	    p->O != s->n_offer) {
		VIOLATION(c, "", "the plan's dimensions do not match the scenario");
		return;
	}
	check_intake_and_vu(c, p);
	check_waiting(c, p);
	check_gu_places(c, p);
	check_sites(c, p);
	check_kombi(c, p);
	check_au_stock(c, p);
	check_offers(c, p);
	check_quota(c, p);
	check_objective(c, p);
}

/* Future f's plan checked against the scenario as it is in that future; its violations named
 * under /futures/f/plan. */
static void check_future(checker *c, const qt_plan *p, int f)
{
	qt_scenario view;
	qt_scenario_future_view(c->s, f, &view);
	checker sub = { .s = &view, .list = c->list ? qt_errors_new() : NULL };
	check_plan(&sub, p->future[f]);
	c->count += sub.count;
	for (size_t i = 0; sub.list && i < sub.list->n; i++)
		qt_errors_add(c->list, ptr("/futures/%d/plan%s", f, sub.list->pointer[i]), "in future '%s': %s",
			      c->s->future[f].id, sub.list->message[i]);
	qt_errors_free(sub.list);
}

/* Non-anticipativity: the site and module decisions of the committed quarters are future 0's in
 * every future. */
static void check_commitment(checker *c, const qt_plan *p)
{
	const qt_scenario *s = c->s;
	const qt_plan *a = p->future[0];
	for (int f = 1; f < p->n_future; f++)
		for (int t = 1; t <= p->commit_K; t++) {
			const qt_plan *b = p->future[f];
			for (int g = 0; g < s->n_gu; g++) {
				size_t ix = QT_IX(g, t, s->T);
				if (a->open[ix] != b->open[ix] || a->up[ix] != b->up[ix] || a->dn[ix] != b->dn[ix] ||
				    a->tr[ix] != b->tr[ix])
					VIOLATION(c, ptr("/futures/%d/plan/gu_sites/%d/open/%d", f, g, t - 1),
						  "GU %s in committed quarter %d differs from future '%s'", s->gu[g].id, t,
						  s->future[0].id);
			}
			for (int k = 0; k < s->n_kombi; k++) {
				size_t ix = QT_IX(k, t, s->T);
				if (a->b[ix] != b->b[ix] || a->na[ix] != b->na[ix])
					VIOLATION(c, ptr("/futures/%d/plan/kombimodell/%d/ordered/%d", f, k, t - 1),
						  "Kombimodell %s in committed quarter %d differs from future '%s'",
						  s->kombi[k].id, t, s->future[0].id);
			}
		}
}

/* The objective over futures, recomputed from each future's objective. */
static void check_over_futures(checker *c, const qt_plan *p)
{
	double e = 0, w = -HUGE_VAL;
	for (int f = 0; f < p->n_future; f++) {
		e += c->s->future[f].probability * p->future[f]->objective;
		w = fmax(w, p->future[f]->objective);
	}
	compare_term(c, "/objective/expected", p->expected, e);
	compare_term(c, "/objective/worst", p->worst, w);
	compare_term(c, "/objective/total", p->objective, c->s->fut_objective == QT_FUTURES_WORST ? w : e);
}

static void check_futures(checker *c, const qt_plan *p)
{
	if (p->n_future != c->s->n_future || p->commit_K != c->s->commit_K) {
		VIOLATION(c, "/futures", "the plan has %d futures and %d committed quarters, the scenario %d and %d",
			  p->n_future, p->commit_K, c->s->n_future, c->s->commit_K);
		return;
	}
	for (int f = 0; f < p->n_future; f++)
		check_future(c, p, f);
	check_commitment(c, p);
	check_over_futures(c, p);
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
	if (s->n_future || p->n_future)
		check_futures(&c, p);
	else
		check_plan(&c, p);
	if (violations && c.count)
		*violations = c.list;
	else
		qt_errors_free(c.list);
	return c.count;
}
