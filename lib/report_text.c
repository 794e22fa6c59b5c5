/* The text report: the report tables one after another as aligned text. */
#include "report.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

int qt_report_text(FILE *f, const qt_scenario *s, const qt_plan *p)
{
	static const qt_report_tab order[] = { QT_TAB_SUMMARY, QT_TAB_PERIODS, QT_TAB_GU_MATRIX,
					       QT_TAB_KOMBI,   QT_TAB_MUNI,    QT_TAB_OFFERS,
					       QT_TAB_PAYERS };
	if (!f)
		return qt_set_error(QT_EINVAL, "report: no output stream");
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
