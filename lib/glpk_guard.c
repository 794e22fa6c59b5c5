/* Keeps GLPK from aborting the process or printing unasked. */
#include "internal.h"

#include <glpk.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

typedef struct {
	jmp_buf env;
	int verbose;
	char tail[512]; /* the last text GLPK wanted to print: it holds the error message */
} guard;

static void remember(guard *g, const char *s)
{
	size_t have = strlen(g->tail), add = strlen(s);
	if (add >= sizeof g->tail) {
		s += add - (sizeof g->tail - 1);
		add = sizeof g->tail - 1;
	}
	if (have + add >= sizeof g->tail) {
		size_t drop = have + add - (sizeof g->tail - 1);
		memmove(g->tail, g->tail + drop, have - drop + 1);
		have -= drop;
	}
	memcpy(g->tail + have, s, add + 1);
}

/* The last n lines of text on one line (GLPK states the cause, then where it was detected). */
static const char *last_lines(char *text, int n)
{
	size_t len = strlen(text);
	while (len > 0 && text[len - 1] == '\n')
		text[--len] = '\0';
	char *start = text + len;
	while (start > text && n > 0) {
		start--;
		if (*start == '\n' && --n == 0) {
			start++;
			break;
		}
	}
	for (char *c = start; *c; c++)
		if (*c == '\n')
			*c = ' ';
	return start;
}

static int on_output(void *info, const char *s)
{
	guard *g = info;
	remember(g, s);
	if (g->verbose)
		fputs(s, stderr);
	return 1; /* never let GLPK write to stdout itself */
}

static void on_error(void *info)
{
	guard *g = info;
	/* GLPK's documented recovery: free its whole environment, then jump out. */
	glp_free_env();
	longjmp(g->env, 1);
}

int qt_glpk_guarded(int (*fn)(void *ctx), void *ctx, int verbose)
{
	guard g;
	memset(&g, 0, sizeof g);
	g.verbose = verbose;
	glp_term_hook(on_output, &g);
	glp_error_hook(on_error, &g);
	if (setjmp(g.env))
		return qt_set_error(QT_ESOLVER, "GLPK failed: %s", last_lines(g.tail, 2));
	int rc = fn(ctx);
	glp_error_hook(NULL, NULL);
	glp_term_hook(NULL, NULL);
	return rc;
}

const char *qt_glpk_version(void) { return glp_version(); }
