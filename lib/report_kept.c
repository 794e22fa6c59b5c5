/* The plan's reports with the Kombimodell orders a run kept from an earlier one: the solve reports
 * and a table of the committed orders (text, CSV, JSON). */
#include "report.h"
#include "report_html.h"
#include "report_kept.h"

#include <cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Period label of the quarter `lead` after label, relative to nothing but the calendar. */
static void label_after(const char *label, int lead, char buf[8])
{
	long q = qt_quarter_of(label);
	if (q < 0) {
		buf[0] = '\0';
		return;
	}
	q += lead;
	qt_period_label((int)(q / 4), (int)(q % 4) + 1, 1, buf);
}

static int kept_table(qt_table **out, const qt_scenario *s, const qt_kept_order *kept, size_t n)
{
	static const struct {
		const char *key, *label;
		qt_align align;
	} cols[] = {
		{ "id", "Kombimodell site", QT_ALIGN_LEFT },	   { "municipality", "municipality", QT_ALIGN_LEFT },
		{ "ordered_in", "ordered in", QT_ALIGN_LEFT },	   { "modules", "modules", QT_ALIGN_RIGHT },
		{ "places", "places", QT_ALIGN_RIGHT },		   { "usable_from", "usable from", QT_ALIGN_LEFT },
	};
	int rc = qt_table_new(out, "committed_orders",
			      "Committed Kombimodell orders (kept from an earlier run: being built)");
	qt_table *t = *out;
	for (size_t i = 0; !rc && i < COUNT(cols); i++)
		rc = qt_table_column(t, cols[i].key, cols[i].label, cols[i].align);
	for (size_t i = 0; !rc && i < n; i++) {
		const qt_kombi *k = NULL;
		for (int j = 0; j < s->n_kombi && !k; j++)
			if (kept[i].kombi && !strcmp(s->kombi[j].id, kept[i].kombi))
				k = &s->kombi[j];
		char period[8], usable[8];
		snprintf(period, sizeof period, "%.7s", kept[i].period);
		label_after(period, k ? k->lead : 0, usable);
		qt_table_text(t, kept[i].kombi);
		qt_table_text(t, k && k->muni >= 0 && k->muni < s->n_muni ? s->muni[k->muni].name : NULL);
		qt_table_text(t, period);
		qt_table_fixed(t, (double)kept[i].modules, 0);
		qt_table_fixed(t, k ? (double)kept[i].modules * k->ppm : NAN, 0);
		qt_table_text(t, k && *usable ? usable : NULL);
		rc = qt_table_status(t);
	}
	return rc;
}

/* The plan object of qt_report_json as a cJSON tree. */
static int plan_tree(cJSON **out, const qt_scenario *s, const qt_plan *p)
{
	int rc = qt_report_args(s, p);
	*out = rc ? NULL : qt_plan_json(s, p);
	if (!rc && !*out)
		rc = qt_set_error(QT_ENOMEM, "out of memory");
	return rc;
}

int qt_plan_json_kept(cJSON **out, const qt_scenario *s, const qt_plan *p, const qt_kept_order *kept, size_t n)
{
	int rc = plan_tree(out, s, p);
	if (rc || !n)
		return rc;
	qt_table *t = NULL;
	cJSON *rows = NULL;
	if (!(rc = kept_table(&t, s, kept, n)) && !(rc = qt_table_json(&rows, t)) &&
	    !cJSON_AddItemToObject(*out, qt_table_name(t), rows)) {
		cJSON_Delete(rows);
		rc = qt_set_error(QT_ENOMEM, "out of memory");
	}
	qt_table_free(t);
	if (rc) {
		cJSON_Delete(*out);
		*out = NULL;
	}
	return rc;
}

int qt_report_kept(FILE *f, const char *dir, qt_format format, const qt_scenario *s, const qt_plan *p,
		   const qt_kept_order *kept, size_t n)
{
	if (n && !kept)
		return qt_set_error(QT_EINVAL, "report: n kept orders but none given");
	int rc;
	switch (format) {
	case QT_FORMAT_TEXT:
		if (!f)
			return qt_set_error(QT_EINVAL, "report: no output stream");
		if ((rc = qt_report_text(f, s, p)) || !n)
			return rc;
		break;
	case QT_FORMAT_CSV:
		if ((rc = qt_report_csv_dir(dir, s, p)) || !n)
			return rc;
		break;
	case QT_FORMAT_JSON: {
		if (!f)
			return qt_set_error(QT_EINVAL, "report: no output stream");
		if (!n)
			return qt_report_json(f, s, p);
		cJSON *root;
		if ((rc = qt_plan_json_kept(&root, s, p, kept, n)))
			return rc;
		return qt_json_write(f, root);
	}
	case QT_FORMAT_HTML:
	case QT_FORMAT_XLSX:
		if (!n)
			return qt_report_file(dir, format, s, p);
		break;
	default:
		return qt_set_error(QT_EINVAL, "report: unknown format %d", (int)format);
	}
	qt_table *t = NULL;
	rc = kept_table(&t, s, kept, n);
	if (!rc && format == QT_FORMAT_CSV)
		rc = qt_table_write_in(dir, t);
	else if (!rc && (format == QT_FORMAT_HTML || format == QT_FORMAT_XLSX))
		rc = qt_report_file_with(dir, format, s, p, t);
	else if (!rc && !(rc = qt_table_note(t, "Ordered before this plan's first quarter; their cost is spent "
						"and not in the objective.")))
		rc = qt_table_print_text(f, t);
	qt_table_free(t);
	if (!rc && f && fflush(f) != 0)
		rc = qt_set_error(QT_EIO, "cannot write the report");
	return rc;
}

