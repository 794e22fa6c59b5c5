/* The futures program of MODEL.md "Futures" as one GLPK problem: every future's program (built by
 * qt_model_build on that future's view of the scenario) side by side, its columns and rows
 * shifted; the objective Σ_f p_f·Z_f (expected) or W with rows Z_f − W ≤ 0 (worst); and the
 * non-anticipativity rows x[f] − x[0] = 0 for the site and module decisions (o, up, dn, tr, b, na) of
 * quarters 1..K. Export writes it; the futures strategy bounds and polishes on it. */
#include "model_futures.h"

#include <stdlib.h>
#include <string.h>

/* Appends future f's columns: names prefixed with its id, objective × p (expected) or 0 (worst). */
static void copy_columns(qt_futures_model *fm, int f, double weight)
{
	glp_prob *src = fm->m[f].lp, *lp = fm->lp;
	int n = glp_get_num_cols(src);
	int first = glp_add_cols(lp, n);
	fm->offset[f] = first - 1;
	const char *id = fm->s->future[f].id;
	for (int j = 1; j <= n; j++) {
		int c = first - 1 + j;
		const char *name = glp_get_col_name(src, j);
		char buf[256];
		snprintf(buf, sizeof buf, "%.60s.%.180s", id, name ? name : "c");
		glp_set_col_name(lp, c, buf);
		glp_set_col_kind(lp, c, glp_get_col_kind(src, j));
		glp_set_col_bnds(lp, c, glp_get_col_type(src, j), glp_get_col_lb(src, j), glp_get_col_ub(src, j));
		glp_set_obj_coef(lp, c, weight * glp_get_obj_coef(src, j));
	}
}

/* Appends future f's rows, their columns shifted; returns 0 or QT_ENOMEM. */
static int copy_rows(qt_futures_model *fm, int f, int *ind, double *val)
{
	glp_prob *src = fm->m[f].lp, *lp = fm->lp;
	int n = glp_get_num_rows(src);
	if (n == 0)
		return 0;
	int first = glp_add_rows(lp, n);
	const char *id = fm->s->future[f].id;
	for (int i = 1; i <= n; i++) {
		int r = first - 1 + i;
		const char *name = glp_get_row_name(src, i);
		char buf[256];
		snprintf(buf, sizeof buf, "%.60s.%.180s", id, name ? name : "r");
		glp_set_row_name(lp, r, buf);
		glp_set_row_bnds(lp, r, glp_get_row_type(src, i), glp_get_row_lb(src, i), glp_get_row_ub(src, i));
		int len = glp_get_mat_row(src, i, ind, val);
		for (int k = 1; k <= len; k++)
			ind[k] += fm->offset[f];
		glp_set_mat_row(lp, r, len, ind, val);
	}
	return 0;
}

/* worst: W ≥ Z_f, i.e. Σ_j c_j x_j − W ≤ −c0 for future f. */
static void worst_row(qt_futures_model *fm, int f, int *ind, double *val)
{
	glp_prob *src = fm->m[f].lp, *lp = fm->lp;
	int n = glp_get_num_cols(src), len = 0;
	for (int j = 1; j <= n; j++) {
		double c = glp_get_obj_coef(src, j);
		if (c != 0) {
			ind[++len] = fm->offset[f] + j;
			val[len] = c;
		}
	}
	ind[++len] = fm->W;
	val[len] = -1;
	int r = glp_add_rows(lp, 1);
	char buf[96];
	snprintf(buf, sizeof buf, "worst.%.60s", fm->s->future[f].id);
	glp_set_row_name(lp, r, buf);
	glp_set_row_bnds(lp, r, GLP_UP, 0, -glp_get_obj_coef(src, 0));
	glp_set_mat_row(lp, r, len, ind, val);
}

/* x in future f equals x in future 0 (columns c0 and cf of the futures' own programs). */
static void same(qt_futures_model *fm, int f, int c0, int cf)
{
	int ind[3] = { 0, fm->offset[0] + c0, fm->offset[f] + cf };
	double val[3] = { 0, 1, -1 };
	int r = glp_add_rows(fm->lp, 1);
	char buf[300];
	snprintf(buf, sizeof buf, "na.%.200s", glp_get_col_name(fm->lp, fm->offset[f] + cf));
	glp_set_row_name(fm->lp, r, buf);
	glp_set_row_bnds(fm->lp, r, GLP_FX, 0, 0);
	glp_set_mat_row(fm->lp, r, 2, ind, val);
	fm->n_nonanticipative++;
}

static void nonanticipativity(qt_futures_model *fm)
{
	const qt_scenario *s = fm->s;
	int T = s->T;
	for (int f = 1; f < fm->F; f++)
		for (int t = 1; t <= s->commit_K; t++) {
			const qt_model *a = &fm->m[0], *b = &fm->m[f];
			for (int g = 0; g < s->n_gu; g++) {
				size_t ix = QT_IX(g, t, T);
				same(fm, f, a->o[ix], b->o[ix]);
				same(fm, f, a->up[ix], b->up[ix]);
				same(fm, f, a->dn[ix], b->dn[ix]);
				if (a->tr[ix])
					same(fm, f, a->tr[ix], b->tr[ix]);
			}
			for (int k = 0; k < s->n_kombi; k++) {
				size_t ix = QT_IX(k, t, T);
				same(fm, f, a->b[ix], b->b[ix]);
				same(fm, f, a->na[ix], b->na[ix]);
			}
		}
}

static int compose(qt_futures_model *fm)
{
	const qt_scenario *s = fm->s;
	int worst = s->fut_objective == QT_FUTURES_WORST, most = 1;
	double c0 = 0;
	for (int f = 0; f < fm->F; f++) {
		copy_columns(fm, f, worst ? 0 : s->future[f].probability);
		c0 += s->future[f].probability * glp_get_obj_coef(fm->m[f].lp, 0);
		most = most > glp_get_num_cols(fm->m[f].lp) ? most : glp_get_num_cols(fm->m[f].lp);
	}
	glp_set_obj_coef(fm->lp, 0, worst ? 0 : c0);
	if (worst) {
		fm->W = glp_add_cols(fm->lp, 1);
		glp_set_col_name(fm->lp, fm->W, "W");
		glp_set_col_bnds(fm->lp, fm->W, GLP_FR, 0, 0);
		glp_set_obj_coef(fm->lp, fm->W, 1);
	}
	int *ind = malloc(((size_t)most + 2) * sizeof *ind);
	double *val = malloc(((size_t)most + 2) * sizeof *val);
	if (!ind || !val) {
		free(ind);
		free(val);
		return qt_set_error(QT_ENOMEM, "out of memory");
	}
	for (int f = 0; f < fm->F; f++) {
		copy_rows(fm, f, ind, val);
		if (worst)
			worst_row(fm, f, ind, val);
	}
	free(ind);
	free(val);
	nonanticipativity(fm);
	return 0;
}

int qt_futures_model_build(qt_futures_model *fm, const qt_scenario *s)
{
	memset(fm, 0, sizeof *fm);
	fm->s = s;
	fm->F = s->n_future;
	fm->view = calloc((size_t)fm->F, sizeof *fm->view);
	fm->m = calloc((size_t)fm->F, sizeof *fm->m);
	fm->offset = calloc((size_t)fm->F, sizeof *fm->offset);
	if (!fm->view || !fm->m || !fm->offset)
		return qt_set_error(QT_ENOMEM, "out of memory");
	for (int f = 0; f < fm->F; f++) {
		qt_scenario_future_view(s, f, &fm->view[f]);
		int rc = qt_model_build(&fm->m[f], &fm->view[f]);
		if (rc)
			return rc;
	}
	fm->lp = glp_create_prob();
	glp_set_prob_name(fm->lp, "quartier_futures");
	glp_set_obj_dir(fm->lp, GLP_MIN);
	return compose(fm);
}

void qt_futures_model_free(qt_futures_model *fm)
{
	if (!fm)
		return;
	for (int f = 0; fm->m && f < fm->F; f++)
		qt_model_free(&fm->m[f]);
	if (fm->lp)
		glp_delete_prob(fm->lp);
	free(fm->m);
	free(fm->view);
	free(fm->offset);
	memset(fm, 0, sizeof *fm);
}
