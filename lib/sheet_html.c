/* The quota sheets as HTML: self-contained printable documents (inline CSS and SVG, no external
 * assets), German labels, one A4 portrait page per municipality; the overview on A4 landscape. The
 * figures and texts are the ones quota_sheet.c computes for every format. Coordinates in the SVG are
 * whole numbers, so the output does not depend on the C locale. */
#include "html.h"
#include "quota_sheet.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- small writers ---- */

#define esc qt_html_esc
#define de qt_html_de

/* <td class="n">1.234</td>; a zero is shown faint so the figures that matter stand out. */
static void num_cell(FILE *f, long v, const char *extra_class)
{
	char b[32];
	fprintf(f, "<td class=\"n%s%s%s\">%s</td>", v == 0 ? " z" : "", extra_class ? " " : "",
		extra_class ? extra_class : "", de(v, b));
}

static void period_label(const qt_quota_sheets *q, int t, char buf[8])
{
	qt_period_label(q->s->start_year, q->s->start_q, t, buf);
}

/* ---- the page style ---- */

static const char style_sheet[] =
	"@page{size:A4 portrait;margin:11mm 13mm}\n"
	".blatt{width:210mm;min-height:297mm;margin:8mm auto;padding:11mm 13mm;background:#fff;"
	"box-shadow:0 1px 6px rgba(0,0,0,.35)}\n"
	"@media print{body{background:none}.blatt{width:auto;min-height:0;margin:0;padding:0;box-shadow:none}"
	".blatt+.blatt{break-before:page}}\n"
	".kopf{display:flex;justify-content:space-between;align-items:flex-end;border-bottom:.6mm solid #1f4e79;"
	"padding-bottom:2mm;margin-bottom:2.5mm}\n"
	".ags{font-size:9pt;color:#555;margin-left:2mm}\n"
	".eckdaten{display:grid;grid-template-columns:auto 1fr auto 1fr;gap:.3mm 3mm;margin:0 0 2.5mm;font-size:8pt}\n"
	".eckdaten dt{color:#555}.eckdaten dd{margin:0}.eckdaten dd.breit{grid-column:2 / 5}\n"
	".kennzahlen{display:flex;gap:3mm;margin:0 0 3mm}\n"
	".kz{flex:1;border:.3mm solid #b7c7da;border-radius:1.5mm;padding:.8mm 2mm;background:#f6f9fc}\n"
	".kz b{display:block;font-size:12pt}.kz span{font-size:7pt;line-height:1.15;color:#444}\n"
	".kz.rueck b{color:#b00020}.kz.mehr b{color:#1b7a33}\n"
	"table.quartale{width:100%;font-size:8.5pt}\n"
	"table.quartale thead tr.gruppe th{text-align:center;background:#dfe7f1;border-bottom:.2mm solid #fff}\n"
	"tr.paradox td{background:#fde4e4}tr.gleich td{background:#fff6d6}\n"
	"td.rueck{color:#b00020;font-weight:600}td.mehr{color:#1b7a33}\n"
	"td.hinweis{font-size:6.5pt;line-height:1.1}\n"
	"tr{break-inside:avoid}h3{break-after:avoid}\n"
	"figure{margin:3mm 0 0}figcaption{font-size:7.5pt;color:#444}\n"
	"svg{display:block;width:100%;height:auto}\n"
	".angebote{display:flex;gap:2.5mm;align-items:flex-start}\n"
	".angebote table{font-size:6.5pt;line-height:1.2}\n"
	".angebote th,.angebote td{padding:.1mm .7mm;white-space:nowrap}\n"
	".keine{font-size:8pt;color:#555;margin:0}\n"
	".dicht table.quartale{font-size:7.5pt}.dicht table.quartale td,.dicht table.quartale th{padding:.2mm 1mm}\n"
	".dicht figure svg{max-height:32mm}\n"
	".plan table.quartale{font-size:7.5pt}.plan table.quartale th,.plan table.quartale td{padding:.25mm .5mm}\n";

static const char style_overview[] =
	"@page{size:A4 landscape;margin:9mm 10mm}\n"
	".blatt{width:297mm;min-height:210mm;margin:8mm auto;padding:9mm 10mm;background:#fff;"
	"box-shadow:0 1px 6px rgba(0,0,0,.35)}\n"
	"@media print{body{background:none}.blatt{width:auto;min-height:0;margin:0;padding:0;box-shadow:none}"
	".seite{break-before:page}}\n"
	".blatt h2{font-size:9pt}\n"
	"table.matrix{font-size:7pt;line-height:1.15;width:100%}\n"
	"table.matrix td,table.matrix th{padding:.1mm 1mm}\n"
	"table.matrix thead{display:table-header-group}\n"
	"td.gleich{background:#fff2b8}td.paradox{background:#fbd0d0}\n"
	"td.rueck{color:#b00020}td.mehr{color:#1b7a33}\n";

/* ---- the bar chart ---- */

/* Cumulative quota (and, with a plan, cumulative placements) per period as grouped bars. The view
 * box is 1400 x 360 units; everything is placed on whole units. */
static void chart(FILE *f, const qt_quota_sheets *q, int m)
{
	const int T = q->s->T, W = 1400, H = 300, X0 = 96, X1 = 1388, Y0 = 44, Y1 = 250;
	long top = 0;
	for (int t = 1; t <= T; t++) {
		long v = qt_sheet_quota(q, m, t);
		if (q->p && q->placed[QT_IX(m, t, T)].cumulative > v)
			v = q->placed[QT_IX(m, t, T)].cumulative;
		if (v > top)
			top = v;
	}
	long step = qt_html_nice_step(top > 0 ? (double)top / 4.0 : 1.0);
	long ymax = step * ((top + step - 1) / step);
	if (ymax <= 0)
		ymax = step;
	fprintf(f, "<svg viewBox=\"0 0 %d %d\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" "
		   "font-family=\"DejaVu Sans,Liberation Sans,Arial,sans-serif\">\n",
		W, H);
	fputs(q->p ? "<title>Quote kumuliert und vermittelt kumuliert je Quartal</title>\n"
		   : "<title>Quote kumuliert je Quartal</title>\n",
	      f);
	char b[32];
	for (long v = 0; v <= ymax; v += step) {
		int y = Y1 - (int)((double)(Y1 - Y0) * (double)v / (double)ymax + 0.5);
		fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>"
			   "<text x=\"%d\" y=\"%d\" font-size=\"22\" text-anchor=\"end\" fill=\"#444\">%s</text>\n",
			X0, y, X1, y, v == 0 ? "#444" : "#d0d0d0", X0 - 10, y + 8, de(v, b));
	}
	int gw = (X1 - X0) / T;
	int bars = q->p ? 2 : 1;
	int bw = bars == 2 ? gw * 36 / 100 : gw * 56 / 100;
	if (bw < 2)
		bw = 2;
	int every = T <= 24 ? 1 : (T + 23) / 24;
	for (int t = 1; t <= T; t++) {
		long v[2] = { qt_sheet_quota(q, m, t), q->p ? q->placed[QT_IX(m, t, T)].cumulative : 0 };
		int gx = X0 + (t - 1) * gw + (gw - bars * bw - (bars - 1) * gw / 20) / 2;
		for (int k = 0; k < bars; k++) {
			int h = (int)((double)(Y1 - Y0) * (double)v[k] / (double)ymax + 0.5);
			fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s</title></rect>",
				gx + k * (bw + gw / 20), Y1 - h, bw, h, k == 0 ? "#1f4e79" : "#e69138", de(v[k], b));
		}
		char label[8];
		period_label(q, t, label);
		if ((t - 1) % every == 0)
			fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" text-anchor=\"middle\" fill=\"#333\">%s</text>",
				X0 + (t - 1) * gw + gw / 2, Y1 + 30, T <= 12 ? 21 : 18, T <= 12 ? label : label + 2);
		fputc('\n', f);
	}
	fprintf(f, "<rect x=\"%d\" y=\"6\" width=\"22\" height=\"22\" fill=\"#1f4e79\"/>"
		   "<text x=\"%d\" y=\"25\" font-size=\"22\" fill=\"#222\">Quote kumuliert</text>\n",
		X0, X0 + 30);
	if (q->p)
		fprintf(f, "<rect x=\"%d\" y=\"6\" width=\"22\" height=\"22\" fill=\"#e69138\"/>"
			   "<text x=\"%d\" y=\"25\" font-size=\"22\" fill=\"#222\">laut Plan vermittelt kumuliert</text>\n",
			X0 + 260, X0 + 290);
	fputs("</svg>\n", f);
}

/* ---- one sheet ---- */

/* Scenario, span, method and key, each after its lead-in: a sheet lists them as facts, the overview
 * as its subtitle. */
static void scenario_texts(FILE *f, const qt_quota_sheets *q, const char *const lead[4])
{
	char span[64], key[512];
	const char *text[] = { q->s->name, qt_sheet_span_text(q, span, sizeof span), qt_sheet_method_text(q),
			       qt_sheet_key_text(q, key, sizeof key) };
	for (size_t i = 0; i < COUNT(text); i++) {
		fputs(lead[i], f);
		esc(f, text[i]);
	}
}

static void head(FILE *f, const qt_quota_sheets *q, int m)
{
	const qt_muni *mu = &q->s->muni[m];
	char buf[512];
	fputs("<div class=\"kopf\"><div><div class=\"kreis\">", f);
	esc(f, q->district);
	fputs("</div><h1>AU-Quotenblatt: Aufnahme in die Anschlussunterbringung</h1><h2>", f);
	esc(f, mu->name);
	fputs("<span class=\"ags\">Gemeindeschlüssel ", f);
	esc(f, mu->id);
	fputs("</span></h2></div></div>\n<dl class=\"eckdaten\">", f);
	static const char *const lead[] = { "<dt>Szenario</dt><dd>", "</dd><dt>Zeitraum</dt><dd>",
					    "</dd><dt>Verfahren</dt><dd>", "</dd><dt>Schlüssel</dt><dd>" };
	scenario_texts(f, q, lead);
	fputs("</dd><dt>Anrechnung</dt><dd class=\"breit\">", f);
	esc(f, qt_sheet_credit_text(q, m, buf, sizeof buf));
	fputs("</dd></dl>\n", f);
}

/* The figures a reader looks for first: share, quota at the end, and with a plan where the
 * municipality stands at the end. */
static void key_figures(FILE *f, const qt_quota_sheets *q, int m)
{
	const int T = q->s->T;
	char b[32], last[8], pct[32];
	period_label(q, T, last);
	qt_format_fixed(pct, sizeof pct, 100.0 * q->Q.share[m], 4, ',');
	fprintf(f, "<div class=\"kennzahlen\"><div class=\"kz\"><b>%s %%</b><span>Schlüsselanteil</span></div>", pct);
	fprintf(f, "<div class=\"kz\"><b>%s</b><span>Quote kumuliert bis %s (Personen)</span></div>",
		de(qt_sheet_quota(q, m, T), b), last);
	fprintf(f, "<div class=\"kz\"><b>%s</b><span>Anrechnung im Quartal %s</span></div>",
		de(q->Q.credit[QT_IX(m, T, T)], b), last);
	if (q->p) {
		size_t i = QT_IX(m, T, T);
		fprintf(f, "<div class=\"kz\"><b>%s</b><span>laut Plan vermittelt bis %s</span></div>",
			de(q->placed[i].cumulative, b), last);
		long under = q->p->under[i], over = q->p->over[i];
		fprintf(f, "<div class=\"kz %s\"><b>%s</b><span>%s am Ende</span></div>",
			under > 0 ? "rueck" : over > 0 ? "mehr" : "", de(under > 0 ? under : over, b),
			under > 0 ? "Rückstand" : "Mehraufnahme");
	}
	fputs("</div>\n", f);
}

static void period_table(FILE *f, const qt_quota_sheets *q, int m)
{
	const int T = q->s->T;
	fputs("<table class=\"quartale\">\n<thead>\n", f);
	if (q->p)
		fputs("<tr class=\"gruppe\"><th></th><th colspan=\"4\">Quote (Personen)</th>"
		      "<th colspan=\"5\">laut Plan vermittelt (Personen)</th><th colspan=\"2\">Stand</th><th></th></tr>\n",
		      f);
	fputs("<tr><th class=\"l\">Quartal</th><th>im Kreis verteilt</th><th>Anrech&shy;nung</th>"
	      "<th>Quote kumuliert</th><th>Zuwachs</th>",
	      f);
	if (q->p)
		fputs("<th>eigene Plätze</th><th>Kombi&shy;modell</th><th>Woh&shy;nungen</th><th>im Quartal</th>"
		      "<th>kumuliert</th><th>Rückstand</th><th>Mehr&shy;aufnahme</th>",
		      f);
	fputs("<th class=\"l\">Hinweis</th></tr>\n</thead>\n<tbody>\n", f);
	for (int t = 1; t <= T; t++) {
		size_t i = QT_IX(m, t, T);
		unsigned notes = qt_sheet_notes(q, m, t);
		char label[8], words[96];
		period_label(q, t, label);
		fprintf(f, "<tr%s><td class=\"l\">%s</td>",
			notes & QT_NOTE_PARADOX ? " class=\"paradox\"" : notes & QT_NOTE_TIE ? " class=\"gleich\"" : "",
			label);
		num_cell(f, q->Q.N[t], NULL);
		num_cell(f, q->Q.credit[i], NULL);
		num_cell(f, q->Q.q[i], NULL);
		num_cell(f, q->Q.q[i] - qt_sheet_quota(q, m, t - 1), NULL);
		if (q->p) {
			const qt_placed *pl = &q->placed[i];
			num_cell(f, pl->own, NULL);
			num_cell(f, pl->kombi, NULL);
			num_cell(f, pl->offers, NULL);
			num_cell(f, pl->own + pl->kombi + pl->offers, NULL);
			num_cell(f, pl->cumulative, NULL);
			num_cell(f, q->p->under[i], q->p->under[i] > 0 ? "rueck" : NULL);
			num_cell(f, q->p->over[i], q->p->over[i] > 0 ? "mehr" : NULL);
		}
		fputs("<td class=\"l hinweis\">", f);
		esc(f, qt_sheet_notes_text(notes, words, sizeof words));
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody>\n</table>\n", f);
}

/* The used flat offers, split into up to four side-by-side tables so a long list still fits. */
static void offers(FILE *f, const qt_quota_sheets *q, int m)
{
	const qt_scenario *s = q->s;
	size_t a = q->offers_at[m], n = q->offers_at[m + 1] - a;
	fputs("<h3>Wohnungsangebote, die der Plan belegt (vom Landkreis an die Gemeinde weiterzuleiten)</h3>\n", f);
	if (n == 0) {
		fputs("<p class=\"keine\">Keine: der Plan belegt in dieser Gemeinde keine Wohnungsangebote.</p>\n", f);
		return;
	}
	size_t cols = n <= 12 ? 1 : n <= 36 ? 2 : n <= 66 ? 3 : 4;
	size_t per = (n + cols - 1) / cols;
	fputs("<div class=\"angebote\">", f);
	for (size_t c = 0; c < cols; c++) {
		fputs("<table><thead><tr><th class=\"l\">Angebot</th><th class=\"l\">Quartal</th><th>Größe</th>"
		      "<th>belegt</th><th>Miete €</th></tr></thead><tbody>",
		      f);
		for (size_t k = a + c * per; k < a + n && k < a + (c + 1) * per; k++) {
			const qt_offer *o = &s->offer[q->offers[k].offer];
			char label[8], rent[32];
			period_label(q, o->period, label);
			fputs("<tr><td class=\"l\">", f);
			esc(f, o->id);
			fprintf(f, "</td><td class=\"l\">%s</td><td class=\"n\">%s</td><td class=\"n\">%ld/%d</td>",
				label, qt_class_names[o->hclass], q->offers[k].households, o->units);
			fprintf(f, "<td class=\"n\">%s</td></tr>", qt_format_fixed(rent, sizeof rent, o->rent, 2, ','));
		}
		fputs("</tbody></table>", f);
	}
	fputs("</div>\n", f);
}

static void footer(FILE *f, const qt_quota_sheets *q)
{
	fputs("<div class=\"fuss\">", f);
	for (size_t i = 0; qt_sheet_legend[i]; i++) {
		fputs("<p>", f);
		esc(f, qt_sheet_legend[i]);
		fputs("</p>", f);
	}
	for (size_t i = 0; q->p && qt_sheet_legend_plan[i]; i++) {
		fputs("<p>", f);
		esc(f, qt_sheet_legend_plan[i]);
		fputs("</p>", f);
	}
	if (q->p)
		fputs("<p>Wohnungsangebote: Größe = Haushaltsgröße (Personen); belegt = belegte von angebotenen "
		      "Wohnungen; Miete in Euro je Monat, innerhalb der Mietobergrenze.</p>",
		      f);
	fputs("<p>Berechnet mit quartier " QT_VERSION " aus dem Szenario; gleiche Eingaben ergeben das gleiche "
	      "Blatt.</p></div>\n",
	      f);
}

static void sheet(FILE *f, const qt_quota_sheets *q, int m)
{
	size_t n_offers = q->p ? q->offers_at[m + 1] - q->offers_at[m] : 0;
	int dense = q->s->T > 16 || n_offers > 36;
	fprintf(f, "<section class=\"blatt%s%s\" id=\"", q->p ? " plan" : "", dense ? " dicht" : "");
	esc(f, q->stem[m]);
	fputs("\">\n", f);
	head(f, q, m);
	key_figures(f, q, m);
	period_table(f, q, m);
	fputs("<figure>\n", f);
	chart(f, q, m);
	fputs(q->p ? "<figcaption>Quote kumuliert (blau) und laut Plan vermittelte Personen kumuliert (orange) "
		     "je Quartal.</figcaption>\n"
		   : "<figcaption>Quote kumuliert je Quartal (Personen).</figcaption>\n",
	      f);
	fputs("</figure>\n", f);
	if (q->p)
		offers(f, q, m);
	footer(f, q);
	fputs("</section>\n", f);
}

/* ---- the overview ---- */

static void matrix(FILE *f, const qt_quota_sheets *q, int balance)
{
	const qt_scenario *s = q->s;
	const int T = s->T;
	char b[32], pct[32], label[8];
	fputs("<table class=\"matrix\">\n<thead><tr><th class=\"l\">AGS</th><th class=\"l\">Gemeinde</th>"
	      "<th>Anteil %</th>",
	      f);
	for (int t = 1; t <= T; t++) {
		period_label(q, t, label);
		fprintf(f, "<th>%s</th>", label);
	}
	fputs("</tr></thead>\n<tbody>\n", f);
	long sum[QT_MAX_PERIODS + 1] = { 0 };
	double share = 0;
	for (int m = 0; m < s->n_muni; m++) {
		fputs("<tr><td class=\"l\">", f);
		esc(f, s->muni[m].id);
		fputs("</td><td class=\"l\">", f);
		esc(f, s->muni[m].name);
		fprintf(f, "</td><td class=\"n\">%s</td>", qt_format_fixed(pct, sizeof pct, 100.0 * q->Q.share[m], 4, ','));
		share += q->Q.share[m];
		for (int t = 1; t <= T; t++) {
			long v = qt_sheet_overview_value(q, m, t, balance);
			unsigned notes = balance ? 0 : qt_sheet_notes(q, m, t);
			sum[t] += v;
			num_cell(f, v,
				 balance ? (v < 0 ? "rueck" : v > 0 ? "mehr" : NULL)
					 : notes & QT_NOTE_PARADOX ? "paradox" : notes & QT_NOTE_TIE ? "gleich" : NULL);
		}
		fputs("</tr>\n", f);
	}
	fprintf(f, "<tr class=\"sum\"><td></td><td class=\"l\">Summe</td><td class=\"n\">%s</td>",
		qt_format_fixed(pct, sizeof pct, 100.0 * share, 4, ','));
	for (int t = 1; t <= T; t++)
		fprintf(f, "<td class=\"n\">%s</td>", de(sum[t], b));
	fputs("</tr>\n</tbody>\n</table>\n", f);
}

static void overview(FILE *f, const qt_quota_sheets *q)
{
	static const char *const lead[] = { "", " · ", " · ", " · Schlüssel " };
	fputs("<section class=\"blatt\">\n<div class=\"kreis\">", f);
	esc(f, q->district);
	fputs("</div><h1>Übersicht der AU-Quoten aller Gemeinden</h1>\n<h2>", f);
	scenario_texts(f, q, lead);
	fputs("</h2>\n", f);
	matrix(f, q, 0);
	fputs("<div class=\"fuss\"><p>Quote kumuliert in Personen; die Summe je Quartal ist N(t), die bis dahin im "
	      "Kreis verteilten Personen. Gelb: Gleichstand nach der Regel entschieden; rot: Alabama-Paradoxon "
	      "(siehe Gemeindeblatt).</p></div>\n",
	      f);
	if (q->p) {
		fputs("<div class=\"seite\"><h1>Saldo laut Plan: vermittelt kumuliert minus Quote kumuliert</h1>\n", f);
		matrix(f, q, 1);
		fputs("<div class=\"fuss\"><p>Positiv (grün): Mehraufnahme; negativ (rot): Rückstand gegenüber der "
		      "Quote.</p></div></div>\n",
		      f);
	}
	fputs("</section>\n", f);
}

/* ---- documents ---- */

int qt_sheet_write_html(FILE *f, const qt_quota_sheets *q, size_t which)
{
	char *title;
	if (which == QT_SHEET_OVERVIEW)
		title = qt_asprintf("Übersicht der AU-Quoten – %s", q->district);
	else if (which == QT_SHEET_ALL)
		title = qt_asprintf("AU-Quotenblätter – %s", q->district);
	else
		title = qt_asprintf("AU-Quotenblatt %s – %s", q->s->muni[which].name ? q->s->muni[which].name : "",
				    q->district);
	if (!title)
		return qt_set_error(QT_ENOMEM, "out of memory");
	qt_html_start(f, "de", title, which == QT_SHEET_OVERVIEW ? style_overview : style_sheet);
	free(title);
	if (which == QT_SHEET_OVERVIEW)
		overview(f, q);
	else if (which == QT_SHEET_ALL)
		for (int m = 0; m < q->s->n_muni; m++)
			sheet(f, q, m);
	else
		sheet(f, q, (int)which);
	qt_html_end(f);
	return ferror(f) ? qt_set_error(QT_EIO, "cannot write the quota sheets: %s", strerror(errno)) : 0;
}
