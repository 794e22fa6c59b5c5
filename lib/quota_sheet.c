/* The AU quota sheets: one per municipality and an overview, as text, CSV, JSON and HTML.
 * The figures come from qt_quotas_compute (quota.c) and, with a plan, from the plan itself; the text
 * and CSV go through the one table printer (table.c), the HTML through report_html.c. */
#include "quota_sheet.h"

#include <cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
static const char *const reserved_stems[] = { "uebersicht", "uebersicht-saldo", "alle-blaetter" };

static int stem_taken(char *const *stem, int n, const char *cand)
{
	for (size_t r = 0; r < COUNT(reserved_stems); r++)
		if (!strcmp(cand, reserved_stems[r]))
			return 1;
	size_t len = strlen(cand);
	for (int i = 0; i < n; i++) {
		size_t l = strlen(stem[i]);
		/* "x" and "x-wohnungen" would both write x-wohnungen.csv */
		if (!strcmp(stem[i], cand) || (len > l && !strncmp(cand, stem[i], l) && !strcmp(cand + l, "-wohnungen")) ||
		    (l > len && !strncmp(stem[i], cand, len) && !strcmp(stem[i] + len, "-wohnungen")))
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
	int rc = qt_quotas_compute(&q->Q, s);
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

char *qt_sheet_decimal_de(double x, int decimals, char *buf, size_t size)
{
	return qt_format_fixed(buf, size, x, decimals, ',');
}

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
		qt_sheet_decimal_de(100.0 * s->key_weight[j] / total, 1, pct, sizeof pct);
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
	qt_sheet_decimal_de(rate, 3, buf, size);
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

static const char *status_de(qt_status st)
{
	switch (st) {
	case QT_STATUS_OPTIMAL:
		return "optimal";
	case QT_STATUS_GAP_REACHED:
		return "Zielabstand erreicht";
	case QT_STATUS_TIME_LIMIT:
		return "Zeitgrenze erreicht";
	case QT_STATUS_NO_INTEGER_PLAN:
		return "kein ganzzahliger Plan";
	case QT_STATUS_INTERRUPTED:
		return "abgebrochen";
	}
	return "";
}

/* ---- the tables (text and CSV) ---- */

static const char *name_of(const qt_scenario *s, int m) { return s->muni[m].name ? s->muni[m].name : ""; }

typedef struct {
	int csv;     /* CSV: flags as 0/1 columns instead of the words of the note column */
	int with_id; /* id and name columns on every row (CSV files, all sheets in one table) */
} shape;

static void period_columns(qt_table *t, const qt_quota_sheets *q, shape sh)
{
	if (sh.with_id) {
		qt_table_column(t, "municipality_id", "AGS", QT_ALIGN_LEFT);
		qt_table_column(t, "municipality", "Gemeinde", QT_ALIGN_LEFT);
		qt_table_column(t, "share_percent", "Anteil %", QT_ALIGN_RIGHT);
	}
	qt_table_column(t, "period", "Quartal", QT_ALIGN_LEFT);
	qt_table_column(t, "distributed", "im Kreis verteilt", QT_ALIGN_RIGHT);
	qt_table_column(t, "credit", "Anrechnung", QT_ALIGN_RIGHT);
	qt_table_column(t, "quota", "Quote kumuliert", QT_ALIGN_RIGHT);
	qt_table_column(t, "increment", "Zuwachs", QT_ALIGN_RIGHT);
	if (q->p) {
		qt_table_column(t, "placed_own", "eigene Plätze", QT_ALIGN_RIGHT);
		qt_table_column(t, "placed_kombimodell", "Kombimodell", QT_ALIGN_RIGHT);
		qt_table_column(t, "placed_offers", "Wohnungen", QT_ALIGN_RIGHT);
		qt_table_column(t, "placed", "vermittelt", QT_ALIGN_RIGHT);
		qt_table_column(t, "placed_cumulative", "vermittelt kumuliert", QT_ALIGN_RIGHT);
		qt_table_column(t, "under", "Rückstand", QT_ALIGN_RIGHT);
		qt_table_column(t, "over", "Mehraufnahme", QT_ALIGN_RIGHT);
	}
	if (sh.csv) {
		qt_table_column(t, "tie", "Gleichstand", QT_ALIGN_RIGHT);
		qt_table_column(t, "paradox", "Paradoxon", QT_ALIGN_RIGHT);
	} else {
		qt_table_column(t, "note", "Hinweis", QT_ALIGN_LEFT);
	}
}

static void period_rows(qt_table *t, const qt_quota_sheets *q, int m, shape sh)
{
	const qt_scenario *s = q->s;
	const int T = s->T;
	for (int period = 1; period <= T; period++) {
		size_t i = QT_IX(m, period, T);
		char label[8], notes[96];
		qt_period_label(s->start_year, s->start_q, period, label);
		if (sh.with_id) {
			qt_table_text(t, s->muni[m].id);
			qt_table_text(t, s->muni[m].name);
			qt_table_fixed(t, 100.0 * q->Q.share[m], 4);
		}
		qt_table_text(t, label);
		qt_table_int(t, q->Q.N[period]);
		qt_table_int(t, q->Q.credit[i]);
		qt_table_int(t, q->Q.q[i]);
		qt_table_int(t, q->Q.q[i] - qt_sheet_quota(q, m, period - 1));
		if (q->p) {
			const qt_placed *pl = &q->placed[i];
			qt_table_int(t, pl->own);
			qt_table_int(t, pl->kombi);
			qt_table_int(t, pl->offers);
			qt_table_int(t, pl->own + pl->kombi + pl->offers);
			qt_table_int(t, pl->cumulative);
			qt_table_int(t, q->p->under[i]);
			qt_table_int(t, q->p->over[i]);
		}
		if (sh.csv) {
			qt_table_int(t, q->Q.tie[i] != 0);
			qt_table_int(t, q->Q.paradox[i] != 0);
		} else {
			qt_table_text(t, qt_sheet_notes_text(qt_sheet_notes(q, m, period), notes, sizeof notes));
		}
	}
}

static int new_table(qt_table **out, const char *name, const char *title)
{
	return qt_table_new(out, name, title);
}

/* Finishes a builder: the table, or NULL and the first error. */
static int finish(qt_table **out, qt_table *t)
{
	int rc = qt_table_status(t);
	if (rc) {
		qt_table_free(t);
		*out = NULL;
		return rc;
	}
	*out = t;
	return 0;
}

/* The period table of one municipality (m >= 0) or of all of them (m < 0, always with ids). */
static int period_table(qt_table **out, const qt_quota_sheets *q, int m, shape sh)
{
	*out = NULL;
	qt_table *t;
	char *title = m >= 0 ? qt_asprintf("Quote je Quartal: %s (Personen)", name_of(q->s, m))
			     : qt_strdup("Quoten aller Gemeinden je Quartal (Personen)");
	int rc = title ? new_table(&t, m >= 0 ? q->stem[m] : "alle-blaetter", title)
		       : qt_set_error(QT_ENOMEM, "out of memory");
	free(title);
	if (rc)
		return rc;
	if (m < 0)
		sh.with_id = 1;
	period_columns(t, q, sh);
	if (m < 0) {
		qt_table_group(t, 2);
		for (int k = 0; k < q->s->n_muni; k++)
			period_rows(t, q, k, sh);
	} else {
		period_rows(t, q, m, sh);
	}
	if (!sh.csv) {
		for (size_t i = 0; qt_sheet_legend[i]; i++)
			qt_table_note(t, qt_sheet_legend[i]);
		for (size_t i = 0; q->p && qt_sheet_legend_plan[i]; i++)
			qt_table_note(t, qt_sheet_legend_plan[i]);
	}
	return finish(out, t);
}

static void head_row(qt_table *t, const char *item, const char *value)
{
	qt_table_text(t, item);
	qt_table_text(t, value);
}

/* The head of a sheet: district, municipality, scenario, span, method, key, share, credit, plan. */
static int head_table(qt_table **out, const qt_quota_sheets *q, int m)
{
	*out = NULL;
	const qt_scenario *s = q->s;
	qt_table *t;
	char *title = qt_asprintf("AU-Quotenblatt %s (%s)", name_of(s, m), s->muni[m].id);
	int rc = title ? new_table(&t, "kopf", title) : qt_set_error(QT_ENOMEM, "out of memory");
	free(title);
	if (rc)
		return rc;
	char buf[512];
	qt_table_column(t, "item", "Angabe", QT_ALIGN_LEFT);
	qt_table_column(t, "value", "Wert", QT_ALIGN_LEFT);
	head_row(t, "Landkreis", q->district);
	head_row(t, "Gemeinde", name_of(s, m));
	head_row(t, "Kennziffer (AGS)", s->muni[m].id);
	head_row(t, "Szenario", s->name ? s->name : "");
	head_row(t, "Zeitraum", qt_sheet_span_text(q, buf, sizeof buf));
	head_row(t, "Verfahren", qt_sheet_method_text(q));
	head_row(t, "Schlüssel", qt_sheet_key_text(q, buf, sizeof buf));
	char pct[32];
	qt_sheet_decimal_de(100.0 * q->Q.share[m], 4, pct, sizeof pct);
	qt_table_text(t, "Schlüsselanteil");
	qt_table_textf(t, "%s %%", pct);
	head_row(t, "Anrechnung", qt_sheet_credit_text(q, m, buf, sizeof buf));
	if (q->p) {
		qt_sheet_decimal_de(100.0 * q->p->gap, 2, pct, sizeof pct);
		qt_table_text(t, "Plan");
		qt_table_textf(t, "%s, Abstand zur unteren Schranke %s %%", status_de(q->p->status), pct);
	}
	return finish(out, t);
}

/* Flat offers the plan uses in m: the ones the district forwards to the municipality. */
static int offers_table(qt_table **out, const qt_quota_sheets *q, int m)
{
	*out = NULL;
	const qt_scenario *s = q->s;
	qt_table *t;
	char *name = qt_asprintf("%s-wohnungen", q->stem[m]);
	char *title = qt_asprintf("Wohnungsangebote in %s, die der Plan belegt (vom Landkreis weiterzuleiten)",
				  name_of(s, m));
	int rc = name && title ? new_table(&t, name, title) : qt_set_error(QT_ENOMEM, "out of memory");
	free(name);
	free(title);
	if (rc)
		return rc;
	qt_table_column(t, "offer", "Angebot", QT_ALIGN_LEFT);
	qt_table_column(t, "period", "Quartal", QT_ALIGN_LEFT);
	qt_table_column(t, "household", "Haushalt", QT_ALIGN_RIGHT);
	qt_table_column(t, "units", "Wohnungen", QT_ALIGN_RIGHT);
	qt_table_column(t, "households", "belegt", QT_ALIGN_RIGHT);
	qt_table_column(t, "persons", "Personen", QT_ALIGN_RIGHT);
	qt_table_column(t, "rent", "Miete EUR", QT_ALIGN_RIGHT);
	qt_table_column(t, "rent_cap", "Obergrenze EUR", QT_ALIGN_RIGHT);
	for (size_t k = q->offers_at[m]; k < q->offers_at[m + 1]; k++) {
		const qt_offer *o = &s->offer[q->offers[k].offer];
		char label[8];
		qt_period_label(s->start_year, s->start_q, o->period, label);
		qt_table_text(t, o->id);
		qt_table_text(t, label);
		qt_table_text(t, qt_class_names[o->hclass]);
		qt_table_int(t, o->units);
		qt_table_int(t, q->offers[k].households);
		qt_table_int(t, q->offers[k].persons);
		qt_table_fixed(t, o->rent, 2);
		if (o->cap < 0)
			qt_table_text(t, "");
		else
			qt_table_fixed(t, o->cap, 2);
	}
	qt_table_note(t, "Haushalt: Haushaltsgröße (Personen); Miete und Mietobergrenze in Euro je Monat.");
	return finish(out, t);
}

/* A cell of an overview matrix; in text a quota carries "*" for a tie and "!" for the paradox. */
static void overview_cell(qt_table *t, long v, unsigned notes, int marks)
{
	if (!marks || !(notes & (QT_NOTE_TIE | QT_NOTE_PARADOX))) {
		qt_table_int(t, v);
		return;
	}
	qt_table_textf(t, "%ld%s%s", v, notes & QT_NOTE_TIE ? "*" : "", notes & QT_NOTE_PARADOX ? "!" : "");
}

/* Municipalities x periods: the cumulative quota, or with balance = 1 the plan's cumulative
 * placements minus the quota. The last row sums every column. */
static int overview_table(qt_table **out, const qt_quota_sheets *q, int balance, int marks)
{
	*out = NULL;
	const qt_scenario *s = q->s;
	const int T = s->T;
	qt_table *t;
	int rc = new_table(&t, balance ? "uebersicht-saldo" : "uebersicht",
			   balance ? "Saldo je Gemeinde: vermittelt kumuliert minus Quote kumuliert (Personen)"
				   : "Übersicht: Quote kumuliert je Gemeinde und Quartal (Personen)");
	if (rc)
		return rc;
	qt_table_column(t, "municipality_id", "AGS", QT_ALIGN_LEFT);
	qt_table_column(t, "municipality", "Gemeinde", QT_ALIGN_LEFT);
	qt_table_column(t, "share_percent", "Anteil %", QT_ALIGN_RIGHT);
	for (int period = 1; period <= T; period++) {
		char label[8];
		qt_period_label(s->start_year, s->start_q, period, label);
		qt_table_column(t, label, label, QT_ALIGN_RIGHT);
	}
	long sum[QT_MAX_PERIODS + 1] = { 0 };
	double share = 0;
	for (int m = 0; m < s->n_muni; m++) {
		qt_table_text(t, s->muni[m].id);
		qt_table_text(t, s->muni[m].name);
		qt_table_fixed(t, 100.0 * q->Q.share[m], 4);
		share += q->Q.share[m];
		for (int period = 1; period <= T; period++) {
			size_t i = QT_IX(m, period, T);
			long v = balance ? q->placed[i].cumulative - q->Q.q[i] : q->Q.q[i];
			sum[period] += v;
			overview_cell(t, v, balance ? 0 : qt_sheet_notes(q, m, period), marks);
		}
	}
	qt_table_text(t, "");
	qt_table_text(t, "Summe");
	qt_table_fixed(t, 100.0 * share, 4);
	for (int period = 1; period <= T; period++)
		qt_table_int(t, sum[period]);
	if (marks && !balance) {
		qt_table_note(t, "Summe je Quartal = N(t), die bis dahin im Kreis verteilten Personen. "
				 "* Gleichstand, ! Alabama-Paradoxon (siehe Gemeindeblatt).");
	} else if (marks) {
		qt_table_note(t, "Positiv: Mehraufnahme, negativ: Rückstand gegenüber der Quote.");
	}
	return finish(out, t);
}

/* ---- JSON (SCENARIO.md, "quartier quota FILE --format json") ---- */

static cJSON *jfail(cJSON *partial)
{
	cJSON_Delete(partial);
	return NULL;
}

/* Periods 1..T of a row of any of the quota or plan arrays, through an accessor. */
typedef long (*series_fn)(const qt_quota_sheets *q, int m, int t);

static cJSON *jseries(const qt_quota_sheets *q, int m, series_fn f, int boolean)
{
	cJSON *a = cJSON_CreateArray();
	for (int t = 1; a && t <= q->s->T; t++) {
		long v = f(q, m, t);
		if (qt_json_push(a, boolean ? cJSON_CreateBool(v != 0) : cJSON_CreateNumber((double)v)))
			return jfail(a);
	}
	return a;
}

#define IX(q, m, t) QT_IX(m, t, (q)->s->T)
static long f_credit(const qt_quota_sheets *q, int m, int t) { return q->Q.credit[IX(q, m, t)]; }
static long f_quota(const qt_quota_sheets *q, int m, int t) { return q->Q.q[IX(q, m, t)]; }
static long f_incr(const qt_quota_sheets *q, int m, int t) { return q->Q.q[IX(q, m, t)] - qt_sheet_quota(q, m, t - 1); }
static long f_tie(const qt_quota_sheets *q, int m, int t) { return q->Q.tie[IX(q, m, t)]; }
static long f_paradox(const qt_quota_sheets *q, int m, int t) { return q->Q.paradox[IX(q, m, t)]; }
static long f_own(const qt_quota_sheets *q, int m, int t) { return q->placed[IX(q, m, t)].own; }
static long f_kombi(const qt_quota_sheets *q, int m, int t) { return q->placed[IX(q, m, t)].kombi; }
static long f_offers(const qt_quota_sheets *q, int m, int t) { return q->placed[IX(q, m, t)].offers; }
static long f_cum(const qt_quota_sheets *q, int m, int t) { return q->placed[IX(q, m, t)].cumulative; }
static long f_under(const qt_quota_sheets *q, int m, int t) { return q->p->under[IX(q, m, t)]; }
static long f_over(const qt_quota_sheets *q, int m, int t) { return q->p->over[IX(q, m, t)]; }
static long f_distributed(const qt_quota_sheets *q, int m, int t)
{
	(void)m;
	return q->Q.N[t];
}
#undef IX

static cJSON *json_offer(const qt_quota_sheets *q, const qt_sheet_offer *so)
{
	const qt_offer *o = &q->s->offer[so->offer];
	char label[8];
	qt_period_label(q->s->start_year, q->s->start_q, o->period, label);
	cJSON *j = cJSON_CreateObject();
	if (!j || qt_json_add(j, "id", cJSON_CreateString(o->id)) || qt_json_add(j, "period", cJSON_CreateString(label)) ||
	    qt_json_add(j, "household", cJSON_CreateString(qt_class_names[o->hclass])) ||
	    qt_json_add(j, "units", cJSON_CreateNumber(o->units)) ||
	    qt_json_add(j, "households", cJSON_CreateNumber((double)so->households)) ||
	    qt_json_add(j, "persons", cJSON_CreateNumber((double)so->persons)) ||
	    qt_json_add(j, "rent", cJSON_CreateNumber(o->rent)) ||
	    qt_json_add(j, "rent_cap", o->cap < 0 ? cJSON_CreateNull() : cJSON_CreateNumber(o->cap)))
		return jfail(j);
	return j;
}

static int json_plan_part(cJSON *j, const qt_quota_sheets *q, int m)
{
	cJSON *placed = cJSON_CreateObject();
	if (qt_json_add(j, "placed", placed) || qt_json_add(placed, "own", jseries(q, m, f_own, 0)) ||
	    qt_json_add(placed, "kombimodell", jseries(q, m, f_kombi, 0)) ||
	    qt_json_add(placed, "offers", jseries(q, m, f_offers, 0)) ||
	    qt_json_add(j, "placed_cumulative", jseries(q, m, f_cum, 0)) || qt_json_add(j, "under", jseries(q, m, f_under, 0)) ||
	    qt_json_add(j, "over", jseries(q, m, f_over, 0)))
		return -1;
	cJSON *offers = cJSON_CreateArray();
	if (qt_json_add(j, "offers_used", offers))
		return -1;
	for (size_t k = q->offers_at[m]; k < q->offers_at[m + 1]; k++)
		if (qt_json_push(offers, json_offer(q, &q->offers[k])))
			return -1;
	return 0;
}

static cJSON *json_muni(const qt_quota_sheets *q, int m)
{
	const qt_muni *mu = &q->s->muni[m];
	cJSON *j = cJSON_CreateObject();
	if (!j || qt_json_add(j, "id", cJSON_CreateString(mu->id)) || qt_json_add(j, "name", cJSON_CreateString(name_of(q->s, m))) ||
	    qt_json_add(j, "file", cJSON_CreateString(q->stem[m])) || qt_json_add(j, "share", cJSON_CreateNumber(q->Q.share[m])) ||
	    qt_json_add(j, "credit", jseries(q, m, f_credit, 0)) || qt_json_add(j, "quota", jseries(q, m, f_quota, 0)) ||
	    qt_json_add(j, "increment", jseries(q, m, f_incr, 0)) || qt_json_add(j, "ties", jseries(q, m, f_tie, 1)) ||
	    qt_json_add(j, "paradox", jseries(q, m, f_paradox, 1)))
		return jfail(j);
	if (q->p && json_plan_part(j, q, m))
		return jfail(j);
	return j;
}

static cJSON *json_head(const qt_quota_sheets *q)
{
	const qt_scenario *s = q->s;
	cJSON *j = cJSON_CreateObject();
	if (!j || qt_json_add(j, "quartier", cJSON_CreateNumber(1)) ||
	    qt_json_add(j, "scenario", cJSON_CreateString(s->name ? s->name : "")) ||
	    qt_json_add(j, "district", cJSON_CreateString(q->district)) ||
	    qt_json_add(j, "method", cJSON_CreateString(qt_method_names[s->method])))
		return jfail(j);
	cJSON *key = cJSON_CreateObject();
	if (qt_json_add(j, "key", key))
		return jfail(j);
	double total = 0;
	for (int k = 0; k < s->n_key; k++)
		total += s->key_weight[k];
	for (int k = 0; k < s->n_key; k++)
		if (qt_json_add(key, s->key_name[k], cJSON_CreateNumber(s->key_weight[k] / total)))
			return jfail(j);
	cJSON *periods = cJSON_CreateArray();
	if (qt_json_add(j, "gu_credit_rate", cJSON_CreateNumber(s->gu_credit_rate)) || qt_json_add(j, "periods", periods))
		return jfail(j);
	for (int t = 1; t <= s->T; t++) {
		char label[8];
		qt_period_label(s->start_year, s->start_q, t, label);
		if (qt_json_push(periods, cJSON_CreateString(label)))
			return jfail(j);
	}
	if (qt_json_add(j, "distributed", jseries(q, 0, f_distributed, 0)))
		return jfail(j);
	if (q->p) {
		cJSON *plan = cJSON_CreateObject();
		if (qt_json_add(j, "plan", plan) || qt_json_add(plan, "status", cJSON_CreateString(qt_status_name(q->p->status))) ||
		    qt_json_add(plan, "gap", cJSON_CreateNumber(q->p->gap)))
			return jfail(j);
	}
	return j;
}

/* The quota object with every municipality (m < 0) or one. */
static int write_json(FILE *f, const qt_quota_sheets *q, int m)
{
	cJSON *j = json_head(q), *munis = cJSON_CreateArray();
	int bad = !j || qt_json_add(j, "municipalities", munis); /* jadd consumes munis */
	if (!j)
		cJSON_Delete(munis);
	for (int k = 0; !bad && k < q->s->n_muni; k++)
		if (m < 0 || k == m)
			bad = qt_json_push(munis, json_muni(q, k));
	if (bad) {
		cJSON_Delete(j);
		return qt_set_error(QT_ENOMEM, "out of memory");
	}
	return qt_json_write(f, j);
}

/* ---- writing one document ---- */

static int print_tables(FILE *f, qt_table **tabs, size_t n)
{
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++)
		if (tabs[i])
			rc = qt_table_print_text(f, tabs[i]);
	return rc;
}

static void free_tables(qt_table **tabs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		qt_table_free(tabs[i]);
}

/* One municipality's sheet as text: head, periods, offers (with a plan). */
static int write_sheet_text(FILE *f, const qt_quota_sheets *q, int m)
{
	qt_table *tabs[3] = { NULL, NULL, NULL };
	int rc = head_table(&tabs[0], q, m);
	if (!rc)
		rc = period_table(&tabs[1], q, m, (shape){ 0, 0 });
	if (!rc && q->p && q->offers_at[m + 1] > q->offers_at[m])
		rc = offers_table(&tabs[2], q, m);
	if (!rc)
		rc = print_tables(f, tabs, COUNT(tabs));
	if (!rc && q->p && q->offers_at[m + 1] == q->offers_at[m])
		fprintf(f, "Wohnungsangebote in %s, die der Plan belegt: keine\n\n", name_of(q->s, m));
	free_tables(tabs, COUNT(tabs));
	return rc;
}

static int write_overview_text(FILE *f, const qt_quota_sheets *q)
{
	qt_table *tabs[2] = { NULL, NULL };
	int rc = overview_table(&tabs[0], q, 0, 1);
	if (!rc && q->p)
		rc = overview_table(&tabs[1], q, 1, 1);
	if (!rc)
		rc = print_tables(f, tabs, COUNT(tabs));
	free_tables(tabs, COUNT(tabs));
	return rc;
}

static int write_text(FILE *f, const qt_quota_sheets *q, size_t which)
{
	if (which == QT_SHEET_OVERVIEW)
		return write_overview_text(f, q);
	if (which != QT_SHEET_ALL)
		return write_sheet_text(f, q, (int)which);
	int rc = 0;
	for (int m = 0; m < q->s->n_muni && !rc; m++) {
		if (m > 0)
			fputs("========================================================================\n\n", f);
		rc = write_sheet_text(f, q, m);
	}
	return rc;
}

static int write_csv(FILE *f, const qt_quota_sheets *q, size_t which)
{
	qt_table *t = NULL;
	int rc = which == QT_SHEET_OVERVIEW ? overview_table(&t, q, 0, 0)
					    : period_table(&t, q, which == QT_SHEET_ALL ? -1 : (int)which,
							   (shape){ 1, 1 });
	if (rc)
		return rc;
	rc = qt_table_print_csv(f, t);
	qt_table_free(t);
	return rc;
}

int qt_quota_sheets_write(FILE *f, const qt_quota_sheets *q, size_t which, qt_sheet_format fmt)
{
	if (!f || !q)
		return qt_set_error(QT_EINVAL, "quota sheets: no output stream or no sheets");
	if (which != QT_SHEET_OVERVIEW && which != QT_SHEET_ALL && which >= (size_t)q->s->n_muni)
		return qt_set_error(QT_EINVAL, "quota sheets: no sheet %zu", which);
	int rc;
	switch (fmt) {
	case QT_SHEET_TEXT:
		rc = write_text(f, q, which);
		break;
	case QT_SHEET_CSV:
		rc = write_csv(f, q, which);
		break;
	case QT_SHEET_JSON:
		rc = write_json(f, q, which == QT_SHEET_OVERVIEW || which == QT_SHEET_ALL ? -1 : (int)which);
		break;
	case QT_SHEET_HTML:
		rc = qt_sheet_write_html(f, q, which);
		break;
	default:
		return qt_set_error(QT_EINVAL, "quota sheets: unknown format %d", (int)fmt);
	}
	if (!rc && (fflush(f) != 0 || ferror(f)))
		rc = qt_set_error(QT_EIO, "cannot write the quota sheets: %s", strerror(errno));
	return rc;
}

/* ---- writing a directory ---- */

typedef struct {
	const qt_quota_sheets *q;
	size_t which;
	qt_sheet_format fmt;
} document;

static int write_document(FILE *f, const void *ctx)
{
	const document *d = ctx;
	return qt_quota_sheets_write(f, d->q, d->which, d->fmt);
}

static const char *const format_ext[] = { "txt", "csv", "json", "html" };

/* One document (a sheet, the overview, all sheets) in one format as dir/stem.ext. */
static int write_file(const char *dir, const char *stem, const qt_quota_sheets *q, size_t which,
		      qt_sheet_format fmt)
{
	char *path = qt_asprintf("%s/%s.%s", dir, stem, format_ext[fmt]);
	if (!path)
		return qt_set_error(QT_ENOMEM, "out of memory");
	int rc;
	if (fmt == QT_SHEET_CSV) {
		qt_table *t = NULL;
		rc = which == QT_SHEET_OVERVIEW ? overview_table(&t, q, 0, 0)
						: period_table(&t, q, which == QT_SHEET_ALL ? -1 : (int)which,
							       (shape){ 1, 1 });
		if (!rc)
			rc = qt_table_write_csv(path, t);
		qt_table_free(t);
	} else {
		rc = qt_write_atomic(path, write_document, &(document){ q, which, fmt });
	}
	free(path);
	return rc;
}

/* A table of its own file: the offers of a sheet, the balance overview. */
static int write_table_csv(const char *dir, qt_table *t)
{
	char *path = qt_asprintf("%s/%s.csv", dir, qt_table_name(t));
	int rc = path ? qt_table_write_csv(path, t) : qt_set_error(QT_ENOMEM, "out of memory");
	free(path);
	qt_table_free(t);
	return rc;
}

static int write_sheet_files(const char *dir, const qt_quota_sheets *q, int m, unsigned formats)
{
	int rc = 0;
	for (int fmt = 0; fmt < 4 && !rc; fmt++)
		if (formats & (1u << fmt))
			rc = write_file(dir, q->stem[m], q, (size_t)m, (qt_sheet_format)fmt);
	if (!rc && q->p && (formats & (1u << QT_SHEET_CSV))) {
		qt_table *t;
		rc = offers_table(&t, q, m);
		if (!rc)
			rc = write_table_csv(dir, t);
	}
	return rc;
}

static int write_summary_files(const char *dir, const qt_quota_sheets *q, unsigned formats)
{
	int rc = 0;
	for (int fmt = 0; fmt < 4 && !rc; fmt++) {
		if (!(formats & (1u << fmt)))
			continue;
		rc = write_file(dir, "uebersicht", q, QT_SHEET_OVERVIEW, (qt_sheet_format)fmt);
		if (!rc && fmt != QT_SHEET_JSON)
			rc = write_file(dir, "alle-blaetter", q, QT_SHEET_ALL, (qt_sheet_format)fmt);
	}
	if (!rc && q->p && (formats & (1u << QT_SHEET_CSV))) {
		qt_table *t;
		rc = overview_table(&t, q, 1, 0);
		if (!rc)
			rc = write_table_csv(dir, t);
	}
	return rc;
}

/* Makes the renames in dir durable; a directory that cannot be synced is no error. */
static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

int qt_quota_sheets_write_dir(const char *dir, const qt_quota_sheets *q, size_t which, unsigned formats)
{
	if (!dir || !*dir || !q)
		return qt_set_error(QT_EINVAL, "quota sheets: no directory or no sheets given");
	formats &= QT_SHEET_ALL_FORMATS;
	if (!formats)
		return qt_set_error(QT_EINVAL, "quota sheets: no format chosen");
	if (which != QT_SHEET_ALL && which >= (size_t)q->s->n_muni)
		return qt_set_error(QT_EINVAL, "quota sheets: no sheet %zu", which);
	int rc = qt_ensure_dir(dir);
	if (rc)
		return rc;
	if (which != QT_SHEET_ALL) {
		rc = write_sheet_files(dir, q, (int)which, formats);
	} else {
		for (int m = 0; m < q->s->n_muni && !rc; m++)
			rc = write_sheet_files(dir, q, m, formats);
		if (!rc)
			rc = write_summary_files(dir, q, formats);
	}
	sync_dir(dir);
	return rc;
}
