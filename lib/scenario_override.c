/* Overrides of scenario values by JSON Pointer (`--set /rent_caps/factor=1.1`), applied to the
 * parsed document before it is checked, so an override is validated like the file itself. */
#include "internal.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

/* The next reference token of pointer p (after its '/'), unescaped (~1 -> '/', ~0 -> '~') into
 * buf; returns the rest of the pointer, or NULL if the token is too long or has a bad escape. */
static const char *next_token(const char *p, char *buf, size_t size)
{
	size_t n = 0;
	for (p++; *p && *p != '/'; p++) {
		char c = *p;
		if (c == '~') {
			if (p[1] != '0' && p[1] != '1')
				return NULL;
			c = p[1] == '0' ? '~' : '/';
			p++;
		}
		if (n + 1 >= size)
			return NULL;
		buf[n++] = c;
	}
	buf[n] = '\0';
	return p;
}

/* An array index: digits only, no leading zero (RFC 6901). */
static int array_index(const char *tok, int size)
{
	if (!*tok || (tok[0] == '0' && tok[1]) || strspn(tok, "0123456789") != strlen(tok) || strlen(tok) > 9)
		return -1;
	int i = atoi(tok);
	return i < size ? i : -1;
}

/* Replaces (or, in an object, adds) the value at pointer ptr, creating missing objects on the way;
 * reports what went wrong. */
static int set_at(cJSON *root, const char *ptr, cJSON *value, qt_errors *errs)
{
	char tok[256];
	cJSON *node = root;
	const char *p = ptr;
	for (;;) {
		const char *rest = next_token(p, tok, sizeof tok);
		if (!rest)
			return qt_errors_add(errs, ptr, "--set: not a valid JSON Pointer"), -1;
		int last = *rest == '\0';
		if (cJSON_IsObject(node)) {
			cJSON *child = cJSON_GetObjectItemCaseSensitive(node, tok);
			if (last) {
				if (child)
					cJSON_ReplaceItemInObjectCaseSensitive(node, tok, value);
				else
					cJSON_AddItemToObject(node, tok, value);
				return 0;
			}
			/* An optional object the file leaves out (penalties, solver, x ...) is created; the
			 * reader then rejects it if the key is not one of the format's. */
			if (!child)
				child = cJSON_AddObjectToObject(node, tok);
			if (!child)
				return QT_ENOMEM;
			node = child;
		} else if (cJSON_IsArray(node)) {
			int i = array_index(tok, cJSON_GetArraySize(node));
			if (i < 0)
				return qt_errors_add(errs, ptr, "--set: '%s' is not an index of this array of %d", tok,
						     cJSON_GetArraySize(node)),
				       -1;
			cJSON *child = cJSON_GetArrayItem(node, i);
			if (last) {
				cJSON_ReplaceItemViaPointer(node, child, value);
				return 0;
			}
			node = child;
		} else {
			return qt_errors_add(errs, ptr, "--set: '%s' is inside a value that is neither an object "
						       "nor an array", tok),
			       -1;
		}
		p = rest;
	}
}

int qt_override_apply(cJSON *root, const char *set, qt_errors *errs)
{
	const char *eq = strchr(set, '=');
	if (!eq || set[0] != '/' || eq == set + 1)
		return qt_errors_add(errs, "", "--set '%s': expected POINTER=VALUE, e.g. /rent_caps/factor=1.1",
				     set),
		       -1;
	size_t plen = (size_t)(eq - set);
	char *ptr = malloc(plen + 1);
	if (!ptr)
		return QT_ENOMEM;
	memcpy(ptr, set, plen);
	ptr[plen] = '\0';
	/* A value that is not JSON is taken as a string: --set /quota/method=sainte-lague. */
	cJSON *value = qt_json_parse(eq + 1, strlen(eq + 1) + 1, NULL);
	if (!value)
		value = cJSON_CreateString(eq + 1);
	int rc = value ? set_at(root, ptr, value, errs) : QT_ENOMEM;
	if (rc && value)
		cJSON_Delete(value);
	free(ptr);
	return rc;
}
