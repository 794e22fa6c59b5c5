/* The plan's reports with kept Kombimodell orders (report_kept.c), for the run database's export.
 * Not installed. */
#ifndef QT_REPORT_KEPT_H
#define QT_REPORT_KEPT_H

#include "internal.h"

struct cJSON;
/* The plan object of qt_report_json with the kept orders under the key "committed_orders" (none:
 * the plan alone). The caller deletes *out. */
int qt_plan_json_kept(struct cJSON **out, const qt_scenario *s, const qt_plan *p, const qt_kept_order *kept,
		      size_t n);

#endif
