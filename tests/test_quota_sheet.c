/* The AU quota sheets: file names, lookup, every format's content (JSON contract of SCENARIO.md,
 * CSV for German Excel, text, self-contained HTML), the plan's columns, the notes for ties, the
 * Alabama paradox and credits, the directory writer, and the quota command end to end. */
#include "testutil.h"

#include "quota_sheet.h"

#include <cJSON.h>
#include <ctype.h>
#include <dirent.h>
#include <math.h>

#define ESSLINGEN "examples/esslingen-2016.json"

static qt_scenario *load(const char *path)
{
	qt_scenario *s = NULL;
	assert_int_equal(qt_scenario_read_file(&s, NULL, path), 0);
	return s;
}

/* A scenario of two periods from JSON fragments, as in test_quota.c. */
static qt_scenario *scenario(const char *munis, const char *entitled, const char *quota)
{
	char *text = qt_asprintf(
		"{\"quartier\":1,\"name\":\"Landkreis Test - Fall\",\"periods\":{\"start\":\"2024Q1\",\"count\":2},"
		"\"intake\":{\"backlog\":0,\"arrivals\":[100,100]},\"households\":{\"entitled\":{\"1\":%s}},"
		"\"municipalities\":%s,\"gu_sites\":[{\"id\":\"G\",\"name\":\"g\",\"municipality\":\"a\","
		"\"kind\":\"permanent\",\"places\":40,\"occupied\":30}],\"quota\":%s}",
		entitled, munis, quota);
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

static qt_quota_sheets *sheets(const qt_scenario *s, const qt_plan *p)
{
	qt_quota_sheets *q = NULL;
	assert_int_equal(qt_quota_sheets_new(&q, s, p, NULL), 0);
	return q;
}

/* One document in memory (caller frees). */
static char *render(const qt_quota_sheets *q, size_t which, qt_format fmt)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(qt_quota_sheets_write(f, q, which, fmt), 0);
	fclose(f);
	return buf;
}

static size_t sheet_of(const qt_quota_sheets *q, const char *key)
{
	size_t i = 0;
	assert_int_equal(qt_quota_sheets_find(&i, q, key), 0);
	return i;
}

/* ---- file names ---- */

static void test_stems(void **state)
{
	(void)state;
	qt_scenario *s = load(ESSLINGEN);
	qt_quota_sheets *q = sheets(s, NULL);
	assert_int_equal(qt_quota_sheets_count(q), 44);
	assert_string_equal(qt_quota_sheets_stem(q, sheet_of(q, "08116049")), "08116049-nuertingen");
	assert_string_equal(qt_quota_sheets_stem(q, sheet_of(q, "08116035")), "08116035-koengen");
	assert_string_equal(qt_quota_sheets_stem(q, sheet_of(q, "08116072")), "08116072-wernau-neckar");
	assert_string_equal(qt_quota_sheets_stem(q, sheet_of(q, "08116022")), "08116022-grossbettlingen");
	assert_string_equal(qt_quota_sheets_stem(q, sheet_of(q, "08116019")), "08116019-esslingen-am-neckar");
	for (size_t i = 0; i < 44; i++) {
		const char *st = qt_quota_sheets_stem(q, i);
		for (const char *c = st; *c; c++)
			assert_true(islower((unsigned char)*c) || isdigit((unsigned char)*c) || *c == '-');
		for (size_t k = 0; k < i; k++)
			assert_string_not_equal(st, qt_quota_sheets_stem(q, k));
	}
	assert_null(qt_quota_sheets_stem(q, 44));
	qt_quota_sheets_free(q);
	qt_scenario_free(s);
}

/* Ids that differ only in characters a file name cannot hold still get distinct stems. */
static void test_stem_collisions(void **state)
{
	(void)state;
	qt_scenario *s = scenario("[{\"id\":\"a\",\"name\":\"Ärger/Öde \\u00c9cole\",\"population\":5},"
				  "{\"id\":\"x/y\",\"name\":\"Z\",\"population\":3},"
				  "{\"id\":\"x-y\",\"name\":\"Z\",\"population\":2},"
				  "{\"id\":\"w\",\"name\":\"\\u041c\\u043e\\u0441\\u043a\\u0432\\u0430\",\"population\":1}]",
				  "[10,0]", "{}");
	qt_quota_sheets *q = sheets(s, NULL);
	assert_string_equal(qt_quota_sheets_stem(q, 0), "a-aerger-oede-ecole");
	assert_string_equal(qt_quota_sheets_stem(q, 1), "x-y-z");
	assert_string_equal(qt_quota_sheets_stem(q, 2), "x-y-z-2");
	assert_string_equal(qt_quota_sheets_stem(q, 3), "w"); /* no Latin letters: the id alone */
	qt_quota_sheets_free(q);
	qt_scenario_free(s);
}

/* ---- lookup and options ---- */

static void test_find(void **state)
{
	(void)state;
	qt_scenario *s = load(ESSLINGEN);
	qt_quota_sheets *q = sheets(s, NULL);
	size_t n = sheet_of(q, "08116049");
	assert_int_equal(sheet_of(q, "Nürtingen"), n);
	assert_int_equal(sheet_of(q, "nuertingen"), n);
	assert_int_equal(sheet_of(q, "NUERTINGEN"), n);
	assert_int_equal(sheet_of(q, "08116049-nuertingen"), n);
	assert_int_equal(sheet_of(q, "esslingen am neckar"), sheet_of(q, "08116019"));
	size_t i;
	assert_int_equal(qt_quota_sheets_find(&i, q, "Atlantis"), QT_EINVAL);
	assert_non_null(strstr(qt_last_error(), "Atlantis"));
	assert_int_equal(qt_quota_sheets_find(&i, q, ""), QT_EINVAL);
	qt_quota_sheets_free(q);
	qt_scenario_free(s);

	s = scenario("[{\"id\":\"a\",\"name\":\"Au\",\"population\":5},{\"id\":\"b\",\"name\":\"Au\",\"population\":3}]",
		     "[10,0]", "{}");
	q = sheets(s, NULL);
	assert_int_equal(qt_quota_sheets_find(&i, q, "Au"), QT_EINVAL);
	assert_non_null(strstr(qt_last_error(), "ambiguous"));
	assert_int_equal(sheet_of(q, "b"), 1);
	qt_quota_sheets_free(q);
	qt_scenario_free(s);
}

static void test_district_and_options(void **state)
{
	(void)state;
	qt_scenario *s = load(ESSLINGEN);
	qt_quota_sheets *q = sheets(s, NULL);
	char *text = render(q, 0, QT_FORMAT_JSON);
	assert_non_null(strstr(text, "\"district\":\t\"Landkreis Esslingen\""));
	free(text);
	qt_quota_sheets_free(q);

	qt_quota_sheet_options opt;
	qt_quota_sheet_options_init(&opt);
	opt.district = "Landkreis Lörrach";
	assert_int_equal(qt_quota_sheets_new(&q, s, NULL, &opt), 0);
	text = render(q, 0, QT_FORMAT_HTML);
	assert_non_null(strstr(text, "Landkreis Lörrach"));
	free(text);
	qt_quota_sheets_free(q);

	opt.version = 99;
	assert_int_equal(qt_quota_sheets_new(&q, s, NULL, &opt), QT_EINVAL);
	assert_null(q);
	assert_int_equal(qt_quota_sheets_new(&q, NULL, NULL, NULL), QT_EINVAL);
	qt_quota_sheets_free(NULL);
	qt_scenario_free(s);
}

/* ---- the formats ---- */

static const cJSON *item(const cJSON *o, const char *key)
{
	const cJSON *i = cJSON_GetObjectItemCaseSensitive(o, key);
	if (!i)
		fail_msg("key '%s' missing", key);
	return i;
}

/* SCENARIO.md: method, periods, distributed, and per municipality id, name, share, credit, quota,
 * ties, paradox; every series has T entries; the quotas of every period sum to distributed. */
static void test_json_contract(void **state)
{
	(void)state;
	qt_scenario *s = load(ESSLINGEN);
	qt_quota_sheets *q = sheets(s, NULL);
	char *text = render(q, QT_SHEET_OVERVIEW, QT_FORMAT_JSON);
	cJSON *j = cJSON_Parse(text);
	assert_non_null(j);
	assert_string_equal(item(j, "method")->valuestring, "hare-niemeyer");
	const cJSON *periods = item(j, "periods"), *dist = item(j, "distributed"), *munis = item(j, "municipalities");
	assert_int_equal(cJSON_GetArraySize(periods), 12);
	assert_string_equal(cJSON_GetArrayItem(periods, 0)->valuestring, "2016Q3");
	assert_int_equal(cJSON_GetArraySize(munis), 44);
	long sum[12] = { 0 };
	double share = 0;
	const cJSON *m;
	cJSON_ArrayForEach(m, munis)
	{
		assert_true(cJSON_IsString(item(m, "id")) && cJSON_IsString(item(m, "name")));
		share += item(m, "share")->valuedouble;
		static const char *const series[] = { "credit", "quota", "increment", "ties", "paradox" };
		for (size_t k = 0; k < 5; k++)
			assert_int_equal(cJSON_GetArraySize(item(m, series[k])), 12);
		long prev = 0;
		for (int t = 0; t < 12; t++) {
			long v = (long)cJSON_GetArrayItem(item(m, "quota"), t)->valuedouble;
			assert_true(v >= 0);
			assert_int_equal((long)cJSON_GetArrayItem(item(m, "increment"), t)->valuedouble, v - prev);
			assert_true(cJSON_IsBool(cJSON_GetArrayItem(item(m, "ties"), t)));
			prev = v;
			sum[t] += v;
		}
	}
	assert_true(fabs(share - 1.0) < 1e-9);
	for (int t = 0; t < 12; t++)
		assert_int_equal(sum[t], (long)cJSON_GetArrayItem(dist, t)->valuedouble);
	cJSON_Delete(j);
	free(text);

	/* One sheet: the same object with one municipality. */
	text = render(q, sheet_of(q, "Köngen"), QT_FORMAT_JSON);
	j = cJSON_Parse(text);
	assert_int_equal(cJSON_GetArraySize(item(j, "municipalities")), 1);
	assert_string_equal(item(cJSON_GetArrayItem(item(j, "municipalities"), 0), "name")->valuestring, "Köngen");
	cJSON_Delete(j);
	free(text);
	qt_quota_sheets_free(q);
	qt_scenario_free(s);
}

/* CSV for German Excel: BOM, ';', CRLF, decimal comma, umlauts as UTF-8; the overview's sum row
 * equals N(t). */
static void test_csv(void **state)
{
	(void)state;
	qt_scenario *s = load(ESSLINGEN);
	qt_quota_sheets *q = sheets(s, NULL);
	char *text = render(q, sheet_of(q, "08116049"), QT_FORMAT_CSV);
	assert_memory_equal(text, "\xEF\xBB\xBF" "municipality_id;municipality;share_percent;period;distributed;credit;"
				  "quota;increment;tie;paradox\r\n",
			    3 + 86);
	assert_non_null(strstr(text, "\r\n08116049;N\xC3\xBCrtingen;7,6974;2016Q3;1645;"));
	free(text);

	text = render(q, QT_SHEET_OVERVIEW, QT_FORMAT_CSV);
	assert_non_null(strstr(text, ";K\xC3\xB6ngen;1,8665;"));
	const char *sum = strstr(text, "\r\n;Summe;100,0000;");
	assert_non_null(sum);
	long want[12];
	for (int t = 1; t <= 12; t++)
		want[t - 1] = q->Q.N[t];
	const char *c = sum + strlen("\r\n;Summe;100,0000;");
	for (int t = 0; t < 12; t++) {
		assert_int_equal(strtol(c, (char **)&c, 10), want[t]);
		c++;
	}
	free(text);
	qt_quota_sheets_free(q);
	qt_scenario_free(s);
}

static void test_text(void **state)
{
	(void)state;
	qt_scenario *s = load(ESSLINGEN);
	qt_quota_sheets *q = sheets(s, NULL);
	char *text = render(q, sheet_of(q, "Nürtingen"), QT_FORMAT_TEXT);
	assert_non_null(strstr(text, "AU-Quotenblatt Nürtingen (08116049)\n"));
	assert_non_null(strstr(text, "Landkreis Esslingen\n"));
	assert_non_null(strstr(text, "Hare-Niemeyer (größte Reste)"));
	assert_non_null(strstr(text, "7,6974 %"));
	assert_non_null(strstr(text, "2019Q2"));
	free(text);
	text = render(q, QT_SHEET_OVERVIEW, QT_FORMAT_TEXT);
	assert_non_null(strstr(text, "Summe"));
	assert_non_null(strstr(text, "Köngen"));
	free(text);
	text = render(q, QT_SHEET_ALL, QT_FORMAT_TEXT);
	assert_non_null(strstr(text, "AU-Quotenblatt Aichtal"));
	assert_non_null(strstr(text, "AU-Quotenblatt Altbach"));
	free(text);
	qt_quota_sheets_free(q);
	qt_scenario_free(s);
}

/* Self-contained: no link, script, image source, import or url(); the only "http" is the SVG
 * namespace. German labels, the district, the scenario and the period span. */
static void test_html(void **state)
{
	(void)state;
	qt_scenario *s = load(ESSLINGEN);
	qt_quota_sheets *q = sheets(s, NULL);
	size_t which[] = { sheet_of(q, "Köngen"), QT_SHEET_OVERVIEW, QT_SHEET_ALL };
	for (size_t k = 0; k < 3; k++) {
		char *text = render(q, which[k], QT_FORMAT_HTML);
		assert_memory_equal(text, "<!DOCTYPE html>\n<html lang=\"de\">", 31);
		assert_non_null(strstr(text, "<meta charset=\"utf-8\">"));
		assert_non_null(strstr(text, "@page{size:A4"));
		assert_non_null(strstr(text, "Landkreis Esslingen – Basis 2016Q3"));
		assert_non_null(strstr(text, "2016Q3–2019Q2"));
		assert_non_null(strstr(text, "Köngen"));
		assert_null(strstr(text, "<link"));
		assert_null(strstr(text, "<script"));
		assert_null(strstr(text, "src="));
		assert_null(strstr(text, "url("));
		assert_null(strstr(text, "@import"));
		for (const char *h = strstr(text, "http"); h; h = strstr(h + 1, "http"))
			assert_memory_equal(h, "http://www.w3.org/2000/svg", 26);
		if (k != 1) {
			assert_non_null(strstr(text, "<svg viewBox="));
			assert_non_null(strstr(text, "Quote kumuliert"));
			assert_non_null(strstr(text, "Schlüsselanteil"));
		}
		free(text);
	}
	char *all = render(q, QT_SHEET_ALL, QT_FORMAT_HTML);
	int n = 0;
	for (const char *c = strstr(all, "<section class=\"blatt"); c; c = strstr(c + 1, "<section class=\"blatt"))
		n++;
	assert_int_equal(n, 44);
	free(all);
	qt_quota_sheets_free(q);
	qt_scenario_free(s);
}

/* ---- notes: ties, the Alabama paradox, credits that cover the share ---- */

/* 1 if the line of text starting with `start` contains `word`. */
static int line_has(const char *text, const char *start, const char *word)
{
	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		if (strncmp(l, start, strlen(start)) != 0)
			continue;
		const char *end = strchr(l, '\n'), *w = strstr(l, word);
		return w && (!end || w < end);
	}
	return 0;
}

static void test_notes(void **state)
{
	(void)state;
	/* 6 : 6 : 2 gets 4, 4, 2 of 10 but 5, 5, 1 of 11 (test_quota.c): C's quota falls in 2024Q2. */
	qt_scenario *s = scenario("[{\"id\":\"a\",\"name\":\"A\",\"population\":6},{\"id\":\"b\",\"name\":\"B\","
				  "\"population\":6},{\"id\":\"c\",\"name\":\"C\",\"population\":2}]",
				  "[10,1]", "{}");
	qt_quota_sheets *q = sheets(s, NULL);
	char *text = render(q, 2, QT_FORMAT_TEXT);
	assert_non_null(strstr(text, "                1       -1  Alabama-Paradoxon\n"));
	free(text);
	text = render(q, 2, QT_FORMAT_JSON);
	assert_non_null(strstr(text, "\"paradox\":\t[false, true]"));
	free(text);
	text = render(q, 2, QT_FORMAT_HTML);
	assert_non_null(strstr(text, "<tr class=\"paradox\"><td class=\"l\">2024Q2</td>"));
	free(text);
	text = render(q, QT_SHEET_OVERVIEW, QT_FORMAT_TEXT);
	assert_non_null(strstr(text, "1!"));
	free(text);
	qt_quota_sheets_free(q);
	qt_scenario_free(s);

	/* 2 of 2 : 1 : 1 -> 1, 0.5, 0.5: the second seat is a tie, won by b (smaller id). */
	s = scenario("[{\"id\":\"a\",\"name\":\"A\",\"population\":2},{\"id\":\"b\",\"name\":\"B\",\"population\":1},"
		     "{\"id\":\"c\",\"name\":\"C\",\"population\":1}]",
		     "[2,0]", "{}");
	q = sheets(s, NULL);
	text = render(q, 1, QT_FORMAT_TEXT);
	assert_non_null(strstr(text, "Gleichstand"));
	free(text);
	text = render(q, 2, QT_FORMAT_JSON);
	assert_non_null(strstr(text, "\"ties\":\t[true, true]"));
	free(text);
	text = render(q, 0, QT_FORMAT_TEXT); /* a's seat was no tie */
	assert_false(line_has(text, "2024Q1 ", "Gleichstand"));
	free(text);
	text = render(q, 1, QT_FORMAT_TEXT);
	assert_true(line_has(text, "2024Q1 ", "Gleichstand"));
	free(text);
	qt_quota_sheets_free(q);
	qt_scenario_free(s);

	/* A credit of 12 exceeds a's share of 22: a gets 0, b and c share the 10. */
	s = scenario("[{\"id\":\"a\",\"name\":\"A\",\"population\":500,\"credit\":12},{\"id\":\"b\",\"name\":\"B\","
		     "\"population\":300},{\"id\":\"c\",\"name\":\"C\",\"population\":200}]",
		     "[10,0]", "{\"method\":\"sainte-lague\"}");
	q = sheets(s, NULL);
	text = render(q, 0, QT_FORMAT_TEXT);
	assert_non_null(strstr(text, "Anrechnung deckt Anteil"));
	assert_non_null(strstr(text, "Sainte-Laguë"));
	free(text);
	text = render(q, QT_SHEET_OVERVIEW, QT_FORMAT_JSON);
	assert_non_null(strstr(text, "\"method\":\t\"sainte-lague\""));
	assert_non_null(strstr(text, "\"distributed\":\t[10, 10]"));
	free(text);
	qt_quota_sheets_free(q);
	qt_scenario_free(s);
}

/* A key over further columns, as Fuerstenfeldbruck's 70 % population, 20 % area, 10 % share of
 * foreigners: the sheet names each column and its weight, and the share follows MODEL.md. */
static void test_custom_key(void **state)
{
	(void)state;
	qt_scenario *s = scenario("[{\"id\":\"a\",\"name\":\"A\",\"population\":900,\"area_km2\":10,\"foreigners\":50},"
				  "{\"id\":\"b\",\"name\":\"B\",\"population\":100,\"area_km2\":30,\"foreigners\":150}]",
				  "[40,0]", "{\"key\":{\"population\":0.7,\"area_km2\":0.2,\"foreigners\":0.1}}");
	qt_quota_sheets *q = sheets(s, NULL);
	char *text = render(q, 0, QT_FORMAT_TEXT);
	assert_non_null(strstr(text, "Bevölkerung 70 %, Fläche 20 %, foreigners 10 %"));
	/* a: .7 * .9 + .2 * .25 + .1 * .25 = 0.705 */
	assert_non_null(strstr(text, "70,5000 %"));
	free(text);
	text = render(q, QT_SHEET_OVERVIEW, QT_FORMAT_JSON);
	assert_non_null(strstr(text, "\"foreigners\":\t0.1"));
	free(text);
	qt_quota_sheets_free(q);
	qt_scenario_free(s);
}

/* ---- with a plan ---- */

static qt_plan *solve_tiny(const qt_scenario *s)
{
	qt_solve_options opt;
	qt_solve_options_init(&opt);
	opt.time_limit_s = 10;
	qt_plan *p = NULL;
	assert_int_equal(qt_solve(&p, s, &opt), 0);
	return p;
}

static void test_plan_columns(void **state)
{
	(void)state;
	qt_scenario *s = load("examples/tiny.json");
	qt_plan *p = solve_tiny(s);
	qt_quota_sheets *q = sheets(s, p);
	char *text = render(q, QT_SHEET_OVERVIEW, QT_FORMAT_JSON);
	cJSON *j = cJSON_Parse(text);
	assert_string_equal(item(item(j, "plan"), "status")->valuestring, "optimal");
	const cJSON *m;
	cJSON_ArrayForEach(m, item(j, "municipalities"))
	{
		const cJSON *placed = item(m, "placed");
		long cum = 0;
		for (int t = 0; t < 2; t++) {
			cum += (long)(cJSON_GetArrayItem(item(placed, "own"), t)->valuedouble +
				      cJSON_GetArrayItem(item(placed, "kombimodell"), t)->valuedouble +
				      cJSON_GetArrayItem(item(placed, "offers"), t)->valuedouble);
			assert_int_equal((long)cJSON_GetArrayItem(item(m, "placed_cumulative"), t)->valuedouble, cum);
			assert_int_equal(cum + (long)cJSON_GetArrayItem(item(m, "under"), t)->valuedouble -
						 (long)cJSON_GetArrayItem(item(m, "over"), t)->valuedouble,
					 (long)cJSON_GetArrayItem(item(m, "quota"), t)->valuedouble);
		}
	}
	/* Bergdorf uses flat W-1 (rent 100, within its cap); Altstadt's W-2 (500) is above the cap. */
	const cJSON *b = cJSON_GetArrayItem(item(j, "municipalities"), 1);
	assert_int_equal(cJSON_GetArraySize(item(b, "offers_used")), 1);
	assert_string_equal(item(cJSON_GetArrayItem(item(b, "offers_used"), 0), "id")->valuestring, "W-1");
	assert_int_equal(cJSON_GetArraySize(item(cJSON_GetArrayItem(item(j, "municipalities"), 0), "offers_used")), 0);
	cJSON_Delete(j);
	free(text);

	text = render(q, 1, QT_FORMAT_TEXT);
	assert_non_null(strstr(text, "Wohnungsangebote in Bergdorf, die der Plan belegt"));
	assert_non_null(strstr(text, "W-1      2024Q1"));
	assert_non_null(strstr(text, "Rückstand"));
	free(text);
	text = render(q, 0, QT_FORMAT_TEXT);
	assert_non_null(strstr(text, "Wohnungsangebote in Altstadt, die der Plan belegt: keine"));
	free(text);
	text = render(q, 1, QT_FORMAT_HTML);
	assert_non_null(strstr(text, "laut Plan vermittelt"));
	assert_non_null(strstr(text, "<td class=\"l\">W-1</td>"));
	free(text);
	text = render(q, 1, QT_FORMAT_CSV);
	assert_non_null(strstr(text, ";placed_own;placed_kombimodell;placed_offers;placed;placed_cumulative;under;over;"));
	free(text);
	qt_quota_sheets_free(q);

	/* A plan of another scenario is refused. */
	qt_scenario *e = load(ESSLINGEN);
	assert_int_equal(qt_quota_sheets_new(&q, e, p, NULL), QT_EINVAL);
	assert_null(q);
	qt_scenario_free(e);
	qt_plan_free(p);
	qt_scenario_free(s);
}

/* ---- the directory writer ---- */

static int count_entries(const char *dir, const char *contains)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	for (struct dirent *e; (e = readdir(d));)
		if (e->d_name[0] != '.' && (!contains || strstr(e->d_name, contains)))
			n++;
	closedir(d);
	return n;
}

static void remove_dir(const char *dir)
{
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static char *file_text(const char *dir, const char *name)
{
	char path[600];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	char *t = tu_slurp(path, NULL);
	if (!t)
		fail_msg("%s missing", path);
	return t;
}

static void test_write_dir(void **state)
{
	(void)state;
	qt_scenario *s = load(ESSLINGEN);
	qt_quota_sheets *q = sheets(s, NULL);
	char *root = tu_tmpdir(), dir[400];
	snprintf(dir, sizeof dir, "%s/sheets", root);
	assert_int_equal(qt_quota_sheets_write_dir(dir, q, QT_SHEET_ALL, QT_SHEET_ALL_FORMATS), 0);
	/* 44 sheets x 4 formats, the overview x 4, all sheets x 3 (no JSON: the overview has them). */
	assert_int_equal(count_entries(dir, NULL), 44 * 4 + 4 + 3);
	assert_int_equal(count_entries(dir, ".tmp"), 0);
	char *a = file_text(dir, "08116049-nuertingen.html"), *b = render(q, sheet_of(q, "08116049"), QT_FORMAT_HTML);
	assert_string_equal(a, b);
	free(a);
	free(b);
	a = file_text(dir, "uebersicht.json");
	assert_non_null(strstr(a, "\"name\":\t\"Nürtingen\""));
	free(a);
	/* Same input, same bytes. */
	char *before = file_text(dir, "alle-blaetter.csv");
	assert_int_equal(qt_quota_sheets_write_dir(dir, q, QT_SHEET_ALL, 1u << QT_FORMAT_CSV), 0);
	char *after = file_text(dir, "alle-blaetter.csv");
	assert_string_equal(before, after);
	free(before);
	free(after);
	remove_dir(dir);

	/* One sheet in one format. */
	assert_int_equal(qt_quota_sheets_write_dir(dir, q, sheet_of(q, "Köngen"), 1u << QT_FORMAT_HTML), 0);
	assert_int_equal(count_entries(dir, NULL), 1);
	assert_int_equal(count_entries(dir, "08116035-koengen.html"), 1);

	/* Errors: a file where the directory should be, a bad sheet, no format. */
	char file[700];
	snprintf(file, sizeof file, "%s/08116035-koengen.html", dir);
	assert_int_equal(qt_quota_sheets_write_dir(file, q, QT_SHEET_ALL, QT_SHEET_ALL_FORMATS), QT_EIO);
	assert_int_equal(qt_quota_sheets_write_dir(dir, q, 44, QT_SHEET_ALL_FORMATS), QT_EINVAL);
	assert_int_equal(qt_quota_sheets_write_dir(dir, q, QT_SHEET_ALL, 0), QT_EINVAL);
	assert_int_equal(qt_quota_sheets_write(stdout, q, 44, QT_FORMAT_TEXT), QT_EINVAL);
	remove_dir(root);
	free(root);
	qt_quota_sheets_free(q);
	qt_scenario_free(s);
}

/* A sheet that cannot be put in place (a directory stands at its name): the error names it, no
 * temporary file is left behind, and what stood there is untouched. Works as root too. */
static void test_write_dir_failure(void **state)
{
	(void)state;
	qt_scenario *s = load("examples/tiny.json");
	qt_quota_sheets *q = sheets(s, NULL);
	char *dir = tu_tmpdir(), blocker[600];
	static const char *const names[] = { "B-bergdorf.html", "B-bergdorf.csv" };
	for (size_t k = 0; k < 2; k++) {
		snprintf(blocker, sizeof blocker, "%s/%s", dir, names[k]);
		assert_int_equal(mkdir(blocker, 0755), 0);
		unsigned fmt = k == 0 ? 1u << QT_FORMAT_HTML : 1u << QT_FORMAT_CSV;
		assert_int_equal(qt_quota_sheets_write_dir(dir, q, 1, fmt), QT_EIO);
		assert_non_null(strstr(qt_last_error(), names[k]));
		assert_int_equal(count_entries(dir, ".tmp"), 0);
		assert_int_equal(rmdir(blocker), 0);
	}
	remove_dir(dir);
	free(dir);
	qt_quota_sheets_free(q);
	qt_scenario_free(s);
}

/* ---- the command line ---- */

static void test_cli(void **state)
{
	(void)state;
	tu_run_result r = tu_run("quota --help");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "--municipality"));
	tu_run_free(&r);
	r = tu_run("--help");
	assert_non_null(strstr(r.out, "  quota "));
	tu_run_free(&r);
	r = tu_run("quota examples/tiny.json --format xml");
	assert_int_equal(r.status, 2);
	tu_run_free(&r);
	r = tu_run("quota examples/tiny.json -m Nowhere");
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "Nowhere"));
	tu_run_free(&r);
	r = tu_run("quota examples/tiny.json extra.json");
	assert_int_equal(r.status, 2);
	tu_run_free(&r);

	r = tu_run("quota " ESSLINGEN " -m koengen --format csv");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "08116035;K\xC3\xB6ngen;"));
	tu_run_free(&r);
	r = tu_run("quota " ESSLINGEN);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Übersicht: Quote kumuliert"));
	tu_run_free(&r);

	char *dir = tu_tmpdir();
	r = tu_run("quota " ESSLINGEN " --out %s/all", dir);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.err, "44 quota sheets"));
	tu_run_free(&r);
	char sub[600];
	snprintf(sub, sizeof sub, "%s/all", dir);
	assert_int_equal(count_entries(sub, NULL), 183);

	r = tu_run("quota examples/tiny.json --plan -m Bergdorf --district 'Kreis Tiny'");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Kreis Tiny"));
	assert_non_null(strstr(r.out, "W-1"));
	tu_run_free(&r);

	/* solve --sheets: the sheets with the plan, every format, offers and balance CSVs. */
	r = tu_run("solve examples/tiny.json --no-progress --sheets %s/plan", dir);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	snprintf(sub, sizeof sub, "%s/plan", dir);
	assert_int_equal(count_entries(sub, NULL), 2 * 5 + 4 + 1 + 3);
	assert_int_equal(count_entries(sub, "B-bergdorf-wohnungen.csv"), 1);
	assert_int_equal(count_entries(sub, "uebersicht-saldo.csv"), 1);
	remove_dir(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stems),        cmocka_unit_test(test_stem_collisions),
		cmocka_unit_test(test_find),         cmocka_unit_test(test_district_and_options),
		cmocka_unit_test(test_json_contract), cmocka_unit_test(test_csv),
		cmocka_unit_test(test_text),         cmocka_unit_test(test_html),
		cmocka_unit_test(test_notes),        cmocka_unit_test(test_custom_key),
		cmocka_unit_test(test_plan_columns),
		cmocka_unit_test(test_write_dir),    cmocka_unit_test(test_write_dir_failure),
		cmocka_unit_test(test_cli),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
