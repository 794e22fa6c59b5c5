/* The scenario's keys for the district's further measures: living space and handing over of GU
 * sites, the living-space standard, who pays, targets. Not installed. */
#ifndef QT_SCENARIO_MEASURES_H
#define QT_SCENARIO_MEASURES_H

#include "scenario_json.h"

/* area_m2 and transfer of the GU site object o; with the standard read, occupied must fit the
 * site's capacity in the first period. */
void qt_rd_gu_measures(qt_reader *r, const cJSON *o, qt_gu *g, bool occupied_ok);
/* space_standard_m2: per-period m2 per place (needs periods.count). */
void qt_rd_space_standard(qt_reader *r, const cJSON *root);
void qt_rd_funding(qt_reader *r, const cJSON *root);
void qt_rd_targets(qt_reader *r, const cJSON *root);
#endif
