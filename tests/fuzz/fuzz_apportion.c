/*
 * libFuzzer harness: qt_apportion (Hare–Niemeyer and Sainte-Laguë) on arbitrary weights and seats.
 *
 * Input layout: byte 0 picks the method (bit 0), whether the tie flags are asked for (bit 1) and
 * how the seats are read (bits 2-3: a small count, a count up to 2^31, or any 64-bit value); then
 * the seats; then weights until the input ends, each a tag byte followed by a whole number (1 or 4
 * bytes) or a raw IEEE double (8 bytes), so that the fuzzer reaches exact ties, zero weights and
 * non-finite or negative values alike.
 *
 * Checks: bad arguments are refused with QT_EINVAL and nothing else is; a result gives every seat,
 * none to a zero weight, none negative; Hare–Niemeyer stays within one seat of the exact quota;
 * Sainte-Laguë satisfies the divisor condition (no seat could move to a party with a higher
 * quotient); the same input gives the same result twice.
 */
#include "internal.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define APP_CHECK(cond)                                                                            \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);   \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

enum { APP_MAX_PARTIES = 256 };

typedef struct {
	const uint8_t *p;
	size_t n;
} app_input;

static uint64_t app_take(app_input *in, size_t bytes)
{
	uint64_t v = 0;
	for (size_t i = 0; i < bytes && in->n > 0; i++, in->p++, in->n--)
		v |= (uint64_t)in->p[0] << (8 * i);
	return v;
}

static double app_weight(app_input *in)
{
	unsigned tag = (unsigned)app_take(in, 1) % 4;
	if (tag == 0)
		return (double)app_take(in, 1);
	if (tag == 1)
		return (double)app_take(in, 4);
	if (tag == 2)
		return (double)app_take(in, 1) / 8.0; /* exact fractions, frequent ties */
	uint64_t bits = app_take(in, 8);
	double w;
	memcpy(&w, &bits, sizeof w);
	return w;
}

static int app_valid(const double *w, size_t n)
{
	long double total = 0;
	for (size_t i = 0; i < n; i++) {
		if (!(w[i] >= 0) || !isfinite(w[i]))
			return 0;
		total += w[i];
	}
	return total > 0;
}

/* 1 if w_a / (2 s_a - 1) >= w_b / (2 s_b + 1) (the seat party a holds last is at least as
 * deserved as the next seat of party b), in long double as quota.c computes. The products carry
 * up to 53 + 63 bits and are rounded to 64, so a relative tolerance of 1e-15 (a few units in the
 * last place of a double weight) separates a wrong seat from rounding; found by fuzzing with
 * 1.7e18 seats (tests/fuzz/regress/apportion/sainte-lague-rounding-1e18-seats). */
static int app_deserved(double wa, long sa, double wb, long sb)
{
	long double l = (long double)wa * (2.0L * sb + 1), r = (long double)wb * (2.0L * sa - 1);
	return l >= r - 1e-15L * r;
}

static void app_check(const long *out, qt_method m, const double *w, size_t n, long seats)
{
	long double total = 0, given = 0;
	for (size_t i = 0; i < n; i++)
		total += w[i];
	for (size_t i = 0; i < n; i++) {
		APP_CHECK(out[i] >= 0);
		APP_CHECK(w[i] > 0 || out[i] == 0);
		given += out[i];
	}
	APP_CHECK(given == seats);
	for (size_t i = 0; i < n; i++) {
		if (m == QT_HARE_NIEMEYER) {
			long double exact = (long double)seats * w[i] / total, tol = 1e-9L * (1 + exact);
			APP_CHECK(out[i] >= floorl(exact - tol));
			APP_CHECK(out[i] <= floorl(exact + tol) + 1);
		} else {
			/* Divisor condition: the least deserved seat given is at least as deserved as the
			 * most deserving seat not given. */
			for (size_t j = 0; j < n; j++)
				if (out[i] > 0 && w[j] > 0)
					APP_CHECK(app_deserved(w[i], out[i], w[j], out[j]));
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	app_input in = { data, size };
	unsigned flags = (unsigned)app_take(&in, 1);
	qt_method method = (flags & 1) ? QT_SAINTE_LAGUE : QT_HARE_NIEMEYER;
	int want_ties = (flags >> 1) & 1;
	long seats;
	switch ((flags >> 2) & 3) {
	case 0:
		seats = (long)(app_take(&in, 2));
		break;
	case 1:
		seats = (long)(app_take(&in, 4) & 0x7fffffffu);
		break;
	default:
		seats = (long)app_take(&in, 8);
	}
	double w[APP_MAX_PARTIES] = { 0 };
	size_t n = 0;
	while (in.n > 0 && n < APP_MAX_PARTIES)
		w[n++] = app_weight(&in);

	long out[APP_MAX_PARTIES], again[APP_MAX_PARTIES];
	unsigned char tie[APP_MAX_PARTIES];
	int rc = qt_apportion(out, want_ties ? tie : NULL, method, w, n, seats);
	if (n == 0 || seats < 0 || seats > LONG_MAX / 4 || !app_valid(w, n)) {
		APP_CHECK(rc == QT_EINVAL);
		return 0;
	}
	APP_CHECK(rc == 0);
	app_check(out, method, w, n, seats);
	APP_CHECK(qt_apportion(again, NULL, method, w, n, seats) == 0);
	APP_CHECK(memcmp(out, again, n * sizeof *out) == 0);
	return 0;
}
