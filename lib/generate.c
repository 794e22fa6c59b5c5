/* Synthetic scenarios of any size, for benchmarks and tests.
 *
 * Every figure is invented, but the orders of magnitude follow the Esslingen baseline
 * (examples/esslingen-2016.json, examples/make-esslingen.py) and DOMAIN.md. The flows are scaled to
 * the persons in the generated GU sites rather than to the population, so a scenario stays balanced
 * whatever the ratio of sites to municipalities: relative to the persons in GUs at start (about
 * 5,800 in Esslingen), the backlog is about 17 %, the arrivals 6-9 % a quarter, the persons becoming
 * entitled to AU 90 % of the arrivals plus a draining share of the start stock, the waiting
 * Fehlbeleger about 15 %, the AU places 43 % growing by 17 % of that a quarter.
 *
 * Valid by construction: the entitled persons never exceed what was ever in vU (MODEL.md
 * constraint 2), AU places never shrink and start above the AU stock (the AU stock check). The
 * text is parsed once more before it is returned. */
#include "internal.h"

#include <cJSON.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void qt_generate_options_init(qt_generate_options *opt)
{
	memset(opt, 0, sizeof *opt);
	opt->version = QT_GENERATE_OPTIONS_VERSION;
	qt_generate_options_size(opt, "district");
	opt->seed = 1;
}

int qt_generate_options_size(qt_generate_options *opt, const char *name)
{
	static const struct {
		const char *name;
		int sites, municipalities, kombimodell, offers, periods;
	} sizes[] = {
		{ "district", 107, 44, 20, 300, 12 },
		{ "large", 300, 100, 60, 2000, 20 },
		{ "state", 1500, 1100, 200, 10000, 12 },
	};
	if (!opt || !name)
		return qt_set_error(QT_EINVAL, "qt_generate_options_size: bad arguments");
	for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
		if (strcmp(name, sizes[i].name))
			continue;
		opt->gu_sites = sizes[i].sites;
		opt->municipalities = sizes[i].municipalities;
		opt->kombimodell = sizes[i].kombimodell;
		opt->offers = sizes[i].offers;
		opt->periods = sizes[i].periods;
		return 0;
	}
	return qt_set_error(QT_EINVAL, "unknown size '%s': expected district, large or state", name);
}

/* ---- a small deterministic random number generator (splitmix64) ---- */

typedef struct {
	uint64_t x;
} rng;

static uint64_t next(rng *r)
{
	uint64_t z = (r->x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double uniform(rng *r) { return (double)(next(r) >> 11) * 0x1.0p-53; }

static double between(rng *r, double lo, double hi) { return lo + (hi - lo) * uniform(r); }

/* lo, lo + step, ..., up to hi. */
static int pick(rng *r, int lo, int hi, int step)
{
	int n = (hi - lo) / step + 1;
	return lo + step * (int)(next(r) % (uint64_t)n);
}

static double gauss(rng *r, double mean, double sd)
{
	double u = 1.0 - uniform(r), v = uniform(r);
	return mean + sd * sqrt(-2.0 * log(u)) * cos(2.0 * 3.14159265358979323846 * v);
}

/* An index drawn with probability proportional to the weights behind the cumulative sums cum[n]. */
static int weighted(rng *r, const double *cum, int n)
{
	double u = uniform(r) * cum[n - 1];
	int lo = 0, hi = n - 1;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (cum[mid] > u)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* ---- the scenario as plain numbers ---- */

enum { START_YEAR = 2016, START_Q = 3 };
static const char *const AREA[] = { "IV", "V", "VI" };
/* Gross cold rent caps per area and class, as in the Esslingen example (inside the 2016 range). */
static const int CAP[3][QT_NCLASS] = {
	{ 400, 480, 570, 660, 760 }, { 440, 530, 630, 730, 840 }, { 480, 575, 690, 800, 910 }
};
static const int SIZE[QT_NCLASS] = { 1, 2, 3, 4, 6 };
/* Persons becoming entitled, by household class (Esslingen example). */
static const double PERSON_SHARE[QT_NCLASS] = { 0.48, 0.08, 0.10, 0.16, 0.18 };
/* Offered flats by household class (Esslingen example). */
static const double OFFER_CLASS[QT_NCLASS] = { 45, 30, 10, 10, 5 };

typedef enum { PERMANENT, PROVISIONAL, HALL, RESERVE } site_kind;

typedef struct {
	const qt_generate_options *opt;
	rng r;
	int M, G, K, O, T;
	double *pop, *cum_site, *cum_pop;
	int *area;
	long occupied;      /* persons in GUs at start */
	rng *mr;            /* the measures' own numbers, so the rest stays what it was without them */
	cJSON *root;
} gen;

static void label(int t, char buf[8]) { qt_period_label(START_YEAR, START_Q, t, buf); }

static cJSON *period_string(int t)
{
	char buf[8];
	label(t, buf);
	return cJSON_CreateString(buf);
}

static void muni_id(int m, char buf[16]) { snprintf(buf, 16, "0899%04d", m + 1); }

/* Indices of the municipalities from the largest to the smallest population. */
static int *population_order(const gen *g)
{
	int *ix = malloc((size_t)g->M * sizeof *ix);
	if (!ix)
		return NULL;
	for (int i = 0; i < g->M; i++)
		ix[i] = i;
	/* insertion sort by population, stable (M <= 2000) */
	for (int i = 1; i < g->M; i++) {
		int v = ix[i], j = i;
		while (j > 0 && g->pop[ix[j - 1]] < g->pop[v]) {
			ix[j] = ix[j - 1];
			j--;
		}
		ix[j] = v;
	}
	return ix;
}

/* Population, its running sums (for drawing a municipality by population and, for GU sites, by
 * population^1.3) and the rent area of each municipality; the arrays are the caller's. */
static int make_municipalities(gen *g)
{
	double c = 0, cs = 0;
	for (int m = 0; m < g->M; m++) {
		/* log-normal around a median of 6,000 inhabitants: most are villages, a few towns */
		double p = round(exp(gauss(&g->r, log(6000.0), 1.0)));
		g->pop[m] = fmin(fmax(p, 500), 250000);
		c += g->pop[m];
		g->cum_pop[m] = c;
		/* GUs concentrate in the larger towns (DOMAIN.md) */
		cs += pow(g->pop[m], 1.3);
		g->cum_site[m] = cs;
	}
	int *order = population_order(g);
	if (!order)
		return QT_ENOMEM;
	int n_vi = (int)ceil(0.05 * g->M), n_v = (int)ceil(0.15 * g->M);
	for (int i = 0; i < g->M; i++)
		g->area[order[i]] = i < n_vi ? 2 : i < n_v ? 1 : 0;
	free(order);
	return 0;
}

/* ---- GU sites ---- */

typedef struct {
	int muni, places, occupied, open;
	site_kind kind;
	int from, until, vacate; /* 0: not given */
	int per_place, fixed, open_cost, close_cost;
} site;

static site make_site(gen *g, site_kind kind, int muni)
{
	rng *r = &g->r;
	int T = g->T;
	site s = { .muni = muni, .kind = kind, .open = 1 };
	switch (kind) {
	case PERMANENT:
		s.places = pick(r, 24, 92, 2);
		s.occupied = (int)floor(s.places * between(r, 0.85, 0.97));
		s.per_place = pick(r, 900, 1200, 10);
		s.fixed = pick(r, 10000, 25000, 500);
		s.open_cost = pick(r, 30000, 60000, 1000);
		s.close_cost = pick(r, 10000, 15000, 500);
		break;
	case PROVISIONAL: /* containers and lightweight halls, each with an end date */
		s.places = pick(r, 32, 96, 4);
		s.occupied = (int)floor(s.places * between(r, 0.85, 0.97));
		s.until = pick(r, T / 4 > 1 ? T / 4 : 1, (4 * T) / 5 > 1 ? (4 * T) / 5 : 1, 1);
		s.per_place = pick(r, 1250, 1500, 10);
		s.fixed = pick(r, 20000, 40000, 500);
		s.open_cost = pick(r, 50000, 80000, 1000);
		s.close_cost = pick(r, 15000, 20000, 500);
		break;
	case HALL: /* sports halls, to be vacated at once (Kreissporthallen 2016) */
		s.places = pick(r, 100, 200, 5);
		s.occupied = (int)floor(s.places * between(r, 0.85, 0.95));
		s.vacate = T >= 2 ? pick(r, 1, 2, 1) : 1;
		s.per_place = 1500;
		s.fixed = 40000;
		s.close_cost = 20000;
		break;
	case RESERVE: /* permanent, closed at start, can be opened */
		s.places = pick(r, 60, 120, 10);
		s.open = 0;
		if (T >= 2 && uniform(r) < 0.3)
			s.from = 2;
		s.per_place = pick(r, 900, 1100, 10);
		s.fixed = pick(r, 10000, 20000, 500);
		s.open_cost = pick(r, 40000, 80000, 1000);
		s.close_cost = pick(r, 10000, 15000, 500);
		break;
	}
	return s;
}

static const char *kind_name(site_kind k)
{
	return qt_gu_kind_names[k == PROVISIONAL ? QT_GU_PROVISIONAL : k == HALL ? QT_GU_SPORTS_HALL : QT_GU_PERMANENT];
}

static int add(cJSON *obj, const char *key, cJSON *v)
{
	if (!v)
		return 1;
	cJSON_AddItemToObject(obj, key, v);
	return 0;
}

static int add_num(cJSON *obj, const char *key, double v) { return add(obj, key, cJSON_CreateNumber(v)); }

static int add_str(cJSON *obj, const char *key, const char *v) { return add(obj, key, cJSON_CreateString(v)); }

static int add_period(cJSON *obj, const char *key, int t) { return add(obj, key, period_string(t)); }

static void muni_name(const gen *g, int m, char *buf, size_t n)
{
	snprintf(buf, n, "%s %d (synthetisch)", g->pop[m] >= 20000 ? "Stadt" : "Gemeinde", m + 1);
}

/* The further measures of a site: its area (planned at 4.5 m2 per place plus 0-60 %, a reserve at
 * 7 m2) and, for a town's permanent site, handing over from half-way for 20,000 + 500 per place. */
static int site_measures(const gen *g, const site *s, cJSON *o)
{
	if (!g->opt->measures || s->kind == HALL)
		return 0;
	double per_place = s->kind == RESERVE ? 7 : 4.5 * (1 + pick(g->mr, 0, 60, 1) / 100.0);
	int area = (int)ceil(s->places * per_place);
	if (add_num(o, "area_m2", area))
		return 1;
	if (s->kind != PERMANENT || g->pop[s->muni] < 20000)
		return 0;
	cJSON *tr = cJSON_CreateObject();
	int half = g->T / 2 > 1 ? g->T / 2 : 1;
	if (!tr || add_period(tr, "earliest", half) || add_num(tr, "au_places", area / 7 < s->places ? area / 7 : s->places) ||
	    add_num(tr, "cost", 20000 + 500 * s->places)) {
		cJSON_Delete(tr);
		return 1;
	}
	cJSON_AddItemToObject(o, "transfer", tr);
	return 0;
}

/* The further measures of the district: 4.5 m2 per place in the first half, 7 after; EUR 135 per
 * person placed into AU (FlüAG § 18 (4)); the Land's reimbursement standing in as EUR 1,050 per
 * person in vU and quarter (as in the Esslingen example). */
static int district_measures(gen *g)
{
	if (!g->opt->measures)
		return 0;
	cJSON *std = cJSON_CreateArray(), *f = cJSON_CreateObject();
	for (int t = 1; std && t <= g->T; t++)
		cJSON_AddItemToArray(std, cJSON_CreateNumber(t <= g->T / 2 ? 4.5 : 7));
	if (!std || !f || add_num(f, "land_per_vu_quarter", 1050) || add_num(f, "to_municipality_per_person", 135)) {
		cJSON_Delete(std);
		cJSON_Delete(f);
		return QT_ENOMEM;
	}
	cJSON_AddItemToObject(g->root, "space_standard_m2", std);
	cJSON_AddItemToObject(g->root, "funding", f);
	return 0;
}

static cJSON *site_json(const gen *g, const site *s, int i, int nth)
{
	static const char *const word[] = { "Gemeinschaftsunterkunft", "Containeranlage", "Sporthalle",
					    "Gemeinschaftsunterkunft (Reserve)" };
	char id[16], name[128], mid[16], mname[64];
	snprintf(id, sizeof id, "GU-%04d", i + 1);
	muni_id(s->muni, mid);
	muni_name(g, s->muni, mname, sizeof mname);
	snprintf(name, sizeof name, "%s, %s %d", mname, word[s->kind], nth);
	cJSON *o = cJSON_CreateObject(), *cost = cJSON_CreateObject();
	if (!o || !cost || add_str(o, "id", id) || add_str(o, "name", name) || add_str(o, "municipality", mid) ||
	    add_str(o, "kind", kind_name(s->kind)) || add_num(o, "places", s->places) ||
	    add_num(o, "occupied", s->occupied) || add(o, "open", cJSON_CreateBool(s->open)) ||
	    (s->from && add_period(o, "available_from", s->from)) ||
	    (s->until && add_period(o, "available_until", s->until)) ||
	    (s->vacate && add_period(o, "vacate_by", s->vacate)) || add_num(cost, "per_place", s->per_place) ||
	    add_num(cost, "fixed", s->fixed) || (s->open_cost && add_num(cost, "open", s->open_cost)) ||
	    add_num(cost, "close", s->close_cost)) {
		cJSON_Delete(o);
		cJSON_Delete(cost);
		return NULL;
	}
	cJSON_AddItemToObject(o, "cost", cost);
	if (site_measures(g, s, o)) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static int make_sites(gen *g)
{
	int G = g->G;
	int n_hall = (int)lround(0.028 * G);
	int n_reserve = G >= 3 ? (int)fmax(1, lround(0.056 * G)) : 0;
	int n_prov = (int)lround(0.16 * G);
	int n_perm = G - n_hall - n_reserve - n_prov;
	int *order = population_order(g);
	int *nth = calloc((size_t)g->M * 4, sizeof *nth);
	cJSON *list = cJSON_CreateArray();
	int rc = !order || !nth || !list;
	g->occupied = 0;
	for (int i = 0; i < G && !rc; i++) {
		site_kind kind = i < n_perm ? PERMANENT : i < n_perm + n_prov ? PROVISIONAL :
			i < n_perm + n_prov + n_hall ? HALL : RESERVE;
		/* halls stand in the largest towns, one each in turn */
		int muni = kind == HALL ? order[(i - n_perm - n_prov) % g->M] : weighted(&g->r, g->cum_site, g->M);
		site s = make_site(g, kind, muni);
		g->occupied += s.occupied;
		cJSON *o = site_json(g, &s, i, ++nth[muni * 4 + kind]);
		rc = !o;
		if (o)
			cJSON_AddItemToArray(list, o);
	}
	free(order);
	free(nth);
	if (rc || add(g->root, "gu_sites", list)) {
		cJSON_Delete(list);
		return QT_ENOMEM;
	}
	return 0;
}

/* ---- intake and households ---- */

static cJSON *int_array(const long *v, int n)
{
	cJSON *a = cJSON_CreateArray();
	for (int i = 0; a && i < n; i++) {
		cJSON *x = cJSON_CreateNumber((double)v[i]);
		if (!x) {
			cJSON_Delete(a);
			return NULL;
		}
		cJSON_AddItemToArray(a, x);
	}
	return a;
}

/* n equally probable futures whose arrivals are 1 to 2 times the scenario's (more arrivals never
 * break MODEL.md constraint 2, so the entitled households stay the scenario's). */
static int make_futures(gen *g, const long *arrivals, int n)
{
	cJSON *u = cJSON_CreateObject(), *list = cJSON_CreateArray();
	int rc = !u || !list || add_num(u, "commit_quarters", g->T < 2 ? g->T : 2);
	for (int f = 0; f < n && !rc; f++) {
		long *a = malloc((size_t)g->T * sizeof *a);
		cJSON *fo = cJSON_CreateObject();
		char id[16];
		snprintf(id, sizeof id, "F%02d", f + 1);
		rc = !a || !fo;
		for (int t = 0; t < g->T && !rc; t++)
			a[t] = lround((double)arrivals[t] * (1.0 + (double)f / (n - 1)));
		rc = rc || !cJSON_AddStringToObject(fo, "id", id) || add_num(fo, "probability", 1.0 / n) ||
		     add(fo, "arrivals", int_array(a, g->T));
		free(a);
		if (fo)
			cJSON_AddItemToArray(list, fo);
	}
	if (rc) {
		cJSON_Delete(u);
		cJSON_Delete(list);
		return QT_ENOMEM;
	}
	cJSON_AddItemToObject(u, "futures", list);
	cJSON_AddItemToObject(g->root, "uncertainty", u);
	return 0;
}

static int make_households(gen *g)
{
	int T = g->T;
	long occ = g->occupied;
	long *arrivals = calloc((size_t)T, sizeof *arrivals);
	long *ent = calloc((size_t)T * QT_NCLASS, sizeof *ent); /* ent[h*T + t-1] */
	long waiting[QT_NCLASS], waiting_persons = 0;
	if (!arrivals || !ent) {
		free(arrivals);
		free(ent);
		return QT_ENOMEM;
	}
	for (int h = 0; h < QT_NCLASS; h++) {
		waiting[h] = lround(0.155 * (double)occ * PERSON_SHARE[h] / SIZE[h]);
		waiting_persons += waiting[h] * SIZE[h];
	}
	for (int h = 0; h < QT_NCLASS && waiting_persons > occ; h++) /* only for a handful of persons */
		while (waiting[h] > 0 && waiting_persons > occ) {
			waiting[h]--;
			waiting_persons -= SIZE[h];
		}
	long backlog = lround(0.17 * (double)occ);
	/* MODEL.md constraint 2: cumulative entitled persons <= V0 + backlog + cumulative arrivals */
	long most = occ - waiting_persons + backlog, entitled = 0;
	for (int t = 1; t <= T; t++) {
		double a = (double)occ * (0.058 + 0.03 * pow(0.8, t - 1)) * between(&g->r, 0.93, 1.07);
		arrivals[t - 1] = lround(a);
		double e = 0.9 * (double)arrivals[t - 1] + 0.07 * (double)occ * pow(0.85, t - 1);
		for (int h = 0; h < QT_NCLASS; h++) {
			ent[h * T + t - 1] = lround(e * PERSON_SHARE[h] / SIZE[h]);
			entitled += ent[h * T + t - 1] * SIZE[h];
		}
		most += arrivals[t - 1];
		for (int h = 0; h < QT_NCLASS && entitled > most; h++)
			while (ent[h * T + t - 1] > 0 && entitled > most) {
				ent[h * T + t - 1]--;
				entitled -= SIZE[h];
			}
	}
	cJSON *intake = cJSON_CreateObject(), *hh = cJSON_CreateObject(), *e = cJSON_CreateObject(),
	      *w = cJSON_CreateObject();
	int rc = !intake || !hh || !e || !w || add_num(intake, "backlog", (double)backlog) ||
		 add(intake, "arrivals", int_array(arrivals, T)) || add_num(hh, "size_5plus", SIZE[4]) ||
		 (g->opt->futures && make_futures(g, arrivals, g->opt->futures));
	for (int h = 0; h < QT_NCLASS && !rc; h++)
		rc = add(e, qt_class_names[h], int_array(ent + (size_t)h * T, T)) ||
		     add_num(w, qt_class_names[h], (double)waiting[h]);
	free(arrivals);
	free(ent);
	if (!rc) {
		cJSON_AddItemToObject(hh, "entitled", e);
		cJSON_AddItemToObject(hh, "waiting", w);
		cJSON_AddItemToObject(g->root, "intake", intake);
		cJSON_AddItemToObject(g->root, "households", hh);
		return 0;
	}
	cJSON_Delete(intake);
	cJSON_Delete(hh);
	cJSON_Delete(e);
	cJSON_Delete(w);
	return QT_ENOMEM;
}

/* ---- municipalities with their AU places ---- */

static int municipalities_json(gen *g)
{
	int M = g->M, T = g->T;
	long *places = calloc((size_t)M * (size_t)T, sizeof *places); /* places[m*T + t-1] */
	long *share = calloc((size_t)M, sizeof *share);
	cJSON *list = cJSON_CreateArray();
	int rc = !places || !share || !list;
	for (int t = 1; t <= T && !rc; t++) {
		long total = lround(0.43 * (double)g->occupied * (1 + 0.17 * (t - 1)));
		rc = qt_apportion(share, NULL, QT_HARE_NIEMEYER, g->pop, (size_t)M, total);
		for (int m = 0; m < M && !rc; m++) {
			long prev = t > 1 ? places[(size_t)m * T + t - 2] : 0;
			places[(size_t)m * T + t - 1] = share[m] > prev ? share[m] : prev; /* never shrink */
		}
	}
	for (int m = 0; m < M && !rc; m++) {
		char id[16], name[64];
		muni_id(m, id);
		muni_name(g, m, name, sizeof name);
		double density = exp(gauss(&g->r, log(400.0), 0.6)); /* inhabitants per km² */
		cJSON *o = cJSON_CreateObject();
		rc = !o || add_str(o, "id", id) || add_str(o, "name", name) || add_num(o, "population", g->pop[m]) ||
		     add_num(o, "area_km2", round(100 * g->pop[m] / density) / 100) ||
		     add_str(o, "rent_area", AREA[g->area[m]]) ||
		     add(o, "au_places", int_array(places + (size_t)m * T, T)) ||
		     add_num(o, "au_occupied", (double)lround(0.8 * (double)places[(size_t)m * T])) ||
		     add_num(o, "au_cost", pick(&g->r, 560, 680, 10)) || add_num(o, "credit", 0);
		if (o)
			cJSON_AddItemToArray(list, o);
	}
	free(places);
	free(share);
	if (rc || add(g->root, "municipalities", list)) {
		cJSON_Delete(list);
		return QT_ENOMEM;
	}
	return 0;
}

/* ---- Kombimodell candidate sites ---- */

static int make_kombimodell(gen *g)
{
	cJSON *list = cJSON_CreateArray();
	unsigned char *taken = calloc((size_t)g->M, 1);
	int rc = !list || !taken, n_taken = 0;
	for (int k = 0; k < g->K && !rc; k++) {
		int m = weighted(&g->r, g->cum_pop, g->M);
		/* one candidate site per municipality while there are municipalities left */
		for (int tries = 0; taken[m] && n_taken < g->M && tries < 64; tries++)
			m = weighted(&g->r, g->cum_pop, g->M);
		for (int i = 0; taken[m] && n_taken < g->M && i < g->M; i++)
			m = (m + 1) % g->M;
		n_taken += !taken[m];
		taken[m] = 1;
		char id[16], mid[16];
		snprintf(id, sizeof id, "KM-%03d", k + 1);
		muni_id(m, mid);
		/* a timber house for 24 residents: EUR 370,000; 24 weeks from order to move-in (DOMAIN.md) */
		cJSON *o = cJSON_CreateObject(), *cost = cJSON_CreateObject();
		rc = !o || !cost || add_str(o, "id", id) || add_str(o, "municipality", mid) ||
		     add_num(o, "max_modules", pick(&g->r, 2, 6, 1)) || add_num(o, "places_per_module", 24) ||
		     add_num(o, "lead_quarters", uniform(&g->r) < 0.2 ? 3 : 2) ||
		     add_period(o, "earliest", g->T >= 2 ? 2 : 1) ||
		     add_num(cost, "module", pick(&g->r, 340000, 400000, 10000)) || add_num(cost, "conversion", 40000) ||
		     add_num(cost, "per_place_gu", pick(&g->r, 880, 950, 10));
		if (o && cost)
			cJSON_AddItemToObject(o, "cost", cost);
		else
			cJSON_Delete(cost);
		if (o)
			cJSON_AddItemToArray(list, o);
	}
	free(taken);
	if (rc || add(g->root, "kombimodell", list)) {
		cJSON_Delete(list);
		return QT_ENOMEM;
	}
	return 0;
}

/* ---- rent caps and flat offers ---- */

static int make_offers(gen *g)
{
	cJSON *caps = cJSON_CreateObject(), *areas = cJSON_CreateObject(), *list = cJSON_CreateArray();
	int rc = !caps || !areas || !list || add_num(caps, "factor", 1.0);
	for (int a = 0; a < 3 && !rc; a++) {
		cJSON *c = cJSON_CreateObject();
		rc = !c;
		for (int h = 0; h < QT_NCLASS && !rc; h++)
			rc = add_num(c, qt_class_names[h], CAP[a][h]);
		if (c)
			cJSON_AddItemToObject(areas, AREA[a], c);
	}
	double cum_class[QT_NCLASS], c = 0;
	for (int h = 0; h < QT_NCLASS; h++)
		cum_class[h] = c += OFFER_CLASS[h];
	int per = g->O / g->T, extra = g->O % g->T;
	for (int t = 1; t <= g->T && !rc; t++) {
		int n = per + (t <= extra);
		char at[8];
		label(t, at);
		for (int j = 1; j <= n && !rc; j++) {
			int m = weighted(&g->r, g->cum_pop, g->M);
			int h = weighted(&g->r, cum_class, QT_NCLASS);
			int units = uniform(&g->r) < 0.1 ? 2 : 1;
			double factor = fmin(1.25, fmax(0.75, gauss(&g->r, 0.97, 0.12)));
			char id[32], mid[16];
			snprintf(id, sizeof id, "W-%s-%04d", at, j);
			muni_id(m, mid);
			cJSON *o = cJSON_CreateObject();
			rc = !o || add_str(o, "id", id) || add_str(o, "municipality", mid) || add_str(o, "period", at) ||
			     add_str(o, "household", qt_class_names[h]) || add_num(o, "units", units) ||
			     add_num(o, "rent", 5 * round(CAP[g->area[m]][h] * factor / 5));
			if (o)
				cJSON_AddItemToArray(list, o);
		}
	}
	if (areas && caps && !rc)
		cJSON_AddItemToObject(caps, "areas", areas);
	else
		cJSON_Delete(areas);
	if (rc || add(g->root, "rent_caps", caps) || add(g->root, "housing_offers", list)) {
		cJSON_Delete(caps);
		cJSON_Delete(list);
		return QT_ENOMEM;
	}
	return 0;
}

/* ---- the document ---- */

static int make_head(gen *g)
{
	const qt_generate_options *o = g->opt;
	char name[160], cmd[256];
	snprintf(name, sizeof name, "Synthetischer Landkreis (seed %llu: %d GUs, %d Gemeinden, %d Quartale)",
		 (unsigned long long)o->seed, g->G, g->M, g->T);
	snprintf(cmd, sizeof cmd,
		 "quartier generate --municipalities %d --sites %d --kombimodell %d --offers %d --periods %d --seed %llu%s",
		 g->M, g->G, g->K, g->O, g->T, (unsigned long long)o->seed, o->measures ? " --measures" : "");
	cJSON *periods = cJSON_CreateObject(), *x = cJSON_CreateObject();
	int rc = !periods || !x || add_num(g->root, "quartier", 1) || add_str(g->root, "name", name) ||
		 add_period(periods, "start", 1) || add_num(periods, "count", g->T) ||
		 add_str(x, "generated_by", cmd) ||
		 add_str(x, "synthetic",
			 "Every figure is synthetic. Orders of magnitude follow examples/esslingen-2016.json and "
			 "DOMAIN.md: GU sizes and costs, Kombimodell timber houses for 24 residents at about "
			 "EUR 370,000 with 2 quarters lead, rent caps of 2016; flows are scaled to the persons in "
			 "the generated GU sites.");
	if (rc) {
		cJSON_Delete(periods);
		cJSON_Delete(x);
		return QT_ENOMEM;
	}
	cJSON_AddItemToObject(g->root, "periods", periods);
	cJSON_AddItemToObject(g->root, "x", x);
	return 0;
}

static int make_tail(gen *g)
{
	cJSON *quota = cJSON_CreateObject(), *key = cJSON_CreateObject(), *solver = cJSON_CreateObject();
	int rc = !quota || !key || !solver || add_str(quota, "method", qt_method_names[QT_HARE_NIEMEYER]) ||
		 add_num(key, "population", 1.0);
	if (!rc) {
		cJSON_AddItemToObject(quota, "key", key);
		key = NULL;
		rc = add_num(quota, "gu_credit_rate", 1.0) || add_num(solver, "time_limit_s", 60) ||
		     add_num(solver, "gap", 0.005);
	}
	if (rc) {
		cJSON_Delete(quota);
		cJSON_Delete(key);
		cJSON_Delete(solver);
		return QT_ENOMEM;
	}
	cJSON_AddItemToObject(g->root, "quota", quota);
	if (add_num(g->root, "exit_rate", 0.03)) {
		cJSON_Delete(solver);
		return QT_ENOMEM;
	}
	cJSON_AddItemToObject(g->root, "solver", solver);
	return 0;
}

/* ---- text: one line per municipality, site, Kombimodell site and offer ---- */

typedef struct {
	char *s;
	size_t n, cap;
	int oom;
} buf;

static void put(buf *b, const char *text)
{
	size_t add_n = strlen(text);
	if (b->oom)
		return;
	if (b->n + add_n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1 << 16;
		while (cap < b->n + add_n + 1)
			cap *= 2;
		char *s = realloc(b->s, cap);
		if (!s) {
			b->oom = 1;
			return;
		}
		b->s = s;
		b->cap = cap;
	}
	memcpy(b->s + b->n, text, add_n + 1);
	b->n += add_n;
}

static void put_json(buf *b, const cJSON *item)
{
	char *text = cJSON_PrintUnformatted(item);
	if (!text) {
		b->oom = 1;
		return;
	}
	put(b, text);
	cJSON_free(text);
}

static void put_key(buf *b, const char *key)
{
	put(b, "  \"");
	put(b, key); /* keys are this file's own: plain ASCII */
	put(b, "\": ");
}

static char *render(const cJSON *root)
{
	static const char *const order[] = { "quartier", "name", "periods", "intake", "households",
					     "municipalities", "gu_sites", "kombimodell", "rent_caps",
					     "housing_offers", "quota", "exit_rate", "space_standard_m2", "funding",
					     "solver", "uncertainty", "x" };
	enum { N = sizeof order / sizeof *order };
	buf b = { 0 };
	put(&b, "{\n");
	for (size_t i = 0; i < N; i++) {
		const cJSON *it = cJSON_GetObjectItemCaseSensitive(root, order[i]);
		if (!it && (!strcmp(order[i], "space_standard_m2") || !strcmp(order[i], "funding") ||
			    !strcmp(order[i], "uncertainty")))
			continue; /* only with the further measures or futures */
		if (!it) {
			b.oom = 1;
			break;
		}
		put_key(&b, it->string);
		if (cJSON_IsArray(it) && it->child && cJSON_IsObject(it->child)) {
			put(&b, "[\n");
			for (const cJSON *e = it->child; e; e = e->next) {
				put(&b, "    ");
				put_json(&b, e);
				put(&b, e->next ? ",\n" : "\n");
			}
			put(&b, "  ]");
		} else {
			put_json(&b, it);
		}
		put(&b, i + 1 < N ? ",\n" : "\n");
	}
	put(&b, "}\n");
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

static int check_options(const qt_generate_options *o)
{
	if (!o || o->version != QT_GENERATE_OPTIONS_VERSION)
		return qt_set_error(QT_EINVAL, "qt_generate: options not set up by qt_generate_options_init");
	if (o->municipalities < 1 || o->municipalities > QT_MAX_MUNICIPALITIES)
		return qt_set_error(QT_EINVAL, "municipalities must be 1..%d, got %d", QT_MAX_MUNICIPALITIES,
				    o->municipalities);
	if (o->gu_sites < 1 || o->gu_sites > QT_MAX_GU)
		return qt_set_error(QT_EINVAL, "sites must be 1..%d, got %d", QT_MAX_GU, o->gu_sites);
	if (o->kombimodell < 0 || o->kombimodell > QT_MAX_KOMBI)
		return qt_set_error(QT_EINVAL, "kombimodell must be 0..%d, got %d", QT_MAX_KOMBI, o->kombimodell);
	if (o->offers < 0 || o->offers > QT_MAX_OFFERS)
		return qt_set_error(QT_EINVAL, "offers must be 0..%d, got %d", QT_MAX_OFFERS, o->offers);
	if (o->periods < 1 || o->periods > QT_MAX_PERIODS)
		return qt_set_error(QT_EINVAL, "periods must be 1..%d, got %d", QT_MAX_PERIODS, o->periods);
	if (o->futures && (o->futures < 2 || o->futures > QT_MAX_FUTURES))
		return qt_set_error(QT_EINVAL, "futures must be 0 or 2..%d, got %d", QT_MAX_FUTURES, o->futures);
	return 0;
}

/* The generated text must read back as a valid scenario; anything else is a bug here. */
static int self_check(const char *text)
{
	qt_scenario *s = NULL;
	qt_errors *e = NULL;
	int rc = qt_scenario_parse(&s, &e, text, strlen(text));
	if (rc == QT_EINPUT && e && qt_errors_count(e) > 0)
		rc = qt_set_error(QT_EINVAL, "generated scenario is invalid at %s: %s", qt_errors_pointer(e, 0),
				  qt_errors_message(e, 0));
	qt_errors_free(e);
	qt_scenario_free(s);
	return rc;
}

int qt_generate(char **out, const qt_generate_options *opt)
{
	if (!out)
		return qt_set_error(QT_EINVAL, "qt_generate: bad arguments");
	*out = NULL;
	int rc = check_options(opt);
	if (rc)
		return rc;
	rng mr = { opt->seed ^ 0x5eedf00dULL };
	gen g = { .opt = opt,
		  .r = { opt->seed },
		  .mr = &mr,
		  .M = opt->municipalities,
		  .G = opt->gu_sites,
		  .K = opt->kombimodell,
		  .O = opt->offers,
		  .T = opt->periods };
	size_t M = (size_t)g.M;
	double *per_muni = malloc(3 * M * sizeof *per_muni);
	int *area = calloc(M, sizeof *area);
	g.root = cJSON_CreateObject();
	if (!per_muni || !area || !g.root) {
		free(per_muni);
		free(area);
		cJSON_Delete(g.root);
		return qt_set_error(QT_ENOMEM, "out of memory");
	}
	g.pop = per_muni;
	g.cum_pop = per_muni + M;
	g.cum_site = per_muni + 2 * M;
	g.area = area;
	/* Each part draws from the one generator in this order, so a seed fixes the whole text. */
	rc = make_head(&g);
	if (!rc)
		rc = make_municipalities(&g);
	if (!rc)
		rc = make_sites(&g);
	if (!rc)
		rc = make_households(&g);
	if (!rc)
		rc = municipalities_json(&g);
	if (!rc)
		rc = make_kombimodell(&g);
	if (!rc)
		rc = make_offers(&g);
	if (!rc)
		rc = make_tail(&g);
	if (!rc)
		rc = district_measures(&g);
	char *text = NULL;
	if (!rc && !(text = render(g.root)))
		rc = QT_ENOMEM;
	cJSON_Delete(g.root);
	free(per_muni);
	free(area);
	if (rc == QT_ENOMEM)
		return qt_set_error(QT_ENOMEM, "out of memory generating a scenario");
	if (!rc)
		rc = self_check(text);
	if (rc) {
		free(text);
		return rc;
	}
	*out = text;
	return 0;
}

static int write_text(FILE *f, const void *text)
{
	return fputs(text, f) < 0 ? qt_set_error(QT_EIO, "writing the scenario failed") : 0;
}

int qt_generate_file(const char *path, const qt_generate_options *opt)
{
	if (!path || !*path)
		return qt_set_error(QT_EINVAL, "qt_generate_file: no path given");
	char *text = NULL;
	int rc = qt_generate(&text, opt);
	if (!rc)
		rc = qt_write_atomic(path, write_text, text);
	free(text);
	return rc;
}
