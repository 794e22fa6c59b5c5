/* Unit tests of the table printer and of the text, CSV and JSON reports, on a scenario and a plan built
 * by hand (no solver): 2 municipalities, 2 GU sites, 1 Kombimodell site, 2 offers, 3 periods. */
#include "internal.h"
#include "table.h"
#include "testutil.h"

#include <cJSON.h>
#include <dirent.h>
#include <math.h>

#define BOM "\xEF\xBB\xBF"
enum { T = 3, M = 2, G = 2, K = 1, O = 2 };

/* ---- fixture ---- */

typedef struct {
	qt_scenario s;
	qt_plan *p;
	int arrivals[T + 1];
	int entitled[QT_NCLASS * (T + 1)];
	int au_places[M][T + 1];
	qt_muni muni[M];
	qt_gu gu[G];
	qt_kombi kombi[K];
	qt_offer offer[O];
	char *dir; /* scratch directory of the CSV tests */
} fixture;

static void set_series(long *row, long v1, long v2, long v3)
{
	row[0] = 0;
	row[1] = v1;
	row[2] = v2;
	row[3] = v3;
}

static void build_scenario(fixture *fx)
{
	qt_scenario *s = &fx->s;
	s->name = "Test \u2013 N\u00fcrtingen; K\u00f6ngen";
	s->start_year = 2016;
	s->start_q = 3;
	s->T = T;
	s->backlog0 = 20;
	int arrivals[T + 1] = { 0, 100, 80, 60 };
	memcpy(fx->arrivals, arrivals, sizeof arrivals);
	s->arrivals = fx->arrivals;
	int hsize[QT_NCLASS] = { 1, 2, 3, 4, 6 };
	memcpy(s->hsize, hsize, sizeof hsize);
	s->entitled = fx->entitled;

	fx->muni[0] = (qt_muni){ .id = "08116049", .name = "N\u00fcrtingen", .population = 40000,
				 .rent_area = 0, .au_places = fx->au_places[0], .au_occupied = 100 };
	fx->muni[1] = (qt_muni){ .id = "08116036", .name = "K\u00f6ngen", .population = 9500,
				 .rent_area = 0, .au_places = fx->au_places[1], .au_occupied = 50 };
	s->n_muni = M;
	s->muni = fx->muni;
	for (int t = 0; t <= T; t++) { /* own AU places hold each stock (MODEL.md constraint 7) */
		fx->au_places[0][t] = 110;
		fx->au_places[1][t] = 60;
	}

	fx->gu[0] = (qt_gu){ .id = "GU-001", .name = "N\u00fcrtingen, Halle; Nord", .muni = 0,
			     .kind = QT_GU_PERMANENT, .places = 120, .occupied = 104, .open0 = 1,
			     .avail_from = 1, .avail_until = T, .vacate_by = T + 1 };
	fx->gu[1] = (qt_gu){ .id = "GU-002", .name = "K\u00f6ngen, Containerdorf", .muni = 1,
			     .kind = QT_GU_PROVISIONAL, .places = 80, .avail_from = 1, .avail_until = T,
			     .vacate_by = T + 1 };
	s->n_gu = G;
	s->gu = fx->gu;

	fx->kombi[0] = (qt_kombi){ .id = "KM-01", .muni = 0, .max_modules = 6, .ppm = 24, .lead = 1,
				   .earliest = 1 };
	s->n_kombi = K;
	s->kombi = fx->kombi;

	fx->offer[0] = (qt_offer){ .id = "W-2016-0001", .muni = 1, .period = 2, .hclass = 1, .units = 2,
				   .rent = 560.5, .cap = 580, .eligible = 1 };
	fx->offer[1] = (qt_offer){ .id = "W-2016-0002", .muni = 0, .period = 3, .hclass = 0, .units = 1,
				   .rent = 470, .cap = 480, .eligible = 1 };
	s->n_offer = O;
	s->offer = fx->offer;
	s->exit_rate = 0.03;
}

static void build_plan(fixture *fx)
{
	qt_plan *p = qt_plan_alloc(T, G, K, M, O);
	assert_non_null(p);
	fx->p = p;
	p->status = QT_STATUS_GAP_REACHED;
	p->gap = 0.0004;
	p->seconds = 1.25;
	p->bound = 1234000;
	p->nodes = 42;
	p->rows = 123;
	p->cols = 456;
	p->ints = 78;
	p->cost = 1000000.5;
	for (int i = 0; i < QT_NPEN; i++)
		p->penalty[i] = 0;
	p->penalty[QT_PEN_BACKLOG] = 200000.25;
	p->penalty[QT_PEN_WAITING] = 34567.14;
	p->objective = 1234567.89;

	set_series(p->acc, 90, 80, 70);
	set_series(p->bl, 30, 30, 20);
	p->bl[0] = 20;
	set_series(p->V, 150, 160, 170);
	set_series(p->U, 0, 0, 5);
	for (int h = 0; h < QT_NCLASS; h++)
		set_series(p->F + QT_IX(h, 0, T), 0, 0, 0);
	set_series(p->F + QT_IX(0, 0, T), 2, 1, 0);
	set_series(p->F + QT_IX(2, 0, T), 1, 0, 0);

	/* GU-001 open, open, closed in 2017Q1; GU-002 closed, opened in 2016Q4, open */
	static const unsigned char open[G][T + 1] = { { 1, 1, 1, 0 }, { 0, 0, 1, 1 } };
	static const unsigned char up[G][T + 1] = { { 0, 0, 0, 0 }, { 0, 0, 1, 0 } };
	static const unsigned char dn[G][T + 1] = { { 0, 0, 0, 1 }, { 0, 0, 0, 0 } };
	for (int g = 0; g < G; g++)
		for (int t = 0; t <= T; t++) {
			p->open[QT_IX(g, t, T)] = open[g][t];
			p->up[QT_IX(g, t, T)] = up[g][t];
			p->dn[QT_IX(g, t, T)] = dn[g][t];
		}
	set_series(p->x + QT_IX(0, 0, T), 104, 100, 0);
	p->x[QT_IX(0, 0, T)] = 104;
	set_series(p->x + QT_IX(1, 0, T), 0, 60, 70);

	set_series(p->b, 2, 0, 0);
	set_series(p->ng, 0, 2, 1);
	set_series(p->na, 0, 0, 1);
	set_series(p->y, 0, 40, 20);

	for (int m = 0; m < M; m++)
		for (int h = 0; h < QT_NCLASS; h++)
			set_series(p->as + QT_IX(m * QT_NCLASS + h, 0, T), 0, 0, 0);
	set_series(p->as + QT_IX(0 * QT_NCLASS + 0, 0, T), 5, 3, 2); /* Nürtingen: 1-person households */
	set_series(p->as + QT_IX(1 * QT_NCLASS + 2, 0, T), 1, 0, 2); /* Köngen: 3-person households */

	double A[M][T + 1] = { { 100, 100.4, 102.6, 101.5 }, { 50, 50.0, 48.5, 52.2 } };
	for (int m = 0; m < M; m++)
		for (int t = 0; t <= T; t++)
			p->A[QT_IX(m, t, T)] = A[m][t];
	set_series(p->q + QT_IX(0, 0, T), 6, 9, 12);
	set_series(p->q + QT_IX(1, 0, T), 3, 5, 10);
	set_series(p->under + QT_IX(0, 0, T), 1, 1, 2);
	set_series(p->under + QT_IX(1, 0, T), 0, 0, 0);
	set_series(p->over + QT_IX(0, 0, T), 0, 0, 0);
	set_series(p->over + QT_IX(1, 0, T), 0, 0, 1);

	p->ao[0] = 1;
	p->ao[1] = 0;
}

static int setup(void **state)
{
	fixture *fx = calloc(1, sizeof *fx);
	if (!fx)
		return -1;
	build_scenario(fx);
	build_plan(fx);
	fx->dir = tu_tmpdir();
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	fixture *fx = *state;
	tu_remove_tree(fx->dir);
	free(fx->dir);
	qt_plan_free(fx->p);
	free(fx);
	return 0;
}

/* ---- helpers ---- */

/* Display width in characters (UTF-8 continuation bytes do not count). */
static size_t width_of(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

typedef struct {
	char *buf;
	size_t len;
	FILE *f;
} memout;

static FILE *mem_open(memout *m)
{
	m->buf = NULL;
	m->len = 0;
	m->f = open_memstream(&m->buf, &m->len);
	assert_non_null(m->f);
	return m->f;
}

static char *mem_close(memout *m)
{
	fclose(m->f);
	return m->buf;
}

/* The line that starts with prefix, searched from the line titled `title` to the end of its table
 * (the next blank line). Copied into out (without the newline); fails the test if absent. */
static void find_row(char *out, size_t cap, const char *text, const char *title, const char *prefix)
{
	const char *p = strstr(text, title);
	assert_non_null(p);
	while ((p = strchr(p, '\n')) && p[1] != '\n' && p[1] != '\0') {
		p++;
		if (!strncmp(p, prefix, strlen(prefix))) {
			size_t n = strcspn(p, "\n");
			assert_true(n < cap);
			memcpy(out, p, n);
			out[n] = '\0';
			return;
		}
	}
	fail_msg("no row '%s' under '%s'", prefix, title);
}

/* Splits line at runs of spaces into at most max tokens; returns their number. Modifies line. */
static int tokens(char *line, char **tok, int max)
{
	int n = 0;
	for (char *save = NULL, *w = strtok_r(line, " ", &save); w && n < max; w = strtok_r(NULL, " ", &save))
		tok[n++] = w;
	return n;
}

/* Asserts that the last n tokens of line are want[0..n-1]. */
static void assert_tail(const char *line, const char *const *want, int n)
{
	char copy[512];
	char *tok[64];
	snprintf(copy, sizeof copy, "%s", line);
	int k = tokens(copy, tok, 64);
	assert_true(k >= n);
	for (int i = 0; i < n; i++)
		assert_string_equal(tok[k - n + i], want[i]);
}

static size_t count_crlf_lines(const char *text)
{
	size_t n = 0;
	for (const char *p = text; (p = strchr(p, '\n')); p++) {
		assert_true(p > text && p[-1] == '\r');
		n++;
	}
	return n;
}

static int has_temp_file(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int found = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (strstr(e->d_name, ".tmp."))
			found = 1;
	closedir(d);
	return found;
}

/* ---- table printer ---- */

static qt_table *sample_table(void)
{
	qt_table *t;
	assert_int_equal(qt_table_new(&t, "sample", "Sample"), 0);
	qt_table_column(t, "name", "Gemeinde", QT_ALIGN_LEFT);
	qt_table_column(t, "persons", "Personen", QT_ALIGN_RIGHT);
	qt_table_column(t, "share", "Anteil", QT_ALIGN_RIGHT);
	qt_table_text(t, "N\u00fcrtingen");
	qt_table_int(t, 104);
	qt_table_fixed(t, 12.5, 1);
	qt_table_text(t, "K\u00f6ngen");
	qt_table_int(t, 7);
	qt_table_fixed(t, -0.01, 1);
	qt_table_text(t, "a;b \"c\"");
	qt_table_int(t, -3);
	qt_table_fixed(t, NAN, 2);
	assert_int_equal(qt_table_status(t), 0);
	assert_int_equal(qt_table_rows(t), 3);
	return t;
}

static void table_text_aligns_utf8(void **state)
{
	(void)state;
	qt_table *t = sample_table();
	memout m;
	assert_int_equal(qt_table_print_text(mem_open(&m), t), 0);
	char *out = mem_close(&m);
	assert_string_equal(out, "Sample\n"
				 "Gemeinde   Personen  Anteil\n"
				 "---------  --------  ------\n"
				 "N\u00fcrtingen       104    12.5\n"
				 "K\u00f6ngen            7     0.0\n"
				 "a;b \"c\"          -3\n"
				 "\n");
	const char *n = strstr(out, "N\u00fcrtingen"), *k = strstr(out, "K\u00f6ngen");
	assert_int_equal(width_of(n, strcspn(n, "\n")), width_of(k, strcspn(k, "\n")));
	free(out);
	qt_table_free(t);
}

static void table_csv_for_excel(void **state)
{
	(void)state;
	qt_table *t = sample_table();
	qt_table_note(t, "a note is not part of the CSV");
	memout m;
	assert_int_equal(qt_table_print_csv(mem_open(&m), t), 0);
	char *out = mem_close(&m);
	assert_string_equal(out, BOM "name;persons;share\r\n"
				     "N\u00fcrtingen;104;12,5\r\n"
				     "K\u00f6ngen;7;0,0\r\n"
				     "\"a;b \"\"c\"\"\";-3;\r\n");
	free(out);
	qt_table_free(t);
}

static void table_groups_and_errors(void **state)
{
	(void)state;
	qt_table *t;
	assert_int_equal(qt_table_new(&t, "g", "Groups"), 0);
	assert_int_equal(qt_table_text(t, "early"), QT_EINVAL); /* a cell before any column */
	assert_int_equal(qt_table_status(t), QT_EINVAL);
	memout m;
	assert_int_equal(qt_table_print_text(mem_open(&m), t), QT_EINVAL);
	free(mem_close(&m));
	qt_table_free(t);

	assert_int_equal(qt_table_new(&t, "g", "Groups"), 0);
	qt_table_column(t, "id", NULL, QT_ALIGN_LEFT);
	qt_table_column(t, "v", NULL, QT_ALIGN_RIGHT);
	qt_table_group(t, 1);
	qt_table_text(t, "A");
	qt_table_int(t, 1);
	qt_table_text(t, "A");
	qt_table_int(t, 2);
	qt_table_text(t, "B");
	assert_int_equal(qt_table_print_text(mem_open(&m), t), QT_EINVAL); /* incomplete row */
	free(mem_close(&m));
	qt_table_int(t, 3);
	assert_int_equal(qt_table_print_text(mem_open(&m), t), 0);
	char *out = mem_close(&m);
	assert_string_equal(out, "Groups\nid  v\n--  -\nA   1\n    2\nB   3\n\n");
	free(out);
	assert_int_equal(qt_table_print_csv(mem_open(&m), t), 0);
	out = mem_close(&m);
	assert_string_equal(out, BOM "id;v\r\nA;1\r\nA;2\r\nB;3\r\n");
	free(out);
	qt_table_free(t);
}

/* ---- text report ---- */

static char *text_report(fixture *fx)
{
	memout m;
	assert_int_equal(qt_report_text(mem_open(&m), &fx->s, fx->p), 0);
	return mem_close(&m);
}

static void text_summary_and_periods(void **state)
{
	fixture *fx = *state;
	char *out = text_report(fx);
	char row[512];

	find_row(row, sizeof row, out, "Summary", "scenario ");
	assert_non_null(strstr(row, "Test \u2013 N\u00fcrtingen; K\u00f6ngen"));
	find_row(row, sizeof row, out, "Summary", "periods ");
	assert_tail(row, (const char *[]){ "2016Q3\u20132017Q1", "3", "quarters" }, 3);
	find_row(row, sizeof row, out, "Summary", "status ");
	assert_tail(row, (const char *[]){ "gap_reached" }, 1);
	find_row(row, sizeof row, out, "Summary", "gap ");
	assert_tail(row, (const char *[]){ "0.04", "%" }, 2);
	find_row(row, sizeof row, out, "Summary", "solve time ");
	assert_tail(row, (const char *[]){ "1.25", "s" }, 2);
	find_row(row, sizeof row, out, "Summary", "branch-and-bound nodes ");
	assert_tail(row, (const char *[]){ "42" }, 1);
	find_row(row, sizeof row, out, "Summary", "integer columns ");
	assert_tail(row, (const char *[]){ "78" }, 1);
	find_row(row, sizeof row, out, "Summary", "objective total ");
	assert_tail(row, (const char *[]){ "1234567.89", "EUR" }, 2);
	find_row(row, sizeof row, out, "Summary", "real cost ");
	assert_tail(row, (const char *[]){ "1000000.50", "EUR" }, 2);
	find_row(row, sizeof row, out, "Summary", "penalty backlog ");
	assert_tail(row, (const char *[]){ "200000.25", "EUR" }, 2);
	find_row(row, sizeof row, out, "Summary", "penalty waiting ");
	assert_tail(row, (const char *[]){ "34567.14", "EUR" }, 2);
	find_row(row, sizeof row, out, "Summary", "penalty move ");
	assert_tail(row, (const char *[]){ "0.00", "EUR" }, 2);

	/* period intake accepted backlog vU Fehlbeleger unhoused GU-places GU-persons AU-placed under */
	find_row(row, sizeof row, out, "Per period", "2016Q3 ");
	assert_tail(row, (const char *[]){ "2016Q3", "100", "90", "30", "150", "5", "0", "120", "104", "8", "1" },
		    11);
	find_row(row, sizeof row, out, "Per period", "2016Q4 ");
	assert_tail(row, (const char *[]){ "2016Q4", "80", "80", "30", "160", "1", "0", "248", "200", "5", "1" },
		    11);
	find_row(row, sizeof row, out, "Per period", "2017Q1 ");
	assert_tail(row, (const char *[]){ "2017Q1", "60", "70", "20", "170", "0", "5", "104", "90", "8", "1" },
		    11);
	free(out);
}

static void text_gu_sites_with_states(void **state)
{
	fixture *fx = *state;
	char *out = text_report(fx);
	char r1[512], r2[512];
	find_row(r1, sizeof r1, out, "GU sites", "GU-001 ");
	find_row(r2, sizeof r2, out, "GU sites", "GU-002 ");
	assert_tail(r1, (const char *[]){ "permanent", "120", "104", "100", "\u00d70" }, 5);
	assert_tail(r2, (const char *[]){ "provisional", "80", "\u2013", "+60", "70" }, 5);
	/* names with umlauts and multibyte state marks still line up */
	assert_int_equal(width_of(r1, strlen(r1)), width_of(r2, strlen(r2)));
	assert_non_null(strstr(out, "\u00d70 = closed this period"));
	free(out);
}

static void text_municipalities_aligned(void **state)
{
	fixture *fx = *state;
	char *out = text_report(fx);
	char n1[512], k1[512], k2[512];
	find_row(n1, sizeof n1, out, "Municipalities", "08116049 ");
	find_row(k1, sizeof k1, out, "Municipalities", "08116036 ");
	assert_non_null(strstr(n1, "N\u00fcrtingen"));
	assert_non_null(strstr(k1, "K\u00f6ngen"));
	assert_int_equal(width_of(n1, strlen(n1)), width_of(k1, strlen(k1)));
	/* id name period quota own kombi flats placed under over stock */
	assert_tail(k1, (const char *[]){ "2016Q3", "3", "3", "0", "0", "3", "0", "0", "50" }, 9);
	assert_tail(n1, (const char *[]){ "5", "1", "0", "100" }, 4); /* placed, under, over, stock */

	/* the following rows of a municipality leave id and name blank */
	const char *p = strstr(out, k1);
	p = strchr(p, '\n') + 1;
	size_t n = strcspn(p, "\n");
	memcpy(k2, p, n);
	k2[n] = '\0';
	assert_int_equal(strspn(k2, " "), width_of(n1, (size_t)(strstr(n1, "2016Q3") - n1)));
	assert_tail(k2, (const char *[]){ "2016Q4", "5", "0", "0", "2", "5", "0", "0", "49" }, 9);
	assert_int_equal(width_of(k2, strlen(k2)), width_of(k1, strlen(k1)));
	free(out);
}

static void text_kombimodell_and_offers(void **state)
{
	fixture *fx = *state;
	char *out = text_report(fx);
	char row[512];
	/* id municipality period ordered usable as-GU as-AU persons */
	find_row(row, sizeof row, out, "Kombimodell sites", "KM-01 ");
	assert_tail(row, (const char *[]){ "2016Q3", "2", "0", "0", "0", "0" }, 6);
	const char *p = strchr(strstr(out, row), '\n') + 1;
	snprintf(row, sizeof row, "%.*s", (int)strcspn(p, "\n"), p);
	assert_tail(row, (const char *[]){ "2016Q4", "0", "2", "2", "0", "40" }, 6);

	find_row(row, sizeof row, out, "Flat offers used", "W-2016-0001 ");
	assert_tail(row, (const char *[]){ "2016Q4", "2", "560.50", "580.00", "2", "1", "2" }, 7);
	assert_null(strstr(out, "W-2016-0002")); /* not used */
	free(out);
}

/* ---- CSV report ---- */

static char *csv_file(fixture *fx, const char *sub, const char *name, size_t *len)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s/%s", fx->dir, sub, name);
	char *text = tu_slurp(path, len);
	assert_non_null(text);
	assert_memory_equal(text, BOM, 3);
	return text;
}

static void csv_files(void **state)
{
	fixture *fx = *state;
	char out[256];
	snprintf(out, sizeof out, "%s/csv", fx->dir);
	assert_int_equal(qt_report_csv_dir(out, &fx->s, fx->p), 0);
	assert_int_equal(qt_report_csv_dir(out, &fx->s, fx->p), 0); /* again, over the first files */
	assert_false(has_temp_file(out));
	size_t len;

	char *t = csv_file(fx, "csv", "municipalities.csv", &len);
	assert_int_equal(count_crlf_lines(t), 1 + M * T);
	assert_true(!strncmp(t + 3,
			     "id;name;period;quota;placed_own_persons;placed_kombimodell_persons;"
			     "placed_offers_persons;placed_cumulative;under;over;au_stock\r\n",
			     strlen("id;name;period;quota;placed_own_persons;placed_kombimodell_persons;"
				    "placed_offers_persons;placed_cumulative;under;over;au_stock\r\n")));
	assert_non_null(strstr(t, "\r\n08116036;K\u00f6ngen;2016Q4;5;0;0;2;5;0;0;49\r\n"));
	assert_non_null(strstr(t, "\r\n08116036;K\u00f6ngen;2017Q1;10;6;0;0;11;0;1;52\r\n"));
	free(t);

	t = csv_file(fx, "csv", "gu_sites.csv", &len);
	assert_int_equal(count_crlf_lines(t), 1 + G * T);
	assert_true(!strncmp(t + 3, "id;name;municipality;kind;period;places;persons;status\r\n", 56));
	assert_non_null(strstr(
		t, "\r\nGU-001;\"N\u00fcrtingen, Halle; Nord\";N\u00fcrtingen;permanent;2017Q1;120;0;closing\r\n"));
	assert_non_null(strstr(t, "\r\nGU-002;K\u00f6ngen, Containerdorf;K\u00f6ngen;provisional;2016Q4;80;60;"
				  "opening\r\n"));
	assert_non_null(strstr(t, ";2016Q3;80;0;closed\r\n"));
	free(t);

	t = csv_file(fx, "csv", "summary.csv", &len);
	assert_true(!strncmp(t + 3, "item;value;unit\r\n", 17));
	assert_non_null(strstr(t, "\r\nscenario;\"Test \u2013 N\u00fcrtingen; K\u00f6ngen\";\r\n"));
	assert_non_null(strstr(t, "\r\ngap;0,04;%\r\n"));
	assert_non_null(strstr(t, "\r\nobjective total;1234567,89;EUR\r\n"));
	assert_non_null(strstr(t, "\r\nbranch-and-bound nodes;42;\r\n"));
	free(t);

	t = csv_file(fx, "csv", "periods.csv", &len);
	assert_int_equal(count_crlf_lines(t), 1 + T);
	assert_non_null(strstr(t, "\r\n2016Q4;80;80;30;160;1;0;248;200;5;1\r\n"));
	free(t);

	t = csv_file(fx, "csv", "kombimodell.csv", &len);
	assert_int_equal(count_crlf_lines(t), 1 + K * T);
	assert_non_null(strstr(t, "\r\nKM-01;N\u00fcrtingen;2017Q1;0;2;1;1;20\r\n"));
	free(t);

	t = csv_file(fx, "csv", "offers_used.csv", &len);
	assert_string_equal(t, BOM "id;municipality;period;household;rent;rent_cap;units;households;persons\r\n"
				   "W-2016-0001;K\u00f6ngen;2016Q4;2;560,50;580,00;2;1;2\r\n");
	free(t);
}

static void csv_failure_leaves_no_temp_file(void **state)
{
	fixture *fx = *state;
	char out[256], blocker[300], missing[300];
	snprintf(out, sizeof out, "%s/blocked", fx->dir);
	assert_int_equal(mkdir(out, 0777), 0);
	snprintf(blocker, sizeof blocker, "%s/periods.csv", out);
	assert_int_equal(mkdir(blocker, 0777), 0); /* rename onto a directory fails */
	assert_int_equal(qt_report_csv_dir(out, &fx->s, fx->p), QT_EIO);
	assert_non_null(strstr(qt_last_error(), "periods.csv"));
	assert_false(has_temp_file(out));
	struct stat st;
	assert_int_equal(stat(blocker, &st), 0);
	assert_true(S_ISDIR(st.st_mode));

	snprintf(missing, sizeof missing, "%s/no/such/dir", fx->dir);
	assert_int_equal(qt_report_csv_dir(missing, &fx->s, fx->p), QT_EIO);
}

/* ---- JSON report ---- */

static void assert_series(const cJSON *obj, const char *key, const long *want)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(obj, key);
	assert_true(cJSON_IsArray(a));
	assert_int_equal(cJSON_GetArraySize(a), T);
	for (int t = 0; t < T; t++) {
		const cJSON *v = cJSON_GetArrayItem(a, t);
		assert_true(cJSON_IsNumber(v));
		assert_true(v->valuedouble == floor(v->valuedouble)); /* whole persons */
		assert_int_equal((long)v->valuedouble, want[t]);
	}
}

static cJSON *json_report(fixture *fx)
{
	memout m;
	assert_int_equal(qt_report_json(mem_open(&m), &fx->s, fx->p), 0);
	char *text = mem_close(&m);
	cJSON *root = cJSON_Parse(text);
	free(text);
	assert_non_null(root);
	return root;
}

static void json_contract_keys(void **state)
{
	fixture *fx = *state;
	cJSON *root = json_report(fx);
	assert_int_equal(tu_item(root, "quartier")->valueint, 1);
	assert_string_equal(tu_item(root, "scenario")->valuestring, fx->s.name);
	const cJSON *periods = tu_item(root, "periods");
	assert_int_equal(cJSON_GetArraySize(periods), T);
	assert_string_equal(cJSON_GetArrayItem(periods, 0)->valuestring, "2016Q3");
	assert_string_equal(cJSON_GetArrayItem(periods, 2)->valuestring, "2017Q1");
	assert_string_equal(tu_item(root, "status")->valuestring, "gap_reached");
	assert_float_equal(tu_item(root, "gap")->valuedouble, 0.0004, 1e-12);

	const cJSON *obj = tu_item(root, "objective");
	assert_float_equal(tu_item(obj, "total")->valuedouble, 1234567.89, 1e-6);
	assert_float_equal(tu_item(obj, "cost")->valuedouble, 1000000.5, 1e-6);
	const cJSON *pen = tu_item(obj, "penalties");
	static const char *const pen_keys[] = { "unhoused",    "backlog",    "waiting", "provisional",
						"quota_under", "quota_over", "move" };
	for (size_t i = 0; i < 7; i++)
		assert_true(cJSON_IsNumber(tu_item(pen, pen_keys[i])));
	assert_int_equal(cJSON_GetArraySize(pen), 7);
	assert_float_equal(tu_item(pen, "backlog")->valuedouble, 200000.25, 1e-6);
	assert_float_equal(tu_item(pen, "waiting")->valuedouble, 34567.14, 1e-6);

	const cJSON *tot = tu_item(root, "totals");
	assert_series(tot, "intake", (long[]){ 100, 80, 60 });
	assert_series(tot, "backlog", (long[]){ 30, 30, 20 });
	assert_series(tot, "in_vu", (long[]){ 150, 160, 170 });
	assert_series(tot, "waiting_persons", (long[]){ 5, 1, 0 });
	assert_series(tot, "unhoused", (long[]){ 0, 0, 5 });
	assert_series(tot, "gu_places_open", (long[]){ 120, 248, 104 });
	assert_series(tot, "gu_persons", (long[]){ 104, 200, 90 });
	assert_series(tot, "au_placed_persons", (long[]){ 8, 5, 8 });
	assert_true(cJSON_IsObject(tu_item(root, "solve")));
	cJSON_Delete(root);
}

static void json_sites_municipalities_offers(void **state)
{
	fixture *fx = *state;
	cJSON *root = json_report(fx);

	const cJSON *gu = tu_item(root, "gu_sites");
	assert_int_equal(cJSON_GetArraySize(gu), G);
	const cJSON *g0 = cJSON_GetArrayItem(gu, 0), *g1 = cJSON_GetArrayItem(gu, 1);
	assert_string_equal(tu_item(g0, "id")->valuestring, "GU-001");
	assert_series(g0, "persons", (long[]){ 104, 100, 0 });
	assert_series(g1, "persons", (long[]){ 0, 60, 70 });
	const cJSON *open = tu_item(g0, "open");
	assert_int_equal(cJSON_GetArraySize(open), T);
	assert_true(cJSON_IsTrue(cJSON_GetArrayItem(open, 1)));
	assert_true(cJSON_IsFalse(cJSON_GetArrayItem(open, 2)));
	assert_true(cJSON_IsFalse(cJSON_GetArrayItem(tu_item(g1, "open"), 0)));

	const cJSON *km = cJSON_GetArrayItem(tu_item(root, "kombimodell"), 0);
	assert_string_equal(tu_item(km, "id")->valuestring, "KM-01");
	assert_series(km, "ordered", (long[]){ 2, 0, 0 });
	assert_series(km, "gu_modules", (long[]){ 0, 2, 1 });
	assert_series(km, "au_modules", (long[]){ 0, 0, 1 });
	assert_series(km, "persons", (long[]){ 0, 40, 20 });

	const cJSON *munis = tu_item(root, "municipalities");
	assert_int_equal(cJSON_GetArraySize(munis), M);
	const cJSON *kg = cJSON_GetArrayItem(munis, 1);
	assert_string_equal(tu_item(kg, "id")->valuestring, "08116036");
	assert_series(kg, "quota", (long[]){ 3, 5, 10 });
	assert_series(kg, "placed_cumulative", (long[]){ 3, 5, 11 });
	assert_series(tu_item(kg, "placed"), "own", (long[]){ 3, 0, 6 });
	assert_series(tu_item(kg, "placed"), "kombimodell", (long[]){ 0, 0, 0 });
	assert_series(tu_item(kg, "placed"), "offers", (long[]){ 0, 2, 0 });
	assert_series(kg, "au_stock", (long[]){ 50, 49, 52 });
	assert_series(kg, "under", (long[]){ 0, 0, 0 });
	assert_series(kg, "over", (long[]){ 0, 0, 1 });

	/* Nürtingen: how AU persons split between own places and Kombimodell is qt_plan_placed's rule */
	const cJSON *nt = cJSON_GetArrayItem(munis, 0);
	assert_series(nt, "placed_cumulative", (long[]){ 5, 8, 10 });
	assert_series(tu_item(nt, "placed"), "offers", (long[]){ 0, 0, 0 });
	for (int t = 1; t <= T; t++) {
		long own, kombi, offers;
		qt_plan_placed(&fx->s, fx->p, 0, t, &own, &kombi, &offers);
		assert_int_equal(cJSON_GetArrayItem(tu_item(tu_item(nt, "placed"), "own"), t - 1)->valueint, own);
		assert_int_equal(cJSON_GetArrayItem(tu_item(tu_item(nt, "placed"), "kombimodell"), t - 1)->valueint,
				 kombi);
	}
	assert_series(nt, "au_stock", (long[]){ 100, 103, 102 });
	assert_series(nt, "under", (long[]){ 1, 1, 2 });

	const cJSON *used = tu_item(root, "offers_used");
	assert_int_equal(cJSON_GetArraySize(used), 1);
	assert_string_equal(tu_item(cJSON_GetArrayItem(used, 0), "id")->valuestring, "W-2016-0001");
	assert_int_equal(tu_item(cJSON_GetArrayItem(used, 0), "households")->valueint, 1);
	cJSON_Delete(root);
}

/* ---- errors ---- */

static void reports_refuse_bad_arguments(void **state)
{
	fixture *fx = *state;
	memout m;
	FILE *f = mem_open(&m);
	fx->p->M = 1; /* a plan of another scenario */
	assert_int_equal(qt_report_json(f, &fx->s, fx->p), QT_EINVAL);
	assert_int_equal(qt_report_text(f, &fx->s, fx->p), QT_EINVAL);
	assert_int_equal(qt_report_csv_dir(fx->dir, &fx->s, fx->p), QT_EINVAL);
	fx->p->M = M;
	assert_int_equal(qt_report_text(NULL, &fx->s, fx->p), QT_EINVAL);
	assert_int_equal(qt_report_json(f, &fx->s, NULL), QT_EINVAL);
	assert_int_equal(m.len, 0);
	free(mem_close(&m));
}

static void reports_signal_write_errors(void **state)
{
	fixture *fx = *state;
	FILE *f = fopen("/dev/full", "w");
	if (!f)
		skip();
	assert_int_equal(qt_report_text(f, &fx->s, fx->p), QT_EIO);
	clearerr(f);
	assert_int_equal(qt_report_json(f, &fx->s, fx->p), QT_EIO);
	fclose(f);
}

/* Every accessor of the public header takes NULL and returns the default quartier.h names. */
static void accessors_accept_null(void **state)
{
	(void)state;
	char label[8] = "x";
	assert_string_equal(qt_scenario_name(NULL), "");
	assert_int_equal(qt_scenario_periods(NULL), 0);
	qt_scenario_period_label(NULL, 1, label);
	assert_string_equal(label, "");
	assert_null(qt_scenario_summary(NULL));
	assert_int_equal(qt_plan_status(NULL), QT_STATUS_NO_INTEGER_PLAN);
	assert_true(qt_plan_gap(NULL) == HUGE_VAL);
	assert_true(qt_plan_objective(NULL) == HUGE_VAL);
	assert_true(qt_plan_seconds(NULL) == 0);
	assert_int_equal(qt_plan_nodes(NULL), 0);
	assert_int_equal(qt_errors_count(NULL), 0);
	assert_null(qt_errors_pointer(NULL, 0));
	assert_null(qt_errors_message(NULL, 0));
	assert_int_equal(qt_sweep_count(NULL), 0);
	assert_null(qt_sweep_kpis(NULL, 0));
	assert_true(qt_sweep_seconds(NULL) == 0);
	assert_string_equal(qt_status_name((qt_status)99), "unknown");
	/* the one gap formula: (objective - bound) / max(1, |objective|), never negative */
	assert_true(fabs(qt_gap(200.0, 150.0) - 0.25) < 1e-15);
	assert_true(qt_gap(0.5, 0.0) == 0.5);
	assert_true(qt_gap(100.0, 120.0) == 0.0);
	assert_true(qt_gap(100.0, -HUGE_VAL) == HUGE_VAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_text_aligns_utf8),
		cmocka_unit_test(table_csv_for_excel),
		cmocka_unit_test(table_groups_and_errors),
		cmocka_unit_test(text_summary_and_periods),
		cmocka_unit_test(text_gu_sites_with_states),
		cmocka_unit_test(text_municipalities_aligned),
		cmocka_unit_test(text_kombimodell_and_offers),
		cmocka_unit_test(csv_files),
		cmocka_unit_test(csv_failure_leaves_no_temp_file),
		cmocka_unit_test(json_contract_keys),
		cmocka_unit_test(json_sites_municipalities_offers),
		cmocka_unit_test(reports_refuse_bad_arguments),
		cmocka_unit_test(reports_signal_write_errors),
		cmocka_unit_test(accessors_accept_null),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
