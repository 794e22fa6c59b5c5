/* quartier diff of two plans over futures (store_diff_futures.c), for store_diff.c. Not installed. */
#ifndef QT_STORE_DIFF_FUTURES_H
#define QT_STORE_DIFF_FUTURES_H

#include "compare.h"
#include "internal.h"

/* The figures over the futures of runs ra (side a) and rb (side b), both plans over futures. */
int qt_store_diff_futures_figures(const qt_compare_out *o, const qt_plan *a, const qt_plan *b, long ra, long rb);
/* The committed decisions that differ, then per future both have (matched by id) the tables of an
 * ordinary diff stacked with a `future` column, and the futures only one of them has. All rows
 * with all. */
int qt_store_diff_futures(const qt_compare_out *o, const qt_compare_side *a, const qt_compare_side *b, int all);
/* Per future of the plan over futures a (or b, when a is an ordinary plan) that both have, the
 * tables of an ordinary diff stacked with a `future` column; an ordinary plan stands for itself
 * in every future. */
int qt_store_diff_each_future(const qt_compare_out *o, const qt_compare_side *a, const qt_compare_side *b,
			      int all);

#endif
