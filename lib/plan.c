/* The plan: storage, accessors, the objective split and the placement sources. */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_names[] = { "optimal", "gap_reached", "time_limit", "no_integer_plan",
					      "interrupted" };

const char *qt_status_name(qt_status s)
{
	return ((unsigned)s < sizeof status_names / sizeof *status_names) ? status_names[s] : "unknown";
}

qt_plan *qt_plan_alloc(int T, int G, int K, int M, int O)
{
	qt_plan *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	size_t P = (size_t)T + 1;
	p->T = T;
	p->G = G;
	p->K = K;
	p->M = M;
	p->O = O;
	p->acc = calloc(P, sizeof(long));
	p->bl = calloc(P, sizeof(long));
	p->V = calloc(P, sizeof(long));
	p->U = calloc(P, sizeof(long));
	p->F = calloc(QT_NCLASS * P, sizeof(long));
	p->x = calloc((size_t)G * P + 1, sizeof(long));
	p->open = calloc((size_t)G * P + 1, 1);
	p->up = calloc((size_t)G * P + 1, 1);
	p->dn = calloc((size_t)G * P + 1, 1);
	p->tr = calloc((size_t)G * P + 1, 1);
	p->payers = calloc(QT_NPAYER * P, sizeof(double));
	p->b = calloc((size_t)K * P + 1, sizeof(long));
	p->ng = calloc((size_t)K * P + 1, sizeof(long));
	p->na = calloc((size_t)K * P + 1, sizeof(long));
	p->y = calloc((size_t)K * P + 1, sizeof(long));
	p->as = calloc((size_t)M * QT_NCLASS * P + 1, sizeof(long));
	p->A = calloc((size_t)M * P + 1, sizeof(double));
	p->under = calloc((size_t)M * P + 1, sizeof(long));
	p->over = calloc((size_t)M * P + 1, sizeof(long));
	p->q = calloc((size_t)M * P + 1, sizeof(long));
	p->ao = calloc((size_t)O + 1, sizeof(long));
	p->flats = calloc((size_t)M * P + 1, sizeof(long));
	p->kept = calloc((size_t)K * P + 1, sizeof(long));
	if (!p->acc || !p->bl || !p->V || !p->U || !p->F || !p->x || !p->open || !p->up || !p->dn || !p->tr || !p->payers ||
	    !p->b || !p->ng || !p->na || !p->y || !p->as || !p->A || !p->under || !p->over || !p->q ||
	    !p->ao || !p->flats || !p->kept) {
		qt_plan_free(p);
		return NULL;
	}
	return p;
}

void qt_plan_free(qt_plan *p)
{
	if (!p)
		return;
	free(p->acc);
	free(p->bl);
	free(p->V);
	free(p->U);
	free(p->F);
	free(p->x);
	free(p->open);
	free(p->up);
	free(p->dn);
	free(p->tr);
	free(p->payers);
	free(p->b);
	free(p->ng);
	free(p->na);
	free(p->y);
	free(p->as);
	free(p->A);
	free(p->under);
	free(p->over);
	free(p->q);
	free(p->ao);
	free(p->flats);
	free(p->kept);
	for (int f = 0; f < p->n_future; f++)
		qt_plan_free(p->future[f]);
	free(p->future);
	free(p->voi);
	for (int i = 0; i < QT_NBASIS; i++)
		qt_basis_free(p->basis[i]);
	free(p);
}

qt_status qt_plan_status(const qt_plan *p) { return p ? p->status : QT_STATUS_NO_INTEGER_PLAN; }
double qt_plan_gap(const qt_plan *p) { return p ? p->gap : HUGE_VAL; }
double qt_plan_seconds(const qt_plan *p) { return p ? p->seconds : 0; }
long qt_plan_nodes(const qt_plan *p) { return p ? p->nodes : 0; }
double qt_plan_objective(const qt_plan *p) { return p ? p->objective : HUGE_VAL; }
int qt_plan_futures(const qt_plan *p) { return p ? p->n_future : 0; }

static int is_provisional(const qt_gu *g) { return g->kind != QT_GU_PERMANENT; }

/* KdU euro of an offer used in period t_o: monthly rent for every remaining month of the horizon. */
double qt_offer_kdu_per_household(const qt_scenario *s, const qt_offer *o)
{
	return o->rent * 3.0 * (double)(s->T - o->period + 1);
}

void qt_plan_objective_terms(const qt_scenario *s, const qt_plan *p, double *cost, double pen[QT_NPEN])
{
	int T = s->T;
	double c = 0;
	for (int i = 0; i < QT_NPEN; i++)
		pen[i] = 0;
	for (int t = 1; t <= T; t++) {
		for (int g = 0; g < s->n_gu; g++) {
			const qt_gu *gu = &s->gu[g];
			size_t ix = QT_IX(g, t, T);
			c += gu->cost_place * p->x[ix] + gu->cost_fixed * p->open[ix] +
			     gu->cost_open * p->up[ix] + gu->cost_close * p->dn[ix] + gu->tr_cost * p->tr[ix];
			if (is_provisional(gu))
				pen[QT_PEN_PROVISIONAL] += s->penalty[QT_PEN_PROVISIONAL] * p->x[ix];
		}
		for (int k = 0; k < s->n_kombi; k++) {
			const qt_kombi *km = &s->kombi[k];
			size_t ix = QT_IX(k, t, T);
			c += km->cost_module * p->b[ix] + km->cost_conversion * (p->na[ix] - p->na[ix - 1]) +
			     km->cost_gu_place * p->y[ix];
		}
		for (int m = 0; m < s->n_muni; m++) {
			size_t ix = QT_IX(m, t, T);
			c += s->muni[m].au_cost * p->A[ix];
			pen[QT_PEN_QUOTA_UNDER] += s->penalty[QT_PEN_QUOTA_UNDER] * p->under[ix];
			pen[QT_PEN_QUOTA_OVER] += s->penalty[QT_PEN_QUOTA_OVER] * p->over[ix];
			for (int h = 0; h < QT_NCLASS; h++)
				pen[QT_PEN_MOVE] += s->penalty[QT_PEN_MOVE] *
						    p->as[QT_IX(m * QT_NCLASS + h, t, T)];
		}
		pen[QT_PEN_UNHOUSED] += s->penalty[QT_PEN_UNHOUSED] * p->U[t];
		pen[QT_PEN_BACKLOG] += s->penalty[QT_PEN_BACKLOG] * p->bl[t];
		for (int h = 0; h < QT_NCLASS; h++)
			pen[QT_PEN_WAITING] += s->penalty[QT_PEN_WAITING] * qt_hs(s, h) * p->F[QT_IX(h, t, T)];
	}
	for (int o = 0; o < s->n_offer; o++) {
		c += qt_offer_kdu_per_household(s, &s->offer[o]) * p->ao[o];
		pen[QT_PEN_MOVE] += s->penalty[QT_PEN_MOVE] * p->ao[o];
	}
	*cost = c;
}

int qt_plan_transferred(const qt_plan *p, int g, int t)
{
	for (int tau = 1; tau <= t; tau++)
		if (p->tr[QT_IX(g, tau, p->T)])
			return 1;
	return 0;
}

double qt_plan_au_capacity(const qt_scenario *s, const qt_plan *p, int m, int t)
{
	int T = s->T;
	double cap = s->muni[m].au_places[t];
	for (int k = 0; k < s->n_kombi; k++)
		if (s->kombi[k].muni == m)
			cap += (double)s->kombi[k].ppm * p->na[QT_IX(k, t, T)];
	for (int g = 0; g < s->n_gu; g++)
		if (s->gu[g].muni == m && s->gu[g].tr_earliest > 0 && qt_plan_transferred(p, g, t))
			cap += s->gu[g].tr_au_places;
	return cap;
}

/* Euro of period t spent on sites: GU and Kombimodell costs, transfers included. */
static double site_cost(const qt_scenario *s, const qt_plan *p, int t)
{
	int T = s->T;
	double c = 0;
	for (int g = 0; g < s->n_gu; g++) {
		const qt_gu *gu = &s->gu[g];
		size_t ix = QT_IX(g, t, T);
		c += gu->cost_place * p->x[ix] + gu->cost_fixed * p->open[ix] + gu->cost_open * p->up[ix] +
		     gu->cost_close * p->dn[ix] + gu->tr_cost * p->tr[ix];
	}
	for (int k = 0; k < s->n_kombi; k++) {
		const qt_kombi *km = &s->kombi[k];
		size_t ix = QT_IX(k, t, T);
		c += km->cost_module * p->b[ix] + km->cost_conversion * (p->na[ix] - p->na[ix - 1]) +
		     km->cost_gu_place * p->y[ix];
	}
	return c;
}

void qt_plan_payers(const qt_scenario *s, const qt_plan *p, double *pay, double total[QT_NPAYER])
{
	const qt_funding *f = &s->funding;
	int T = s->T;
	double kdu[QT_MAX_PERIODS + 2] = { 0 }; /* KdU of the flats in use, per period */
	long placed[QT_MAX_PERIODS + 2] = { 0 }; /* persons placed into AU, per period */
	for (int o = 0; o < s->n_offer; o++) {
		const qt_offer *of = &s->offer[o];
		for (int t = of->period; t <= T; t++)
			kdu[t] += 3.0 * of->rent * (double)p->ao[o];
		placed[of->period] += (long)qt_hs(s, of->hclass) * p->ao[o];
	}
	for (int i = 0; i < QT_NPAYER; i++)
		total[i] = 0;
	for (int t = 1; t <= T; t++) {
		double stock = 0;
		for (int m = 0; m < s->n_muni; m++) {
			stock += s->muni[m].au_cost * p->A[QT_IX(m, t, T)];
			for (int h = 0; h < QT_NCLASS; h++)
				placed[t] += (long)qt_hs(s, h) * p->as[QT_IX(m * QT_NCLASS + h, t, T)];
		}
		double land = f->land_per_person * (double)p->acc[t] + f->land_per_vu_quarter * (double)p->V[t];
		double to_munis = f->to_muni_per_person * (double)placed[t];
		double v[QT_NPAYER];
		v[QT_PAY_DISTRICT] = site_cost(s, p, t) + (1 - f->kdu_federal_share) * kdu[t] + to_munis - land;
		v[QT_PAY_MUNICIPALITIES] = stock - to_munis;
		v[QT_PAY_LAND] = land;
		v[QT_PAY_FEDERAL] = f->kdu_federal_share * kdu[t];
		for (int i = 0; i < QT_NPAYER; i++) {
			pay[QT_IX(i, t, T)] = v[i];
			total[i] += v[i];
		}
	}
}

void qt_plan_flat_persons(const qt_scenario *s, const qt_plan *p, long *out)
{
	memset(out, 0, (size_t)s->n_muni * (size_t)(s->T + 1) * sizeof *out);
	for (int o = 0; o < s->n_offer; o++) {
		const qt_offer *of = &s->offer[o];
		out[QT_IX(of->muni, of->period, s->T)] += (long)qt_hs(s, of->hclass) * p->ao[o];
	}
}

void qt_plan_placed(const qt_scenario *s, const qt_plan *p, int m, int t, long *own, long *kombi,
		    long *offers)
{
	int T = s->T;
	long stock = 0, flats = 0;
	for (int h = 0; h < QT_NCLASS; h++)
		stock += (long)qt_hs(s, h) * p->as[QT_IX(m * QT_NCLASS + h, t, T)];
	if (p->flats_ok)
		flats = p->flats[QT_IX(m, t, T)];
	else
		for (int o = 0; o < s->n_offer; o++)
			if (s->offer[o].muni == m && s->offer[o].period == t)
				flats += (long)qt_hs(s, s->offer[o].hclass) * p->ao[o];
	/* New placements fill the municipality's own places first (those of GU sites handed over to it
	 * count as its own); what the stock holds beyond them and beyond those who stayed from the last
	 * period lives in converted modules. */
	double before = (1.0 - s->exit_rate) * p->A[QT_IX(m, t - 1, T)];
	double own_places = s->muni[m].au_places[t];
	for (int g = 0; g < s->n_gu; g++)
		if (s->gu[g].muni == m && s->gu[g].tr_earliest > 0 && qt_plan_transferred(p, g, t))
			own_places += s->gu[g].tr_au_places;
	double base = fmax(own_places, before);
	double in_modules = ceil(p->A[QT_IX(m, t, T)] - base - 1e-6);
	long km = in_modules > 0 ? (long)in_modules : 0;
	if (km > stock)
		km = stock;
	*own = stock - km;
	*kombi = km;
	*offers = flats;
}

void qt_plan_derive(const qt_scenario *s, const long *quota, qt_plan *p)
{
	int T = s->T;
	qt_plan_flat_persons(s, p, p->flats);
	p->flats_ok = 1;
	double keep = 1.0 - s->exit_rate;
	for (int h = 0; h < QT_NCLASS; h++)
		p->F[QT_IX(h, 0, T)] = s->waiting0[h];
	p->bl[0] = s->backlog0;
	p->V[0] = qt_start_vu(s);
	for (int g = 0; g < s->n_gu; g++) {
		p->x[QT_IX(g, 0, T)] = s->gu[g].occupied;
		p->open[QT_IX(g, 0, T)] = (unsigned char)s->gu[g].open0;
	}
	for (int m = 0; m < s->n_muni; m++)
		p->A[QT_IX(m, 0, T)] = s->muni[m].au_occupied;
	long in_flats[QT_NCLASS * (QT_MAX_PERIODS + 1)] = { 0 }; /* households per class and period */
	for (int o = 0; o < s->n_offer; o++)
		in_flats[QT_IX(s->offer[o].hclass, s->offer[o].period, T)] += p->ao[o];
	for (int t = 1; t <= T; t++) {
		long need = 0, held = 0;
		for (int h = 0; h < QT_NCLASS; h++) {
			long placed = in_flats[QT_IX(h, t, T)];
			for (int m = 0; m < s->n_muni; m++)
				placed += p->as[QT_IX(m * QT_NCLASS + h, t, T)];
			p->F[QT_IX(h, t, T)] = p->F[QT_IX(h, t - 1, T)] + qt_entitled(s, h, t) - placed;
			need += (long)qt_hs(s, h) * p->F[QT_IX(h, t, T)];
		}
		p->bl[t] = p->bl[t - 1] + s->arrivals[t] - p->acc[t];
		p->V[t] = p->V[t - 1] + p->acc[t] - qt_entitled_persons(s, t);
		need += p->V[t];
		for (int g = 0; g < s->n_gu; g++)
			held += p->x[QT_IX(g, t, T)];
		for (int k = 0; k < s->n_kombi; k++)
			held += p->y[QT_IX(k, t, T)];
		p->U[t] = need - held;
		for (int m = 0; m < s->n_muni; m++) {
			long in = 0;
			for (int h = 0; h < QT_NCLASS; h++)
				in += (long)qt_hs(s, h) * p->as[QT_IX(m * QT_NCLASS + h, t, T)];
			p->A[QT_IX(m, t, T)] = keep * p->A[QT_IX(m, t - 1, T)] + (double)in;
		}
	}
	for (int m = 0; m < s->n_muni; m++) {
		long cum = 0;
		for (int t = 1; t <= T; t++) {
			size_t ix = QT_IX(m, t, T);
			long own, km, fl;
			qt_plan_placed(s, p, m, t, &own, &km, &fl);
			cum += own + km + fl;
			p->q[ix] = quota[ix];
			p->under[ix] = cum < quota[ix] ? quota[ix] - cum : 0;
			p->over[ix] = cum > quota[ix] ? cum - quota[ix] : 0;
		}
	}
	qt_plan_objective_terms(s, p, &p->cost, p->penalty);
	qt_plan_payers(s, p, p->payers, p->payer_total);
	p->objective = s->funding.objective == QT_OBJ_DISTRICT ? p->payer_total[QT_PAY_DISTRICT] : p->cost;
	for (int i = 0; i < QT_NPEN; i++)
		p->objective += p->penalty[i];
}

double qt_gap(double objective, double bound)
{
	if (!isfinite(objective) || !isfinite(bound))
		return HUGE_VAL;
	return fmax(0.0, (objective - bound) / fmax(1.0, fabs(objective)));
}
