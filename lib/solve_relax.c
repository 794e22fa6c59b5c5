/* Large programs: the LP relaxation by GLPK's interior-point method, a proven lower bound from its
 * dual values, and an integral site and module plan rounded from its solution.
 *
 * GLPK's simplex needs 32 s for the LP relaxation of the generated `large` size and ten minutes for
 * `state`; its interior-point method needs 3 s and 22 s (README, "Benchmark"). It often stops short
 * of its own tolerance ("numeric instability"), so its objective is not a bound; the bound is
 * computed here from its row duals instead, which is valid for any dual values. */
#include "model.h"

#include <math.h>
#include <stdlib.h>

int qt_relax_ipm(glp_prob *lp, double *val, int verbose)
{
	glp_iptcp ip;
	glp_init_iptcp(&ip);
	ip.msg_lev = verbose ? GLP_MSG_ON : GLP_MSG_OFF;
	int ret = glp_interior(lp, &ip);
	int st = glp_ipt_status(lp);
	/* GLP_EINSTAB leaves the last point, close to the optimum (GLP_INFEAS by a hair): usable. */
	if ((ret != 0 && ret != GLP_EINSTAB) || (st != GLP_OPT && st != GLP_INFEAS))
		return QT_ESOLVER;
	int n = glp_get_num_cols(lp);
	for (int j = 1; j <= n; j++)
		val[j] = glp_ipt_col_prim(lp, j);
	return 0;
}

/* An upper bound on every person count of any plan: everyone who is or ever comes into the
 * district, every AU place and every quota. Columns without an upper bound are person counts; the
 * Lagrangian bound below needs a finite one for them. */
double qt_persons_bound(const qt_model *m)
{
	const qt_scenario *s = m->s;
	int T = s->T;
	double n = (double)s->backlog0 + (double)qt_start_vu(s);
	for (int h = 0; h < QT_NCLASS; h++)
		n += qt_hs(s, h) * s->waiting0[h];
	for (int t = 1; t <= T; t++)
		n += (double)s->arrivals[t] + (double)qt_entitled_persons(s, t);
	for (int mu = 0; mu < s->n_muni; mu++) {
		n += s->muni[mu].au_occupied;
		for (int t = 1; t <= T; t++)
			n += s->muni[mu].au_places[t] + (double)m->quotas.q[QT_IX(mu, t, T)];
	}
	for (int k = 0; k < s->n_kombi; k++)
		n += (double)s->kombi[k].ppm * s->kombi[k].max_modules;
	return 2 * n + 1000;
}

/* Weak duality: for row duals y of the right signs, min over the column box of c'x - y'(Ax - r),
 * r within the row bounds, is a lower bound of the LP relaxation and so of the program. Duals of
 * the wrong sign are taken as 0, which keeps it valid. ipt: the interior-point duals, else the
 * simplex's. Returns -HUGE_VAL if the dual leaves it unbounded. */
double qt_dual_bound(const qt_model *m, int ipt)
{
	return qt_dual_bound_lp(m->lp, qt_persons_bound(m), ipt);
}

double qt_dual_bound_lp(glp_prob *lp, double big, int ipt)
{
	int nr = glp_get_num_rows(lp), nc = glp_get_num_cols(lp);
	double *y = malloc(((size_t)nr + 1) * sizeof *y);
	int *ind = malloc(((size_t)nr + 1) * sizeof *ind);
	double *a = malloc(((size_t)nr + 1) * sizeof *a);
	if (!y || !ind || !a) {
		free(y);
		free(ind);
		free(a);
		return -HUGE_VAL;
	}
	double z = 0;
	for (int i = 1; i <= nr; i++) {
		double v = ipt ? glp_ipt_row_dual(lp, i) : glp_get_row_dual(lp, i);
		int type = glp_get_row_type(lp, i);
		if ((type == GLP_UP && v > 0) || (type == GLP_LO && v < 0) || type == GLP_FR)
			v = 0;
		y[i] = v;
		if (v != 0)
			z += v * (v > 0 ? glp_get_row_lb(lp, i) : glp_get_row_ub(lp, i));
	}
	for (int j = 1; j <= nc; j++) {
		double d = glp_get_obj_coef(lp, j);
		int len = glp_get_mat_col(lp, j, ind, a);
		for (int k = 1; k <= len; k++)
			d -= a[k] * y[ind[k]];
		int type = glp_get_col_type(lp, j);
		double lb = type == GLP_FR || type == GLP_UP ? -big : glp_get_col_lb(lp, j);
		double ub = type == GLP_FR || type == GLP_LO ? big : glp_get_col_ub(lp, j);
		z += d >= 0 ? d * lb : d * ub;
	}
	free(y);
	free(ind);
	free(a);
	return isfinite(z) ? z : -HUGE_VAL;
}

/* The period in which a site whose status flips in a and b (0: no flip) is handed over rather than
 * closed: its closing, if the site may be handed over then, does not open again afterwards, and the
 * relaxation hands it over more than it closes it. 0: none. */
static int transfer_period(const qt_model *m, int g, const double *val, int a, int b)
{
	const qt_scenario *s = m->s;
	int T = s->T;
	int closing = s->gu[g].open0 ? a : b, reopens = s->gu[g].open0 && b > a;
	if (!closing || reopens || !m->tr[QT_IX(g, closing, T)])
		return 0;
	double tr = 0, dn = 0;
	for (int t = 1; t <= T; t++) {
		size_t ix = QT_IX(g, t, T);
		dn += val[m->dn[ix]];
		if (m->tr[ix])
			tr += val[m->tr[ix]];
	}
	return tr > dn ? closing : 0;
}

/* The open/closed pattern of a site closest to the relaxation's values: from open0, at most one
 * opening and one closing, never open where the site is not available. Open in t costs
 * (threshold - o) when o is below the threshold, closed costs (o - threshold) when above. */
static void round_site(const qt_model *m, int g, double *val, double threshold)
{
	const qt_scenario *s = m->s;
	const qt_gu *gu = &s->gu[g];
	int T = s->T;
	double best = HUGE_VAL;
	int ba = 0, bb = 0; /* the status flips in ba and again in bb; 0: it does not */
	for (int a = 0; a <= T; a++)
		for (int b = a; b <= T && (a || !b); b++) {
			int second = b > a ? b : 0, open = gu->open0, ok = 1;
			double cost = 0;
			for (int t = 1; t <= T && ok; t++) {
				if (t == a || t == second)
					open = !open;
				double o = val[m->o[QT_IX(g, t, T)]];
				ok = !open || qt_gu_allowed(gu, t);
				cost += open ? fmax(0, threshold - o) : fmax(0, o - threshold);
			}
			if (ok && cost < best) {
				best = cost;
				ba = a;
				bb = second;
			}
		}
	int closing = transfer_period(m, g, val, ba, bb);
	int open = gu->open0;
	for (int t = 1; t <= T; t++) {
		size_t ix = QT_IX(g, t, T);
		int was = open;
		if (t == ba || t == bb)
			open = !open;
		val[m->o[ix]] = open;
		val[m->up[ix]] = open && !was;
		val[m->dn[ix]] = !open && was && t != closing;
		if (m->tr[ix])
			val[m->tr[ix]] = t == closing;
	}
}

/* Modules: cumulative orders rounded to whole modules where orders may be placed, converted modules
 * rounded and kept one-way, every other ready module in use as GU. */
static void round_modules(const qt_model *m, int k, double *val, const long *kept)
{
	const qt_scenario *s = m->s;
	const qt_kombi *km = &s->kombi[k];
	int T = s->T;
	double cum = 0;
	long ordered = 0, converted = 0;
	for (int t = 1; t <= T; t++) {
		size_t ix = QT_IX(k, t, T);
		cum += val[m->b[ix]];
		long b = 0;
		if (glp_get_col_ub(m->lp, m->b[ix]) > 0.5) {
			b = lround(cum) - ordered;
			if (b < 0)
				b = 0;
			long most = km->max_modules - kept[QT_IX(k, 0, T)];
			if (ordered + b > most)
				b = most > ordered ? most - ordered : 0;
		}
		ordered += b;
		val[m->b[ix]] = (double)b;
	}
	for (int t = 1; t <= T; t++) {
		size_t ix = QT_IX(k, t, T);
		long ready = kept[ix];
		for (int tau = 1; tau <= t - km->lead; tau++)
			ready += lround(val[m->b[QT_IX(k, tau, T)]]);
		long na = lround(val[m->na[ix]]);
		if (na < converted)
			na = converted;
		if (na > ready)
			na = ready;
		converted = na;
		val[m->na[ix]] = (double)na;
		val[m->ng[ix]] = (double)(ready - na);
	}
}

void qt_round_sites(const qt_model *m, double *val, double threshold, const long *kept)
{
	for (int g = 0; g < m->s->n_gu; g++)
		round_site(m, g, val, threshold);
	for (int k = 0; k < m->s->n_kombi; k++)
		round_modules(m, k, val, kept);
}
