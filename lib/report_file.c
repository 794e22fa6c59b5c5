/* A plan, a comparison or a sweep as one file, HTML or XLSX, written whole or not at all. */
#include "report.h"
#include "report_html.h"
#include "sweep.h"

/* What is written: a plan (b NULL), two plans, or a sweep. */
typedef struct {
	qt_format format;
	const qt_compare_side *a, *b;
	const qt_sweep *sw;
	const qt_table *extra; /* a plan's further table, or NULL */
} job;

static int write_html(FILE *f, const void *ctx)
{
	const job *j = ctx;
	if (j->sw)
		return qt_report_html_sweep(f, j->sw);
	return j->b ? qt_report_html_compare(f, j->a, j->b) : qt_report_html_plan(f, j->a->s, j->a->p, j->extra);
}

static int write_xlsx(const char *path, const void *ctx)
{
	const job *j = ctx;
	if (j->sw)
		return qt_report_xlsx_sweep(path, j->sw);
	return j->b ? qt_report_xlsx_compare(path, j->a, j->b) : qt_report_xlsx_plan(path, j->a->s, j->a->p, j->extra);
}

static int write_job(const char *path, const job *j)
{
	if (!path || !*path)
		return qt_set_error(QT_EINVAL, "report: no file given");
	if (j->format == QT_FORMAT_HTML)
		return qt_write_atomic(path, write_html, j);
	if (j->format == QT_FORMAT_XLSX)
		return qt_write_atomic_named(path, write_xlsx, j);
	return qt_set_error(QT_EINVAL, "report: a file is written as html or xlsx, not format %d", (int)j->format);
}

int qt_report_file_with(const char *path, qt_format format, const qt_scenario *s, const qt_plan *p,
			const qt_table *extra)
{
	int rc = qt_report_args(s, p);
	qt_compare_side a = { s, p, 0 };
	job j = { format, &a, NULL, NULL, extra };
	return rc ? rc : write_job(path, &j);
}

int qt_report_file(const char *path, qt_format format, const qt_scenario *s, const qt_plan *p)
{
	return qt_report_file_with(path, format, s, p, NULL);
}

int qt_report_compare_file(const char *path, qt_format format, const qt_scenario *sa, const qt_plan *pa,
			   const qt_scenario *sb, const qt_plan *pb)
{
	int rc = qt_report_args(sa, pa);
	if (!rc)
		rc = qt_report_args(sb, pb);
	if (!rc && (pa->n_future || pb->n_future))
		rc = qt_set_error(QT_EINPUT, "compare: plans over futures are written as text, json or csv, not as a "
				  "page or workbook");
	qt_compare_side a = { sa, pa, 0 }, b = { sb, pb, 0 };
	job j = { format, &a, &b, NULL, NULL };
	return rc ? rc : write_job(path, &j);
}

int qt_report_sweep_file(const char *path, qt_format format, const qt_sweep *sw)
{
	if (!sw || qt_sweep_count(sw) == 0)
		return qt_set_error(QT_EINVAL, "report: an empty sweep");
	if (qt_sweep_futures(sw))
		return qt_set_error(QT_EINPUT, "sweep: a sweep over futures is written as text, csv or json, not as a "
				    "page or workbook");
	job j = { format, NULL, NULL, sw, NULL };
	return write_job(path, &j);
}
