/*
 * A scenario written out (README, "Scenarios as spreadsheets"): as a workbook or a directory of
 * CSV files, whole or not at all, and as canonical JSON to compare two scenarios by.
 */
#include "scenario_book.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static bool is_xlsx(const char *path)
{
	size_t n = strlen(path);
	return n >= 5 && strcasecmp(path + n - 5, ".xlsx") == 0;
}

/* The workbook at a temporary name next to path, renamed when whole. */
static int write_xlsx(const qt_book *b, const char *path)
{
	char *tmp = qt_asprintf("%s.tmp.XXXXXX", path);
	if (!tmp)
		return qt_set_error(QT_ENOMEM, "out of memory");
	int fd = mkstemp(tmp);
	if (fd < 0) {
		int rc = qt_set_error(QT_EIO, "cannot create a file next to %s: %s", path, strerror(errno));
		free(tmp);
		return rc;
	}
	close(fd);
	int rc = qt_book_write_xlsx(b, tmp);
	if (!rc && (chmod(tmp, 0644) != 0 || rename(tmp, path) != 0))
		rc = qt_set_error(QT_EIO, "cannot write %s: %s", path, strerror(errno));
	if (rc)
		unlink(tmp);
	free(tmp);
	return rc;
}

/* Removes the files of a directory written by write_csv and the directory. */
static void remove_csv_dir(const char *dir, const qt_book *b)
{
	for (int i = 0; i < b->n; i++) {
		char *p = qt_asprintf("%s/%s.csv", dir, b->sheet[i].name);
		if (p)
			unlink(p);
		free(p);
	}
	rmdir(dir);
}

/* The CSV files in a temporary directory next to dir, renamed to dir when all are written; dir
 * must not exist or be empty. */
static int write_csv(const qt_book *b, const char *dir)
{
	char *tmp = qt_asprintf("%s.tmp.XXXXXX", dir);
	if (!tmp)
		return qt_set_error(QT_ENOMEM, "out of memory");
	if (!mkdtemp(tmp)) {
		int rc = qt_set_error(QT_EIO, "cannot create a directory next to %s: %s", dir, strerror(errno));
		free(tmp);
		return rc;
	}
	int rc = qt_book_write_csv_dir(b, tmp);
	if (!rc && (chmod(tmp, 0755) != 0 || rename(tmp, dir) != 0))
		rc = qt_set_error(QT_EIO, "cannot write %s: %s", dir,
				  errno == ENOTEMPTY || errno == EEXIST ? "it exists and is not empty" : strerror(errno));
	if (rc)
		remove_csv_dir(tmp, b);
	free(tmp);
	return rc;
}

static int write_book(const qt_book *b, const char *path)
{
	return is_xlsx(path) ? write_xlsx(b, path) : write_csv(b, path);
}

int qt_scenario_write_tables(const qt_scenario *s, const char *path)
{
	if (!s || !path)
		return qt_set_error(QT_EINVAL, "qt_scenario_write_tables: s and path must not be NULL");
	cJSON *doc = qt_json_parse(s->text, s->text_len + 1, NULL);
	qt_book *b = doc ? qt_book_from_document(doc) : NULL;
	cJSON_Delete(doc);
	if (!b)
		return qt_set_error(QT_ENOMEM, "out of memory writing %s", path);
	int rc = write_book(b, path);
	qt_book_free(b);
	return rc;
}

/* Drops the users' notes, "$schema" and empty objects, and sorts every object's keys. */
static void canonical(cJSON *v)
{
	cJSON *c = v->child, *next;
	for (; c; c = next) {
		next = c->next;
		if (cJSON_IsObject(v) && (!strcmp(c->string, "x") || !strcmp(c->string, "$schema"))) {
			cJSON_Delete(cJSON_DetachItemViaPointer(v, c));
			continue;
		}
		canonical(c);
		if (cJSON_IsObject(v) && cJSON_IsObject(c) && !c->child)
			cJSON_Delete(cJSON_DetachItemViaPointer(v, c));
	}
	if (!cJSON_IsObject(v))
		return;
	/* insertion sort of the member list by key: objects are small */
	cJSON *sorted = NULL;
	while ((c = v->child)) {
		v->child = c->next;
		cJSON **at = &sorted;
		while (*at && strcmp((*at)->string, c->string) <= 0)
			at = &(*at)->next;
		c->next = *at;
		*at = c;
	}
	cJSON *prev = NULL;
	for (c = sorted; c; prev = c, c = c->next)
		c->prev = prev;
	if (sorted)
		sorted->prev = prev; /* cJSON keeps the last element in the first one's prev */
	v->child = sorted;
}

int qt_scenario_canonical(char **out, const qt_scenario *s)
{
	if (!out || !s)
		return qt_set_error(QT_EINVAL, "qt_scenario_canonical: out and s must not be NULL");
	*out = NULL;
	cJSON *doc = qt_json_parse(s->text, s->text_len + 1, NULL);
	if (doc)
		canonical(doc);
	*out = doc ? cJSON_PrintUnformatted(doc) : NULL;
	cJSON_Delete(doc);
	return *out ? 0 : qt_set_error(QT_ENOMEM, "out of memory");
}

int qt_district_init(const char *dir, const char *seed_csv)
{
	if (!dir)
		return qt_set_error(QT_EINVAL, "qt_district_init: dir must not be NULL");
	qt_book *seed = qt_book_new();
	char *text = NULL;
	size_t len = 0;
	int rc = seed ? 0 : qt_set_error(QT_ENOMEM, "out of memory");
	if (!rc && seed_csv) {
		rc = qt_read_whole_file(seed_csv, QT_MAX_FILE_BYTES, &text, &len);
		if (rc == QT_EINPUT)
			rc = qt_set_error(QT_EINPUT, "%s is larger than 64 MiB", seed_csv);
		if (!rc)
			qt_book_read_csv(seed, "municipalities", text, len);
		if (!rc && seed->errors->n)
			rc = qt_set_error(QT_EINPUT, "%s: %s", seed_csv, seed->errors->message[0]);
	}
	qt_book *b = rc ? NULL : qt_book_template(seed);
	if (!rc && !b)
		rc = qt_set_error(QT_ENOMEM, "out of memory");
	char *xlsx = qt_asprintf("%s/scenario.xlsx", dir), *csv = qt_asprintf("%s/scenario", dir);
	if (!rc && (!xlsx || !csv))
		rc = qt_set_error(QT_ENOMEM, "out of memory");
	if (!rc)
		rc = qt_ensure_dir(dir);
	if (!rc)
		rc = write_xlsx(b, xlsx);
	if (!rc)
		rc = write_csv(b, csv);
	free(xlsx);
	free(csv);
	free(text);
	qt_book_free(b);
	qt_book_free(seed);
	return rc;
}
