/*
 * A workbook read into the scenario document (README, "Scenarios as spreadsheets"). Dotted headers
 * become nested keys, `key.PERIOD` columns per-period arrays, `x.` columns are notes and empty
 * cells are not given. The book's own problems (an unknown sheet or column, a value given twice, a
 * date where a period is expected) are reported here; every check of the values is the JSON
 * reader's, whose errors name a JSON Pointer that qt_places_annotate turns back into the cell.
 */
#include "scenario_book.h"

#include <stdlib.h>
#include <string.h>

/* ---- the sheets and their columns ---- */
static const char *const C_SETTINGS[] = { "key", "value" };
static const char *const C_PERIODS[] = { "period",     "arrivals",   "entitled.1", "entitled.2",
					 "entitled.3", "entitled.4", "entitled.5+", "space_standard_m2" };
static const char *const C_MUNI[] = { "id",        "name",        "population", "rent_area",
				      "au_places", "au_occupied", "au_cost",    "credit" };
static const char *const C_GU[] = { "id",		 "name",	       "municipality",	  "kind",
				    "places",		 "area_m2",	       "occupied",	  "open",
				    "available_from",	 "available_until",    "vacate_by",	  "cost.per_place",
				    "cost.fixed",	 "cost.open",	       "cost.close",	  "transfer.earliest",
				    "transfer.au_places", "transfer.cost" };
static const char *const C_KOMBI[] = { "id",	       "municipality", "max_modules", "places_per_module",
				       "lead_quarters", "earliest",     "cost.module", "cost.conversion",
				       "cost.per_place_gu" };
static const char *const C_RENT[] = { "area", "1", "2", "3", "4", "5+" };
static const char *const C_OFFERS[] = { "id", "municipality", "period", "household", "units", "rent" };
static const char *const C_FUTURES[] = { "id", "probability" };
static const char *const C_FUTURE_PERIODS[] = { "future",     "period",	   "arrivals",	 "entitled.1",
						"entitled.2", "entitled.3", "entitled.4", "entitled.5+" };

/* The per-period arrays of the `periods` sheet: its column and the document's key. */
const char *const qt_period_columns[QT_N_PERIOD_COLUMNS][2] = {
	{ "arrivals", "intake.arrivals" },	       { "entitled.1", "households.entitled.1" },
	{ "entitled.2", "households.entitled.2" },   { "entitled.3", "households.entitled.3" },
	{ "entitled.4", "households.entitled.4" },   { "entitled.5+", "households.entitled.5+" },
	{ "space_standard_m2", "space_standard_m2" },
};

typedef qt_sheet_spec sheet_spec;

const qt_sheet_spec qt_sheet_specs[QT_N_SHEET_SPECS] = {
	{ "scenario", "", C_SETTINGS, QT_N_OF(C_SETTINGS), FORM_SETTINGS, false },
	{ "periods", "", C_PERIODS, QT_N_OF(C_PERIODS), FORM_PERIODS, false },
	{ "municipalities", "municipalities", C_MUNI, QT_N_OF(C_MUNI), FORM_LIST, true },
	{ "gu_sites", "gu_sites", C_GU, QT_N_OF(C_GU), FORM_LIST, false },
	{ "kombimodell", "kombimodell", C_KOMBI, QT_N_OF(C_KOMBI), FORM_LIST, false },
	{ "rent_caps", "rent_caps.areas", C_RENT, QT_N_OF(C_RENT), FORM_RENT_CAPS, false },
	{ "housing_offers", "housing_offers", C_OFFERS, QT_N_OF(C_OFFERS), FORM_LIST, false },
	{ "futures", "uncertainty.futures", C_FUTURES, QT_N_OF(C_FUTURES), FORM_LIST, false },
	{ "future_periods", "", C_FUTURE_PERIODS, QT_N_OF(C_FUTURE_PERIODS), FORM_FUTURE_PERIODS, false },
};
static const char *const REQUIRED_SHEETS[] = { "scenario", "municipalities" };

/* Values by their dotted key: text, periods (text; a number there is a date), booleans; the rest
 * are numbers. */
static const char *const TEXT_KEYS[] = { "id",	      "name",	  "municipality",    "kind",	      "rent_area",
					 "household", "future",	  "area",	     "key",	      "quota.method",
					 "$schema",   "uncertainty.objective", "funding.objective" };
static const char *const PERIOD_KEYS[] = { "available_from", "available_until", "vacate_by",   "earliest",
					   "transfer.earliest", "period",	  "periods.start" };
static const char *const BOOL_KEYS[] = { "open" };

typedef enum { V_NUMBER, V_TEXT, V_PERIOD, V_BOOL } value_type;

static value_type type_of(const char *key)
{
	if (qt_rd_find_name(key, TEXT_KEYS, QT_N_OF(TEXT_KEYS)) >= 0)
		return V_TEXT;
	if (qt_rd_find_name(key, PERIOD_KEYS, QT_N_OF(PERIOD_KEYS)) >= 0)
		return V_PERIOD;
	if (qt_rd_find_name(key, BOOL_KEYS, QT_N_OF(BOOL_KEYS)) >= 0)
		return V_BOOL;
	return V_NUMBER;
}

/* ---- places: where each value came from ---- */
typedef struct {
	size_t off; /* of its pointer in the arena */
	int sheet, row, col;
} place;

struct qt_places {
	place *e;
	size_t n, cap;
	char *arena;
	size_t used, acap;
	bool sorted, nomem;
};

void qt_places_free(qt_places *pl)
{
	if (!pl)
		return;
	free(pl->e);
	free(pl->arena);
	free(pl);
}

static void place_add(qt_places *pl, const char *pointer, int sheet, int row, int col)
{
	size_t len = strlen(pointer) + 1;
	if (pl->n == pl->cap) {
		size_t cap = pl->cap ? pl->cap * 2 : 1024;
		place *p = realloc(pl->e, cap * sizeof *p);
		if (!p) {
			pl->nomem = true;
			return;
		}
		pl->e = p;
		pl->cap = cap;
	}
	if (pl->used + len > pl->acap) {
		size_t cap = (pl->used + len) * 2;
		char *p = realloc(pl->arena, cap);
		if (!p) {
			pl->nomem = true;
			return;
		}
		pl->arena = p;
		pl->acap = cap;
	}
	memcpy(pl->arena + pl->used, pointer, len);
	pl->e[pl->n++] = (place){ pl->used, sheet, row, col };
	pl->used += len;
}

static const char *sort_arena;
static int by_pointer(const void *a, const void *b)
{
	const place *x = a, *y = b;
	int c = strcmp(sort_arena + x->off, sort_arena + y->off);
	return c ? c : (x->off > y->off) - (x->off < y->off);
}

/* The place of pointer, or else of the first value inside it (an object made of columns such as
 * transfer.earliest has no cell of its own), or NULL. */
static const place *place_find(const qt_places *pl, const char *pointer)
{
	size_t lo = 0, hi = pl->n, len = strlen(pointer);
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(pl->arena + pl->e[mid].off, pointer) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	const char *at = lo < pl->n ? pl->arena + pl->e[lo].off : "";
	if (lo < pl->n && strncmp(at, pointer, len) == 0 && (at[len] == '\0' || (len > 0 && at[len] == '/')))
		return &pl->e[lo];
	return NULL;
}

void qt_places_annotate(qt_places *pl, const qt_book *b, qt_errors *e)
{
	if (!pl || !e || pl->nomem)
		return;
	if (!pl->sorted) {
		sort_arena = pl->arena;
		if (pl->n > 1)
			qsort(pl->e, pl->n, sizeof *pl->e, by_pointer);
		pl->sorted = true;
	}
	for (size_t i = 0; i < e->n; i++) {
		char *ptr = qt_strdup(e->pointer[i]);
		const place *p = NULL;
		while (ptr && !(p = place_find(pl, ptr)) && ptr[0]) {
			char *slash = strrchr(ptr, '/');
			*slash = '\0';
		}
		free(ptr);
		if (!p)
			continue;
		char *at = qt_book_place(&b->sheet[p->sheet], p->row, p->col);
		char *msg = at ? qt_asprintf("%s: %s", at, e->message[i]) : NULL;
		if (msg) {
			free(e->message[i]);
			e->message[i] = msg;
		}
		free(at);
	}
}

/* ---- building the document ---- */
typedef struct {
	qt_book *b;
	qt_places *pl;
	cJSON *root;
	long start; /* quarter of periods.start, or -1 */
	bool nomem;
} reader;

/* The JSON Pointer of base (a pointer) followed by key: a dotted path of keys when split, else
 * one key. */
static char *pointer_join(const char *base, const char *key, bool split)
{
	size_t n = strlen(base), cap = n + 2 * strlen(key) + 2;
	char *out = malloc(cap);
	if (!out)
		return NULL;
	memcpy(out, base, n);
	if (key[0] || !split)
		out[n++] = '/';
	for (const char *p = key; *p; p++) {
		if (*p == '.' && split) {
			out[n++] = '/';
		} else if (*p == '~' || *p == '/') {
			out[n++] = '~';
			out[n++] = *p == '~' ? '0' : '1';
		} else {
			out[n++] = *p;
		}
	}
	out[n] = '\0';
	return out;
}

static char *pointer_of(const char *base, const char *path) { return pointer_join(base, path, true); }

/* Sets obj[path] (dotted) to v, taking v over; false (v released) when that key is given already
 * or a part of the path holds a value. */
static bool set_path(reader *r, cJSON *obj, const char *path, cJSON *v)
{
	char seg[QT_BOOK_MAX_TEXT + 1];
	const char *p = path;
	for (;;) {
		const char *dot = strchr(p, '.');
		size_t len = dot ? (size_t)(dot - p) : strlen(p);
		if (len > QT_BOOK_MAX_TEXT)
			len = QT_BOOK_MAX_TEXT;
		memcpy(seg, p, len);
		seg[len] = '\0';
		cJSON *cur = cJSON_GetObjectItemCaseSensitive(obj, seg);
		if (!dot) {
			if (cur || !cJSON_AddItemToObject(obj, seg, v)) {
				r->nomem = r->nomem || !cur;
				cJSON_Delete(v);
				return false;
			}
			return true;
		}
		if (!cur && !(cur = cJSON_AddObjectToObject(obj, seg)))
			r->nomem = true;
		if (!cur || !cJSON_IsObject(cur)) {
			cJSON_Delete(v);
			return false;
		}
		obj = cur;
		p = dot + 1;
	}
}

cJSON *qt_json_get_dotted(cJSON *obj, const char *path)
{
	char seg[QT_BOOK_MAX_TEXT + 1];
	const char *p = path;
	while (obj) {
		const char *dot = strchr(p, '.');
		size_t len = dot ? (size_t)(dot - p) : strlen(p);
		if (len > QT_BOOK_MAX_TEXT)
			return NULL;
		memcpy(seg, p, len);
		seg[len] = '\0';
		obj = cJSON_GetObjectItemCaseSensitive(obj, seg);
		if (!dot)
			return obj;
		p = dot + 1;
	}
	return NULL;
}

/* The cell's value as the key expects it; NULL when not given or reported. */
static cJSON *cell_value(reader *r, const qt_sheet *sh, const qt_cell *c, value_type t, const char *pointer)
{
	char buf[40];
	double d;
	bool yes;
	if (t == V_PERIOD && c->kind == QT_CELL_NUMBER) {
		qt_book_error(r->b, sh, c->row, c->col, pointer,
			      "a number (%.15g; spreadsheets keep dates as numbers): expected a period such as 2016Q3, entered as text",
			      c->num);
		return cJSON_CreateNumber(c->num); /* the JSON reader's error at the same pointer is left out */
	}
	if (t == V_TEXT || t == V_PERIOD) {
		if (c->kind == QT_CELL_TEXT)
			return cJSON_CreateString(c->text);
		if (c->kind == QT_CELL_BOOL)
			return cJSON_CreateString(c->num ? "true" : "false");
		snprintf(buf, sizeof buf, "%.15g", c->num);
		return cJSON_CreateString(buf);
	}
	if (c->kind == QT_CELL_BOOL)
		return cJSON_CreateBool(c->num != 0);
	if (c->kind == QT_CELL_NUMBER)
		return t == V_BOOL && (c->num == 0 || c->num == 1) ? cJSON_CreateBool(c->num != 0) : cJSON_CreateNumber(c->num);
	if (t == V_BOOL && qt_book_parse_bool(c->text, &yes))
		return cJSON_CreateBool(yes);
	if (t == V_NUMBER && qt_book_parse_number(c->text, sh->decimal_comma, &d))
		return cJSON_CreateNumber(d);
	return cJSON_CreateString(c->text); /* the JSON reader says what was expected */
}

/* Puts the cell's value at obj[path], noting its place; reports a value given twice. */
static void put_cell(reader *r, cJSON *obj, const char *base, const char *path, value_type t, const qt_sheet *sh,
		     const qt_cell *c)
{
	char *ptr = pointer_of(base, path);
	if (!ptr) {
		r->nomem = true;
		return;
	}
	cJSON *v = cell_value(r, sh, c, t, ptr);
	if (v) {
		place_add(r->pl, ptr, (int)(sh - r->b->sheet), c->row, c->col);
		if (!set_path(r, obj, path, v) && !r->nomem)
			qt_book_error(r->b, sh, c->row, c->col, ptr, "%s is given twice: expected it once", ptr);
	}
	free(ptr);
}

/* ---- the grid of a sheet: rows of cells, and what each column means ---- */
typedef enum { COL_NONE, COL_NOTE, COL_FIELD, COL_PERIOD } col_kind;

typedef struct {
	col_kind kind;
	char *path; /* COL_FIELD: the dotted key; COL_PERIOD: the per-period key */
	long quarter;
} column;

typedef struct {
	const qt_sheet *sh;
	int header_row;
	column *col;
	int n_col;
} grid;


/* Sorts the cells by row and column and reports a cell given twice (a damaged workbook). */
static void sort_cells(reader *r, qt_sheet *sh)
{
	qt_book_sort(sh);
	for (size_t i = 1; i < sh->n; i++)
		if (sh->cell[i].row == sh->cell[i - 1].row && sh->cell[i].col == sh->cell[i - 1].col)
			qt_book_error(r->b, sh, sh->cell[i].row, sh->cell[i].col, "", "a cell given twice: expected it once");
}

static bool is_note(const char *h) { return strcmp(h, "x") == 0 || strncmp(h, "x.", 2) == 0; }

static void unknown_column(reader *r, const sheet_spec *spec, const qt_sheet *sh, const qt_cell *c)
{
	char list[QT_LIST_MAX];
	qt_rd_join_names(spec->cols, spec->n_cols, false, list, sizeof list);
	qt_book_error(r->b, sh, c->row, c->col, "", "unknown column '%.64s': expected one of %s, or x.NAME for notes",
		      c->text, list);
}

/* What the header cell says, checked against the sheet's columns. */
static void read_header_cell(reader *r, const sheet_spec *spec, grid *g, const qt_cell *c)
{
	column *col = &g->col[c->col];
	char num[40];
	const char *h = c->text;
	if (c->kind != QT_CELL_TEXT) { /* rent_caps' "1".."4" as numbers */
		snprintf(num, sizeof num, "%.15g", c->num);
		h = num;
	}
	if (is_note(h)) {
		col->kind = COL_NOTE;
		return;
	}
	const char *dot = strrchr(h, '.');
	long q = dot && spec->form == FORM_LIST ? qt_quarter_of(dot + 1) : -1;
	size_t len = q >= 0 ? (size_t)(dot - h) : strlen(h);
	char *path = qt_asprintf("%.*s", (int)len, h);
	if (!path) {
		r->nomem = true;
		return;
	}
	bool known = qt_rd_find_name(path, spec->cols, spec->n_cols) >= 0 || (spec->extra && !strchr(path, '.'));
	for (int k = 1; k < c->col && known; k++)
		if (g->col[k].kind != COL_NONE && g->col[k].kind != COL_NOTE && !strcmp(g->col[k].path, path) &&
		    g->col[k].quarter == q) {
			qt_book_error(r->b, g->sh, c->row, c->col, "", "column '%.64s' is given twice: expected it once", h);
			known = false;
		}
	if (!known) {
		if (qt_rd_find_name(path, spec->cols, spec->n_cols) < 0 && !spec->extra)
			unknown_column(r, spec, g->sh, c);
		free(path);
		return;
	}
	col->kind = q >= 0 ? COL_PERIOD : COL_FIELD;
	col->path = path;
	col->quarter = q;
}

/* Reads the header row (the first row holding a cell); false when the sheet is empty. */
static bool read_header(reader *r, const sheet_spec *spec, grid *g)
{
	const qt_sheet *sh = g->sh;
	if (sh->n == 0)
		return false;
	g->header_row = sh->cell[0].row;
	g->n_col = 1;
	for (size_t i = 0; i < sh->n; i++)
		if (sh->cell[i].col >= g->n_col)
			g->n_col = sh->cell[i].col + 1;
	g->col = calloc((size_t)g->n_col, sizeof *g->col);
	if (!g->col) {
		r->nomem = true;
		return false;
	}
	for (size_t i = 0; i < sh->n && sh->cell[i].row == g->header_row; i++)
		read_header_cell(r, spec, g, &sh->cell[i]);
	return true;
}

static void free_grid(grid *g)
{
	for (int i = 0; g->col && i < g->n_col; i++)
		free(g->col[i].path);
	free(g->col);
}

/* The cells of the row starting at *i (advanced past it); false at the end. A row of notes only
 * is skipped like an empty one. A value in a column without a header is reported. */
static bool next_row(reader *r, grid *g, size_t *i, size_t *begin, size_t *end)
{
	const qt_sheet *sh = g->sh;
	while (*i < sh->n) {
		*begin = *i;
		int row = sh->cell[*i].row;
		bool data = false;
		while (*i < sh->n && sh->cell[*i].row == row) {
			const qt_cell *c = &sh->cell[(*i)++];
			col_kind k = g->col[c->col].kind;
			data = data || k == COL_FIELD || k == COL_PERIOD;
			if (k == COL_NONE && !qt_book_header(sh, c->col) && row > g->header_row)
				qt_book_error(r->b, sh, c->row, c->col, "", "a value in a column without a header: expected a header in row %d",
					      g->header_row);
		}
		*end = *i;
		if (data && row > g->header_row)
			return true;
	}
	return false;
}

/* ---- the forms of sheet ---- */
/* Per-period columns `key.PERIOD` of one row: each key becomes an array from periods.start. */
static void put_period_cells(reader *r, cJSON *obj, const char *base, grid *g, size_t begin, size_t end)
{
	const qt_sheet *sh = g->sh;
	for (size_t i = begin; i < end; i++) {
		const column *col = &g->col[sh->cell[i].col];
		if (col->kind != COL_PERIOD || r->start < 0)
			continue; /* without periods.start (reported where it is) the columns have no order */
		long t = col->quarter - r->start;
		cJSON *arr = qt_json_get_dotted(obj, col->path);
		if (!arr) {
			arr = cJSON_CreateArray();
			if (!arr || !set_path(r, obj, col->path, arr)) {
				char *p = pointer_of(base, col->path);
				qt_book_error(r->b, sh, sh->cell[i].row, sh->cell[i].col, p ? p : "",
					      "%s is given both as one value and per period: expected one of the two", col->path);
				free(p);
				continue;
			}
		}
		if (!cJSON_IsArray(arr) || t < 0 || t >= QT_MAX_PERIODS) {
			if (cJSON_IsArray(arr))
				qt_book_error(r->b, sh, g->header_row, sh->cell[i].col, "",
					      "a period column before periods.start or past %d periods: expected the periods of the scenario",
					      QT_MAX_PERIODS);
			continue;
		}
		while (cJSON_GetArraySize(arr) <= t)
			if (!cJSON_AddItemToArray(arr, cJSON_CreateNull())) {
				r->nomem = true;
				return;
			}
		char *p = pointer_of(base, col->path);
		char *ptr = p ? qt_asprintf("%s/%ld", p, t) : NULL;
		cJSON *v = ptr ? cell_value(r, sh, &sh->cell[i], V_NUMBER, ptr) : NULL;
		if (v) {
			cJSON_ReplaceItemInArray(arr, (int)t, v);
			place_add(r->pl, ptr, (int)(sh - r->b->sheet), sh->cell[i].row, sh->cell[i].col);
		}
		r->nomem = r->nomem || !ptr;
		free(p);
		free(ptr);
	}
}

static void put_row_fields(reader *r, cJSON *obj, const char *base, grid *g, size_t begin, size_t end)
{
	const qt_sheet *sh = g->sh;
	for (size_t i = begin; i < end; i++) {
		const column *col = &g->col[sh->cell[i].col];
		if (col->kind == COL_FIELD)
			put_cell(r, obj, base, col->path, type_of(col->path), sh, &sh->cell[i]);
	}
	put_period_cells(r, obj, base, g, begin, end);
}

/* A list sheet: one object per row, the list at spec->list. */
static void read_list(reader *r, const sheet_spec *spec, grid *g)
{
	cJSON *list = cJSON_CreateArray();
	char *base = pointer_of("", spec->list);
	if (!list || !base || !set_path(r, r->root, spec->list, list)) {
		r->nomem = true;
		free(base);
		return;
	}
	int sheet = (int)(g->sh - r->b->sheet);
	place_add(r->pl, base, sheet, 0, 0);
	char *top = qt_asprintf("/%.*s", (int)strcspn(spec->list, "."), spec->list);
	if (top)
		place_add(r->pl, top, sheet, 0, 0);
	free(top);
	size_t i = 0, begin, end;
	int n = 0;
	for (; next_row(r, g, &i, &begin, &end) && !r->nomem; n++) {
		cJSON *obj = cJSON_CreateObject();
		char *ptr = qt_asprintf("%s/%d", base, n);
		if (!obj || !ptr || !cJSON_AddItemToArray(list, obj)) {
			r->nomem = true;
			free(ptr);
			break;
		}
		place_add(r->pl, ptr, sheet, g->sh->cell[begin].row, 0);
		put_row_fields(r, obj, ptr, g, begin, end);
		free(ptr);
	}
	free(base);
	if (n == 0 && strchr(spec->list, '.')) { /* a futures sheet with its headers only: no futures */
		cJSON *parent = qt_json_get_dotted(r->root, "uncertainty");
		cJSON_Delete(cJSON_DetachItemViaPointer(parent, list));
		if (!parent->child)
			cJSON_Delete(cJSON_DetachItemViaPointer(r->root, parent));
	}
}

/* The `scenario` sheet: a dotted key and its value per row. */
static void read_settings(reader *r, grid *g)
{
	int key_col = 0, value_col = 0;
	for (int c = 1; c < g->n_col; c++)
		if (g->col[c].kind == COL_FIELD) {
			if (!strcmp(g->col[c].path, "key"))
				key_col = c;
			else
				value_col = c;
		}
	if (!key_col || !value_col) {
		qt_book_error(r->b, g->sh, g->header_row, 0, "", "expected the columns key and value");
		return;
	}
	size_t i = 0, begin, end;
	while (next_row(r, g, &i, &begin, &end) && !r->nomem) {
		const qt_cell *k = NULL, *v = NULL;
		for (size_t j = begin; j < end; j++) {
			if (g->sh->cell[j].col == key_col)
				k = &g->sh->cell[j];
			else if (g->sh->cell[j].col == value_col)
				v = &g->sh->cell[j];
		}
		if (!k || k->kind != QT_CELL_TEXT) {
			if (v)
				qt_book_error(r->b, g->sh, v->row, key_col, "", "a value without its key: expected a key such as periods.start");
			continue;
		}
		if (is_note(k->text) || !v)
			continue;
		put_cell(r, r->root, "", k->text, type_of(k->text), g->sh, v);
	}
	const cJSON *start = qt_json_get_dotted(r->root, "periods.start");
	r->start = cJSON_IsString(start) ? qt_quarter_of(start->valuestring) : -1;
}

/* The period of a row of `periods` or `future_periods` must be the t-th of the scenario. */
static bool check_period(reader *r, grid *g, size_t begin, size_t end, long t)
{
	const qt_sheet *sh = g->sh;
	for (size_t i = begin; i < end; i++) {
		const qt_cell *c = &sh->cell[i];
		if (g->col[c->col].kind != COL_FIELD || strcmp(g->col[c->col].path, "period"))
			continue;
		if (r->start < 0)
			return true; /* periods.start is reported where it is */
		char want[8];
		qt_period_label((int)(r->start / 4), (int)(r->start % 4) + 1, (int)t + 1, want);
		if (c->kind == QT_CELL_TEXT && !strcmp(c->text, want))
			return true;
		qt_book_error(r->b, sh, c->row, c->col, "", "expected period %s here (the rows follow periods.start one quarter each)",
			      want);
		return false;
	}
	qt_book_error(r->b, sh, sh->cell[begin].row, 0, "", "a row without its period: expected one");
	return false;
}

/* Element t of the per-period value at obj[path] from cell c. */
static void put_period_value(reader *r, cJSON *obj, const char *base, const char *path, long t, grid *g,
			     const qt_cell *c)
{
	cJSON *arr = qt_json_get_dotted(obj, path);
	char *p = pointer_of(base, path);
	if (!p) {
		r->nomem = true;
		return;
	}
	if (!arr && (!(arr = cJSON_CreateArray()) || !set_path(r, obj, path, arr)))
		arr = NULL;
	if (!cJSON_IsArray(arr)) {
		qt_book_error(r->b, g->sh, c->row, c->col, p, "%s is given both as one value and per period: expected one of the two",
			      p);
		free(p);
		return;
	}
	while (cJSON_GetArraySize(arr) <= t)
		if (!cJSON_AddItemToArray(arr, cJSON_CreateNull()))
			r->nomem = true;
	char *ptr = qt_asprintf("%s/%ld", p, t);
	cJSON *v = ptr ? cell_value(r, g->sh, c, V_NUMBER, ptr) : NULL;
	if (v) {
		cJSON_ReplaceItemInArray(arr, (int)t, v);
		place_add(r->pl, ptr, (int)(g->sh - r->b->sheet), c->row, c->col);
	}
	free(ptr);
	free(p);
}

/* `periods`: arrivals and entitled households per period, by row; `future_periods` the same per
 * future. */
static void read_periods(reader *r, grid *g, bool futures)
{
	const qt_sheet *sh = g->sh;
	cJSON *list = qt_json_get_dotted(r->root, "uncertainty.futures");
	int n_list = cJSON_GetArraySize(list);
	long *seen = futures ? calloc((size_t)n_list + 1, sizeof *seen) : NULL;
	long t = 0;
	size_t i = 0, begin, end;
	while (next_row(r, g, &i, &begin, &end) && !r->nomem) {
		cJSON *obj = r->root;
		char base[32] = "";
		if (futures) {
			const qt_cell *f = NULL;
			for (size_t j = begin; j < end; j++)
				if (g->col[sh->cell[j].col].kind == COL_FIELD && !strcmp(g->col[sh->cell[j].col].path, "future"))
					f = &sh->cell[j];
			int k = 0;
			for (; f && f->kind == QT_CELL_TEXT && k < n_list; k++) {
				const cJSON *id = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(list, k), "id");
				if (cJSON_IsString(id) && !strcmp(id->valuestring, f->text))
					break;
			}
			if (!f || !seen || k == n_list || f->kind != QT_CELL_TEXT) {
				qt_book_error(r->b, sh, f ? f->row : sh->cell[begin].row, f ? f->col : 0, "",
					      "%s: expected the id of a row of the futures sheet", f ? "an unknown future" : "no future");
				continue;
			}
			obj = cJSON_GetArrayItem(list, k);
			snprintf(base, sizeof base, "/uncertainty/futures/%d", k);
			t = seen[k]++;
		}
		if (check_period(r, g, begin, end, t))
			for (size_t j = begin; j < end; j++) {
				const column *col = &g->col[sh->cell[j].col];
				if (col->kind != COL_FIELD || !strcmp(col->path, "period") || !strcmp(col->path, "future"))
					continue;
				const char *path = col->path;
				for (size_t k = 0; !futures && k < QT_N_PERIOD_COLUMNS; k++)
					if (!strcmp(qt_period_columns[k][0], col->path))
						path = qt_period_columns[k][1];
				put_period_value(r, obj, base, path, t, g, &sh->cell[j]);
			}
		if (!futures)
			t++;
	}
	free(seen);
}

/* `rent_caps`: one row per rent area, a cap per household class. */
static void read_rent_caps(reader *r, grid *g)
{
	const qt_sheet *sh = g->sh;
	cJSON *areas = cJSON_CreateObject();
	if (!areas || !set_path(r, r->root, "rent_caps.areas", areas)) {
		qt_book_error(r->b, sh, 0, 0, "/rent_caps/areas", "rent_caps.areas is given twice: expected it once");
		return;
	}
	place_add(r->pl, "/rent_caps/areas", (int)(sh - r->b->sheet), 0, 0);
	size_t i = 0, begin, end;
	while (next_row(r, g, &i, &begin, &end) && !r->nomem) {
		const qt_cell *a = NULL;
		for (size_t j = begin; j < end; j++)
			if (g->col[sh->cell[j].col].kind == COL_FIELD && !strcmp(g->col[sh->cell[j].col].path, "area"))
				a = &sh->cell[j];
		if (!a || a->kind != QT_CELL_TEXT) {
			qt_book_error(r->b, sh, sh->cell[begin].row, 0, "", "a row without its area: expected a rent area's name");
			continue;
		}
		cJSON *obj = cJSON_CreateObject();
		char *full = pointer_join("/rent_caps/areas", a->text, false);
		if (!obj || !full) {
			cJSON_Delete(obj);
			free(full);
			r->nomem = true;
			return;
		}
		if (cJSON_GetObjectItemCaseSensitive(areas, a->text)) {
			qt_book_error(r->b, sh, a->row, a->col, full, "rent area '%.64s' is given twice: expected it once",
				      a->text);
			cJSON_Delete(obj);
		} else if (cJSON_AddItemToObject(areas, a->text, obj)) {
			place_add(r->pl, full, (int)(sh - r->b->sheet), a->row, 0);
			for (size_t j = begin; j < end; j++) {
				const column *col = &g->col[sh->cell[j].col];
				if (col->kind == COL_FIELD && strcmp(col->path, "area"))
					put_cell(r, obj, full, col->path, V_NUMBER, sh, &sh->cell[j]);
			}
		}
		free(full);
	}
}

static void read_sheet(reader *r, const sheet_spec *spec, qt_sheet *sh)
{
	sort_cells(r, sh);
	grid g = { .sh = sh };
	if (read_header(r, spec, &g) && !r->nomem) {
		if (spec->form == FORM_SETTINGS)
			read_settings(r, &g);
		else if (spec->form == FORM_LIST)
			read_list(r, spec, &g);
		else if (spec->form == FORM_RENT_CAPS)
			read_rent_caps(r, &g);
		else
			read_periods(r, &g, spec->form == FORM_FUTURE_PERIODS);
	}
	free_grid(&g);
}

static void check_sheets(reader *r)
{
	qt_book *b = r->b;
	const char *names[QT_N_OF(qt_sheet_specs)];
	for (size_t k = 0; k < QT_N_OF(qt_sheet_specs); k++)
		names[k] = qt_sheet_specs[k].name;
	for (int i = 0; i < b->n; i++) {
		const char *n = b->sheet[i].name;
		if (qt_rd_find_name(n, names, QT_N_OF(names)) >= 0 || !strcmp(n, "README") || is_note(n))
			continue;
		char list[QT_LIST_MAX];
		qt_rd_join_names(names, QT_N_OF(names), false, list, sizeof list);
		qt_book_error(b, &b->sheet[i], 0, 0, "", "unknown %s '%.64s': expected one of %s, README, or x.NAME for notes",
			      b->csv ? "file" : "sheet", n, list);
	}
	bool missing = false;
	for (size_t k = 0; k < QT_N_OF(REQUIRED_SHEETS) && !b->broken; k++)
		if (!qt_book_find_sheet(b, REQUIRED_SHEETS[k])) {
			missing = true;
			qt_book_error(b, NULL, 0, 0, "", b->csv ? "no file %s.csv: expected one" : "no sheet '%s': expected one",
				      REQUIRED_SHEETS[k]);
		}
	b->broken = b->broken || missing;
}

cJSON *qt_book_to_document(qt_book *b, qt_places **places)
{
	reader r = { .b = b, .start = -1 };
	r.root = cJSON_CreateObject();
	r.pl = calloc(1, sizeof *r.pl);
	if (!r.root || !r.pl) {
		cJSON_Delete(r.root);
		free(r.pl);
		return NULL;
	}
	check_sheets(&r);
	for (size_t k = 0; k < QT_N_OF(qt_sheet_specs) && !r.nomem; k++) {
		qt_sheet *sh = qt_book_find_sheet(b, qt_sheet_specs[k].name);
		if (sh)
			read_sheet(&r, &qt_sheet_specs[k], sh);
	}
	if (r.nomem || r.pl->nomem || b->nomem) {
		cJSON_Delete(r.root);
		qt_places_free(r.pl);
		return NULL;
	}
	*places = r.pl;
	return r.root;
}
