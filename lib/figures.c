/* The figures of a plan shared by every report, the run database and the what-if commands. */
#include "figures.h"

#include <string.h>

/* Fehlbeleger in period t: persons of the households waiting in a GU for an AU place. */
static long waiting_persons(const qt_scenario *s, const qt_plan *p, int t)
{
	long w = 0;
	for (int h = 0; h < QT_NCLASS; h++)
		w += (long)qt_hs(s, h) * p->F[QT_IX(h, t, p->T)];
	return w;
}

void qt_period_totals_get(qt_period_totals *out, const qt_scenario *s, const qt_plan *p, int t)
{
	const int T = p->T;
	memset(out, 0, sizeof *out);
	out->intake = s->arrivals[t];
	out->accepted = p->acc[t];
	out->backlog = p->bl[t];
	out->in_vu = p->V[t];
	out->unhoused = p->U[t];
	out->waiting_persons = waiting_persons(s, p, t);
	for (int g = 0; g < p->G; g++) {
		if (p->open[QT_IX(g, t, T)])
			out->gu_places_open += qt_gu_capacity(s, &s->gu[g], t);
		out->gu_persons += p->x[QT_IX(g, t, T)];
	}
	for (int k = 0; k < p->K; k++) {
		out->gu_places_open += (long)s->kombi[k].ppm * p->ng[QT_IX(k, t, T)];
		out->gu_persons += p->y[QT_IX(k, t, T)];
	}
	for (int m = 0; m < p->M; m++) {
		long own, kombi, offers;
		qt_plan_placed(s, p, m, t, &own, &kombi, &offers);
		out->au_placed_persons += own + kombi + offers;
		if (p->under[QT_IX(m, t, T)] > 0)
			out->munis_under_quota++;
	}
}

long qt_transfer_places(const qt_scenario *s, const qt_plan *p, int m, int t)
{
	long n = 0;
	for (int g = 0; g < s->n_gu; g++)
		if (s->gu[g].muni == m && s->gu[g].tr_earliest > 0 && qt_plan_transferred(p, g, t))
			n += s->gu[g].tr_au_places;
	return n;
}

void qt_placed_series(qt_placed *out, const qt_scenario *s, const qt_plan *p, int m)
{
	memset(&out[0], 0, sizeof out[0]);
	for (int t = 1; t <= p->T; t++) {
		qt_placed *c = &out[t];
		qt_plan_placed(s, p, m, t, &c->own, &c->kombi, &c->offers);
		c->cumulative = out[t - 1].cumulative + c->own + c->kombi + c->offers;
	}
}

qt_gu_state qt_gu_state_at(const qt_plan *p, int g, int t)
{
	size_t i = QT_IX(g, t, p->T);
	if (p->dn[i])
		return QT_GU_CLOSES;
	if (p->tr[i])
		return QT_GU_HANDED_OVER;
	if (p->up[i])
		return QT_GU_OPENS;
	return p->open[i] ? QT_GU_OPEN : QT_GU_CLOSED;
}

void qt_plan_kpis(qt_kpis *k, const qt_scenario *s, const qt_plan *p)
{
	memset(k, 0, sizeof *k);
	int T = s->T;
	for (int o = 0; o < s->n_offer; o++) {
		const qt_offer *of = &s->offer[o];
		if (of->eligible) {
			k->offers_eligible++;
			k->eligible_by_class[of->hclass]++;
		}
		k->flat_households += p->ao[o];
		k->kdu += qt_offer_kdu_per_household(s, of) * (double)p->ao[o];
	}
	double waiting = 0;
	for (int t = 1; t <= T; t++) {
		long w = waiting_persons(s, p, t);
		waiting += (double)w;
		if (t == T)
			k->waiting_end = w;
		k->unhoused += p->U[t];
		k->backlog += p->bl[t];
	}
	k->waiting_avg = waiting / T;
	k->backlog_end = p->bl[T];
	k->cost = p->cost;
	k->objective = p->objective;
	k->status = p->status;
	k->gap = p->gap;
	k->seconds = p->seconds;
	k->violations = qt_plan_check(NULL, s, p);
}

void qt_plan_totals_get(qt_plan_totals *out, const qt_scenario *s, const qt_plan *p)
{
	const int T = p->T;
	memset(out, 0, sizeof *out);
	for (int t = 1; t <= T; t++) {
		qt_period_totals v;
		qt_period_totals_get(&v, s, p, t);
		if (v.waiting_persons > out->waiting_peak || t == 1)
			out->waiting_peak = v.waiting_persons;
		out->au_placed += v.au_placed_persons;
		if (t == T)
			out->munis_under_quota_end = v.munis_under_quota;
		for (int g = 0; g < p->G; g++) {
			out->gu_opened += p->up[QT_IX(g, t, T)];
			out->gu_closed += p->dn[QT_IX(g, t, T)];
		}
		for (int k = 0; k < p->K; k++)
			out->modules_ordered += p->b[QT_IX(k, t, T)];
	}
	for (int m = 0; m < p->M; m++)
		out->under_quota_end += p->under[QT_IX(m, T, T)];
	for (int k = 0; k < p->K; k++)
		out->modules_converted_end += p->na[QT_IX(k, T, T)];
}

long qt_kept_modules(const qt_kept_order *kept, size_t n)
{
	long sum = 0;
	for (size_t i = 0; kept && i < n; i++)
		sum += kept[i].modules;
	return sum;
}

void qt_kombi_modules_get(qt_kombi_modules *out, const qt_scenario *s, const qt_plan *p, int k, int t)
{
	const int T = p->T, lead = s->kombi[k].lead;
	memset(out, 0, sizeof *out);
	out->ordered = p->b[QT_IX(k, t, T)];
	for (int u = 1; u + lead <= t; u++)
		out->usable += p->b[QT_IX(k, u, T)];
	out->gu = p->ng[QT_IX(k, t, T)];
	out->converted = p->na[QT_IX(k, t, T)];
}

void qt_kombi_district(qt_kombi_modules *out, const qt_scenario *s, const qt_plan *p, int t)
{
	memset(out, 0, sizeof *out);
	for (int k = 0; k < p->K; k++) {
		qt_kombi_modules one;
		qt_kombi_modules_get(&one, s, p, k, t);
		out->ordered += one.ordered;
		out->usable += one.usable;
		out->gu += one.gu;
		out->converted += one.converted;
	}
}

void qt_placed_district(qt_placed *out, const qt_scenario *s, const qt_plan *p, int t)
{
	memset(out, 0, sizeof *out);
	for (int m = 0; m < p->M; m++)
		for (int u = 1; u <= t; u++) {
			long own, kombi, offers;
			qt_plan_placed(s, p, m, u, &own, &kombi, &offers);
			out->cumulative += own + kombi + offers;
			if (u == t) {
				out->own += own;
				out->kombi += kombi;
				out->offers += offers;
			}
		}
}
