/* What the report writers read of a sweep beyond quartier.h. Not installed. */
#ifndef QT_SWEEP_H
#define QT_SWEEP_H

#include "table.h"

/* The varied JSON Pointer (borrowed). */
const char *qt_sweep_pointer(const qt_sweep *sw);
/* The penalty terms of variant i (QT_NPEN values, borrowed), NULL out of range. */
const double *qt_sweep_penalties(const qt_sweep *sw, size_t i);
/* The futures of every variant (0: a sweep without futures). */
int qt_sweep_futures(const qt_sweep *sw);
/* The sweep's table: one row per variant and its change against the first row. */
int qt_sweep_table(qt_table **out, const qt_sweep *sw);

#endif
