/* The part the CSV and workbook harnesses share: the scenario of a filled book, checked as
 * fuzz_scenario.c checks what the JSON reader returns. Include after fuzz_scenario.c. */
#ifndef QT_FUZZ_BOOK_H
#define QT_FUZZ_BOOK_H

#include "scenario_book.h"

/* Reads the scenario of b, checks the result and frees b. */
static void fuzz_book_check(qt_book *b)
{
	qt_scenario *s = NULL;
	qt_errors *e = NULL;
	int rc = qt_scenario_read_book(&s, &e, b, NULL, 0);
	if (rc == 0) {
		FUZZ_CHECK(s && !e);
		check_scenario(s);
	} else {
		FUZZ_CHECK(!s);
		FUZZ_CHECK(rc == QT_EINPUT || rc == QT_ENOMEM);
		if (rc == QT_EINPUT)
			check_errors(e);
	}
	qt_errors_free(e);
	qt_scenario_free(s);
	qt_book_free(b);
}
#endif
