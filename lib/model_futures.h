/* The futures program (MODEL.md "Futures") as one GLPK problem. Not installed. */
#ifndef QT_MODEL_FUTURES_H
#define QT_MODEL_FUTURES_H

#include "model.h"

typedef struct {
	glp_prob *lp;              /* the futures program */
	const qt_scenario *s;
	int F;
	qt_scenario *view;         /* [F] each future's view of s */
	qt_model *m;               /* [F] each future's own program; its column j is offset[f] + j in lp */
	int *offset;               /* [F] */
	int W;                     /* objective worst: the column W (0 otherwise) */
	int n_nonanticipative;     /* rows that make the committed decisions equal */
} qt_futures_model;

/* Builds the futures program of s (s->n_future >= 2). Must run inside a GLPK guard; on failure
 * qt_futures_model_free still releases what was built. */
int qt_futures_model_build(qt_futures_model *fm, const qt_scenario *s);
void qt_futures_model_free(qt_futures_model *fm);
#endif
