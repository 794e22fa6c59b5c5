/* Checks across the sections of a scenario, run once the sections are read. Not installed. */
#ifndef QT_SCENARIO_CHECK_H
#define QT_SCENARIO_CHECK_H

#include "scenario_json.h"

/* Key columns are normalised by their total (MODEL.md, Quotas 1), so a weighted column needs one. */
void qt_scenario_check_key_totals(qt_reader *r);
/* MODEL.md constraint 2: no more persons become entitled to AU than have been in vU. Needs the
 * periods, the intake, the households and the GU sites read cleanly. Without futures it checks the
 * scenario's arrivals; with them the caller checks each future. False: the start state itself is
 * inconsistent (reported). */
bool qt_scenario_check_vu(qt_reader *r);
/* The same check for the arrivals and entitled households of s (a future's view of r->s), reported
 * at member `key` of the current path, naming the future `future` (NULL: none). Returns false when it
 * reported. */
bool qt_scenario_check_vu_of(qt_reader *r, const qt_scenario *s, const char *key, const char *future);
/* MODEL.md constraint 7: the AU stock at start fits each municipality's AU places. Needs the
 * periods and the municipalities read cleanly. */
void qt_scenario_check_au_stock(qt_reader *r);
#endif
