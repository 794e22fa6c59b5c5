/*
 * libFuzzer harness: a scenario as an .xlsx workbook (minizip, expat, the sheets' mapping and the
 * JSON reader behind it) on arbitrary bytes, with the checks of fuzz_scenario.c on what it returns.
 * The seeds are the examples written by quartier tables, the bad workbooks of tests/sheets and
 * the same workbooks with their parts stored uncompressed, so that mutations reach the XML.
 */
/* The checks of fuzz_scenario.c; tests/test_fuzz.c has included them already. */
#ifndef QT_FUZZ_SCENARIO_IN
#define QT_FUZZ_SCENARIO_IN
#define LLVMFuzzerTestOneInput fuzz_xlsx_scenario_unused
#include "fuzz_scenario.c"
#undef LLVMFuzzerTestOneInput
#endif

#include "fuzz_book.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	qt_book *b = qt_book_new();
	if (!b)
		return 0;
	qt_book_read_xlsx(b, data, size);
	fuzz_book_check(b);
	return 0;
}
