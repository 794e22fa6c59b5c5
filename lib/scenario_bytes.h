/* A scenario document as bytes, checked before and while cJSON parses it. Not installed. */
#ifndef QT_SCENARIO_BYTES_H
#define QT_SCENARIO_BYTES_H

#include "scenario_json.h"

/* Offset of the first byte that is not valid UTF-8, or of a NUL byte, or n. */
size_t qt_utf8_invalid_at(const unsigned char *p, size_t n);
/* Checks the document as bytes and parses it; NULL (reported to r) when that fails. text[len] is '\0'. */
cJSON *qt_scenario_bytes_parse(qt_reader *r, const char *text, size_t len);
#endif
