/* Error texts and the qt_errors list. */
#include "i18n.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local char last_error[1024];

const char *qt_last_error(void) { return last_error; }

int qt_set_error(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(last_error, sizeof last_error, qt_tr(fmt), ap);
	va_end(ap);
	return code;
}

const char *qt_translate(const char *msgid) { return qt_tr(msgid); }

int qt_set_language(const char *lang, const char *localedir)
{
	int de = lang && (!strcmp(lang, "de") || !strncmp(lang, "de_", 3));
	if (lang && !de && strcmp(lang, "en") != 0 && strncmp(lang, "en_", 3) != 0 && strcmp(lang, "C") != 0)
		return qt_set_error(QT_EINVAL, "unknown language '%s': expected de or en", lang);
	return qt_i18n_select(de, localedir) ? qt_set_error(QT_ENOMEM, "out of memory") : 0;
}

char *qt_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

char *qt_vasprintf(const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return NULL;
	char *buf = malloc((size_t)n + 1);
	if (buf)
		vsnprintf(buf, (size_t)n + 1, fmt, ap);
	return buf;
}

char *qt_asprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *r = qt_vasprintf(fmt, ap);
	va_end(ap);
	return r;
}

qt_errors *qt_errors_new(void) { return calloc(1, sizeof(qt_errors)); }

int qt_errors_add(qt_errors *e, const char *pointer, const char *fmt, ...)
{
	if (e->n == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 16;
		char **p = realloc(e->pointer, cap * sizeof *p);
		if (!p)
			return QT_ENOMEM;
		e->pointer = p;
		char **m = realloc(e->message, cap * sizeof *m);
		if (!m)
			return QT_ENOMEM;
		e->message = m;
		e->cap = cap;
	}
	va_list ap;
	va_start(ap, fmt);
	char *msg = qt_vasprintf(fmt, ap);
	va_end(ap);
	char *ptr = qt_strdup(pointer ? pointer : "");
	if (!msg || !ptr) {
		free(msg);
		free(ptr);
		return QT_ENOMEM;
	}
	e->pointer[e->n] = ptr;
	e->message[e->n] = msg;
	e->n++;
	return 0;
}

size_t qt_errors_count(const qt_errors *e) { return e ? e->n : 0; }

const char *qt_errors_pointer(const qt_errors *e, size_t i)
{
	return (e && i < e->n) ? e->pointer[i] : NULL;
}

const char *qt_errors_message(const qt_errors *e, size_t i)
{
	return (e && i < e->n) ? e->message[i] : NULL;
}

void qt_errors_free(qt_errors *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->n; i++) {
		free(e->pointer[i]);
		free(e->message[i]);
	}
	free(e->pointer);
	free(e->message);
	free(e);
}
