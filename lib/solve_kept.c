/* Re-planning (opt.kept): Kombimodell orders placed before the first period, which the program
 * must carry as modules being built. */
#include "solve_internal.h"

#include <math.h>
#include <string.h>

/* The period t <= 0 of s labelled `label`, or 1 if the label is no period before s's first. */
static int period_before(const qt_scenario *s, const char *label)
{
	char buf[8];
	for (int t = 0; t > -QT_KEPT_MAX_QUARTERS_BACK; t--) {
		qt_period_label(s->start_year, s->start_q, t, buf);
		if (!strcmp(buf, label))
			return t;
	}
	return 1;
}

/* Adds one kept order to ready (see qt_keep_orders). */
static int count_order(const qt_scenario *s, const struct qt_kept_order *ko, long *ready)
{
	int k = 0, t, T = s->T;
	while (k < s->n_kombi && (!ko->kombi || strcmp(s->kombi[k].id, ko->kombi)))
		k++;
	char first[8];
	qt_period_label(s->start_year, s->start_q, 1, first);
	if (k == s->n_kombi)
		return qt_set_error(QT_EINPUT, "kept order: the scenario has no Kombimodell site '%s'",
				    ko->kombi ? ko->kombi : "");
	if ((t = period_before(s, ko->period)) > 0)
		return qt_set_error(QT_EINPUT, "kept order of %s: '%.7s' is not a period before the first one, %s",
				    ko->kombi, ko->period, first);
	if (ko->modules <= 0)
		return qt_set_error(QT_EINPUT, "kept order of %s in %s: %ld modules", ko->kombi, ko->period,
				    ko->modules);
	for (int u = 0; u <= T; u++)
		if (u == 0 || u >= t + s->kombi[k].lead)
			ready[QT_IX(k, u, T)] += ko->modules;
	return 0;
}

/* The kept modules of Kombimodell site k in the rows the builder recorded for it. */
static void keep_modules(qt_solver *sv, int k, const long *ready)
{
	const qt_scenario *s = sv->s;
	int T = s->T;
	long kept = ready[QT_IX(k, 0, T)];
	glp_set_row_bnds(sv->m.lp, sv->m.max_modules_row[k], GLP_UP, 0,
			 fmax(0.0, (double)(s->kombi[k].max_modules - kept)));
	for (int t = 1; t <= T; t++)
		glp_set_row_bnds(sv->m.lp, sv->m.modules_ready_row[QT_IX(k, t, T)], GLP_UP, 0,
				 (double)ready[QT_IX(k, t, T)]);
}

/* Kept modules are being built: each takes one of its site's max_modules and, from lead quarters
 * after its order on, adds to the modules ready (the row ng + na - orders <= 0 becomes <= kept).
 * ready[QT_IX(k, t, T)] counts the kept modules of k usable in t; t = 0 all kept modules of k. */
int qt_keep_orders(qt_solver *sv)
{
	const qt_scenario *s = sv->s;
	const qt_solve_options *o = &sv->opt;
	if (!o->n_kept)
		return 0;
	if (!o->kept)
		return qt_set_error(QT_EINVAL, "qt_solve: n_kept without kept orders");
	long *ready = sv->plan->kept; /* the plan carries them, for the checker and the reports */
	for (size_t i = 0; i < o->n_kept; i++) {
		int rc = count_order(s, &o->kept[i], ready);
		if (rc)
			return rc;
	}
	for (int k = 0; k < s->n_kombi; k++)
		if (ready[QT_IX(k, 0, s->T)])
			keep_modules(sv, k, ready);
	return 0;
}
