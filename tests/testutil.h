/* Helpers shared by the tests: files, temporary directories and running the CLI. */
#ifndef QT_TESTUTIL_H
#define QT_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "quartier.h"

#include <cJSON.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* The whole file as a NUL-terminated string (caller frees), or NULL. */
static inline char *tu_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	size_t r;
	while (buf && (r = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += r;
		if (cap - n - 1 == 0) {
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = nb;
			cap *= 2;
		}
	}
	fclose(f);
	if (buf)
		buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

static inline void tu_write(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* A fresh temporary directory (caller frees the string). */
static inline char *tu_tmpdir(void)
{
	char *d = strdup("/tmp/quartier-test-XXXXXX");
	assert_non_null(mkdtemp(d));
	return d;
}

/* The quartier binary under test: $QT_BIN, else build/quartier. */
static inline const char *tu_bin(void)
{
	const char *b = getenv("QT_BIN");
	return b && *b ? b : "build/quartier";
}

/* Runs `quartier ARGS` through the shell with stdout and stderr captured into the returned
 * strings (caller frees); returns the exit status. */
typedef struct {
	int status;
	char *out, *err;
} tu_run_result;

static inline tu_run_result tu_run(const char *fmt, ...)
{
	char args[4096], cmd[8192], dir_tmpl[] = "/tmp/quartier-run-XXXXXX";
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(args, sizeof args, fmt, ap);
	va_end(ap);
	char *dir = mkdtemp(dir_tmpl);
	assert_non_null(dir);
	snprintf(cmd, sizeof cmd, "%s %s >%s/out 2>%s/err", tu_bin(), args, dir, dir);
	int st = system(cmd);
	tu_run_result r = { WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0),
			    NULL, NULL };
	char path[512];
	snprintf(path, sizeof path, "%s/out", dir);
	r.out = tu_slurp(path, NULL);
	unlink(path);
	snprintf(path, sizeof path, "%s/err", dir);
	r.err = tu_slurp(path, NULL);
	unlink(path);
	rmdir(dir);
	return r;
}

static inline void tu_run_free(tu_run_result *r)
{
	free(r->out);
	free(r->err);
}

/* dir/name (caller frees). */
static inline char *tu_path_in(const char *dir, const char *name)
{
	char *p = malloc(strlen(dir) + strlen(name) + 2);
	assert_non_null(p);
	sprintf(p, "%s/%s", dir, name);
	return p;
}

/* Removes a test directory and everything in it. */
static inline void tu_remove_tree(const char *dir)
{
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* The member key of a JSON object, which must be there. */
static inline cJSON *tu_item(const cJSON *o, const char *key)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	assert_non_null(v);
	return v;
}

/* Runs quartier with args. On a machine so busy that the district's solve finds no integer plan
 * within its time limit (exit 3), once more with three times the limit ("--time-limit 10" -> 30). */
static inline tu_run_result tu_run_solving(const char *args)
{
	tu_run_result r = tu_run("%s", args);
	const char *at = strstr(args, "--time-limit 10 ");
	if (r.status != 3 || !at)
		return r;
	tu_run_free(&r);
	char again[2048];
	snprintf(again, sizeof again, "%.*s--time-limit 30 %s", (int)(at - args), args, at + 16);
	return tu_run("%s", again);
}

/* The scenario `quartier generate` makes with these options, read as quartier reads a file. */
static inline qt_scenario *tu_generated_from(const qt_generate_options *g)
{
	char *text = NULL;
	assert_int_equal(qt_generate(&text, g), 0);
	qt_scenario *s = NULL;
	qt_errors *e = NULL;
	int rc = qt_scenario_parse(&s, &e, text, strlen(text));
	for (size_t i = 0; i < qt_errors_count(e); i++)
		fprintf(stderr, "generated: %s: %s\n", qt_errors_pointer(e, i), qt_errors_message(e, i));
	qt_errors_free(e);
	free(text);
	assert_int_equal(rc, 0);
	return s;
}

/* A generated scenario of these sizes (12 quarters). */
static inline qt_scenario *tu_generated(int municipalities, int gu_sites, int kombimodell, int offers,
					unsigned long long seed)
{
	qt_generate_options g;
	qt_generate_options_init(&g);
	g.municipalities = municipalities;
	g.gu_sites = gu_sites;
	g.kombimodell = kombimodell;
	g.offers = offers;
	g.periods = 12;
	g.seed = seed;
	return tu_generated_from(&g);
}

#endif
