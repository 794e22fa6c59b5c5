/* Quotas: published apportionment results, ties, the Alabama paradox, credits. */
#include "testutil.h"

#include "internal.h"

#include <math.h>

static void apportion(qt_method m, const double *w, size_t n, long seats, long *out, unsigned char *tie)
{
	assert_int_equal(qt_apportion(out, tie, m, w, n, seats), 0);
	long sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += out[i];
	assert_int_equal(sum, seats);
}

/* Largest remainder, 4 parties, 60 seats: 23, 32, 2, 3 (Wikipedia, "Largest remainders method",
 * worked example with the Hare quota). */
static void test_hare_60_seats(void **state)
{
	(void)state;
	const double v[] = { 216, 310, 22, 32 };
	long out[4];
	apportion(QT_HARE_NIEMEYER, v, 4, 60, out, NULL);
	assert_int_equal(out[0], 23);
	assert_int_equal(out[1], 32);
	assert_int_equal(out[2], 2);
	assert_int_equal(out[3], 3);
}

/* Largest remainder, 6 parties, 10 seats: 5, 2, 1, 1, 1, 0 (Wikipedia, "Largest remainders method",
 * Hare quota example with 100,000 votes). */
static void test_hare_10_seats(void **state)
{
	(void)state;
	const double v[] = { 47000, 16000, 15800, 12000, 6100, 3100 };
	const long want[] = { 5, 2, 1, 1, 1, 0 };
	long out[6];
	apportion(QT_HARE_NIEMEYER, v, 6, 10, out, NULL);
	for (int i = 0; i < 6; i++)
		assert_int_equal(out[i], want[i]);
}

/* Sainte-Laguë, 4 parties, 8 seats: 3, 3, 1, 1 (Wikipedia, "Sainte-Laguë method", example with
 * 100,000 / 80,000 / 30,000 / 20,000 votes; D'Hondt would give 4, 3, 1, 0). */
static void test_sainte_lague_8_seats(void **state)
{
	(void)state;
	const double v[] = { 100000, 80000, 30000, 20000 };
	long out[4];
	apportion(QT_SAINTE_LAGUE, v, 4, 8, out, NULL);
	assert_int_equal(out[0], 3);
	assert_int_equal(out[1], 3);
	assert_int_equal(out[2], 1);
	assert_int_equal(out[3], 1);
}

/* Equal remainders: the seat goes to the larger weight, then to the smaller index, flagged. */
static void test_ties(void **state)
{
	(void)state;
	const double v[] = { 2, 1, 1 };
	long out[3];
	unsigned char tie[3];
	apportion(QT_HARE_NIEMEYER, v, 3, 2, out, tie);
	assert_int_equal(out[0], 1);
	assert_int_equal(out[1], 1);
	assert_int_equal(out[2], 0);
	assert_int_equal(tie[0], 0);
	assert_int_equal(tie[1], 1);
	assert_int_equal(tie[2], 1);

	const double w[] = { 1, 3, 3 };
	apportion(QT_SAINTE_LAGUE, w, 3, 2, out, tie);
	assert_int_equal(out[0], 0);
	assert_int_equal(out[1], 1);
	assert_int_equal(out[2], 1);
	assert_int_equal(tie[0] + tie[1] + tie[2], 0);
	apportion(QT_SAINTE_LAGUE, w, 3, 1, out, tie);
	assert_int_equal(out[1], 1); /* equal quotients 3/1: smaller index wins */
	assert_int_equal(out[2], 0);
	assert_int_equal(tie[1], 1);
	assert_int_equal(tie[2], 1);
}

/* The Alabama paradox: populations 6, 6, 2 get 4, 4, 2 of 10 seats but 5, 5, 1 of 11. */
static void test_alabama_apportion(void **state)
{
	(void)state;
	const double v[] = { 6, 6, 2 };
	long a[3], b[3];
	apportion(QT_HARE_NIEMEYER, v, 3, 10, a, NULL);
	apportion(QT_HARE_NIEMEYER, v, 3, 11, b, NULL);
	assert_int_equal(a[2], 2);
	assert_int_equal(b[2], 1);
	/* Sainte-Laguë is house-monotone: never fewer seats for more seats. */
	apportion(QT_SAINTE_LAGUE, v, 3, 10, a, NULL);
	apportion(QT_SAINTE_LAGUE, v, 3, 11, b, NULL);
	for (int i = 0; i < 3; i++)
		assert_true(b[i] >= a[i]);
}

static void test_bad_arguments(void **state)
{
	(void)state;
	long out[2];
	const double zero[] = { 0, 0 }, neg[] = { 1, -1 };
	assert_int_equal(qt_apportion(out, NULL, QT_HARE_NIEMEYER, zero, 2, 3), QT_EINVAL);
	assert_int_equal(qt_apportion(out, NULL, QT_HARE_NIEMEYER, neg, 2, 3), QT_EINVAL);
	assert_int_equal(qt_apportion(out, NULL, QT_HARE_NIEMEYER, neg, 0, 3), QT_EINVAL);
}

/* A scenario of three municipalities; extra JSON is spliced in for each case. */
static qt_scenario *scenario(const char *munis, const char *entitled, const char *gu, const char *quota)
{
	char *text = qt_asprintf(
		"{\"quartier\":1,\"name\":\"q\",\"periods\":{\"start\":\"2024Q1\",\"count\":2},"
		"\"intake\":{\"backlog\":0,\"arrivals\":[100,100]},"
		"\"households\":{\"entitled\":{\"1\":%s}},"
		"\"municipalities\":%s,\"gu_sites\":%s,\"quota\":%s}",
		entitled, munis, gu, quota);
	qt_scenario *s = NULL;
	qt_errors *e = NULL;
	int rc = qt_scenario_parse(&s, &e, text, strlen(text));
	for (size_t i = 0; i < qt_errors_count(e); i++)
		fprintf(stderr, "%s: %s\n", qt_errors_pointer(e, i), qt_errors_message(e, i));
	assert_int_equal(rc, 0);
	qt_errors_free(e);
	free(text);
	return s;
}

static const char GU_NONE[] =
	"[{\"id\":\"G\",\"name\":\"g\",\"municipality\":\"a\",\"kind\":\"permanent\",\"places\":40,"
	"\"occupied\":30}]";

static void test_paradox_flag(void **state)
{
	(void)state;
	qt_scenario *s = scenario("[{\"id\":\"a\",\"name\":\"A\",\"population\":6},"
				  "{\"id\":\"b\",\"name\":\"B\",\"population\":6},"
				  "{\"id\":\"c\",\"name\":\"C\",\"population\":2}]",
				  "[10,1]", GU_NONE, "{\"method\":\"hare-niemeyer\"}");
	qt_quotas Q;
	assert_int_equal(qt_quotas_compute(&Q, s), 0);
	assert_int_equal(Q.N[1], 10);
	assert_int_equal(Q.N[2], 11);
	assert_int_equal(Q.q[QT_IX(2, 1, 2)], 2);
	assert_int_equal(Q.q[QT_IX(2, 2, 2)], 1);
	assert_int_equal(Q.paradox[QT_IX(2, 2, 2)], 1);
	assert_int_equal(Q.paradox[QT_IX(0, 2, 2)], 0);
	qt_quotas_free(&Q);
	qt_scenario_free(s);
}

/* Credits: apportion N + credits, subtract; a municipality whose credit exceeds its share gets 0
 * and the rest is apportioned again among the others. */
static void test_credits(void **state)
{
	(void)state;
	qt_scenario *s = scenario("[{\"id\":\"a\",\"name\":\"A\",\"population\":500,\"credit\":8},"
				  "{\"id\":\"b\",\"name\":\"B\",\"population\":300},"
				  "{\"id\":\"c\",\"name\":\"C\",\"population\":200}]",
				  "[10,0]", GU_NONE, "{}");
	qt_quotas Q;
	assert_int_equal(qt_quotas_compute(&Q, s), 0);
	/* 18 by 5:3:2 = 9, 5, 4 (remainders 0, .4, .6); minus credit 8: 1, 5, 4. */
	assert_int_equal(Q.q[QT_IX(0, 1, 2)], 1);
	assert_int_equal(Q.q[QT_IX(1, 1, 2)], 5);
	assert_int_equal(Q.q[QT_IX(2, 1, 2)], 4);
	qt_quotas_free(&Q);
	qt_scenario_free(s);

	s = scenario("[{\"id\":\"a\",\"name\":\"A\",\"population\":500,\"credit\":12},"
		     "{\"id\":\"b\",\"name\":\"B\",\"population\":300},"
		     "{\"id\":\"c\",\"name\":\"C\",\"population\":200}]",
		     "[10,0]", GU_NONE, "{}");
	assert_int_equal(qt_quotas_compute(&Q, s), 0);
	/* 22 by 5:3:2 = 11, 7, 4: a would get -1, so 10 by 3:2 = 6, 4 among b and c. */
	assert_int_equal(Q.q[QT_IX(0, 1, 2)], 0);
	assert_int_equal(Q.q[QT_IX(1, 1, 2)], 6);
	assert_int_equal(Q.q[QT_IX(2, 1, 2)], 4);
	qt_quotas_free(&Q);
	qt_scenario_free(s);
}

/* GU credit rate: 40 % of the 40 places open in a = 16 persons credited. */
static void test_gu_credit_rate(void **state)
{
	(void)state;
	qt_scenario *s = scenario("[{\"id\":\"a\",\"name\":\"A\",\"population\":500},"
				  "{\"id\":\"b\",\"name\":\"B\",\"population\":500}]",
				  "[20,0]", GU_NONE, "{\"gu_credit_rate\":0.4}");
	qt_quotas Q;
	assert_int_equal(qt_quotas_compute(&Q, s), 0);
	assert_int_equal(Q.credit[QT_IX(0, 1, 2)], 16);
	/* 36 by 1:1 = 18, 18; minus 16: 2 and 18. */
	assert_int_equal(Q.q[QT_IX(0, 1, 2)], 2);
	assert_int_equal(Q.q[QT_IX(1, 1, 2)], 18);
	qt_quotas_free(&Q);
	qt_scenario_free(s);
}

/* Key weights: 50 % population, 50 % area. */
static void test_key_weights(void **state)
{
	(void)state;
	qt_scenario *s = scenario("[{\"id\":\"a\",\"name\":\"A\",\"population\":900,\"area_km2\":10},"
				  "{\"id\":\"b\",\"name\":\"B\",\"population\":100,\"area_km2\":30}]",
				  "[40,0]", GU_NONE, "{\"key\":{\"population\":0.5,\"area_km2\":0.5}}");
	qt_quotas Q;
	assert_int_equal(qt_quotas_compute(&Q, s), 0);
	/* shares: a = .5*.9 + .5*.25 = .575, b = .425; of 40: 23 and 17 */
	assert_true(fabs(Q.share[0] - 0.575) < 1e-12);
	assert_int_equal(Q.q[QT_IX(0, 1, 2)], 23);
	assert_int_equal(Q.q[QT_IX(1, 1, 2)], 17);
	qt_quotas_free(&Q);
	qt_scenario_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hare_60_seats),    cmocka_unit_test(test_hare_10_seats),
		cmocka_unit_test(test_sainte_lague_8_seats), cmocka_unit_test(test_ties),
		cmocka_unit_test(test_alabama_apportion), cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_paradox_flag),     cmocka_unit_test(test_credits),
		cmocka_unit_test(test_gu_credit_rate),   cmocka_unit_test(test_key_weights),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
