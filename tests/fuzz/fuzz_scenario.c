/*
 * libFuzzer harness: the scenario reader (qt_scenario_parse) on arbitrary bytes, and the quotas of
 * every scenario it accepts.
 *
 * Besides crashes, leaks and undefined behaviour (ASan, UBSan), it checks what the reader promises:
 * a rejected document comes with at least one error, each a JSON Pointer ("" or "/...") and a
 * one-line UTF-8 message; an accepted scenario stays within SCENARIO.md's limits, refers only to
 * entries that exist, and yields quotas that add up (so the solver never meets data the reader let
 * through but the library cannot use).
 *
 * An input may start with up to four lines "@set POINTER=VALUE", which are applied as overrides
 * (`quartier solve --set`) to the document that follows.
 *
 * Built by `make fuzz` with clang -fsanitize=fuzzer; tests/test_fuzz.c replays the seeds and the
 * findings through the same function in `make check`.
 */
#include "internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_CHECK(cond)                                                                           \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);   \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/* One error per line: the CLI prints "FILE: POINTER: MESSAGE" and a reader of that output (a
 * person or a script) must be able to rely on it. */
static int one_line(const char *s) { return s && !strpbrk(s, "\r\n"); }

static int valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		size_t len = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 0;
		if (len == 0)
			return 0;
		for (size_t k = 1; k < len; k++)
			if ((p[k] & 0xC0) != 0x80)
				return 0;
		p += len;
	}
	return 1;
}

static void check_errors(const qt_errors *e)
{
	FUZZ_CHECK(e && qt_errors_count(e) > 0);
	for (size_t i = 0; i < qt_errors_count(e); i++) {
		const char *p = qt_errors_pointer(e, i), *m = qt_errors_message(e, i);
		FUZZ_CHECK(p && (p[0] == '\0' || p[0] == '/'));
		FUZZ_CHECK(m && m[0] != '\0');
		FUZZ_CHECK(one_line(p) && one_line(m));
		FUZZ_CHECK(valid_utf8(p) && valid_utf8(m));
	}
}

static void check_quotas(const qt_scenario *s)
{
	qt_quotas q;
	FUZZ_CHECK(qt_quotas_compute(&q, s) == 0);
	for (int t = 1; t <= s->T; t++) {
		long sum = 0;
		for (int m = 0; m < s->n_muni; m++) {
			long v = q.q[QT_IX(m, t, s->T)];
			FUZZ_CHECK(v >= 0);
			sum += v;
		}
		FUZZ_CHECK(sum == q.N[t]);
	}
	qt_quotas_free(&q);
}

static void check_scenario(const qt_scenario *s)
{
	FUZZ_CHECK(s->T >= 1 && s->T <= QT_MAX_PERIODS);
	FUZZ_CHECK(s->n_muni >= 1 && s->n_muni <= QT_MAX_MUNICIPALITIES);
	FUZZ_CHECK(s->n_gu >= 0 && s->n_gu <= QT_MAX_GU);
	FUZZ_CHECK(s->n_kombi >= 0 && s->n_kombi <= QT_MAX_KOMBI);
	FUZZ_CHECK(s->n_offer >= 0 && s->n_offer <= QT_MAX_OFFERS);
	for (int g = 0; g < s->n_gu; g++) {
		const qt_gu *gu = &s->gu[g];
		FUZZ_CHECK(gu->muni >= 0 && gu->muni < s->n_muni);
		FUZZ_CHECK(gu->occupied >= 0 && gu->occupied <= gu->places);
		FUZZ_CHECK(gu->open0 || gu->occupied == 0);
	}
	for (int k = 0; k < s->n_kombi; k++)
		FUZZ_CHECK(s->kombi[k].muni >= 0 && s->kombi[k].muni < s->n_muni);
	for (int o = 0; o < s->n_offer; o++) {
		const qt_offer *of = &s->offer[o];
		FUZZ_CHECK(of->muni >= 0 && of->muni < s->n_muni);
		FUZZ_CHECK(of->period >= 1 && of->period <= s->T);
		FUZZ_CHECK(of->hclass >= 0 && of->hclass < QT_NCLASS);
	}
	FUZZ_CHECK(qt_start_vu(s) >= 0);
	char *summary = qt_scenario_summary(s);
	FUZZ_CHECK(summary != NULL);
	free(summary);
	check_quotas(s);
}

enum { MAX_SETS = 4, MAX_SET_LEN = 256 };

/* Splits the leading "@set POINTER=VALUE" lines off the input; returns how many were found. */
static size_t take_sets(const uint8_t **data, size_t *size, char sets[MAX_SETS][MAX_SET_LEN])
{
	size_t n = 0;
	while (n < MAX_SETS && *size >= 5 && memcmp(*data, "@set ", 5) == 0) {
		const uint8_t *end = memchr(*data, '\n', *size);
		size_t len = end ? (size_t)(end - *data) : *size;
		size_t keep = len - 5 < MAX_SET_LEN - 1 ? len - 5 : MAX_SET_LEN - 1;
		memcpy(sets[n], *data + 5, keep);
		sets[n][keep] = '\0';
		n++;
		len += end != NULL;
		*data += len;
		*size -= len;
	}
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char sets[MAX_SETS][MAX_SET_LEN];
	const char *set_ptrs[MAX_SETS];
	size_t n_sets = take_sets(&data, &size, sets);
	for (size_t i = 0; i < n_sets; i++)
		set_ptrs[i] = sets[i];
	qt_scenario *s = NULL;
	qt_errors *e = NULL;
	int rc = qt_scenario_parse_with(&s, &e, (const char *)data, size, set_ptrs, n_sets);
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
	return 0;
}
