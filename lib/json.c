/* The JSON helpers every JSON output uses: adding an item without leaking it when cJSON cannot
 * take it, and printing a tree once, whole. */
#include "internal.h"

#include <cJSON.h>
#include <pthread.h>
#include <stdio.h>

/* cJSON records the place of every parse error in one global: parses on several threads
 * (the variants of a sweep) take turns. */
static pthread_mutex_t parse_lock = PTHREAD_MUTEX_INITIALIZER;

cJSON *qt_json_parse(const char *text, size_t len, const char **end)
{
	pthread_mutex_lock(&parse_lock);
	cJSON *root = cJSON_ParseWithLengthOpts(text, len, end, 1);
	pthread_mutex_unlock(&parse_lock);
	return root;
}

/* Adds item under key; consumes item. Returns 0, or -1 (item NULL or not added). */
int qt_json_add(cJSON *obj, const char *key, cJSON *item)
{
	if (!item)
		return -1;
	if (!cJSON_AddItemToObject(obj, key, item)) {
		cJSON_Delete(item);
		return -1;
	}
	return 0;
}

int qt_json_push(cJSON *arr, cJSON *item)
{
	if (!item)
		return -1;
	if (!cJSON_AddItemToArray(arr, item)) {
		cJSON_Delete(item);
		return -1;
	}
	return 0;
}

int qt_json_write(FILE *f, cJSON *root)
{
	char *text = root ? cJSON_Print(root) : NULL;
	cJSON_Delete(root);
	if (!text)
		return qt_set_error(QT_ENOMEM, "out of memory");
	int bad = fputs(text, f) == EOF || fputc('\n', f) == EOF || fflush(f) != 0;
	cJSON_free(text);
	if (bad || ferror(f))
		return qt_set_error(QT_EIO, "cannot write the JSON report");
	return 0;
}
