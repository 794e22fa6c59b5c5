/* The plan's reports: what the text, CSV and JSON reports, the run database's export and the
 * kept-orders report share. Not installed. */
#ifndef QT_REPORT_H
#define QT_REPORT_H

#include "table.h"

struct cJSON;
/* The plan as the JSON object of the solve report (qt_report_json); NULL when out of memory.
 * s and p must fit together (qt_report_args). The caller deletes it. */
struct cJSON *qt_plan_json(const qt_scenario *s, const qt_plan *p);

#endif
