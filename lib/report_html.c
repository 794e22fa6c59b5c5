/* The report page: one self-contained HTML file (inline CSS and SVG, no scripts, nothing to fetch)
 * that prints on A4 landscape. Each chart comes with the table behind it (report_charts.c); the
 * plan's summary table comes first. */
#include "html.h"
#include "i18n.h"
#include "report.h"
#include "report_charts.h"
#include "report_futures.h"
#include "report_html.h"
#include "sweep.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Rows of the site timeline per picture, so that each picture fits on one printed page. */
enum { TIMELINE_ROWS = 36 };

static const char style_page[] =
	"@page{size:A4 landscape;margin:9mm 10mm}\n"
	".blatt{width:297mm;margin:8mm auto;padding:9mm 10mm;background:#fff;box-shadow:0 1px 6px rgba(0,0,0,.35)}\n"
	"@media print{body{background:none}.blatt{width:auto;margin:0;padding:0;box-shadow:none}"
	"section.diagramm{break-before:page}}\n"
	".kopf{border-bottom:.6mm solid #1f4e79;padding-bottom:2mm;margin-bottom:3mm}\n"
	"section.diagramm h3{font-size:12pt;margin:5mm 0 1.5mm;break-after:avoid}\n"
	"figure{margin:0 0 2mm;break-inside:avoid}\n"
	"figcaption{font-size:8pt;color:#444;margin:0 0 1mm}\n"
	"svg.chart{display:block;width:100%;height:auto;max-height:165mm;break-inside:avoid}\n"
	"table.daten{font-size:7pt;line-height:1.15;margin:2mm 0;max-width:100%}\n"
	"table.daten caption{text-align:left;font-weight:600;font-size:8pt;padding:1mm 0}\n"
	"table.daten th,table.daten td{padding:.2mm 1.2mm;white-space:nowrap}\n"
	"table.daten th{white-space:normal}\n"
	"table.viele{font-size:5.5pt}table.viele th,table.viele td{padding:.1mm .6mm}\n"
	"table.daten thead{display:table-header-group}\n"
	"tr{break-inside:avoid}\n"
	"p.anm{font-size:7pt;color:#444;margin:0 0 1mm}\n"
	".fuss{column-count:1}\n";

static const char *lang_code(void) { return qt_lang_german() ? "de" : "en"; }

/* One chart with its caption, then its table. The timeline is drawn in parts of TIMELINE_ROWS. */
static int chart_section(FILE *f, const qt_chart_item *it)
{
	int rc = 0;
	if (it->c.title) {
		fputs("<section class=\"diagramm\" id=\"sec-", f);
		qt_html_esc(f, it->c.name);
		fputs("\">\n<h3>", f);
		qt_html_esc(f, qt_tr(it->c.title));
		fputs("</h3>\n<figure>\n", f);
		if (it->caption) {
			fputs("<figcaption>", f);
			qt_html_esc(f, qt_tr(it->caption));
			fputs("</figcaption>\n", f);
		}
		size_t rows = qt_table_rows(it->t), step = it->c.kind == QT_CHART_TIMELINE ? TIMELINE_ROWS : rows;
		for (size_t r = 0; !rc && (r < rows || r == 0); r += step ? step : 1) {
			qt_chart part = it->c;
			part.row0 = r;
			part.rows = step;
			rc = qt_svg_chart(f, &part);
			if (rows == 0)
				break;
		}
		fputs("</figure>\n", f);
	} else {
		fputs("<section class=\"diagramm\">\n", f);
	}
	if (!rc)
		rc = qt_table_print_html(f, it->t);
	fputs("</section>\n", f);
	return rc;
}

static int charts_page(FILE *f, const qt_charts *cs, const qt_table *head, const qt_table *extra)
{
	int rc = head ? qt_table_print_html(f, head) : 0;
	for (size_t i = 0; !rc && i < cs->n; i++)
		rc = chart_section(f, &cs->item[i]);
	if (!rc && extra) {
		fputs("<section class=\"diagramm\">\n", f);
		rc = qt_table_print_html(f, extra);
		fputs("</section>\n", f);
	}
	return rc;
}

static void page_start(FILE *f, const char *title, const char *subtitle)
{
	qt_html_start(f, lang_code(), title, style_page);
	fputs("<main class=\"blatt\">\n<div class=\"kopf\"><div class=\"kreis\">quartier</div><h1>", f);
	qt_html_esc(f, title);
	fputs("</h1><h2>", f);
	qt_html_esc(f, subtitle);
	fputs("</h2></div>\n", f);
}

static int page_end(FILE *f, int rc)
{
	fputs("<div class=\"fuss\"><p>", f);
	char *note = qt_asprintf(qt_tr("Computed with quartier %s; the same plan gives the same page."), QT_VERSION);
	qt_html_esc(f, note);
	free(note);
	fputs("</p></div>\n</main>\n", f);
	qt_html_end(f);
	if (!rc && ferror(f))
		rc = qt_set_error(QT_EIO, "cannot write the report page: %s", strerror(errno));
	return rc;
}

static char *plan_subtitle(const qt_scenario *s, const qt_plan *p)
{
	char first[8], last[8];
	qt_period_label(s->start_year, s->start_q, 1, first);
	qt_period_label(s->start_year, s->start_q, s->T, last);
	char gap[80] = "\u2013", pct[64];
	if (isfinite(p->gap))
		snprintf(gap, sizeof gap, "%s %%", qt_html_de_fixed(100.0 * p->gap, 2, pct));
	return qt_asprintf("%s \u00b7 %s\u2013%s \u00b7 %s %s \u00b7 %s %s", s->name ? s->name : "", first, last,
			   qt_tr("status"), qt_status_name(p->status), qt_tr("gap"), gap);
}

int qt_report_html_plan(FILE *f, const qt_scenario *s, const qt_plan *p, const qt_table *extra)
{
	qt_charts cs;
	int rc = qt_charts_plan(&cs, s, p);
	if (rc)
		return rc;
	qt_table *summary = NULL;
	char *sub = plan_subtitle(s, p);
	if (!sub)
		rc = qt_set_error(QT_ENOMEM, "out of memory");
	if (!rc)
		rc = qt_report_table(&summary, QT_TAB_SUMMARY, s, p);
	if (!rc) {
		page_start(f, qt_tr("Accommodation plan"), sub);
		rc = page_end(f, charts_page(f, &cs, summary, extra));
	}
	qt_table_free(summary);
	free(sub);
	qt_charts_free(&cs);
	return rc;
}

int qt_report_html_futures(FILE *f, const qt_scenario *s, const qt_plan *p, const qt_table *extra)
{
	qt_charts cs;
	int rc = qt_charts_futures(&cs, s, p);
	if (rc)
		return rc;
	char *sub = plan_subtitle(s, p);
	if (!sub)
		rc = qt_set_error(QT_ENOMEM, "out of memory");
	if (!rc) {
		page_start(f, qt_tr("Accommodation plan over futures"), sub);
		rc = page_end(f, charts_page(f, &cs, NULL, extra));
	}
	free(sub);
	qt_charts_free(&cs);
	return rc;
}

int qt_report_html_compare(FILE *f, const qt_compare_side *a, const qt_compare_side *b)
{
	qt_charts cs;
	int rc = qt_charts_compare(&cs, a, b);
	if (rc)
		return rc;
	qt_table *figures = NULL;
	char *sub = qt_asprintf("A: %s (%s) \u00b7 B: %s (%s)", a->s->name ? a->s->name : "", qt_status_name(a->p->status),
				b->s->name ? b->s->name : "", qt_status_name(b->p->status));
	if (!sub)
		rc = qt_set_error(QT_ENOMEM, "out of memory");
	if (!rc && !(rc = qt_compare_table_new(&figures, QT_COMPARE_FIGURES, NULL)))
		rc = qt_compare_rows(figures, QT_COMPARE_FIGURES, a, b, 0);
	if (!rc) {
		page_start(f, qt_tr("Two plans compared"), sub);
		rc = page_end(f, charts_page(f, &cs, figures, NULL));
	}
	qt_table_free(figures);
	free(sub);
	qt_charts_free(&cs);
	return rc;
}

int qt_report_html_sweep(FILE *f, const qt_sweep *sw)
{
	qt_charts cs;
	int rc = qt_charts_sweep(&cs, sw);
	if (rc)
		return rc;
	char *sub = qt_asprintf("%s %s \u00b7 %zu %s", qt_tr("varied:"), qt_sweep_pointer(sw), qt_sweep_count(sw),
				qt_tr("variants"));
	if (!sub) {
		qt_charts_free(&cs);
		return qt_set_error(QT_ENOMEM, "out of memory");
	}
	page_start(f, qt_tr("Sweep"), sub);
	rc = page_end(f, charts_page(f, &cs, NULL, NULL));
	free(sub);
	qt_charts_free(&cs);
	return rc;
}
