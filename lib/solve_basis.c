/* A simplex basis by row and column name, handed from one solve to the next through its plan (a
 * warm start: the variants of a sweep, the second scenario of a comparison). A variant's program
 * has the rows of the one before it in the same order and mostly its columns under the same names
 * (a change of the rent cap adds or drops the columns of the offers it makes eligible or not), so
 * the last optimal basis starts its LPs a few pivots from their optimum instead of from GLPK's
 * advanced basis. */
#include "solve_internal.h"

#include <stdlib.h>
#include <string.h>

struct qt_basis {
	int n_rows, n;       /* rows, then columns */
	char *names;         /* n names, each ending in NUL, back to back */
	unsigned char *stat; /* [n] GLP_BS, GLP_NL, ... */
};

void qt_basis_free(qt_basis *b)
{
	if (!b)
		return;
	free(b->names);
	free(b->stat);
	free(b);
}

static const char *name_of(glp_prob *lp, int i, int n_rows)
{
	const char *s = i <= n_rows ? glp_get_row_name(lp, i) : glp_get_col_name(lp, i - n_rows);
	return s ? s : "";
}

/* The statuses of q, by the names of named (a program of the same rows and columns, q perhaps a
 * copy without names and with more rows after them, which are left out). NULL if out of memory. */
qt_basis *qt_basis_save(glp_prob *named, glp_prob *q)
{
	qt_basis *b = calloc(1, sizeof *b);
	if (!b)
		return NULL;
	b->n_rows = glp_get_num_rows(named);
	b->n = b->n_rows + glp_get_num_cols(named);
	size_t len = 0;
	for (int i = 1; i <= b->n; i++)
		len += strlen(name_of(named, i, b->n_rows)) + 1;
	b->names = malloc(len ? len : 1);
	b->stat = malloc((size_t)b->n + 1);
	if (!b->names || !b->stat) {
		qt_basis_free(b);
		return NULL;
	}
	char *at = b->names;
	for (int i = 1; i <= b->n; i++) {
		const char *s = name_of(named, i, b->n_rows);
		size_t l = strlen(s) + 1;
		memcpy(at, s, l);
		at += l;
		b->stat[i - 1] = (unsigned char)(i <= b->n_rows ? glp_get_row_stat(q, i)
								: glp_get_col_stat(q, i - b->n_rows));
	}
	return b;
}

/* Sets the statuses of q from b: a row where named has one of the same name at the same place, a
 * column where named has one of the same name; the others
 * as GLPK's trivial basis has them (rows basic, columns at a bound). Returns 1 if as many are
 * basic as q has rows (a basis GLPK can start from, unless singular), else 0 with q's statuses
 * undefined: the caller builds its own. */
int qt_basis_load(const qt_basis *b, glp_prob *named, glp_prob *q)
{
	int nr = glp_get_num_rows(q), nc = glp_get_num_cols(q), basic = nr, n_named = glp_get_num_rows(named);
	if (!b || n_named > nr || glp_get_num_cols(named) != nc)
		return 0;
	for (int i = 1; i <= nr; i++)
		glp_set_row_stat(q, i, GLP_BS);
	for (int j = 1; j <= nc; j++)
		glp_set_col_stat(q, j, GLP_NL);
	glp_create_index(named);
	const char *s = b->names;
	for (int i = 0; i < b->n; s += strlen(s) + 1, i++) {
		int row = i < b->n_rows;
		/* rows bear the name of their kind: the same rows, in the same order, by index */
		int k = row ? (i < n_named && !strcmp(s, name_of(named, i + 1, n_named)) ? i + 1 : 0)
			    : *s ? glp_find_col(named, s) : 0;
		if (!k)
			continue;
		int was = row ? glp_get_row_stat(q, k) : glp_get_col_stat(q, k);
		/* GLPK turns a bound status into the one the row's or column's type has */
		int stat = b->stat[i] == GLP_BS || b->stat[i] == GLP_NU ? b->stat[i] : GLP_NL;
		basic += (stat == GLP_BS) - (was == GLP_BS);
		if (row)
			glp_set_row_stat(q, k, stat);
		else
			glp_set_col_stat(q, k, stat);
	}
	glp_delete_index(named);
	return basic == nr;
}

int qt_solver_start_basis(qt_solver *sv, int which, glp_prob *q)
{
	const qt_plan *w = sv->opt.warm_start;
	if (w && qt_basis_load(w->basis[which], sv->m.lp, q))
		return 1;
	/* The dive's first LP is the program with the site plan fixed: its optimal basis is closer to
	 * the relaxation's optimum than GLPK's advanced basis. Measured on the Esslingen example (one
	 * job): the bound's first LP in 6,594 pivots, 1.21 s, against 10,516, 1.96 s. */
	if (which == QT_BASIS_BOUND && qt_basis_load(sv->basis[QT_BASIS_DIVE], sv->m.lp, q))
		return 1;
	glp_adv_basis(q, 0);
	return 0;
}

void qt_solver_keep_basis(qt_solver *sv, int which, glp_prob *q)
{
	if (sv->share)
		return;
	qt_basis *b = qt_basis_save(sv->m.lp, q);
	if (!b)
		return; /* out of memory: the next solve starts from its own basis */
	qt_basis_free(sv->basis[which]);
	sv->basis[which] = b;
}
