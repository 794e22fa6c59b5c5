/* The sections of a scenario document, read into the scenario the reader fills. Not installed. */
#ifndef QT_SCENARIO_SECTIONS_H
#define QT_SCENARIO_SECTIONS_H

#include "scenario_json.h"

/* Reads the parsed document root into r->s, recording every problem in r->errors, and runs the
 * checks across sections whose data read cleanly. */
void qt_scenario_read_sections(qt_reader *r, const cJSON *root);
#endif
