/* The CSV report: the tables of the text report, one file each, for German spreadsheets. */
#include "report_futures.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int write_table(const char *dir, qt_report_tab id, const qt_scenario *s, const qt_plan *p)
{
	qt_table *t;
	int rc = qt_report_table(&t, id, s, p);
	if (rc)
		return rc;
	rc = qt_table_write_in(dir, t);
	qt_table_free(t);
	return rc;
}

int qt_report_csv_dir(const char *dir, const qt_scenario *s, const qt_plan *p)
{
	static const qt_report_tab order[] = { QT_TAB_SUMMARY, QT_TAB_PERIODS, QT_TAB_GU_LONG,
					       QT_TAB_KOMBI,   QT_TAB_MUNI,    QT_TAB_OFFERS,
					       QT_TAB_PAYERS };
	if (!dir || !*dir)
		return qt_set_error(QT_EINVAL, "report: no directory given");
	if (p && p->n_future)
		return qt_futures_report_csv_dir(dir, s, p);
	int rc = qt_report_args(s, p);
	if (!rc)
		rc = qt_ensure_dir(dir);
	for (size_t i = 0; !rc && i < sizeof order / sizeof order[0]; i++)
		rc = write_table(dir, order[i], s, p);
	return rc;
}
