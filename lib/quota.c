/* AU quotas: apportionment (Hare–Niemeyer, Sainte-Laguë) and the cumulative quota per municipality. */
#include "internal.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- Hare–Niemeyer (largest remainder) ---- */

typedef struct {
	size_t i;
	long double rem; /* remainder scaled by the weight total: exact for whole-number weights */
	double w;
} rem_entry;

/* Larger remainder first; ties to the larger weight, then to the smaller index. */
static int cmp_remainder(const void *a, const void *b)
{
	const rem_entry *x = a, *y = b;
	if (x->rem != y->rem)
		return x->rem > y->rem ? -1 : 1;
	if (x->w != y->w)
		return x->w > y->w ? -1 : 1;
	return x->i < y->i ? -1 : (x->i > y->i);
}

static int hare_niemeyer(long *out, unsigned char *tie, const double *w, size_t n, long seats,
			 long double total)
{
	rem_entry *r = malloc(n * sizeof *r);
	if (!r)
		return qt_set_error(QT_ENOMEM, "out of memory");
	long given = 0;
	for (size_t i = 0; i < n; i++) {
		long double num = (long double)seats * (long double)w[i];
		long double fl = floorl(num / total);
		/* num / total may round up across an integer boundary; correct it. */
		while (fl * total > num)
			fl -= 1;
		while ((fl + 1) * total <= num)
			fl += 1;
		out[i] = (long)fl;
		given += out[i];
		r[i] = (rem_entry){ .i = i, .rem = num - fl * total, .w = w[i] };
	}
	long left = seats - given;
	qsort(r, n, sizeof *r, cmp_remainder);
	for (long k = 0; k < left && (size_t)k < n; k++)
		out[r[k].i]++;
	/* A tie decided the outcome if the last party served and the first one left out have the
	 * same remainder: flag everyone sharing that remainder. */
	if (tie && left > 0 && (size_t)left < n && r[left - 1].rem == r[left].rem) {
		long double at = r[left].rem;
		for (size_t k = 0; k < n; k++)
			if (r[k].rem == at)
				tie[r[k].i] = 1;
	}
	free(r);
	return 0;
}

/* ---- Sainte-Laguë (divisor method, standard rounding) ---- */

/* Compares w_a / (2 s_a + d) with w_b / (2 s_b + d) exactly by cross-multiplication. */
static int cmp_quot(double wa, long sa, double wb, long sb, int d)
{
	long double l = (long double)wa * (long double)(2 * sb + d);
	long double r = (long double)wb * (long double)(2 * sa + d);
	return (l > r) - (l < r);
}

/* The party that most deserves the next seat (quotient w/(2s+1)); ties: larger weight, smaller index. */
static size_t next_seat(const long *s, const double *w, size_t n)
{
	size_t best = n;
	for (size_t i = 0; i < n; i++) {
		if (w[i] <= 0)
			continue;
		if (best == n) {
			best = i;
			continue;
		}
		int c = cmp_quot(w[i], s[i], w[best], s[best], 1);
		if (c > 0 || (c == 0 && w[i] > w[best]))
			best = i;
	}
	return best;
}

/* The party whose last seat was least deserved (quotient w/(2s-1)); ties mirror next_seat. */
static size_t last_seat(const long *s, const double *w, size_t n)
{
	size_t worst = n;
	for (size_t i = 0; i < n; i++) {
		if (s[i] <= 0)
			continue;
		if (worst == n) {
			worst = i;
			continue;
		}
		int c = cmp_quot(w[i], s[i], w[worst], s[worst], -1);
		if (c < 0 || (c == 0 && (w[i] < w[worst] || (w[i] == w[worst]))))
			worst = i;
	}
	return worst;
}

static int sainte_lague(long *out, unsigned char *tie, const double *w, size_t n, long seats,
			long double total)
{
	long given = 0;
	for (size_t i = 0; i < n; i++) {
		out[i] = (long)floorl((long double)seats * w[i] / total + 0.5L);
		given += out[i];
	}
	while (given < seats) {
		out[next_seat(out, w, n)]++;
		given++;
	}
	while (given > seats) {
		out[last_seat(out, w, n)]--;
		given--;
	}
	/* A tie decided the outcome if the least deserved seat given has the same quotient as the
	 * most deserving seat not given. */
	if (tie && seats > 0) {
		size_t a = last_seat(out, w, n), b = next_seat(out, w, n);
		if (a < n && b < n) {
			if (cmp_quot(w[a], out[a] - 1, w[b], out[b], 1) == 0) {
				for (size_t i = 0; i < n; i++) {
					if ((out[i] > 0 && cmp_quot(w[i], out[i] - 1, w[a], out[a] - 1, 1) == 0) ||
					    (w[i] > 0 && cmp_quot(w[i], out[i], w[b], out[b], 1) == 0))
						tie[i] = 1;
				}
			}
		}
	}
	return 0;
}

int qt_apportion(long *out, unsigned char *tie, qt_method method, const double *weights, size_t n,
		 long seats)
{
	if (!out || !weights || n == 0 || seats < 0)
		return qt_set_error(QT_EINVAL, "qt_apportion: bad arguments");
	/* Sainte-Laguë compares quotients w / (2 s + 1) with s up to seats in a long. */
	if (seats > LONG_MAX / 4)
		return qt_set_error(QT_EINVAL, "qt_apportion: %ld seats, at most %ld", seats, LONG_MAX / 4);
	long double total = 0;
	for (size_t i = 0; i < n; i++) {
		if (!(weights[i] >= 0) || !isfinite(weights[i]))
			return qt_set_error(QT_EINVAL, "qt_apportion: weight %zu is not a number >= 0", i);
		total += weights[i];
	}
	if (total <= 0)
		return qt_set_error(QT_EINVAL, "qt_apportion: all weights are 0");
	if (tie)
		memset(tie, 0, n);
	switch (method) {
	case QT_HARE_NIEMEYER:
		return hare_niemeyer(out, tie, weights, n, seats, total);
	case QT_SAINTE_LAGUE:
		return sainte_lague(out, tie, weights, n, seats, total);
	}
	return qt_set_error(QT_EINVAL, "qt_apportion: unknown method %d", (int)method);
}

/* ---- Cumulative quotas of a scenario ---- */

/* Key share s_m: weighted sum of the normalised key columns. */
static int key_shares(double *share, const qt_scenario *s)
{
	double wsum = 0;
	for (int j = 0; j < s->n_key; j++)
		wsum += s->key_weight[j];
	for (int m = 0; m < s->n_muni; m++)
		share[m] = 0;
	for (int j = 0; j < s->n_key; j++) {
		double col = 0;
		for (int m = 0; m < s->n_muni; m++)
			col += s->muni[m].key[j];
		if (col <= 0 || s->key_weight[j] <= 0)
			continue;
		for (int m = 0; m < s->n_muni; m++)
			share[m] += s->key_weight[j] / wsum * s->muni[m].key[j] / col;
	}
	return 0;
}

/* Credit c_m(t): the rate times the places of GU sites in m that are open at the start and still
 * allowed to be open in t (the quota is fixed before the plan decides openings or transfers), at
 * their capacity under the living-space standard of t, rounded down, plus the municipality's
 * explicit credit. */
static long credit_of(const qt_scenario *s, int m, int t)
{
	double places = 0;
	for (int g = 0; g < s->n_gu; g++) {
		const qt_gu *gu = &s->gu[g];
		if (gu->muni == m && gu->open0 && qt_gu_allowed(gu, t))
			places += qt_gu_capacity(s, gu, t);
	}
	return (long)floor(s->gu_credit_rate * places + 1e-9) + s->muni[m].credit;
}

/* Apportions N + the active credits among the active municipalities; drops any that would go
 * negative and repeats, so the quotas sum to N exactly and none is negative. */
static int quota_period(qt_quotas *Q, const qt_scenario *s, int t, long *alloc, double *w,
			unsigned char *tie, unsigned char *active)
{
	int M = s->n_muni;
	memset(active, 1, (size_t)M);
	for (;;) {
		long total = Q->N[t];
		int n_active = 0;
		for (int m = 0; m < M; m++) {
			w[m] = active[m] ? Q->share[m] : 0.0;
			if (active[m]) {
				total += Q->credit[QT_IX(m, t, s->T)];
				n_active++;
			}
		}
		if (n_active == 0)
			return qt_set_error(QT_EINPUT, "no municipality can take the AU quota");
		int rc = qt_apportion(alloc, tie, s->method, w, (size_t)M, total);
		if (rc)
			return rc;
		int dropped = 0;
		for (int m = 0; m < M; m++) {
			if (active[m] && alloc[m] - Q->credit[QT_IX(m, t, s->T)] < 0) {
				active[m] = 0;
				dropped = 1;
			}
		}
		if (!dropped)
			break;
	}
	for (int m = 0; m < M; m++) {
		size_t ix = QT_IX(m, t, s->T);
		Q->q[ix] = active[m] ? alloc[m] - Q->credit[ix] : 0;
		Q->tie[ix] = active[m] && tie[m];
	}
	return 0;
}

int qt_quotas_compute(qt_quotas *Q, const qt_scenario *s)
{
	memset(Q, 0, sizeof *Q);
	int T = s->T, M = s->n_muni;
	size_t cells = (size_t)M * (size_t)(T + 1);
	Q->T = T;
	Q->M = M;
	Q->N = calloc((size_t)T + 1, sizeof *Q->N);
	Q->q = calloc(cells, sizeof *Q->q);
	Q->credit = calloc(cells, sizeof *Q->credit);
	Q->tie = calloc(cells, 1);
	Q->paradox = calloc(cells, 1);
	Q->share = calloc((size_t)M, sizeof *Q->share);
	long *alloc = calloc((size_t)M, sizeof *alloc);
	double *w = calloc((size_t)M, sizeof *w);
	unsigned char *tie = calloc((size_t)M, 1), *active = calloc((size_t)M, 1);
	int rc = 0;
	if (!Q->N || !Q->q || !Q->credit || !Q->tie || !Q->paradox || !Q->share || !alloc || !w || !tie ||
	    !active) {
		rc = qt_set_error(QT_ENOMEM, "out of memory");
		goto out;
	}
	key_shares(Q->share, s);
	long persons = 0;
	for (int h = 0; h < QT_NCLASS; h++)
		persons += (long)qt_hs(s, h) * s->waiting0[h];
	for (int t = 1; t <= T && !rc; t++) {
		for (int h = 0; h < QT_NCLASS; h++)
			persons += (long)qt_hs(s, h) * qt_entitled(s, h, t);
		Q->N[t] = persons;
		for (int m = 0; m < M; m++)
			Q->credit[QT_IX(m, t, T)] = credit_of(s, m, t);
		rc = quota_period(Q, s, t, alloc, w, tie, active);
	}
	/* Alabama paradox: a cumulative quota falls although N grew and the municipality's own
	 * credit did not rise. Only Hare–Niemeyer can do this. */
	for (int m = 0; m < M && !rc && s->method == QT_HARE_NIEMEYER; m++)
		for (int t = 2; t <= T; t++) {
			size_t a = QT_IX(m, t - 1, T), b = QT_IX(m, t, T);
			if (Q->q[b] < Q->q[a] && Q->credit[b] <= Q->credit[a] && Q->N[t] >= Q->N[t - 1])
				Q->paradox[b] = 1;
		}
out:
	free(alloc);
	free(w);
	free(tie);
	free(active);
	if (rc)
		qt_quotas_free(Q);
	return rc;
}

void qt_quotas_free(qt_quotas *Q)
{
	if (!Q)
		return;
	free(Q->N);
	free(Q->q);
	free(Q->credit);
	free(Q->tie);
	free(Q->paradox);
	free(Q->share);
	memset(Q, 0, sizeof *Q);
}
