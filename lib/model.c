/* Builds the integer program of MODEL.md directly with GLPK's API (no MathProg at run time). */
#include "model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A growing list of matrix entries, loaded into GLPK at once. */
typedef struct {
	int *ia, *ja;
	double *ar;
	int n, cap;
	int oom;
} builder;

static void entry(builder *b, int row, int col, double v)
{
	if (b->oom || col == 0 || v == 0)
		return;
	if (b->n + 1 >= b->cap) {
		int cap = b->cap ? b->cap * 2 : 1 << 16;
		int *ia = realloc(b->ia, (size_t)cap * sizeof *ia);
		if (ia)
			b->ia = ia;
		int *ja = realloc(b->ja, (size_t)cap * sizeof *ja);
		if (ja)
			b->ja = ja;
		double *ar = realloc(b->ar, (size_t)cap * sizeof *ar);
		if (ar)
			b->ar = ar;
		if (!ia || !ja || !ar) {
			b->oom = 1;
			return;
		}
		b->cap = cap;
	}
	b->n++;
	b->ia[b->n] = row;
	b->ja[b->n] = col;
	b->ar[b->n] = v;
}

typedef enum { CONT, INT, BIN } kind;

static int col(qt_model *m, kind k, double lb, double ub, double obj, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
static int col(qt_model *m, kind k, double lb, double ub, double obj, const char *fmt, ...)
{
	int j = glp_add_cols(m->lp, 1);
	char name[64];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(name, sizeof name, fmt, ap);
	va_end(ap);
	glp_set_col_name(m->lp, j, name);
	glp_set_col_kind(m->lp, j, k == CONT ? GLP_CV : k == INT ? GLP_IV : GLP_BV);
	if (k == BIN && ub > 0)
		ub = 1;
	int type = ub >= HUGE_VAL ? GLP_LO : (lb == ub ? GLP_FX : GLP_DB);
	glp_set_col_bnds(m->lp, j, type, lb, ub >= HUGE_VAL ? 0 : ub);
	glp_set_obj_coef(m->lp, j, obj);
	return j;
}

/* Adds a row: type GLP_FX (= rhs), GLP_UP (<= rhs) or GLP_LO (>= rhs). */
static int row(qt_model *m, int type, double rhs, const char *name)
{
	int i = glp_add_rows(m->lp, 1);
	glp_set_row_name(m->lp, i, name);
	glp_set_row_bnds(m->lp, i, type, rhs, rhs);
	return i;
}

static int *cols_of(size_t n)
{
	return calloc(n ? n : 1, sizeof(int));
}

static int alloc_maps(qt_model *m, const qt_scenario *s)
{
	size_t P = (size_t)s->T + 1, G = (size_t)s->n_gu, K = (size_t)s->n_kombi, M = (size_t)s->n_muni;
	m->acc = cols_of(P);
	m->bl = cols_of(P);
	m->V = cols_of(P);
	m->U = cols_of(P);
	m->F = cols_of(QT_NCLASS * P);
	m->x = cols_of(G * P);
	m->o = cols_of(G * P);
	m->up = cols_of(G * P);
	m->dn = cols_of(G * P);
	m->tr = cols_of(G * P);
	m->b = cols_of(K * P);
	m->ng = cols_of(K * P);
	m->na = cols_of(K * P);
	m->y = cols_of(K * P);
	m->as = cols_of(M * QT_NCLASS * P);
	m->A = cols_of(M * P);
	m->under = cols_of(M * P);
	m->over = cols_of(M * P);
	m->P = cols_of(M * P);
	m->au_cap_row = cols_of(M * P);
	m->max_modules_row = cols_of(K);
	m->modules_ready_row = cols_of(K * P);
	m->ao = cols_of((size_t)s->n_offer);
	size_t ints = P + G * P * 5 + K * P * 4 + M * QT_NCLASS * P + (size_t)s->n_offer;
	m->person = cols_of(ints);
	m->structural = cols_of(ints);
	if (!m->acc || !m->bl || !m->V || !m->U || !m->F || !m->x || !m->o || !m->up || !m->dn || !m->tr || !m->b ||
	    !m->ng || !m->na || !m->y || !m->as || !m->A || !m->under || !m->over || !m->P || !m->au_cap_row ||
	    !m->max_modules_row || !m->modules_ready_row || !m->ao || !m->person || !m->structural)
		return qt_set_error(QT_ENOMEM, "out of memory building the program");
	return 0;
}

/* Cost coefficients of the objective (MODEL.md "Who pays"): with `funding.objective` = district, the
 * district's net cost replaces the real cost: AU stock costs fall on the municipalities, the KdU on
 * the district only for its share, and the payments to municipalities and from the Land count. */
typedef struct {
	double acc, V;       /* per person taken in, per person in vU and quarter */
	double placed;       /* per person placed into a municipality's AU (stock or flat) */
	double au_stock;     /* factor on each municipality's cost per AU person */
	double kdu;          /* factor on the KdU of flats */
} cost_weights;

static cost_weights weights_of(const qt_scenario *s)
{
	const qt_funding *f = &s->funding;
	if (f->objective != QT_OBJ_DISTRICT)
		return (cost_weights){ 0, 0, 0, 1, 1 };
	return (cost_weights){ -f->land_per_person, -f->land_per_vu_quarter, f->to_muni_per_person, 0,
			       1 - f->kdu_federal_share };
}

static void add_site_columns(qt_model *m, int g)
{
	const qt_scenario *s = m->s;
	const qt_gu *gu = &s->gu[g];
	int T = s->T;
	double per_place = gu->cost_place + (gu->kind != QT_GU_PERMANENT ? s->penalty[QT_PEN_PROVISIONAL] : 0);
	for (int t = 1; t <= T; t++) {
		size_t ix = QT_IX(g, t, T);
		double allowed = qt_gu_allowed(gu, t) ? 1 : 0;
		m->x[ix] = col(m, INT, 0, qt_gu_capacity(s, gu, t) * allowed, per_place, "x_g%d_%d", g, t);
		m->o[ix] = col(m, BIN, 0, allowed, gu->cost_fixed, "o_g%d_%d", g, t);
		m->up[ix] = col(m, BIN, 0, allowed, gu->cost_open, "up_g%d_%d", g, t);
		m->dn[ix] = col(m, BIN, 0, 1, gu->cost_close, "dn_g%d_%d", g, t);
		m->person[m->n_person++] = m->x[ix];
		m->structural[m->n_struct++] = m->o[ix];
		m->structural[m->n_struct++] = m->up[ix];
		m->structural[m->n_struct++] = m->dn[ix];
		if (gu->tr_earliest > 0 && t >= gu->tr_earliest) {
			m->tr[ix] = col(m, BIN, 0, 1, gu->tr_cost, "tr_g%d_%d", g, t);
			m->structural[m->n_struct++] = m->tr[ix];
		}
	}
}

/* Variables. Person counts are integer; the two lists let the solver relax and restore them. */
static void add_columns(qt_model *m)
{
	const qt_scenario *s = m->s;
	const double *P = s->penalty;
	cost_weights w = weights_of(s);
	int T = s->T;
	double inf = HUGE_VAL;
	for (int t = 1; t <= T; t++) {
		m->acc[t] = col(m, INT, 0, inf, w.acc, "acc_%d", t);
		m->person[m->n_person++] = m->acc[t];
		m->bl[t] = col(m, CONT, 0, inf, P[QT_PEN_BACKLOG], "bl_%d", t);
		m->V[t] = col(m, CONT, 0, inf, w.V, "V_%d", t);
		m->U[t] = col(m, CONT, 0, inf, P[QT_PEN_UNHOUSED], "U_%d", t);
		for (int h = 0; h < QT_NCLASS; h++)
			m->F[QT_IX(h, t, T)] = col(m, CONT, 0, inf, P[QT_PEN_WAITING] * qt_hs(s, h),
						   "F_h%d_%d", h + 1, t);
	}
	for (int g = 0; g < s->n_gu; g++)
		add_site_columns(m, g);
	for (int k = 0; k < s->n_kombi; k++) {
		const qt_kombi *km = &s->kombi[k];
		for (int t = 1; t <= T; t++) {
			size_t ix = QT_IX(k, t, T);
			/* An order that cannot be ready within the horizon only costs: none is placed. */
			double can_order = (t >= km->earliest && t + km->lead <= T) ? km->max_modules : 0;
			m->b[ix] = col(m, INT, 0, can_order, km->cost_module, "b_k%d_%d", k, t);
			m->ng[ix] = col(m, INT, 0, km->max_modules, 0, "ng_k%d_%d", k, t);
			/* Conversion costs telescope: sum_t cv (na[t] - na[t-1]) = cv na[T]. */
			m->na[ix] = col(m, INT, 0, km->max_modules, t == T ? km->cost_conversion : 0,
					"na_k%d_%d", k, t);
			m->y[ix] = col(m, INT, 0, (double)km->ppm * km->max_modules, km->cost_gu_place,
				       "y_k%d_%d", k, t);
			m->structural[m->n_struct++] = m->b[ix];
			m->structural[m->n_struct++] = m->ng[ix];
			m->structural[m->n_struct++] = m->na[ix];
			m->person[m->n_person++] = m->y[ix];
		}
	}
	for (int mu = 0; mu < s->n_muni; mu++) {
		for (int t = 1; t <= T; t++) {
			for (int h = 0; h < QT_NCLASS; h++) {
				size_t ix = QT_IX(mu * QT_NCLASS + h, t, T);
				m->as[ix] = col(m, INT, 0, inf, P[QT_PEN_MOVE], "as_m%d_h%d_%d", mu, h + 1, t);
				m->person[m->n_person++] = m->as[ix];
			}
			size_t ix = QT_IX(mu, t, T);
			/* Integer as a sum of integer placements; kept integer when the placements are
			 * relaxed, it carries their integrality into the site search's bound. */
			m->P[ix] = col(m, INT, 0, inf, w.placed, "P_m%d_%d", mu, t);
			m->A[ix] = col(m, CONT, 0, inf, w.au_stock * s->muni[mu].au_cost, "A_m%d_%d", mu, t);
			m->under[ix] = col(m, CONT, 0, inf, P[QT_PEN_QUOTA_UNDER], "under_m%d_%d", mu, t);
			m->over[ix] = col(m, CONT, 0, inf, P[QT_PEN_QUOTA_OVER], "over_m%d_%d", mu, t);
		}
	}
	for (int o = 0; o < s->n_offer; o++) {
		const qt_offer *of = &s->offer[o];
		if (!of->eligible)
			continue;
		m->ao[o] = col(m, INT, 0, of->units,
			       w.kdu * qt_offer_kdu_per_household(s, of) + w.placed * qt_hs(s, of->hclass) +
				       P[QT_PEN_MOVE],
			       "ao_%d", o);
		m->person[m->n_person++] = m->ao[o];
	}
}

/* Constraints 1-4: intake, vU balance, waiting pool, GU places. */
static void add_flow_rows(qt_model *m, builder *b)
{
	const qt_scenario *s = m->s;
	int T = s->T;
	for (int t = 1; t <= T; t++) {
		int r = row(m, GLP_FX, s->arrivals[t] + (t == 1 ? s->backlog0 : 0), "intake");
		entry(b, r, m->bl[t], 1);
		entry(b, r, m->bl[t - 1], -1);
		entry(b, r, m->acc[t], 1);

		r = row(m, GLP_FX, (double)(-qt_entitled_persons(s, t) + (t == 1 ? qt_start_vu(s) : 0)), "vu");
		entry(b, r, m->V[t], 1);
		entry(b, r, m->V[t - 1], -1);
		entry(b, r, m->acc[t], -1);

		for (int h = 0; h < QT_NCLASS; h++) {
			r = row(m, GLP_FX, qt_entitled(s, h, t) + (t == 1 ? s->waiting0[h] : 0), "waiting");
			entry(b, r, m->F[QT_IX(h, t, T)], 1);
			entry(b, r, m->F[QT_IX(h, t - 1, T)], -1);
			for (int mu = 0; mu < s->n_muni; mu++)
				entry(b, r, m->as[QT_IX(mu * QT_NCLASS + h, t, T)], 1);
			for (int o = 0; o < s->n_offer; o++)
				if (s->offer[o].hclass == h && s->offer[o].period == t)
					entry(b, r, m->ao[o], 1);
		}

		r = row(m, GLP_FX, 0, "gu_places");
		for (int g = 0; g < s->n_gu; g++)
			entry(b, r, m->x[QT_IX(g, t, T)], 1);
		for (int k = 0; k < s->n_kombi; k++)
			entry(b, r, m->y[QT_IX(k, t, T)], 1);
		entry(b, r, m->U[t], 1);
		entry(b, r, m->V[t], -1);
		for (int h = 0; h < QT_NCLASS; h++)
			entry(b, r, m->F[QT_IX(h, t, T)], -qt_hs(s, h));
	}
}

/* MODEL.md "Handing a GU over": only a running site is handed over (tr <= o[t-1]); it never opens
 * again, in that period or later. A tightening: once handed over, it is closed (o[t] + sum_{tau<=t}
 * tr <= 1); without it the relaxation keeps a site fully open as GU while it hands half of it over
 * for half its AU places, paying half an opening (Esslingen: LP bound 157,892,081 -> 163,295,734
 * EUR, quartier export --stats). */
static void add_transfer_rows(qt_model *m, builder *b, int g)
{
	const qt_scenario *s = m->s;
	int T = s->T;
	for (int t = 1; t <= T; t++) {
		size_t ix = QT_IX(g, t, T);
		if (!m->tr[ix])
			continue;
		int r = row(m, GLP_UP, t == 1 ? s->gu[g].open0 : 0, "tr_running");
		entry(b, r, m->tr[ix], 1);
		entry(b, r, m->o[ix - 1], -1);
	}
	for (int t = s->gu[g].tr_earliest; t <= T; t++) {
		int r = row(m, GLP_UP, 1, "tr_no_reopen");
		entry(b, r, m->up[QT_IX(g, t, T)], 1);
		int c = row(m, GLP_UP, 1, "tr_closed");
		entry(b, c, m->o[QT_IX(g, t, T)], 1);
		for (int tau = 1; tau <= t; tau++) {
			entry(b, r, m->tr[QT_IX(g, tau, T)], 1);
			entry(b, c, m->tr[QT_IX(g, tau, T)], 1);
		}
	}
}

/* Constraint 5: capacity (under the living-space standard) and open/close/handing-over status of
 * the GU sites. */
static void add_site_rows(qt_model *m, builder *b)
{
	const qt_scenario *s = m->s;
	int T = s->T;
	for (int g = 0; g < s->n_gu; g++) {
		const qt_gu *gu = &s->gu[g];
		int r_up = row(m, GLP_UP, 1, "open_once");
		int r_dn = row(m, GLP_UP, 1, "close_once");
		for (int t = 1; t <= T; t++) {
			size_t ix = QT_IX(g, t, T);
			int r = row(m, GLP_UP, 0, "capacity");
			entry(b, r, m->x[ix], 1);
			entry(b, r, m->o[ix], -qt_gu_capacity(s, gu, t));

			r = row(m, GLP_FX, t == 1 ? gu->open0 : 0, "status");
			entry(b, r, m->o[ix], 1);
			entry(b, r, m->o[ix - 1], -1);
			entry(b, r, m->up[ix], -1);
			entry(b, r, m->dn[ix], 1);
			entry(b, r, m->tr[ix], 1);

			/* Tightening: an opening implies open now, a closing implies closed now. */
			r = row(m, GLP_UP, 0, "up_open");
			entry(b, r, m->up[ix], 1);
			entry(b, r, m->o[ix], -1);
			r = row(m, GLP_UP, 1, "dn_closed");
			entry(b, r, m->dn[ix], 1);
			entry(b, r, m->o[ix], 1);

			entry(b, r_up, m->up[ix], 1);
			entry(b, r_dn, m->dn[ix], 1);
			entry(b, r_dn, m->tr[ix], 1);
		}
		if (gu->tr_earliest > 0)
			add_transfer_rows(m, b, g);
	}
}

/* Constraint 6: Kombimodell orders, use as GU or AU, one-way conversion. */
static void add_kombi_rows(qt_model *m, builder *b)
{
	const qt_scenario *s = m->s;
	int T = s->T;
	for (int k = 0; k < s->n_kombi; k++) {
		const qt_kombi *km = &s->kombi[k];
		int r_max = m->max_modules_row[k] = row(m, GLP_UP, km->max_modules, "max_modules");
		for (int t = 1; t <= T; t++) {
			size_t ix = QT_IX(k, t, T);
			entry(b, r_max, m->b[ix], 1);
			int r = m->modules_ready_row[ix] = row(m, GLP_UP, 0, "modules_ready");
			entry(b, r, m->ng[ix], 1);
			entry(b, r, m->na[ix], 1);
			for (int tau = 1; tau <= t - km->lead; tau++)
				entry(b, r, m->b[QT_IX(k, tau, T)], -1);
			if (t > 1) {
				r = row(m, GLP_LO, 0, "one_way");
				entry(b, r, m->na[ix], 1);
				entry(b, r, m->na[ix - 1], -1);
			}
			r = row(m, GLP_UP, 0, "module_places");
			entry(b, r, m->y[ix], 1);
			entry(b, r, m->ng[ix], -km->ppm);
		}
	}
}

/* Offer indices grouped by municipality: those of m are order[first[m] .. first[m + 1]). */
static int group_offers(const qt_scenario *s, int **first, int **order)
{
	*first = calloc((size_t)s->n_muni + 2, sizeof **first);
	*order = calloc((size_t)s->n_offer + 1, sizeof **order);
	if (!*first || !*order)
		return QT_ENOMEM;
	for (int o = 0; o < s->n_offer; o++)
		(*first)[s->offer[o].muni + 2]++;
	for (int mu = 0; mu < s->n_muni; mu++)
		(*first)[mu + 2] += (*first)[mu + 1];
	for (int o = 0; o < s->n_offer; o++)
		(*order)[(*first)[s->offer[o].muni + 1]++] = o;
	return 0;
}

/* Constraints 7 and 9: AU stock with its capacity, and the cumulative quota. */
static void add_municipality_rows(qt_model *m, builder *b)
{
	const qt_scenario *s = m->s;
	int T = s->T;
	double keep = 1.0 - s->exit_rate;
	int *first, *order;
	if (group_offers(s, &first, &order)) {
		b->oom = 1;
		free(first);
		free(order);
		return;
	}
	for (int mu = 0; mu < s->n_muni; mu++) {
		const qt_muni *mm = &s->muni[mu];
		for (int t = 1; t <= T; t++) {
			size_t ix = QT_IX(mu, t, T);
			int r = row(m, GLP_FX, 0, "au_placed");
			entry(b, r, m->P[ix], 1);
			for (int h = 0; h < QT_NCLASS; h++)
				entry(b, r, m->as[QT_IX(mu * QT_NCLASS + h, t, T)], -qt_hs(s, h));

			r = row(m, GLP_FX, t == 1 ? keep * mm->au_occupied : 0, "au_stock");
			entry(b, r, m->A[ix], 1);
			entry(b, r, m->A[ix - 1], -keep);
			entry(b, r, m->P[ix], -1);

			r = m->au_cap_row[ix] = row(m, GLP_UP, mm->au_places[t], "au_capacity");
			entry(b, r, m->A[ix], 1);
			for (int k = 0; k < s->n_kombi; k++)
				if (s->kombi[k].muni == mu)
					entry(b, r, m->na[QT_IX(k, t, T)], -s->kombi[k].ppm);
			for (int g = 0; g < s->n_gu; g++)
				if (s->gu[g].muni == mu)
					for (int tau = 1; tau <= t; tau++)
						entry(b, r, m->tr[QT_IX(g, tau, T)], -s->gu[g].tr_au_places);

			r = row(m, GLP_FX, (double)m->quotas.q[ix], "quota");
			for (int tau = 1; tau <= t; tau++)
				entry(b, r, m->P[QT_IX(mu, tau, T)], 1);
			for (int i = first[mu]; i < first[mu + 1]; i++) {
				const qt_offer *of = &s->offer[order[i]];
				if (of->period <= t)
					entry(b, r, m->ao[order[i]], qt_hs(s, of->hclass));
			}
			entry(b, r, m->under[ix], 1);
			entry(b, r, m->over[ix], -1);
		}
	}
	free(first);
	free(order);
}

/* Valid inequalities for whole persons in the AU stock (not in MODEL.md; they cut off no integer
 * plan). From constraint 7, the persons placed into the stock of m up to t are
 *   sum_{tau<=t} P[m,tau] = A[m,t] - A0 + e * sum_{tau=0}^{t-1} A[m,tau]   (e: exit rate)
 *                        <= C[t] - A0 + e * (A0 + sum_{tau=1}^{t-1} C[tau]) =: c(t),
 * C the AU places of m. Without converted modules the left side is a whole number, so it is at
 * most floor(c(t)) (a Chvatal-Gomory cut). A converted module adds ppm places in t and after; once
 * one is converted, the plain bound c(t) with those places holds. Both together:
 *   sum P[m,tau] - sum_k ((ppm_k + f) na[k,t] + e ppm_k sum_{tau<t} na[k,tau]) <= floor(c(t)),
 * f = c(t) - floor(c(t)). The relaxation otherwise fills every stock to a fraction of a person,
 * which a plan cannot: on the Esslingen example these rows raise the LP bound from 171,262,409
 * to 171,873,697 EUR. */
static void add_whole_person_rows(qt_model *m, builder *b)
{
	const qt_scenario *s = m->s;
	int T = s->T;
	double e = s->exit_rate;
	for (int mu = 0; mu < s->n_muni; mu++) {
		const qt_muni *mm = &s->muni[mu];
		double earlier = 0; /* sum of C[tau], tau < t */
		for (int t = 1; t <= T; t++) {
			double c = mm->au_places[t] - mm->au_occupied + e * (mm->au_occupied + earlier);
			earlier += mm->au_places[t];
			double whole = floor(c + 1e-9), f = fmax(0.0, c - whole);
			int r = row(m, GLP_UP, whole, "au_whole");
			for (int tau = 1; tau <= t; tau++)
				entry(b, r, m->P[QT_IX(mu, tau, T)], 1);
			for (int k = 0; k < s->n_kombi; k++) {
				if (s->kombi[k].muni != mu)
					continue;
				double ppm = s->kombi[k].ppm;
				for (int tau = 1; tau <= t; tau++)
					entry(b, r, m->na[QT_IX(k, tau, T)], tau == t ? -(ppm + f) : -e * ppm);
			}
			/* A handed-over site's places count from its transfer period on, like a module
			 * converted then: tr[g,tau] stands for (t - tau) earlier periods and this one. */
			for (int g = 0; g < s->n_gu; g++) {
				if (s->gu[g].muni != mu)
					continue;
				double ap = s->gu[g].tr_au_places;
				for (int tau = 1; tau <= t; tau++)
					entry(b, r, m->tr[QT_IX(g, tau, T)], -(ap + f) - e * ap * (t - tau));
			}
		}
	}
}

int qt_model_build(qt_model *m, const qt_scenario *s)
{
	memset(m, 0, sizeof *m);
	m->s = s;
	m->T = s->T;
	int rc = qt_quotas_compute(&m->quotas, s);
	if (rc)
		return rc;
	if ((rc = alloc_maps(m, s)))
		return rc;
	m->lp = glp_create_prob();
	glp_set_prob_name(m->lp, "quartier");
	glp_set_obj_dir(m->lp, GLP_MIN);
	builder b = { 0 };
	add_columns(m);
	add_flow_rows(m, &b);
	add_site_rows(m, &b);
	add_kombi_rows(m, &b);
	add_municipality_rows(m, &b);
	add_whole_person_rows(m, &b);
	if (!b.oom)
		glp_load_matrix(m->lp, b.n, b.ia, b.ja, b.ar);
	free(b.ia);
	free(b.ja);
	free(b.ar);
	if (b.oom)
		return qt_set_error(QT_ENOMEM, "out of memory building the program");
	return 0;
}

void qt_model_free(qt_model *m)
{
	if (!m)
		return;
	if (m->lp)
		glp_delete_prob(m->lp);
	qt_quotas_free(&m->quotas);
	int *all[] = { m->acc, m->bl, m->V, m->U, m->F, m->x, m->o, m->up, m->dn, m->tr, m->b, m->ng, m->na, m->y,
		       m->as, m->A, m->under, m->over, m->P, m->au_cap_row, m->max_modules_row,
		       m->modules_ready_row, m->ao, m->person, m->structural };
	for (size_t i = 0; i < sizeof all / sizeof *all; i++)
		free(all[i]);
	memset(m, 0, sizeof *m);
}
