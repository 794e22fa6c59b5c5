/* The `uncertainty` section of a scenario document: futures of arrivals. Not installed. */
#ifndef QT_SCENARIO_FUTURES_H
#define QT_SCENARIO_FUTURES_H

#include "scenario_json.h"

/* Reads root's `uncertainty` into r->s (needs the periods read). */
void qt_scenario_read_futures(qt_reader *r, const cJSON *root);
/* MODEL.md constraint 2 in every future, each problem naming the future. */
void qt_scenario_check_vu_futures(qt_reader *r);
#endif
