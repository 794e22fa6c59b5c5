/*
 * A scenario document written as sheets (the inverse of scenario_book.c): the settings as
 * key/value rows, per-period arrays as a `periods` sheet or `key.PERIOD` columns, each list as a
 * sheet with a column per dotted key; the units and pick lists of the columns for a written
 * workbook; and the sheets a new district starts from.
 */
#include "scenario_book.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	qt_book *b;
	qt_sheet *sh;
	char **cols; /* the headers, in the order they were met */
	int n_cols, cap_cols, cursor;
	int row;
	int start_year, start_q; /* of periods.start, for the period columns */
} writer;

/* The column of header h, added when new. Rows mostly repeat the previous row's order, so the
 * search starts where the last one ended. */
static int column_of(writer *w, const char *h)
{
	for (int k = 0; k < w->n_cols; k++) {
		int i = (w->cursor + k) % w->n_cols;
		if (!strcmp(w->cols[i], h)) {
			w->cursor = (i + 1) % w->n_cols;
			return i + 1;
		}
	}
	if (w->n_cols == w->cap_cols) {
		int cap = w->cap_cols ? w->cap_cols * 2 : 16;
		char **p = realloc(w->cols, (size_t)cap * sizeof *p);
		if (!p) {
			w->b->nomem = true;
			return 0;
		}
		w->cols = p;
		w->cap_cols = cap;
	}
	if (!(w->cols[w->n_cols] = qt_strdup(h))) {
		w->b->nomem = true;
		return 0;
	}
	w->cursor = 0;
	return ++w->n_cols;
}

static void write_value_at(writer *w, int row, const char *h, const cJSON *v)
{
	int col = column_of(w, h);
	if (!col)
		return;
	if (cJSON_IsString(v) && v->valuestring[0])
		qt_book_add_text(w->b, w->sh, row, col, v->valuestring, strlen(v->valuestring));
	else if (cJSON_IsNumber(v))
		qt_book_add_number(w->b, w->sh, row, col, v->valuedouble);
	else if (cJSON_IsBool(v))
		qt_book_add_bool(w->b, w->sh, row, col, cJSON_IsTrue(v));
}

static void write_value(writer *w, const char *h, const cJSON *v) { write_value_at(w, w->row, h, v); }

static void write_text_at(writer *w, int row, const char *h, const char *text)
{
	int col = column_of(w, h);
	if (col && text[0])
		qt_book_add_text(w->b, w->sh, row, col, text, strlen(text));
}

static void write_number_at(writer *w, int row, const char *h, double v)
{
	int col = column_of(w, h);
	if (col)
		qt_book_add_number(w->b, w->sh, row, col, v);
}

/* Calls visit for every member of obj with its dotted key; visit returns true to go into an
 * object member. */
typedef bool (*visit_fn)(writer *w, const char *path, const cJSON *v, const void *ctx);
static void walk(writer *w, const cJSON *obj, const char *prefix, visit_fn visit, const void *ctx)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, obj) {
		char *path = qt_asprintf("%s%s%s", prefix, prefix[0] ? "." : "", c->string);
		if (!path) {
			w->b->nomem = true;
			return;
		}
		if (visit(w, path, c, ctx) && cJSON_IsObject(c))
			walk(w, c, path, visit, ctx);
		free(path);
	}
}

/* Which members of a row go elsewhere (may be NULL). */
typedef bool (*skip_fn)(const char *path, const cJSON *v);

/* A member as columns of the current row; a per-period array becomes `key.PERIOD` columns. */
static bool member_columns(writer *w, const char *path, const cJSON *c, const void *ctx)
{
	skip_fn skip = *(const skip_fn *)ctx;
	if (skip && skip(path, c))
		return false;
	if (cJSON_IsObject(c))
		return true;
	if (!cJSON_IsArray(c)) {
		write_value(w, path, c);
		return false;
	}
	int t = 0;
	const cJSON *e;
	cJSON_ArrayForEach(e, c) {
		char label[8], *h;
		qt_period_label(w->start_year, w->start_q, ++t, label);
		if ((h = qt_asprintf("%s.%s", path, label)))
			write_value(w, h, e);
		free(h);
	}
	return false;
}

static void write_members(writer *w, const cJSON *obj, skip_fn skip) { walk(w, obj, "", member_columns, &skip); }

/* Starts sheet name; the headers are added by finish_sheet. */
static bool begin_sheet(writer *w, const char *name)
{
	w->sh = qt_book_add_sheet(w->b, name, false);
	w->n_cols = w->cursor = 0;
	w->row = 1;
	return w->sh != NULL;
}

/* Writes the header row (defaults: the columns of an empty list) and puts the cells in order. */
static void finish_sheet(writer *w, const char *const *defaults, size_t n_defaults)
{
	if (!w->sh)
		return;
	bool empty = w->n_cols == 0;
	for (size_t k = 0; empty && k < n_defaults; k++)
		column_of(w, defaults[k]);
	for (int k = 0; k < w->n_cols; k++) {
		qt_book_add_text(w->b, w->sh, 1, k + 1, w->cols[k], strlen(w->cols[k]));
		free(w->cols[k]);
	}
	w->n_cols = 0;
	qt_book_sort(w->sh);
	w->sh = NULL;
}

/* What the scenario sheet leaves to the other sheets. */
static bool elsewhere(const char *path, const cJSON *v)
{
	static const char *const lists[] = { "municipalities", "gu_sites", "kombimodell", "housing_offers",
					     "rent_caps.areas", "uncertainty.futures" };
	return qt_rd_find_name(path, lists, QT_N_OF(lists)) >= 0 || cJSON_IsArray(v);
}

/* One key/value row per scalar, by its dotted key. */
static bool setting_row(writer *w, const char *path, const cJSON *c, const void *ctx)
{
	(void)ctx;
	if (elsewhere(path, c))
		return false;
	if (cJSON_IsObject(c))
		return true;
	if (!cJSON_IsNull(c)) {
		w->row++;
		qt_book_add_text(w->b, w->sh, w->row, 1, path, strlen(path));
		write_value(w, "value", c);
	}
	return false;
}

static void write_settings(writer *w, const cJSON *doc)
{
	static const char *const head[] = { "key", "value" };
	if (!begin_sheet(w, "scenario"))
		return;
	column_of(w, "key");
	w->row = 1;
	walk(w, doc, "", setting_row, NULL);
	finish_sheet(w, head, 2);
}


/* Rows of period t (from 1) with the arrays of obj; futures: the future's id first. */
static void write_period_rows(writer *w, cJSON *obj, const char *future, int T, bool futures)
{
	for (int t = 1; t <= T; t++) {
		w->row++;
		char label[8];
		qt_period_label(w->start_year, w->start_q, t, label);
		if (future)
			write_text_at(w, w->row, "future", future);
		write_text_at(w, w->row, "period", label);
		for (size_t k = 0; k < QT_N_OF(qt_period_columns); k++) {
			const cJSON *arr = qt_json_get_dotted(obj, futures ? qt_period_columns[k][0] : qt_period_columns[k][1]);
			if (cJSON_IsArray(arr))
				write_value(w, qt_period_columns[k][0], cJSON_GetArrayItem(arr, t - 1));
		}
	}
}

static bool has_period_arrays(cJSON *obj, bool futures)
{
	for (size_t k = 0; k < QT_N_OF(qt_period_columns); k++)
		if (cJSON_IsArray(qt_json_get_dotted(obj, futures ? qt_period_columns[k][0] : qt_period_columns[k][1])))
			return true;
	return false;
}

static void write_list(writer *w, const qt_sheet_spec *spec, cJSON *doc, skip_fn skip)
{
	const cJSON *list = qt_json_get_dotted(doc, spec->list);
	if (!cJSON_IsArray(list) || !begin_sheet(w, spec->name))
		return;
	const cJSON *o;
	cJSON_ArrayForEach(o, list) {
		w->row++;
		write_members(w, o, skip);
	}
	finish_sheet(w, spec->cols, spec->n_cols);
}

static bool future_arrays(const char *path, const cJSON *v)
{
	return (!strcmp(path, "arrivals") && cJSON_IsArray(v)) || !strcmp(path, "entitled");
}

static void write_futures(writer *w, cJSON *doc, int T)
{
	write_list(w, &qt_sheet_specs[7], doc, future_arrays);
	cJSON *list = qt_json_get_dotted(doc, "uncertainty.futures"), *f;
	bool any = false;
	cJSON_ArrayForEach(f, list) any = any || has_period_arrays(f, true);
	if (!any || !begin_sheet(w, "future_periods"))
		return;
	cJSON_ArrayForEach(f, list) {
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(f, "id");
		write_period_rows(w, f, cJSON_IsString(id) ? id->valuestring : "", T, true);
	}
	finish_sheet(w, NULL, 0);
}

static void write_rent_caps(writer *w, cJSON *doc)
{
	const cJSON *areas = qt_json_get_dotted(doc, "rent_caps.areas"), *a;
	if (!cJSON_IsObject(areas) || !begin_sheet(w, "rent_caps"))
		return;
	column_of(w, "area");
	cJSON_ArrayForEach(a, areas) {
		w->row++;
		write_text_at(w, w->row, "area", a->string);
		write_members(w, a, NULL);
	}
	finish_sheet(w, qt_sheet_specs[5].cols, qt_sheet_specs[5].n_cols);
}

qt_book *qt_book_from_document(const cJSON *doc_in)
{
	cJSON *doc = (cJSON *)doc_in; /* only read; get_path takes it unqualified */
	qt_book *b = qt_book_new();
	if (!b)
		return NULL;
	writer w = { .b = b, .start_year = 2000, .start_q = 1 };
	const cJSON *start = qt_json_get_dotted(doc, "periods.start"), *count = qt_json_get_dotted(doc, "periods.count");
	if (cJSON_IsString(start))
		qt_period_parse(start->valuestring, &w.start_year, &w.start_q);
	int T = cJSON_IsNumber(count) && count->valuedouble >= 1 && count->valuedouble <= QT_MAX_PERIODS
			? (int)count->valuedouble
			: 0;
	write_settings(&w, doc);
	if (has_period_arrays(doc, false) && begin_sheet(&w, "periods")) {
		write_period_rows(&w, doc, NULL, T, false);
		finish_sheet(&w, NULL, 0);
	}
	write_list(&w, &qt_sheet_specs[2], doc, NULL);
	write_list(&w, &qt_sheet_specs[3], doc, NULL);
	write_list(&w, &qt_sheet_specs[4], doc, NULL);
	write_rent_caps(&w, doc);
	write_list(&w, &qt_sheet_specs[6], doc, NULL);
	if (qt_json_get_dotted(doc, "uncertainty.futures"))
		write_futures(&w, doc, T);
	free(w.cols);
	if (b->nomem || b->errors->n) {
		qt_book_free(b);
		return NULL;
	}
	return b;
}

/* ---- what a written workbook tells about its columns ---- */
static const char *const UNITS[][2] = {
	{ "places", "places" },
	{ "au_places", "AU places per period" },
	{ "transfer.au_places", "AU places" },
	{ "occupied", "persons at start" },
	{ "au_occupied", "persons at start" },
	{ "population", "persons" },
	{ "credit", "persons" },
	{ "arrivals", "persons per quarter" },
	{ "entitled.1", "households per quarter" },
	{ "entitled.2", "households per quarter" },
	{ "entitled.3", "households per quarter" },
	{ "entitled.4", "households per quarter" },
	{ "entitled.5+", "households per quarter" },
	{ "cost.per_place", "euro per place and quarter" },
	{ "cost.fixed", "euro per quarter while open" },
	{ "cost.open", "euro, once" },
	{ "cost.close", "euro, once" },
	{ "cost.module", "euro per module" },
	{ "cost.conversion", "euro per module handed to AU" },
	{ "cost.per_place_gu", "euro per place and quarter" },
	{ "transfer.cost", "euro, once" },
	{ "au_cost", "euro per person and quarter" },
	{ "rent", "euro per month" },
	{ "1", "euro per month" },
	{ "2", "euro per month" },
	{ "3", "euro per month" },
	{ "4", "euro per month" },
	{ "5+", "euro per month" },
	{ "area_km2", "km²" },
	{ "area_m2", "m²" },
	{ "space_standard_m2", "m² per person" },
	{ "probability", "share, the futures' add up to 1" },
	{ "lead_quarters", "quarters" },
	{ "units", "flats" },
	{ "max_modules", "modules" },
	{ "places_per_module", "places" },
};

const char *qt_book_column_unit(const char *header)
{
	const char *dot = strrchr(header, '.');
	size_t len = dot && qt_quarter_of(dot + 1) >= 0 ? (size_t)(dot - header) : strlen(header);
	for (size_t i = 0; i < QT_N_OF(UNITS); i++)
		if (strlen(UNITS[i][0]) == len && !memcmp(UNITS[i][0], header, len))
			return UNITS[i][1];
	return NULL;
}

const char *const *qt_book_column_choices(const char *header, size_t *n)
{
	if (!strcmp(header, "kind")) {
		*n = QT_NGU_KIND;
		return qt_gu_kind_names;
	}
	if (!strcmp(header, "household")) {
		*n = QT_NCLASS;
		return qt_class_names;
	}
	return NULL;
}

/* ---- the sheets a new district starts from ---- */
static const char *const README_LINES[] = {
	"A scenario of quartier as a workbook: one sheet per table, the column headers are the keys of the",
	"scenario (README.md of quartier, \"Scenarios as spreadsheets\"). Empty cells mean \"not given\";",
	"columns whose header starts with x. are your notes and are not read. This sheet is not read.",
	"",
	"scenario: one setting per row (key, value): name, periods.start (e.g. 2016Q3), periods.count,",
	"  intake.backlog, households.size_5plus, households.waiting.1 ... 5+, quota.method, quota.key.population,",
	"  quota.gu_credit_rate, exit_rate, rent_caps.factor, penalties.*, solver.time_limit_s, solver.gap.",
	"periods: one row per quarter from periods.start: arrivals (persons), entitled.1 ... entitled.5+ (households).",
	"municipalities: one row per municipality (AGS as id); au_places per quarter as au_places.2016Q3 ... columns.",
	"gu_sites: one row per GU site; kind is permanent, provisional or sports_hall; cost.* in euro.",
	"kombimodell: one row per candidate Kombimodell site.",
	"rent_caps: one row per rent area, the monthly cap for households of 1, 2, 3, 4 and 5+ persons.",
	"housing_offers: one row per flat offered (period, household class, rent per month).",
	"Check it with: quartier validate scenario.xlsx",
};

static void template_sheet(writer *w, const qt_sheet_spec *spec)
{
	if (begin_sheet(w, spec->name))
		finish_sheet(w, spec->cols, spec->n_cols);
}

/* The seed's municipalities (ags;name;population;area_km2;note): numbers with a decimal point or
 * comma. */
static void template_municipalities(writer *w, const qt_book *seed)
{
	static const char *const cols[][2] = { { "ags", "id" },		{ "name", "name" },
					       { "population", "population" }, { "area_km2", "area_km2" },
					       { "note", "x.note" } };
	if (!begin_sheet(w, "municipalities"))
		return;
	for (size_t k = 0; k < qt_sheet_specs[2].n_cols; k++)
		column_of(w, qt_sheet_specs[2].cols[k]);
	column_of(w, "area_km2");
	const qt_sheet *sh = seed && seed->n ? &seed->sheet[0] : NULL;
	for (size_t i = 0; sh && i < sh->n; i++) {
		const qt_cell *c = &sh->cell[i];
		const char *h = qt_book_header(sh, c->col);
		if (c->row == sh->cell[0].row || !h || c->kind != QT_CELL_TEXT)
			continue;
		for (size_t k = 0; k < QT_N_OF(cols); k++) {
			if (strcmp(h, cols[k][0]))
				continue;
			double d;
			bool num = k == 2 || k == 3;
			if (num && (qt_book_parse_number(c->text, false, &d) || qt_book_parse_number(c->text, true, &d)))
				write_number_at(w, c->row, cols[k][1], d);
			else
				write_text_at(w, c->row, cols[k][1], c->text);
		}
	}
	finish_sheet(w, NULL, 0);
}

qt_book *qt_book_template(const qt_book *seed)
{
	qt_book *b = qt_book_new();
	if (!b)
		return NULL;
	writer w = { .b = b, .start_year = 2000, .start_q = 1 };
	if (begin_sheet(&w, "README")) {
		for (size_t i = 0; i < QT_N_OF(README_LINES); i++) {
			w.row = (int)i + 1;
			if (README_LINES[i][0])
				qt_book_add_text(b, w.sh, w.row, 1, README_LINES[i], strlen(README_LINES[i]));
		}
		w.sh = NULL;
	}
	static const char *const settings[][2] = { { "quartier", "1" },	       { "name", "" },
						   { "periods.start", "" },	       { "periods.count", "" },
						   { "intake.backlog", "0" },	       { "households.size_5plus", "6" },
						   { "quota.method", "hare-niemeyer" }, { "quota.key.population", "1" },
						   { "exit_rate", "0.03" },	       { "rent_caps.factor", "1" },
						   { "solver.time_limit_s", "60" },    { "solver.gap", "0.001" } };
	if (begin_sheet(&w, "scenario")) {
		column_of(&w, "key");
		for (size_t i = 0; i < QT_N_OF(settings); i++) {
			w.row = (int)i + 2;
			qt_book_add_text(b, w.sh, w.row, 1, settings[i][0], strlen(settings[i][0]));
			double d;
			if (qt_book_parse_number(settings[i][1], false, &d))
				qt_book_add_number(b, w.sh, w.row, 2, d);
			else if (settings[i][1][0])
				qt_book_add_text(b, w.sh, w.row, 2, settings[i][1], strlen(settings[i][1]));
		}
		column_of(&w, "value");
		finish_sheet(&w, NULL, 0);
	}
	template_sheet(&w, &qt_sheet_specs[1]);
	template_municipalities(&w, seed);
	for (size_t k = 3; k <= 6; k++)
		template_sheet(&w, &qt_sheet_specs[k]);
	free(w.cols);
	if (b->nomem) {
		qt_book_free(b);
		return NULL;
	}
	return b;
}
