/* The AU quota sheets' figures and texts, the bottom layer every format draws on: building the sheets
 * (quotas from qt_quotas_compute, placements and used offers from the plan), file stems, finding a
 * sheet, notes, head texts and legends. */
#include "quota_sheet.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

void qt_quota_sheet_options_init(qt_quota_sheet_options *opt)
{
	if (!opt)
		return;
	memset(opt, 0, sizeof *opt);
	opt->version = QT_QUOTA_SHEET_OPTIONS_VERSION;
}

/* ---- names: district, slugs, file stems ---- */

/* The scenario's name up to its first " – " (en dash) or " - "; the whole name if it has neither. */
static char *district_from_name(const char *name)
{
	if (!name || !*name)
		return qt_strdup("Landkreis");
	const char *cut = NULL;
	const char *seps[] = { " \xE2\x80\x93 ", " - " };
	for (size_t i = 0; i < COUNT(seps); i++) {
		const char *at = strstr(name, seps[i]);
		if (at && at > name && (!cut || at < cut))
			cut = at;
	}
	return cut ? qt_asprintf("%.*s", (int)(cut - name), name) : qt_strdup(name);
}

/* ASCII for the Latin-1 letters U+00C0..U+00FF (German umlauts as ae, oe, ue, ss); "" drops. */
static const char *const latin1_ascii[64] = {
	"a", "a", "a", "a", "ae", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o",  "o", "oe", "",  "o", "u", "u", "u", "ue", "y", "th", "ss",
	"a", "a", "a", "a", "ae", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o",  "o", "oe", "",  "o", "u", "u", "u", "ue", "y", "th", "y",
};

enum { SLUG_MAX = 60, ID_MAX = 40 };

/* Appends c to the slug being built in out (size SLUG_MAX + 1), turning runs of anything else than
 * letters and digits into one '-'. */
static void slug_put(char *out, size_t *n, char c)
{
	if (!isalnum((unsigned char)c)) {
		if (*n > 0 && out[*n - 1] != '-' && *n < SLUG_MAX)
			out[(*n)++] = '-';
		return;
	}
	if (*n < SLUG_MAX)
		out[(*n)++] = (char)tolower((unsigned char)c);
}

/* A readable lower-case ASCII slug of a UTF-8 name: "Nürtingen" -> "nuertingen",
 * "Wernau (Neckar)" -> "wernau-neckar". out has SLUG_MAX + 1 bytes. */
static void slugify(char *out, const char *name)
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)(name ? name : "");
	while (*p) {
		if (*p < 0x80) {
			slug_put(out, &n, (char)*p++);
			continue;
		}
		if ((p[0] == 0xC3) && (p[1] & 0xC0) == 0x80) {
			const char *a = latin1_ascii[(p[1] & 0x3F)];
			for (const char *c = *a ? a : "-"; *c; c++)
				slug_put(out, &n, *c);
			p += 2;
			continue;
		}
		slug_put(out, &n, '-'); /* another script or a broken sequence: a separator */
		p++;
		while ((*p & 0xC0) == 0x80)
			p++;
	}
	while (n > 0 && out[n - 1] == '-')
		n--;
	out[n] = '\0';
}

/* The id made safe for a file name: letters, digits, '_' and '-' stay, anything else becomes '-'. */
static void safe_id(char *out, const char *id)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)(id ? id : ""); *p && n < ID_MAX; p++)
		out[n++] = (char)(isalnum(*p) || *p == '_' || *p == '-' ? *p : '-');
	out[n] = '\0';
}

/* Names the writers use besides the stems; a stem must not equal any of them. */
static const char *const reserved_stems[] = { QT_STEM_OVERVIEW, QT_STEM_BALANCE, QT_STEM_ALL };

static int stem_taken(char *const *stem, int n, const char *cand)
{
	for (size_t r = 0; r < COUNT(reserved_stems); r++)
		if (!strcmp(cand, reserved_stems[r]))
			return 1;
	size_t len = strlen(cand);
	for (int i = 0; i < n; i++) {
		size_t l = strlen(stem[i]);
		/* "x" and "x-wohnungen" would both write x-wohnungen.csv */
		if (!strcmp(stem[i], cand) || (len > l && !strncmp(cand, stem[i], l) && !strcmp(cand + l, QT_STEM_OFFERS_SUFFIX)) ||
		    (l > len && !strncmp(stem[i], cand, len) && !strcmp(stem[i] + len, QT_STEM_OFFERS_SUFFIX)))
			return 1;
	}
	return 0;
}

static int make_stems(qt_quota_sheets *q)
{
	const qt_scenario *s = q->s;
	q->stem = calloc((size_t)s->n_muni + 1, sizeof *q->stem);
	if (!q->stem)
		return qt_set_error(QT_ENOMEM, "out of memory");
	for (int m = 0; m < s->n_muni; m++) {
		char id[ID_MAX + 1], slug[SLUG_MAX + 1];
		safe_id(id, s->muni[m].id);
		slugify(slug, s->muni[m].name);
		char *base = qt_asprintf("%s%s%s", *id ? id : "gemeinde", *slug ? "-" : "", slug);
		char *cand = base ? qt_strdup(base) : NULL;
		for (int k = 2; cand && stem_taken(q->stem, m, cand); k++) {
			free(cand);
			cand = qt_asprintf("%s-%d", base, k);
		}
		free(base);
		if (!cand)
			return qt_set_error(QT_ENOMEM, "out of memory");
		q->stem[m] = cand;
	}
	return 0;
}

/* ---- building and freeing ---- */

void qt_quota_sheets_free(qt_quota_sheets *q)
{
	if (!q)
		return;
	qt_quotas_free(&q->Q);
	if (q->stem)
		for (int m = 0; m < q->s->n_muni; m++)
			free(q->stem[m]);
	free(q->stem);
	free(q->district);
	free(q->placed);
	free(q->offers);
	free(q->offers_at);
	free(q);
}

/* The plan must be one of this scenario, made with the same quotas. */
static int plan_fits(const qt_quota_sheets *q)
{
	int rc = qt_report_args(q->s, q->p);
	if (rc)
		return rc;
	const int T = q->s->T;
	for (int m = 0; m < q->s->n_muni; m++)
		for (int t = 1; t <= T; t++)
			if (q->p->q[QT_IX(m, t, T)] != q->Q.q[QT_IX(m, t, T)])
				return qt_set_error(QT_EINVAL,
						    "quota sheets: the plan's quota of municipality %s in period %d "
						    "(%ld) is not the scenario's (%ld)",
						    q->s->muni[m].id, t, q->p->q[QT_IX(m, t, T)],
						    q->Q.q[QT_IX(m, t, T)]);
	return 0;
}

/* Placements by source per municipality and period, and the used offers grouped by municipality
 * (in the scenario's order within each). */
static int plan_figures(qt_quota_sheets *q)
{
	const qt_scenario *s = q->s;
	const qt_plan *p = q->p;
	const int T = s->T, M = s->n_muni;
	q->placed = calloc((size_t)M * (size_t)(T + 1), sizeof *q->placed);
	q->offers_at = calloc((size_t)M + 1, sizeof *q->offers_at);
	size_t used = 0;
	for (int o = 0; o < s->n_offer; o++)
		used += p->ao[o] > 0;
	q->offers = calloc(used ? used : 1, sizeof *q->offers);
	if (!q->placed || !q->offers_at || !q->offers)
		return qt_set_error(QT_ENOMEM, "out of memory");
	for (int m = 0; m < M; m++)
		qt_placed_series(&q->placed[QT_IX(m, 0, T)], s, p, m);
	for (int o = 0; o < s->n_offer; o++)
		if (p->ao[o] > 0)
			q->offers_at[s->offer[o].muni + 1]++;
	for (int m = 0; m < M; m++)
		q->offers_at[m + 1] += q->offers_at[m];
	size_t *fill = calloc((size_t)M, sizeof *fill);
	if (!fill)
		return qt_set_error(QT_ENOMEM, "out of memory");
	for (int o = 0; o < s->n_offer; o++) {
		if (p->ao[o] <= 0)
			continue;
		int m = s->offer[o].muni;
		q->offers[q->offers_at[m] + fill[m]++] = (qt_sheet_offer){
			.offer = o, .households = p->ao[o], .persons = p->ao[o] * qt_hs(s, s->offer[o].hclass)
		};
	}
	free(fill);
	return 0;
}

/* One future of a scenario with futures: its view and its plan take the places of the whole. */
static int take_future(qt_quota_sheets *q, const char *id)
{
	const qt_scenario *s = q->s;
	if (!id) {
		if (q->p && q->p->n_future)
			return qt_set_error(QT_EINVAL, "quota sheets: a plan over futures needs the future to show");
		return 0;
	}
	int f = qt_scenario_future_find(s, id);
	if (f < 0)
		return qt_set_error(QT_EINPUT, "quota sheets: the scenario has no future '%s'", id);
	qt_scenario_future_view(s, f, &q->view);
	q->s = &q->view;
	if (q->p && q->p->n_future == s->n_future)
		q->p = q->p->future[f];
	return 0;
}

int qt_quota_sheets_new(qt_quota_sheets **out, const qt_scenario *s, const qt_plan *p,
			const qt_quota_sheet_options *opt)
{
	if (!out)
		return qt_set_error(QT_EINVAL, "quota sheets: no output given");
	*out = NULL;
	if (!s)
		return qt_set_error(QT_EINVAL, "quota sheets: no scenario given");
	if (opt && opt->version != QT_QUOTA_SHEET_OPTIONS_VERSION)
		return qt_set_error(QT_EINVAL, "quota sheets: options not set up by qt_quota_sheet_options_init");
	if (s->n_muni < 1 || s->T < 1 || s->T > QT_MAX_PERIODS)
		return qt_set_error(QT_EINVAL, "quota sheets: the scenario has no municipality or no period");
	qt_quota_sheets *q = calloc(1, sizeof *q);
	if (!q)
		return qt_set_error(QT_ENOMEM, "out of memory");
	q->s = s;
	q->p = p;
	int rc = take_future(q, opt ? opt->future : NULL);
	if (!rc)
		rc = qt_quotas_compute(&q->Q, q->s);
	if (rc) {
		free(q);
		return rc;
	}
	q->district = opt && opt->district ? qt_strdup(opt->district) : district_from_name(s->name);
	if (!q->district)
		rc = qt_set_error(QT_ENOMEM, "out of memory");
	if (!rc)
		rc = make_stems(q);
	if (!rc && p)
		rc = plan_fits(q);
	if (!rc && p)
		rc = plan_figures(q);
	if (rc) {
		qt_quota_sheets_free(q);
		return rc;
	}
	*out = q;
	return 0;
}

size_t qt_quota_sheets_count(const qt_quota_sheets *q) { return q ? (size_t)q->s->n_muni : 0; }

const char *qt_quota_sheets_stem(const qt_quota_sheets *q, size_t i)
{
	return q && i < (size_t)q->s->n_muni ? q->stem[i] : NULL;
}

static int ascii_casecmp(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		int d = tolower((unsigned char)*a) - tolower((unsigned char)*b);
		if (d)
			return d;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

/* Matching passes, strictest first: the first pass with a match decides. */
static int find_pass(const qt_quota_sheets *q, const char *key, int pass, int m)
{
	const qt_muni *mu = &q->s->muni[m];
	char slug[SLUG_MAX + 1];
	switch (pass) {
	case 0:
		return !strcmp(mu->id, key);
	case 1:
		return mu->name && !strcmp(mu->name, key);
	case 2:
		return !strcmp(q->stem[m], key);
	default:
		slugify(slug, mu->name);
		return (mu->name && !ascii_casecmp(mu->name, key)) || !ascii_casecmp(slug, key) ||
		       !ascii_casecmp(q->stem[m], key);
	}
}

int qt_quota_sheets_find(size_t *index, const qt_quota_sheets *q, const char *key)
{
	if (!index || !q || !key || !*key)
		return qt_set_error(QT_EINVAL, "quota sheets: no municipality named");
	for (int pass = 0; pass < 4; pass++) {
		int found = -1, more = 0;
		for (int m = 0; m < q->s->n_muni; m++) {
			if (!find_pass(q, key, pass, m))
				continue;
			if (found >= 0)
				more = 1;
			else
				found = m;
		}
		if (more)
			return qt_set_error(QT_EINVAL, "municipality '%s' is ambiguous: give its id", key);
		if (found >= 0) {
			*index = (size_t)found;
			return 0;
		}
	}
	return qt_set_error(QT_EINVAL, "no municipality '%s' in the scenario (give an id, a name or a file slug)",
			    key);
}

/* ---- figures and texts shared by the formats ---- */

long qt_sheet_quota(const qt_quota_sheets *q, int m, int t)
{
	return t <= 0 ? 0 : q->Q.q[QT_IX(m, t, q->Q.T)];
}

long qt_sheet_overview_value(const qt_quota_sheets *q, int m, int t, int balance)
{
	size_t i = QT_IX(m, t, q->Q.T);
	return balance ? q->placed[i].cumulative - q->Q.q[i] : q->Q.q[i];
}

const char *qt_sheet_name(const qt_quota_sheets *q, int m)
{
	return q->s->muni[m].name ? q->s->muni[m].name : "";
}

unsigned qt_sheet_notes(const qt_quota_sheets *q, int m, int t)
{
	size_t i = QT_IX(m, t, q->Q.T);
	unsigned n = 0;
	if (q->Q.tie[i])
		n |= QT_NOTE_TIE;
	if (q->Q.paradox[i])
		n |= QT_NOTE_PARADOX;
	if (q->Q.q[i] == 0 && q->Q.credit[i] > 0 && q->Q.N[t] > 0)
		n |= QT_NOTE_CREDIT_COVERS;
	return n;
}

const char *qt_sheet_notes_text(unsigned notes, char *buf, size_t size)
{
	static const struct {
		unsigned bit;
		const char *word;
	} words[] = { { QT_NOTE_TIE, "Gleichstand" },
		      { QT_NOTE_PARADOX, "Alabama-Paradoxon" },
		      { QT_NOTE_CREDIT_COVERS, "Anrechnung deckt Anteil" } };
	size_t n = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < COUNT(words); i++)
		if (notes & words[i].bit) {
			int w = snprintf(buf + n, size - n, "%s%s", n ? ", " : "", words[i].word);
			if (w < 0 || (size_t)w >= size - n)
				break;
			n += (size_t)w;
		}
	return buf;
}

const char *const qt_sheet_legend[] = {
	"Quote kumuliert: Personen, die die Gemeinde seit Beginn des Zeitraums in die "
	"Anschlussunterbringung aufzunehmen hat. Im Kreis verteilt: N(t), alle bis dahin AU-berechtigten "
	"Personen. Zuwachs: gegenüber dem Vorquartal.",
	"Anrechnung: von der Quote abgezogene Personen; deckt sie den Anteil, ist die Quote 0 und der Rest "
	"wird unter den übrigen Gemeinden neu verteilt.",
	"Gleichstand: gleiche Reste bzw. Quotienten; der Platz ging an den größeren Schlüsselanteil, dann an "
	"die kleinere Kennziffer.",
	"Alabama-Paradoxon: die Quote sinkt, obwohl im Kreis mehr Personen verteilt werden und die "
	"Anrechnung nicht stieg (nur bei Hare-Niemeyer möglich).",
	NULL
};

const char *const qt_sheet_legend_plan[] = {
	"Vermittelt laut Plan: Personen je Quartal aus eigenen AU-Plätzen, umgewandelten "
	"Kombimodell-Modulen und Wohnungsangeboten. Rückstand: Quote minus vermittelt (kumuliert), wenn "
	"positiv; Mehraufnahme: umgekehrt.",
	NULL
};

const char *qt_sheet_method_text(const qt_quota_sheets *q)
{
	return q->s->method == QT_SAINTE_LAGUE ? "Sainte-Laguë (Divisorverfahren mit Standardrundung)"
					       : "Hare-Niemeyer (größte Reste)";
}

/* German names of the usual key columns; others are shown by their own name. */
static const char *key_label(const char *name)
{
	if (!strcmp(name, "population"))
		return "Bevölkerung";
	if (!strcmp(name, "area_km2"))
		return "Fläche";
	return name;
}

char *qt_sheet_key_text(const qt_quota_sheets *q, char *buf, size_t size)
{
	const qt_scenario *s = q->s;
	double total = 0;
	for (int j = 0; j < s->n_key; j++)
		total += s->key_weight[j];
	size_t n = 0;
	buf[0] = '\0';
	for (int j = 0; j < s->n_key && n < size; j++) {
		if (s->key_weight[j] <= 0)
			continue;
		char pct[32];
		qt_format_fixed(pct, sizeof pct, 100.0 * s->key_weight[j] / total, 1, ',');
		size_t l = strlen(pct);
		if (l > 2 && !strcmp(pct + l - 2, ",0"))
			pct[l - 2] = '\0';
		int w = snprintf(buf + n, size - n, "%s%s %s %%", n ? ", " : "", key_label(s->key_name[j]), pct);
		if (w < 0)
			break;
		n += (size_t)w;
	}
	return buf;
}

/* The credit rate as a short German decimal: "1", "0,4", "0,25". */
static char *rate_text(double rate, char *buf, size_t size)
{
	qt_format_fixed(buf, size, rate, 3, ',');
	size_t n = strlen(buf);
	while (n > 0 && buf[n - 1] == '0')
		buf[--n] = '\0';
	if (n > 0 && buf[n - 1] == ',')
		buf[--n] = '\0';
	return buf;
}

char *qt_sheet_credit_text(const qt_quota_sheets *q, int m, char *buf, size_t size)
{
	const qt_scenario *s = q->s;
	char rate[32];
	if (s->gu_credit_rate > 0)
		snprintf(buf, size,
			 "%s %s je Platz der GU-Standorte in der Gemeinde, die zu Beginn offen sind und im Quartal "
			 "noch bestehen dürfen (abgerundet); dazu pauschal %d",
			 rate_text(s->gu_credit_rate, rate, sizeof rate), s->gu_credit_rate == 1 ? "Person" : "Personen",
			 s->muni[m].credit);
	else
		snprintf(buf, size, "keine für GU-Plätze; pauschal %d", s->muni[m].credit);
	return buf;
}

char *qt_sheet_span_text(const qt_quota_sheets *q, char *buf, size_t size)
{
	char a[8], b[8];
	qt_period_label(q->s->start_year, q->s->start_q, 1, a);
	qt_period_label(q->s->start_year, q->s->start_q, q->s->T, b);
	if (q->s->T == 1)
		snprintf(buf, size, "%s (1 Quartal)", a);
	else
		snprintf(buf, size, "%s\u2013%s (%d Quartale)", a, b, q->s->T);
	return buf;
}

