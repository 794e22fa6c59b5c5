/* The text report: the report tables one after another as aligned text. */
#include "report_futures.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int plain_text(FILE *f, const qt_scenario *s, const qt_plan *p)
{
	static const qt_report_tab order[] = { QT_TAB_SUMMARY, QT_TAB_PERIODS, QT_TAB_GU_MATRIX,
					       QT_TAB_KOMBI,   QT_TAB_MUNI,    QT_TAB_OFFERS,
					       QT_TAB_PAYERS };
	for (size_t i = 0; i < COUNT(order); i++) {
		qt_table *t;
		int rc = qt_report_table(&t, order[i], s, p);
		if (!rc)
			rc = qt_table_print(f, t, QT_FORMAT_TEXT);
		qt_table_free(t);
		if (rc)
			return rc;
	}
	if (fflush(f) != 0 || ferror(f))
		return qt_set_error(QT_EIO, "cannot write the report");
	return 0;
}

int qt_report_text(FILE *f, const qt_scenario *s, const qt_plan *p)
{
	if (!f)
		return qt_set_error(QT_EINVAL, "report: no output stream");
	if (p && p->n_future) {
		int rc = qt_futures_report_text(f, s, p);
		if (!rc && (fflush(f) != 0 || ferror(f)))
			rc = qt_set_error(QT_EIO, "cannot write the report");
		return rc;
	}
	return plain_text(f, s, p);
}

int qt_report_future(FILE *f, const qt_scenario *s, const qt_plan *p, int i, qt_format format)
{
	if (!f || !s || !p || i < 0 || i >= p->n_future || s->n_future != p->n_future)
		return qt_set_error(QT_EINVAL, "report: no future %d in this plan", i);
	qt_scenario view;
	qt_scenario_future_view(s, i, &view);
	if (format == QT_FORMAT_JSON)
		return qt_report_json(f, &view, p->future[i]);
	if (format != QT_FORMAT_TEXT)
		return qt_set_error(QT_EINVAL, "report: one future is reported as text or JSON");
	return plain_text(f, &view, p->future[i]);
}
