/*
 * libFuzzer harness: a scenario as CSV files (the CSV reader, the sheets' mapping and the JSON
 * reader behind it) on arbitrary bytes, with the checks of fuzz_scenario.c on what it returns.
 *
 * The input is one or more files, each starting with a line "@@ NAME" (the file NAME.csv); bytes
 * before the first such line are the file "scenario". The seeds are the examples as CSV.
 */
/* The checks of fuzz_scenario.c; tests/test_fuzz.c has included them already. */
#ifndef QT_FUZZ_SCENARIO_IN
#define QT_FUZZ_SCENARIO_IN
#define LLVMFuzzerTestOneInput fuzz_csv_scenario_unused
#include "fuzz_scenario.c"
#undef LLVMFuzzerTestOneInput
#endif

#include "fuzz_book.h"

/* Each "@@ NAME\n" part of the input as one CSV file of the book. */
static void split_files(qt_book *b, const char *data, size_t size)
{
	const char *p = data, *end = data + size;
	char name[QT_BOOK_MAX_NAME + 1] = "scenario";
	while (p < end && b->n < QT_BOOK_MAX_SHEETS) {
		if (end - p >= 3 && memcmp(p, "@@ ", 3) == 0) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t len = (size_t)((nl ? nl : end) - p - 3);
			snprintf(name, sizeof name, "%.*s", (int)(len < QT_BOOK_MAX_NAME ? len : QT_BOOK_MAX_NAME), p + 3);
			p = nl ? nl + 1 : end;
		}
		const char *next = p;
		while (next < end && !(next[0] == '@' && end - next >= 3 && memcmp(next, "@@ ", 3) == 0 &&
				       (next == data || next[-1] == '\n')))
			next++;
		qt_book_read_csv(b, name, p, (size_t)(next - p));
		p = next;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	qt_book *b = qt_book_new();
	if (!b)
		return 0;
	b->csv = true;
	split_files(b, (const char *)data, size);
	fuzz_book_check(b);
	return 0;
}
