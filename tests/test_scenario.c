/*
 * Unit tests of lib/scenario.c: a small valid scenario loads with the right values and defaults, and
 * each kind of bad input is reported with the exact JSON Pointer and a telling message.
 * Run from the project root (fixtures are found under tests/fixtures).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "internal.h"

#include <cJSON.h>

#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Four periods from 2016Q3. V0 = 80 - (5*1 + 1*2) = 73 persons in vU at start. */
static const char BASE[] =
	"{"
	"\"quartier\": 1,"
	"\"name\": \"Test – Basis\","
	"\"periods\": {\"start\": \"2016Q3\", \"count\": 4},"
	"\"intake\": {\"backlog\": 10, \"arrivals\": 100},"
	"\"households\": {\"entitled\": {\"1\": 10, \"5+\": [1, 2, 3, 4]}, \"waiting\": {\"1\": 5, \"2\": 1}},"
	"\"municipalities\": ["
	"  {\"id\": \"A\", \"name\": \"Alpha\", \"population\": 1000, \"rent_area\": \"I\", \"area_km2\": 10},"
	"  {\"id\": \"B\", \"population\": 3000, \"rent_area\": \"II\", \"area_km2\": 30,"
	"   \"au_places\": [5, 6, 7, 8], \"au_occupied\": 4, \"au_cost\": 700, \"credit\": 2},"
	"  {\"id\": \"C\", \"population\": 500}"
	"],"
	"\"gu_sites\": ["
	"  {\"id\": \"G1\", \"municipality\": \"A\", \"kind\": \"permanent\", \"places\": 100, \"occupied\": 80},"
	"  {\"id\": \"G2\", \"name\": \"Halle\", \"municipality\": \"B\", \"kind\": \"sports_hall\","
	"   \"places\": 50, \"occupied\": 0,"
	"   \"cost\": {\"per_place\": 1400, \"fixed\": 20000, \"open\": 1000, \"close\": 500}}"
	"],"
	"\"kombimodell\": ["
	"  {\"id\": \"K1\", \"municipality\": \"B\", \"max_modules\": 3, \"places_per_module\": 24}"
	"],"
	"\"rent_caps\": {\"areas\": {\"I\": {\"1\": 500, \"2\": 600}, \"II\": {\"1\": 400, \"5+\": 900}}},"
	"\"housing_offers\": ["
	"  {\"id\": \"O1\", \"municipality\": \"A\", \"period\": \"2016Q4\", \"household\": \"1\", \"rent\": 500},"
	"  {\"id\": \"O2\", \"municipality\": \"A\", \"period\": \"2016Q4\", \"household\": \"1\", \"rent\": 501},"
	"  {\"id\": \"O3\", \"municipality\": \"A\", \"period\": \"2017Q1\", \"household\": \"3\", \"units\": 2,"
	"   \"rent\": 300},"
	"  {\"id\": \"O4\", \"municipality\": \"C\", \"period\": \"2017Q2\", \"household\": \"1\", \"rent\": 100}"
	"]"
	"}";

#define FIXTURES "tests/fixtures/"

/* ---- helpers ---- */
typedef struct {
	int rc;
	qt_scenario *s;
	qt_errors *e;
} loaded;

static loaded load(const char *text)
{
	loaded l;
	l.rc = qt_scenario_parse(&l.s, &l.e, text, strlen(text));
	return l;
}

static void unload(loaded *l)
{
	qt_scenario_free(l->s);
	qt_errors_free(l->e);
}

static void print_errors(const qt_errors *e)
{
	for (size_t i = 0; i < qt_errors_count(e); i++)
		print_message("  %s: %s\n", qt_errors_pointer(e, i), qt_errors_message(e, i));
}

/* Loads text that must be valid; fails the test with the problems found otherwise. */
static qt_scenario *load_ok(const char *text)
{
	loaded l = load(text);
	if (l.rc != 0) {
		print_errors(l.e);
		fail_msg("expected the scenario to load, got rc %d (%s)", l.rc, qt_last_error());
	}
	assert_null(l.e);
	assert_non_null(l.s);
	return l.s;
}

/* Index of the error at `pointer` whose message contains `needle`, or -1. */
static int find_error(const qt_errors *e, const char *pointer, const char *needle)
{
	for (size_t i = 0; i < qt_errors_count(e); i++)
		if (strcmp(qt_errors_pointer(e, i), pointer) == 0 && strstr(qt_errors_message(e, i), needle))
			return (int)i;
	return -1;
}

static void assert_error(const qt_errors *e, const char *pointer, const char *needle)
{
	if (find_error(e, pointer, needle) < 0) {
		print_errors(e);
		fail_msg("no error at \"%s\" containing \"%s\"", pointer, needle);
	}
}

/* text must be refused with exactly n problems, one of them at pointer saying needle. */
static void expect_errors(const char *text, size_t n, const char *pointer, const char *needle)
{
	loaded l = load(text);
	assert_int_equal(l.rc, QT_EINPUT);
	assert_null(l.s);
	if (qt_errors_count(l.e) != n) {
		print_errors(l.e);
		fail_msg("expected %zu problems, got %zu", n, qt_errors_count(l.e));
	}
	assert_error(l.e, pointer, needle);
	unload(&l);
}

static void expect_one_error(const char *text, const char *pointer, const char *needle)
{
	expect_errors(text, 1, pointer, needle);
}

/* Unescapes one RFC 6901 reference token in place. */
static void unescape_token(char *tok)
{
	char *w = tok;
	for (const char *c = tok; *c; c++) {
		if (c[0] == '~' && (c[1] == '0' || c[1] == '1')) {
			*w++ = c[1] == '0' ? '~' : '/';
			c++;
		} else {
			*w++ = *c;
		}
	}
	*w = '\0';
}

/* Sets the value at pointer to the JSON fragment (adding a missing member or array element), or
 * deletes it when fragment is NULL. */
static void set_at(cJSON *root, const char *pointer, const char *fragment)
{
	char *path = strdup(pointer);
	assert_non_null(path);
	cJSON *node = root;
	char *tok = path + 1, *slash;
	while ((slash = strchr(tok, '/'))) {
		*slash = '\0';
		unescape_token(tok);
		node = cJSON_IsArray(node) ? cJSON_GetArrayItem(node, atoi(tok))
					   : cJSON_GetObjectItemCaseSensitive(node, tok);
		if (!node)
			fail_msg("test bug: no value at \"%s\" in \"%s\"", tok, pointer);
		tok = slash + 1;
	}
	unescape_token(tok);
	cJSON *value = NULL;
	if (fragment) {
		value = cJSON_Parse(fragment);
		if (!value)
			fail_msg("test bug: bad fragment %s", fragment);
	}
	if (cJSON_IsArray(node)) {
		int i = atoi(tok);
		if (!value)
			cJSON_DeleteItemFromArray(node, i);
		else if (i < cJSON_GetArraySize(node))
			cJSON_ReplaceItemInArray(node, i, value);
		else
			cJSON_AddItemToArray(node, value);
	} else if (!value) {
		cJSON_DeleteItemFromObjectCaseSensitive(node, tok);
	} else if (cJSON_GetObjectItemCaseSensitive(node, tok)) {
		cJSON_ReplaceItemInObjectCaseSensitive(node, tok, value);
	} else {
		cJSON_AddItemToObject(node, tok, value);
	}
	free(path);
}

typedef const char *const edit[2]; /* { pointer, fragment or NULL to delete } */

/* JSON text of base after the edits; the caller frees it. */
static char *edit_list(const char *base, const edit *edits, size_t n)
{
	cJSON *root = cJSON_Parse(base);
	assert_non_null(root);
	for (size_t i = 0; i < n; i++)
		set_at(root, edits[i][0], edits[i][1]);
	char *text = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	assert_non_null(text);
	return text;
}

#define EDITS(...) (const edit[]){ __VA_ARGS__ }, sizeof((const edit[]){ __VA_ARGS__ }) / sizeof(edit)
#define EDIT(...) edit_list(BASE, EDITS(__VA_ARGS__))

/* Checks one edit of BASE against exactly one expected problem. */
static void expect_edit_error(const char *pointer, const char *fragment, const char *err_pointer,
			      const char *needle)
{
	char *t = EDIT({ pointer, fragment });
	expect_one_error(t, err_pointer, needle);
	free(t);
}

/* base with its one occurrence of `from` replaced by `to`, for text cJSON would not print. */
static char *replaced(const char *base, const char *from, const char *to)
{
	const char *at = strstr(base, from);
	assert_non_null(at);
	assert_null(strstr(at + 1, from));
	char *t = malloc(strlen(base) - strlen(from) + strlen(to) + 1);
	assert_non_null(t);
	sprintf(t, "%.*s%s%s", (int)(at - base), base, to, at + strlen(from));
	return t;
}

#define assert_near(a, b)                                                                          \
	do {                                                                                       \
		double a_ = (a), b_ = (b);                                                         \
		if (fabs(a_ - b_) > 1e-9 * (1 + fabs(b_)))                                         \
			fail_msg("%s = %.17g, expected %.17g", #a, a_, b_);                        \
	} while (0)

static char *read_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *buf = calloc(1, 1 << 16);
	assert_non_null(buf);
	size_t n = fread(buf, 1, (1 << 16) - 1, f);
	assert_true(n > 0);
	fclose(f);
	return buf;
}

/* ---- a valid scenario: values and defaults ---- */
static void test_valid_scenario_loads(void **state)
{
	(void)state;
	qt_scenario *s = load_ok(BASE);
	assert_string_equal(qt_scenario_name(s), "Test – Basis");
	assert_int_equal(qt_scenario_periods(s), 4);
	assert_int_equal(s->start_year, 2016);
	assert_int_equal(s->start_q, 3);
	assert_int_equal(s->n_muni, 3);
	assert_int_equal(s->n_gu, 2);
	assert_int_equal(s->n_kombi, 1);
	assert_int_equal(s->n_offer, 4);
	assert_int_equal(s->n_area, 2);
	assert_string_equal(s->muni[0].id, "A");
	assert_string_equal(s->muni[0].name, "Alpha");
	assert_string_equal(s->muni[1].name, "B"); /* the id stands in for a missing name */
	assert_int_equal(s->gu[1].muni, 1);
	assert_int_equal(s->gu[1].kind, QT_GU_SPORTS_HALL);
	assert_near(s->gu[1].cost_place, 1400);
	assert_near(s->gu[1].cost_close, 500);
	assert_int_equal(s->kombi[0].muni, 1);
	assert_int_equal(s->kombi[0].ppm, 24);
	assert_int_equal(s->offer[3].muni, 2);
	assert_int_equal(s->offer[0].period, 2);
	assert_int_equal(s->offer[3].period, 4);
	qt_scenario_free(s);
}

static void test_defaults(void **state)
{
	(void)state;
	qt_scenario *s = load_ok(BASE);
	static const int hsize[QT_NCLASS] = { 1, 2, 3, 4, 6 };
	for (int h = 0; h < QT_NCLASS; h++)
		assert_int_equal(qt_hs(s, h), hsize[h]);
	assert_near(s->cap_factor, 1);
	assert_int_equal(s->method, QT_HARE_NIEMEYER);
	assert_int_equal(s->n_key, 1);
	assert_string_equal(s->key_name[0], "population");
	assert_near(s->key_weight[0], 1);
	assert_near(s->muni[1].key[0], 3000);
	assert_near(s->gu_credit_rate, 0);
	assert_near(s->exit_rate, 0.03);
	for (int p = 0; p < QT_NPEN; p++)
		assert_near(s->penalty[p], qt_penalty_defaults[p]);
	assert_near(s->time_limit_s, 60);
	assert_near(s->gap, 0.001);
	assert_int_equal(s->offer[0].units, 1);
	assert_int_equal(s->muni[2].rent_area, -1);
	assert_int_equal(s->muni[0].au_occupied, 0);
	assert_int_equal(s->muni[0].au_places[3], 0);
	assert_int_equal(s->kombi[0].lead, 0);
	assert_int_equal(s->kombi[0].earliest, 1);
	qt_scenario_free(s);
}

static void test_names_tables(void **state)
{
	(void)state;
	assert_string_equal(qt_class_names[4], "5+");
	assert_string_equal(qt_penalty_names[QT_PEN_QUOTA_UNDER], "quota_under");
	assert_string_equal(qt_penalty_names[QT_PEN_MOVE], "move");
	assert_near(qt_penalty_defaults[QT_PEN_UNHOUSED], 100000);
	assert_near(qt_penalty_defaults[QT_PEN_WAITING], 600);
	assert_near(qt_penalty_defaults[QT_PEN_MOVE], 0);
}

static void test_arrivals_scalar_and_array(void **state)
{
	(void)state;
	qt_scenario *s = load_ok(BASE);
	assert_int_equal(s->arrivals[0], 0);
	for (int t = 1; t <= 4; t++)
		assert_int_equal(s->arrivals[t], 100);
	assert_int_equal(s->backlog0, 10);
	qt_scenario_free(s);

	char *t = EDIT({ "/intake/arrivals", "[9, 8, 7, 6]" });
	s = load_ok(t);
	assert_int_equal(s->arrivals[1], 9);
	assert_int_equal(s->arrivals[4], 6);
	qt_scenario_free(s);
	free(t);
}

static void test_entitled_waiting_and_au_places(void **state)
{
	(void)state;
	qt_scenario *s = load_ok(BASE);
	for (int t = 1; t <= 4; t++) {
		assert_int_equal(qt_entitled(s, 0, t), 10);
		assert_int_equal(qt_entitled(s, 1, t), 0); /* a missing class is 0 */
		assert_int_equal(qt_entitled(s, 4, t), t);
	}
	assert_int_equal(qt_entitled(s, 4, 0), 0);
	assert_int_equal(s->waiting0[0], 5);
	assert_int_equal(s->waiting0[1], 1);
	assert_int_equal(s->waiting0[4], 0);
	assert_int_equal(s->muni[1].au_places[1], 5);
	assert_int_equal(s->muni[1].au_places[4], 8);
	assert_int_equal(s->muni[1].au_occupied, 4);
	assert_int_equal(s->muni[1].credit, 2);
	assert_near(s->muni[1].au_cost, 700);
	qt_scenario_free(s);
}

static void test_size_5plus(void **state)
{
	(void)state;
	char *t = EDIT({ "/households/size_5plus", "8" });
	qt_scenario *s = load_ok(t);
	assert_int_equal(qt_hs(s, 4), 8);
	assert_int_equal(qt_hs(s, 3), 4);
	qt_scenario_free(s);
	free(t);
	expect_edit_error("/households/size_5plus", "4", "/households/size_5plus",
			  "expected a whole number of persons from 5 to 20, got 4");
	expect_edit_error("/households/size_5plus", "21", "/households/size_5plus", "from 5 to 20, got 21");
	expect_edit_error("/households/size_5plus", "5.5", "/households/size_5plus",
			  "expected a whole number of persons, got 5.5");
}

static void test_eligibility_at_the_cap(void **state)
{
	(void)state;
	qt_scenario *s = load_ok(BASE);
	assert_near(s->offer[0].cap, 500);
	assert_true(s->offer[0].eligible);  /* rent == cap qualifies */
	assert_false(s->offer[1].eligible); /* one euro above does not */
	assert_near(s->offer[2].cap, -1);   /* area I has no cap for class 3 */
	assert_false(s->offer[2].eligible);
	assert_near(s->offer[3].cap, -1); /* municipality C has no rent area */
	assert_false(s->offer[3].eligible);
	qt_scenario_free(s);
}

static void test_eligibility_with_factor(void **state)
{
	(void)state;
	/* 1.1 * 500 is 550.0000000000001 in doubles: 550 must still qualify, 551 not. */
	char *t = EDIT({ "/rent_caps/factor", "1.1" }, { "/housing_offers/0/rent", "550" },
		       { "/housing_offers/1/rent", "551" });
	qt_scenario *s = load_ok(t);
	assert_near(s->cap_factor, 1.1);
	assert_near(s->offer[0].cap, 550);
	assert_true(s->offer[0].eligible);
	assert_false(s->offer[1].eligible);
	qt_scenario_free(s);
	free(t);

	/* 1.15 * 400 is 459.99999999999994: a rent of 460 in area II is at the cap and qualifies. */
	t = EDIT({ "/rent_caps/factor", "1.15" }, { "/housing_offers/3/municipality", "\"B\"" },
		 { "/housing_offers/3/rent", "460" });
	s = load_ok(t);
	assert_near(s->offer[3].cap, 460);
	assert_true(s->offer[3].eligible);
	qt_scenario_free(s);
	free(t);

	t = EDIT({ "/rent_caps/factor", "0.9" });
	s = load_ok(t);
	assert_near(s->offer[0].cap, 450);
	assert_false(s->offer[0].eligible); /* 500 is above 0.9 * 500 */
	qt_scenario_free(s);
	free(t);
}

static void test_gu_defaults_and_open(void **state)
{
	(void)state;
	qt_scenario *s = load_ok(BASE);
	const qt_gu *g = &s->gu[0];
	assert_string_equal(g->name, "G1");
	assert_int_equal(g->open0, 1); /* occupied > 0 */
	assert_int_equal(s->gu[1].open0, 0);
	assert_int_equal(g->avail_from, 1);
	assert_int_equal(g->avail_until, 4);
	assert_int_equal(g->vacate_by, 5);
	for (int t = 1; t <= 4; t++)
		assert_true(qt_gu_allowed(g, t));
	assert_false(qt_gu_allowed(g, 5));
	qt_scenario_free(s);

	char *t = EDIT({ "/gu_sites/1/open", "true" });
	s = load_ok(t);
	assert_int_equal(s->gu[1].open0, 1);
	qt_scenario_free(s);
	free(t);
}

static void test_gu_window_clamps(void **state)
{
	(void)state;
	char *t = EDIT({ "/gu_sites/1/available_from", "\"2015Q1\"" }, { "/gu_sites/1/available_until", "\"2030Q1\"" },
		       { "/gu_sites/1/vacate_by", "\"2031Q2\"" });
	qt_scenario *s = load_ok(t);
	assert_int_equal(s->gu[1].avail_from, 1);
	assert_int_equal(s->gu[1].avail_until, 4);
	assert_int_equal(s->gu[1].vacate_by, 5);
	qt_scenario_free(s);
	free(t);

	t = EDIT({ "/gu_sites/1/available_from", "\"2016Q4\"" }, { "/gu_sites/1/vacate_by", "\"2017Q2\"" });
	s = load_ok(t);
	assert_int_equal(s->gu[1].avail_from, 2);
	assert_int_equal(s->gu[1].vacate_by, 4);
	assert_false(qt_gu_allowed(&s->gu[1], 1));
	assert_true(qt_gu_allowed(&s->gu[1], 2));
	assert_true(qt_gu_allowed(&s->gu[1], 3));
	assert_false(qt_gu_allowed(&s->gu[1], 4));
	qt_scenario_free(s);
	free(t);
}

static void test_occupied_site_closing_at_start_is_allowed(void **state)
{
	(void)state;
	/* A sports hall to be vacated from the first period on may still hold persons at start. */
	char *t = EDIT({ "/gu_sites/0/vacate_by", "\"2016Q1\"" });
	qt_scenario *s = load_ok(t);
	assert_int_equal(s->gu[0].vacate_by, 1);
	assert_int_equal(s->gu[0].open0, 1);
	assert_false(qt_gu_allowed(&s->gu[0], 1));
	qt_scenario_free(s);
	free(t);

	t = EDIT({ "/gu_sites/0/available_until", "\"2016Q2\"" });
	s = load_ok(t);
	assert_int_equal(s->gu[0].avail_until, 0);
	assert_false(qt_gu_allowed(&s->gu[0], 1));
	qt_scenario_free(s);
	free(t);
}

static void test_kombimodell_fields(void **state)
{
	(void)state;
	char *t = EDIT({ "/kombimodell/0/earliest", "\"2010Q1\"" }, { "/kombimodell/0/lead_quarters", "3" },
		       { "/kombimodell/0/cost", "{\"module\": 600000, \"conversion\": 40000, \"per_place_gu\": 900}" });
	qt_scenario *s = load_ok(t);
	assert_int_equal(s->kombi[0].earliest, 1);
	assert_int_equal(s->kombi[0].lead, 3);
	assert_int_equal(s->kombi[0].max_modules, 3);
	assert_near(s->kombi[0].cost_module, 600000);
	assert_near(s->kombi[0].cost_gu_place, 900);
	qt_scenario_free(s);
	free(t);

	t = EDIT({ "/kombimodell/0/earliest", "\"2017Q1\"" });
	s = load_ok(t);
	assert_int_equal(s->kombi[0].earliest, 3);
	qt_scenario_free(s);
	free(t);
}

static void test_settings_override_defaults(void **state)
{
	(void)state;
	char *t = EDIT({ "/quota", "{\"method\": \"sainte-lague\", \"gu_credit_rate\": 0.5}" },
		       { "/exit_rate", "0.1" }, { "/penalties", "{\"unhoused\": 5, \"move\": 7}" },
		       { "/solver", "{\"time_limit_s\": 12.5, \"gap\": 0.01}" });
	qt_scenario *s = load_ok(t);
	assert_int_equal(s->method, QT_SAINTE_LAGUE);
	assert_near(s->gu_credit_rate, 0.5);
	assert_near(s->exit_rate, 0.1);
	assert_near(s->penalty[QT_PEN_UNHOUSED], 5);
	assert_near(s->penalty[QT_PEN_MOVE], 7);
	assert_near(s->penalty[QT_PEN_BACKLOG], 5000);
	assert_near(s->time_limit_s, 12.5);
	assert_near(s->gap, 0.01);
	qt_scenario_free(s);
	free(t);
}

static void test_period_labels(void **state)
{
	(void)state;
	char buf[8];
	qt_period_label(2016, 3, 1, buf);
	assert_string_equal(buf, "2016Q3");
	qt_period_label(2016, 3, 3, buf);
	assert_string_equal(buf, "2017Q1");
	qt_period_label(2016, 3, 0, buf);
	assert_string_equal(buf, "2016Q2");
	qt_period_label(2016, 1, 0, buf);
	assert_string_equal(buf, "2015Q4");
	qt_period_label(2016, 1, -4, buf);
	assert_string_equal(buf, "2014Q4");
	qt_scenario *s = load_ok(BASE);
	qt_scenario_period_label(s, 4, buf);
	assert_string_equal(buf, "2017Q2");
	qt_scenario_free(s);
}

static void test_summary_and_text(void **state)
{
	(void)state;
	qt_scenario *s = load_ok(BASE);
	char *sum = qt_scenario_summary(s);
	assert_string_equal(sum, "\"Test – Basis\": 4 periods from 2016Q3, 3 municipalities, 2 GU sites "
				 "(150 places, 80 persons), 1 Kombimodell site, 4 housing offers (1 eligible)");
	free(sum);
	assert_int_equal(s->text_len, strlen(BASE));
	assert_memory_equal(s->text, BASE, strlen(BASE));
	qt_scenario_free(s);
}

static void test_read_file_fixture(void **state)
{
	(void)state;
	qt_scenario *s = NULL;
	qt_errors *e = NULL;
	int rc = qt_scenario_read_file(&s, &e, FIXTURES "scn_valid.json");
	if (rc)
		print_errors(e);
	assert_int_equal(rc, 0);
	assert_null(e);
	char *sum = qt_scenario_summary(s);
	assert_string_equal(sum, "\"Landkreis Esslingen – Basis 2016Q3\": 12 periods from 2016Q3, 2 municipalities, "
				 "2 GU sites (270 places, 244 persons), 1 Kombimodell site, 1 housing offer (1 eligible)");
	free(sum);
	assert_int_equal(s->gu[1].vacate_by, 1);   /* "vacate_by": "2016Q3", the start */
	assert_int_equal(s->gu[0].avail_until, 10); /* "2018Q4" */
	assert_int_equal(s->kombi[0].earliest, 2);
	assert_near(s->muni[0].key[0], 89000);
	qt_scenario_free(s);
}

static void test_x_objects_are_ignored(void **state)
{
	(void)state;
	const char *note = "{\"anything\": [1, {\"goes\": \"here\"}], \"places\": -5}";
	char *t = EDIT({ "/x", note }, { "/gu_sites/0/x", note }, { "/gu_sites/1/cost/x", note },
		       { "/municipalities/0/x", "\"a note\"" }, { "/rent_caps/areas/x", note },
		       { "/rent_caps/areas/I/x", note }, { "/quota", "{\"key\": {\"population\": 1, \"x\": \"n\"}}" },
		       { "/penalties", "{\"x\": 1}" }, { "/households/entitled/x", note });
	qt_scenario *s = load_ok(t);
	assert_int_equal(s->n_area, 2); /* "x" is no rent area */
	assert_int_equal(s->n_key, 1);  /* nor a key column */
	assert_int_equal(s->gu[0].places, 100);
	qt_scenario_free(s);
	free(t);
}

static void test_numeric_columns_as_quota_key(void **state)
{
	(void)state;
	char *t = EDIT({ "/quota", "{\"key\": {\"population\": 0.7, \"area_km2\": 0.3}}" },
		       { "/municipalities/2/area_km2", "5" }, { "/municipalities/0/seats", "12" });
	qt_scenario *s = load_ok(t);
	assert_int_equal(s->n_key, 2);
	assert_string_equal(s->key_name[0], "population");
	assert_string_equal(s->key_name[1], "area_km2");
	assert_near(s->key_weight[0], 0.7);
	assert_near(s->key_weight[1], 0.3);
	assert_near(s->muni[1].key[0], 3000);
	assert_near(s->muni[1].key[1], 30);
	assert_near(s->muni[2].key[1], 5);
	qt_scenario_free(s);
	free(t);
}

/* ---- whole-document problems ---- */
static void test_syntax_error_line_and_column(void **state)
{
	(void)state;
	expect_one_error("{\n  \"quartier\": 1,\n  \"name\": }", "", "JSON syntax error at line 3, column 11");
	expect_one_error("{\"quartier\": 1} trailing", "", "line 1, column 17");
	expect_one_error("{\"quartier\": 1,", "", "the document ends early");
}

static void test_empty_document(void **state)
{
	(void)state;
	expect_one_error("", "", "the document is empty");
	expect_one_error(" \n\t ", "", "the document is empty");

	qt_scenario *s = NULL;
	qt_errors *e = NULL;
	assert_int_equal(qt_scenario_read_file(&s, &e, FIXTURES "scn_empty.json"), QT_EINPUT);
	assert_null(s);
	assert_int_equal(qt_errors_count(e), 1);
	assert_error(e, "", "the document is empty");
	qt_errors_free(e);
}

static void test_directory_and_missing_file(void **state)
{
	(void)state;
	qt_scenario *s = NULL;
	qt_errors *e = (qt_errors *)1;
	assert_int_equal(qt_scenario_read_file(&s, &e, FIXTURES), QT_EIO);
	assert_null(s);
	assert_null(e);
	assert_non_null(strstr(qt_last_error(), "is a directory"));
	assert_non_null(strstr(qt_last_error(), "tests/fixtures"));

	assert_int_equal(qt_scenario_read_file(&s, &e, FIXTURES "scn_does_not_exist.json"), QT_EIO);
	assert_null(e);
	assert_non_null(strstr(qt_last_error(), "scn_does_not_exist.json"));
	assert_non_null(strstr(qt_last_error(), "No such file or directory"));
}

static void test_file_too_large(void **state)
{
	(void)state;
	char path[] = "/tmp/qt_test_scenario_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	/* Sparse: refused from its size alone, never read. */
	assert_int_equal(ftruncate(fd, QT_MAX_FILE_BYTES + 1), 0);
	close(fd);
	qt_scenario *s = NULL;
	qt_errors *e = NULL;
	int rc = qt_scenario_read_file(&s, &e, path);
	unlink(path);
	assert_int_equal(rc, QT_EINPUT);
	assert_null(s);
	assert_int_equal(qt_errors_count(e), 1);
	assert_error(e, "", "expected at most 67108864 bytes");
	qt_errors_free(e);

	/* The same limit holds for text in memory (the length alone decides). */
	assert_int_equal(qt_scenario_parse(&s, &e, BASE, (size_t)QT_MAX_FILE_BYTES + 1), QT_EINPUT);
	assert_error(e, "", "is 67108865 bytes");
	qt_errors_free(e);
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	expect_one_error("{\"quartier\": 1, \"name\": \"Gem\xC3\x28nde\"}", "", "invalid UTF-8 at byte offset 28");
	expect_one_error("{\"name\": \"\xC0\xAF\"}", "", "invalid UTF-8 at byte offset 10"); /* overlong */
	expect_one_error("{\"name\": \"\xED\xA0\x80\"}", "", "invalid UTF-8 at byte offset 10"); /* surrogate */
	expect_one_error("{\n\"name\": \"\xF8\"}", "", "(line 2, column 10)");

	/* A NUL byte inside the text would end it early for cJSON. */
	static const char nul[] = "{\"quartier\": 1}\0 {";
	qt_scenario *s = NULL;
	qt_errors *e = NULL;
	assert_int_equal(qt_scenario_parse(&s, &e, nul, sizeof nul - 1), QT_EINPUT);
	assert_error(e, "", "NUL byte at byte offset 15");
	qt_errors_free(e);
}

/* BASE with a note nested `levels` arrays deep (the root object is one level more). */
static char *nested(int levels)
{
	size_t n = strlen(BASE) + 2 * (size_t)levels + 16;
	char *t = malloc(n);
	assert_non_null(t);
	size_t o = (size_t)sprintf(t, "{\"x\": ");
	memset(t + o, '[', (size_t)levels);
	o += (size_t)levels;
	memset(t + o, ']', (size_t)levels);
	o += (size_t)levels;
	sprintf(t + o, ", %s", BASE + 1);
	return t;
}

static void test_deep_nesting(void **state)
{
	(void)state;
	char *t = nested(63); /* 64 levels in all: still fine */
	qt_scenario *s = load_ok(t);
	qt_scenario_free(s);
	free(t);

	t = nested(64);
	expect_one_error(t, "", "nesting deeper than 64 levels at line 1, column 70");
	free(t);

	t = nested(200000); /* far beyond cJSON's own limit: refused without recursion */
	expect_one_error(t, "", "nesting deeper than 64 levels");
	free(t);

	/* Brackets inside strings do not nest. */
	t = EDIT({ "/name", "\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"" });
	s = load_ok(t);
	qt_scenario_free(s);
	free(t);
}

static void test_root_and_version(void **state)
{
	(void)state;
	expect_one_error("[1, 2]", "", "expected a JSON object at the top level, got an array");
	expect_edit_error("/quartier", "2", "/quartier", "expected format version 1, got 2");
	char *t = EDIT({ "/quartier", NULL });
	expect_one_error(t, "", "missing required key 'quartier'");
	free(t);
	expect_edit_error("/name", "5", "/name", "expected a string, got 5");
}

/* ---- keys ---- */
static void test_unknown_keys(void **state)
{
	(void)state;
	expect_edit_error("/gu_sites/0/plces", "3", "/gu_sites/0/plces", "unknown key 'plces': expected one of id, name");
	expect_edit_error("/exit_rates", "0.1", "/exit_rates", "unknown key 'exit_rates'");
	expect_edit_error("/periods/end", "\"2017Q1\"", "/periods/end", "unknown key 'end'");
	expect_edit_error("/gu_sites/1/cost/per_bed", "1", "/gu_sites/1/cost/per_bed", "unknown key 'per_bed'");
	/* ~ and / in a key are escaped in the pointer (RFC 6901). */
	expect_edit_error("/a~1b~0c", "1", "/a~1b~0c", "unknown key 'a/b~c'");
}

static void test_municipality_extra_keys(void **state)
{
	(void)state;
	/* A numeric extra key is a key column; anything else is a typo. */
	expect_edit_error("/municipalities/0/note", "\"hello\"", "/municipalities/0/note",
			  "unknown key 'note': expected one of id, name, population");
	expect_edit_error("/municipalities/0/rent_areas", "\"I\"", "/municipalities/0/rent_areas",
			  "or a numeric key column, got \"I\"");
}

static void test_duplicate_json_key(void **state)
{
	(void)state;
	char *t = malloc(sizeof BASE + 32);
	assert_non_null(t);
	sprintf(t, "{\"name\": \"twice\", %s", BASE + 1);
	expect_one_error(t, "/name", "key 'name' is given more than once");
	free(t);
}

/* ---- values ---- */
static void test_whole_numbers(void **state)
{
	(void)state;
	expect_edit_error("/intake/backlog", "12.5", "/intake/backlog", "expected a whole number of persons, got 12.5");
	expect_edit_error("/gu_sites/0/places", "-5", "/gu_sites/0/places", "expected a whole number >= 0, got -5");
	expect_edit_error("/intake/backlog", "10000001", "/intake/backlog", "expected at most 10000000 persons, got 10000001");
	expect_edit_error("/housing_offers/0/units", "1.5", "/housing_offers/0/units", "expected a whole number of units, got 1.5");
	expect_edit_error("/households/waiting/2", "\"3\"", "/households/waiting/2",
			  "expected a whole number of households, got \"3\"");
	expect_edit_error("/gu_sites/1/open", "1", "/gu_sites/1/open", "expected true or false, got 1");
	expect_edit_error("/gu_sites/1/cost/fixed", "-1", "/gu_sites/1/cost/fixed", "expected an amount in euro >= 0, got -1");
}

static void test_non_finite_numbers(void **state)
{
	(void)state;
	/* cJSON reads 1e999 as infinity; it is no amount and no count. */
	char *t = replaced(BASE, "\"fixed\": 20000", "\"fixed\": 1e999");
	expect_one_error(t, "/gu_sites/1/cost/fixed", "expected an amount in euro >= 0, got inf");
	free(t);
	t = replaced(BASE, "\"backlog\": 10", "\"backlog\": -1e999");
	expect_one_error(t, "/intake/backlog", "expected a whole number of persons, got -inf");
	free(t);
}

static void test_per_period_values(void **state)
{
	(void)state;
	expect_edit_error("/intake/arrivals", "[1, 2, 3]", "/intake/arrivals",
			  "expected 4 numbers (one per period), got an array of 3");
	expect_edit_error("/intake/arrivals", "[1, 2, 3.5, 4]", "/intake/arrivals/2",
			  "expected a whole number of persons, got 3.5");
	expect_edit_error("/households/entitled/5+", "[1, 2, -3, 4]", "/households/entitled/5+/2",
			  "expected a whole number >= 0, got -3");
	expect_edit_error("/municipalities/1/au_places", "\"many\"", "/municipalities/1/au_places",
			  "expected a whole number of places or an array with one per period, got \"many\"");
	expect_edit_error("/municipalities/1/au_places", "[1, 2, 3, 4, 5]", "/municipalities/1/au_places",
			  "got an array of 5");
}

static void test_periods(void **state)
{
	(void)state;
	expect_edit_error("/periods/start", "\"2016Q5\"", "/periods/start", "expected a period like \"2016Q3\"");
	expect_edit_error("/periods/start", "\"16Q3\"", "/periods/start", "got \"16Q3\"");
	expect_edit_error("/periods/count", "0", "/periods/count", "expected a whole number of periods from 1 to 80, got 0");
	expect_edit_error("/periods/count", "81", "/periods/count", "from 1 to 80, got 81");
	char *t = EDIT({ "/periods/count", NULL });
	expect_one_error(t, "/periods", "missing required key 'count'");
	free(t);
}

static void test_ids(void **state)
{
	(void)state;
	expect_edit_error("/gu_sites/0/id", "\"\"", "/gu_sites/0/id", "expected a non-empty string, got \"\"");
	expect_edit_error("/housing_offers/2/id", "5", "/housing_offers/2/id", "expected a non-empty string, got 5");
	expect_edit_error("/gu_sites/1/id", "\"G1\"", "/gu_sites/1/id", "duplicate id 'G1': /gu_sites/0 and /gu_sites/1");
	expect_edit_error("/housing_offers/3/id", "\"O1\"", "/housing_offers/3/id",
			  "duplicate id 'O1': /housing_offers/0 and /housing_offers/3");
	expect_edit_error("/municipalities/3", "{\"id\": \"A\", \"population\": 1}", "/municipalities/3/id",
			  "duplicate id 'A': /municipalities/0 and /municipalities/3");
	char *t = EDIT({ "/gu_sites/0/id", NULL });
	expect_one_error(t, "/gu_sites/0", "missing required key 'id'");
	free(t);
}

static void test_unknown_municipality(void **state)
{
	(void)state;
	expect_edit_error("/gu_sites/2", "{\"id\": \"G4\", \"municipality\": \"0811\", \"kind\": \"provisional\", \"places\": 1}",
			  "/gu_sites/2/municipality", "unknown municipality '0811'");
	expect_edit_error("/kombimodell/0/municipality", "\"Z\"", "/kombimodell/0/municipality", "unknown municipality 'Z'");
	expect_edit_error("/housing_offers/1/municipality", "\"Z\"", "/housing_offers/1/municipality",
			  "unknown municipality 'Z'");
}

static void test_gu_kind(void **state)
{
	(void)state;
	expect_edit_error("/gu_sites/0/kind", "\"tent\"", "/gu_sites/0/kind",
			  "expected one of \"permanent\", \"provisional\", \"sports_hall\", got \"tent\"");
	char *t = EDIT({ "/gu_sites/1/kind", "\"provisional\"" });
	qt_scenario *s = load_ok(t);
	assert_int_equal(s->gu[1].kind, QT_GU_PROVISIONAL);
	qt_scenario_free(s);
	free(t);
}

static void test_gu_start_state(void **state)
{
	(void)state;
	expect_edit_error("/gu_sites/0/occupied", "101", "/gu_sites/0/occupied",
			  "expected at most the site's 100 places, got 101");
	expect_edit_error("/gu_sites/0/open", "false", "/gu_sites/0/open",
			  "expected true: 80 persons occupy the site at start, got false");
	expect_edit_error("/gu_sites/0/available_from", "\"2017Q1\"", "/gu_sites/0/available_from",
			  "occupied at start but not available before 2017Q1");
	char *t = EDIT({ "/gu_sites/1/available_from", "\"2017Q1\"" }, { "/gu_sites/1/vacate_by", "\"2016Q4\"" });
	expect_one_error(t, "/gu_sites/1/vacate_by", "vacate_by 2016Q4 is before available_from 2017Q1");
	free(t);
	t = EDIT({ "/gu_sites/1/available_from", "\"2017Q1\"" }, { "/gu_sites/1/available_until", "\"2016Q4\"" });
	expect_one_error(t, "/gu_sites/1/available_until", "available_until 2016Q4 is before available_from 2017Q1");
	free(t);
	expect_edit_error("/gu_sites/1/vacate_by", "\"2016\"", "/gu_sites/1/vacate_by", "expected a period like");
}

static void test_rent_caps(void **state)
{
	(void)state;
	expect_edit_error("/municipalities/0/rent_area", "\"III\"", "/municipalities/0/rent_area",
			  "unknown rent area 'III': expected a key of /rent_caps/areas (I, II)");
	expect_edit_error("/rent_caps/areas/I/6", "700", "/rent_caps/areas/I/6",
			  "unknown household class '6': expected one of 1, 2, 3, 4, 5+");
	expect_edit_error("/rent_caps/areas/I/1", "0", "/rent_caps/areas/I/1", "expected a rent cap in euro > 0, got 0");
	expect_edit_error("/rent_caps/areas/II", "5", "/rent_caps/areas/II", "expected an object, got 5");
	expect_edit_error("/rent_caps/factor", "0", "/rent_caps/factor", "expected a factor > 0, got 0");
}

static void test_household_classes(void **state)
{
	(void)state;
	expect_edit_error("/households/entitled/6", "1", "/households/entitled/6", "unknown household class '6'");
	expect_edit_error("/households/waiting/0", "1", "/households/waiting/0", "unknown household class '0'");
	expect_edit_error("/housing_offers/0/household", "\"6\"", "/housing_offers/0/household",
			  "expected one of \"1\", \"2\", \"3\", \"4\", \"5+\", got \"6\"");
}

static void test_offer_period_outside_horizon(void **state)
{
	(void)state;
	expect_edit_error("/housing_offers/0/period", "\"2017Q3\"", "/housing_offers/0/period",
			  "period 2017Q3 is outside the horizon 2016Q3..2017Q2");
	expect_edit_error("/housing_offers/0/period", "\"2016Q2\"", "/housing_offers/0/period",
			  "period 2016Q2 is outside the horizon 2016Q3..2017Q2");
}

static void test_quota(void **state)
{
	(void)state;
	expect_edit_error("/quota", "{\"method\": \"dhondt\"}", "/quota/method",
			  "expected one of \"hare-niemeyer\", \"sainte-lague\", got \"dhondt\"");
	expect_edit_error("/quota", "{\"key\": {\"population\": -1}}", "/quota/key/population",
			  "expected a weight >= 0, got -1");
	expect_edit_error("/quota", "{\"key\": {\"population\": 0}}", "/quota/key",
			  "expected at least one key column with a weight > 0, got all weights 0");
	expect_edit_error("/quota", "{\"key\": {}}", "/quota/key", "got an empty object");
	expect_edit_error("/quota", "{\"gu_credit_rate\": -0.5}", "/quota/gu_credit_rate", "expected a number >= 0, got -0.5");
	/* C has no area_km2 column. */
	expect_edit_error("/quota", "{\"key\": {\"population\": 1, \"area_km2\": 1}}", "/municipalities/2",
			  "missing key column 'area_km2' used by /quota/key");
	char *t = EDIT({ "/quota", "{\"key\": {\"area_km2\": 1}}" }, { "/municipalities/0/area_km2", "\"ten\"" },
		       { "/municipalities/2/area_km2", "-2" });
	loaded l = load(t);
	assert_int_equal(qt_errors_count(l.e), 2);
	assert_error(l.e, "/municipalities/0/area_km2", "expected a number >= 0 (a quota key column), got \"ten\"");
	assert_error(l.e, "/municipalities/2/area_km2", "got -2");
	unload(&l);
	free(t);
	t = EDIT({ "/quota", "{\"key\": {\"area_km2\": 1}}" }, { "/municipalities/0/area_km2", "0" },
		 { "/municipalities/1/area_km2", "0" }, { "/municipalities/2/area_km2", "0" });
	expect_one_error(t, "/quota/key/area_km2", "'area_km2' is 0 in every municipality");
	free(t);
}

static void test_rates_penalties_solver(void **state)
{
	(void)state;
	expect_edit_error("/exit_rate", "1", "/exit_rate", "expected a share in [0, 1), got 1");
	expect_edit_error("/exit_rate", "-0.1", "/exit_rate", "got -0.1");
	expect_edit_error("/penalties", "{\"unhoused\": 5, \"foo\": 1}", "/penalties/foo",
			  "unknown penalty 'foo': expected one of unhoused, backlog, waiting, provisional, "
			  "quota_under, quota_over, move");
	expect_edit_error("/penalties", "{\"backlog\": -1}", "/penalties/backlog", "expected a penalty in euro >= 0, got -1");
	expect_edit_error("/solver", "{\"time_limit_s\": 0}", "/solver/time_limit_s", "expected a number of seconds > 0, got 0");
	expect_edit_error("/solver", "{\"gap\": 1}", "/solver/gap", "expected a relative gap in [0, 1), got 1");
}

static void test_municipality_values(void **state)
{
	(void)state;
	expect_edit_error("/municipalities/0/population", "0", "/municipalities/0/population",
			  "expected a population > 0, got 0");
	char *t = EDIT({ "/municipalities/1/population", NULL });
	expect_one_error(t, "/municipalities/1", "missing required key 'population'");
	free(t);
	t = EDIT({ "/municipalities", "[]" });
	expect_one_error(t, "/municipalities", "expected at least one municipality, got an empty array");
	free(t);
	/* Without municipalities the references cannot be checked: one problem, not one per reference. */
	t = EDIT({ "/municipalities", NULL });
	expect_one_error(t, "", "missing required key 'municipalities'");
	free(t);
	expect_edit_error("/municipalities/1", "7", "/municipalities/1", "expected an object, got 7");
}

static void test_kombimodell_values(void **state)
{
	(void)state;
	expect_edit_error("/kombimodell/0/max_modules", "0", "/kombimodell/0/max_modules", "expected a whole number >= 1, got 0");
	expect_edit_error("/kombimodell/0/places_per_module", "0", "/kombimodell/0/places_per_module",
			  "expected a whole number >= 1, got 0");
	expect_edit_error("/kombimodell/0/lead_quarters", "-1", "/kombimodell/0/lead_quarters",
			  "expected a whole number >= 0, got -1");
	expect_edit_error("/kombimodell", "{}", "/kombimodell", "expected an array of Kombimodell sites, got an object");
}

/* ---- vU feasibility (MODEL.md constraint 2) ---- */
static void test_waiting_exceeds_gu_persons(void **state)
{
	(void)state;
	expect_edit_error("/households/waiting/1", "100", "/households/waiting",
			  "waiting households hold 102 persons but only 80 persons are in GUs");
}

static void test_entitled_exceeds_inflow(void **state)
{
	(void)state;
	/* V0 = 73, no backlog and no arrivals: 10 + 10 + 53 entitled persons just fit ... */
	char *t = EDIT({ "/intake", "{\"backlog\": 0, \"arrivals\": 0}" },
		       { "/households/entitled", "{\"1\": [10, 10, 53, 0]}" });
	qt_scenario *s = load_ok(t);
	qt_scenario_free(s);
	free(t);
	/* ... one more in period 3 (2017Q1) does not. */
	t = EDIT({ "/intake", "{\"backlog\": 0, \"arrivals\": 0}" }, { "/households/entitled", "{\"1\": [10, 10, 54, 0]}" });
	expect_one_error(t, "/households/entitled",
			 "by 2017Q1, 74 persons become entitled to AU, but at most 73 can have been in vU");
	free(t);
}

static void test_documented_example_entitled_is_infeasible(void **state)
{
	(void)state;
	/* The per-period entitled figures of SCENARIO.md's example outrun the inflow by 2018Q1. */
	char *text = read_text(FIXTURES "scn_valid.json");
	char *t = edit_list(text, EDITS({ "/households/entitled", "{\"1\": 420, \"2\": 40, \"3\": 35, \"4\": 30, \"5+\": 25}" }));
	expect_one_error(t, "/households/entitled", "by 2018Q1, 6125 persons become entitled");
	free(t);
	free(text);
}

/* ---- many problems at once, and limits ---- */
static void test_all_errors_are_reported(void **state)
{
	(void)state;
	char *t = EDIT({ "/gu_sites/1/places", "-5" }, { "/gu_sites/0/kind", "\"tent\"" }, { "/exit_rate", "2" });
	loaded l = load(t);
	assert_int_equal(l.rc, QT_EINPUT);
	assert_int_equal(qt_errors_count(l.e), 3);
	assert_error(l.e, "/gu_sites/1/places", "got -5");
	assert_error(l.e, "/gu_sites/0/kind", "got \"tent\"");
	assert_error(l.e, "/exit_rate", "got 2");
	assert_non_null(strstr(qt_last_error(), "3 problems"));
	unload(&l);
	free(t);
}

/* A JSON array of n copies of item. */
static char *repeat(const char *item, int n)
{
	size_t len = strlen(item) + 1;
	char *t = malloc((size_t)n * len + 3);
	assert_non_null(t);
	char *p = t;
	*p++ = '[';
	for (int i = 0; i < n; i++)
		p += sprintf(p, "%s%s", i ? "," : "", item);
	strcpy(p, "]");
	return t;
}

static void test_limits(void **state)
{
	(void)state;
	char *list = repeat("{}", QT_MAX_GU + 1);
	expect_edit_error("/gu_sites", list, "/gu_sites", "too many GU sites: 5001, the limit is 5000");
	free(list);
	list = repeat("{}", QT_MAX_OFFERS + 1);
	expect_edit_error("/housing_offers", list, "/housing_offers", "too many housing offers: 100001, the limit is 100000");
	free(list);
	list = repeat("{}", QT_MAX_KOMBI + 1);
	expect_edit_error("/kombimodell", list, "/kombimodell", "too many Kombimodell sites: 501, the limit is 500");
	free(list);
	list = repeat("{}", QT_MAX_MUNICIPALITIES + 1);
	char *t = EDIT({ "/municipalities", list });
	expect_one_error(t, "/municipalities", "too many municipalities: 2001, the limit is 2000");
	free(t);
	free(list);

	char key[512] = "{";
	for (int j = 0; j <= QT_MAX_KEYS; j++)
		sprintf(key + strlen(key), "%s\"c%d\": 1", j ? ", " : "", j);
	strcat(key, "}");
	t = EDIT({ "/quota", "{}" }, { "/quota/key", key });
	expect_one_error(t, "/quota/key", "too many quota key columns: 17, the limit is 16");
	free(t);

	char areas[2048] = "{";
	for (int a = 0; a <= QT_MAX_AREAS; a++)
		sprintf(areas + strlen(areas), "%s\"a%d\": {}", a ? ", " : "", a);
	strcat(areas, "}");
	t = EDIT({ "/rent_caps/areas", areas }, { "/municipalities/0/rent_area", NULL }, { "/municipalities/1/rent_area", NULL });
	expect_one_error(t, "/rent_caps/areas", "too many rent areas: 65, the limit is 64");
	free(t);
}

static void test_bad_arguments(void **state)
{
	(void)state;
	qt_scenario *s = (qt_scenario *)1;
	qt_errors *e = (qt_errors *)1;
	assert_int_equal(qt_scenario_parse(NULL, &e, BASE, strlen(BASE)), QT_EINVAL);
	assert_null(e);
	assert_int_equal(qt_scenario_parse(&s, NULL, NULL, 0), QT_EINVAL);
	assert_null(s);
	assert_int_equal(qt_scenario_read_file(&s, &e, NULL), QT_EINVAL);
	/* Without an errors list the problems are still counted in the last error. */
	assert_int_equal(qt_scenario_parse(&s, NULL, "[]", 2), QT_EINPUT);
	assert_null(s);
	assert_non_null(strstr(qt_last_error(), "1 problem"));
	qt_scenario_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_scenario_loads),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_names_tables),
		cmocka_unit_test(test_arrivals_scalar_and_array),
		cmocka_unit_test(test_entitled_waiting_and_au_places),
		cmocka_unit_test(test_size_5plus),
		cmocka_unit_test(test_eligibility_at_the_cap),
		cmocka_unit_test(test_eligibility_with_factor),
		cmocka_unit_test(test_gu_defaults_and_open),
		cmocka_unit_test(test_gu_window_clamps),
		cmocka_unit_test(test_occupied_site_closing_at_start_is_allowed),
		cmocka_unit_test(test_kombimodell_fields),
		cmocka_unit_test(test_settings_override_defaults),
		cmocka_unit_test(test_period_labels),
		cmocka_unit_test(test_summary_and_text),
		cmocka_unit_test(test_read_file_fixture),
		cmocka_unit_test(test_x_objects_are_ignored),
		cmocka_unit_test(test_numeric_columns_as_quota_key),
		cmocka_unit_test(test_syntax_error_line_and_column),
		cmocka_unit_test(test_empty_document),
		cmocka_unit_test(test_directory_and_missing_file),
		cmocka_unit_test(test_file_too_large),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_root_and_version),
		cmocka_unit_test(test_unknown_keys),
		cmocka_unit_test(test_municipality_extra_keys),
		cmocka_unit_test(test_duplicate_json_key),
		cmocka_unit_test(test_whole_numbers),
		cmocka_unit_test(test_non_finite_numbers),
		cmocka_unit_test(test_per_period_values),
		cmocka_unit_test(test_periods),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_unknown_municipality),
		cmocka_unit_test(test_gu_kind),
		cmocka_unit_test(test_gu_start_state),
		cmocka_unit_test(test_rent_caps),
		cmocka_unit_test(test_household_classes),
		cmocka_unit_test(test_offer_period_outside_horizon),
		cmocka_unit_test(test_quota),
		cmocka_unit_test(test_rates_penalties_solver),
		cmocka_unit_test(test_municipality_values),
		cmocka_unit_test(test_kombimodell_values),
		cmocka_unit_test(test_waiting_exceeds_gu_persons),
		cmocka_unit_test(test_entitled_exceeds_inflow),
		cmocka_unit_test(test_documented_example_entitled_is_infeasible),
		cmocka_unit_test(test_all_errors_are_reported),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_bad_arguments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
