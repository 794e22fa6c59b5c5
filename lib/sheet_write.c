/* Writing the quota sheets: picks the renderer of a format for one document on a stream, and names
 * and writes the files of a sheets directory. The renderers and the figures lie below (quota_sheet.h). */
#include "quota_sheet.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The file name extension of each format; a format without one is no format of the sheets. */
static const char *const format_ext[] = {
	[QT_FORMAT_TEXT] = "txt",
	[QT_FORMAT_JSON] = "json",
	[QT_FORMAT_CSV] = "csv",
	[QT_FORMAT_HTML] = "html",
};

int qt_quota_sheets_write(FILE *f, const qt_quota_sheets *q, size_t which, qt_format format)
{
	if (!f || !q)
		return qt_set_error(QT_EINVAL, "quota sheets: no output stream or no sheets");
	if (which != QT_SHEET_OVERVIEW && which != QT_SHEET_ALL && which >= (size_t)q->s->n_muni)
		return qt_set_error(QT_EINVAL, "quota sheets: no sheet %zu", which);
	int rc;
	switch (format) {
	case QT_FORMAT_TEXT:
	case QT_FORMAT_CSV:
		rc = qt_sheet_write_tables(f, q, which, format);
		break;
	case QT_FORMAT_JSON:
		rc = qt_sheet_write_json(f, q, which == QT_SHEET_OVERVIEW || which == QT_SHEET_ALL ? -1 : (int)which);
		break;
	case QT_FORMAT_HTML:
		rc = qt_sheet_write_html(f, q, which);
		break;
	default:
		return qt_set_error(QT_EINVAL, "quota sheets: unknown format %d", (int)format);
	}
	if (!rc && (fflush(f) != 0 || ferror(f)))
		rc = qt_set_error(QT_EIO, "cannot write the quota sheets: %s", strerror(errno));
	return rc;
}

/* ---- writing a directory ---- */

typedef struct {
	const qt_quota_sheets *q;
	size_t which;
	qt_format format;
} document;

static int write_document(FILE *f, const void *ctx)
{
	const document *d = ctx;
	return qt_quota_sheets_write(f, d->q, d->which, d->format);
}

/* One document (a sheet, the overview, all sheets) in one format as dir/stem.ext. */
static int write_file(const char *dir, const char *stem, const qt_quota_sheets *q, size_t which,
		      qt_format format)
{
	char *path = qt_asprintf("%s/%s.%s", dir, stem, format_ext[format]);
	if (!path)
		return qt_set_error(QT_ENOMEM, "out of memory");
	int rc = qt_write_atomic(path, write_document, &(document){ q, which, format });
	free(path);
	return rc;
}

/* A table with a CSV file of its own (dir/NAME.csv): the offers of a sheet, the balance overview. */
typedef int (*own_table)(qt_table **out, const qt_quota_sheets *q, int m);

static int write_own_csv(const char *dir, const qt_quota_sheets *q, int m, own_table build)
{
	qt_table *t;
	int rc = build(&t, q, m);
	if (!rc)
		rc = qt_table_write_in(dir, t);
	qt_table_free(t);
	return rc;
}

static int balance_table(qt_table **out, const qt_quota_sheets *q, int m)
{
	(void)m;
	return qt_sheet_balance_table(out, q);
}

static int write_sheet_files(const char *dir, const qt_quota_sheets *q, int m, unsigned formats)
{
	int rc = 0;
	for (size_t fmt = 0; fmt < COUNT(format_ext) && !rc; fmt++)
		if (formats & (1u << fmt))
			rc = write_file(dir, q->stem[m], q, (size_t)m, (qt_format)fmt);
	if (!rc && q->p && (formats & (1u << QT_FORMAT_CSV)))
		rc = write_own_csv(dir, q, m, qt_sheet_offers_table);
	return rc;
}

static int write_summary_files(const char *dir, const qt_quota_sheets *q, unsigned formats)
{
	int rc = 0;
	for (size_t fmt = 0; fmt < COUNT(format_ext) && !rc; fmt++) {
		if (!(formats & (1u << fmt)))
			continue;
		/* the JSON overview already holds every sheet */
		rc = write_file(dir, QT_STEM_OVERVIEW, q, QT_SHEET_OVERVIEW, (qt_format)fmt);
		if (!rc && fmt != QT_FORMAT_JSON)
			rc = write_file(dir, QT_STEM_ALL, q, QT_SHEET_ALL, (qt_format)fmt);
	}
	if (!rc && q->p && (formats & (1u << QT_FORMAT_CSV)))
		rc = write_own_csv(dir, q, -1, balance_table);
	return rc;
}

/* Every file goes through qt_write_atomic, which makes its rename durable in dir. */
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
	return rc;
}

