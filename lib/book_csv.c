/*
 * CSV files as German Excel and LibreOffice write them (README, "Scenarios as spreadsheets"): the
 * separator ';' or ',' from the header line, a decimal comma with ';', UTF-8 with or without BOM or
 * else Windows-1252, CRLF or LF, quoted fields with doubled quotes. Written: ';', UTF-8 with BOM,
 * CRLF, decimal comma.
 */
#include "book.h"
#include "scenario_bytes.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Windows-1252 bytes 0x80..0x9F (0: not assigned); 0xA0..0xFF are Latin-1. */
static const unsigned short CP1252[32] = { 0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
					   0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
					   0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
					   0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178 };

/* The bytes as UTF-8 text: a copy without BOM, converted from Windows-1252 when not UTF-8; NULL
 * after reporting a problem. */
static char *as_utf8(qt_book *b, const char *name, const char *data, size_t len, size_t *out_len)
{
	b->broken = true; /* until the text is whole */
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	if (memchr(data, '\0', len)) {
		qt_book_error(b, NULL, 0, 0, "", "%s.csv: a NUL byte: expected text (UTF-8 or Windows-1252)", name);
		return NULL;
	}
	bool utf8 = qt_utf8_invalid_at((const unsigned char *)data, len) == len;
	char *out = malloc(utf8 ? len + 1 : len * 3 + 1);
	if (!out) {
		b->nomem = true;
		return NULL;
	}
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned c = (unsigned char)data[i];
		if (utf8 || c < 0x80) {
			out[o++] = (char)c;
			continue;
		}
		unsigned cp = c >= 0xA0 ? c : CP1252[c - 0x80];
		if (cp == 0) {
			qt_book_error(b, NULL, 0, 0, "", "%s.csv: byte 0x%02X at offset %zu: expected UTF-8 or Windows-1252 text",
				      name, c, i);
			free(out);
			return NULL;
		}
		if (cp < 0x800) {
			out[o++] = (char)(0xC0 | cp >> 6);
		} else {
			out[o++] = (char)(0xE0 | cp >> 12);
			out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
		}
		out[o++] = (char)(0x80 | (cp & 0x3F));
	}
	out[o] = '\0';
	*out_len = o;
	b->broken = false;
	return out;
}

/* ';' when the header line holds one outside quotes, else ','. */
static char separator(const char *t, size_t n)
{
	bool quoted = false;
	for (size_t i = 0; i < n; i++) {
		if (t[i] == '"')
			quoted = !quoted;
		else if (!quoted && (t[i] == '\n' || t[i] == '\r'))
			break;
		else if (!quoted && t[i] == ';')
			return ';';
	}
	return ',';
}

typedef struct {
	qt_book *b;
	qt_sheet *sh;
	char *field;
	size_t len, cap;
	int row, col;
} csv_state;

static bool field_put(csv_state *st, char c)
{
	if (st->len + 1 >= st->cap) {
		size_t cap = st->cap ? st->cap * 2 : 256;
		char *p = realloc(st->field, cap);
		if (!p) {
			st->b->nomem = true;
			return false;
		}
		st->field = p;
		st->cap = cap;
	}
	st->field[st->len++] = c;
	return true;
}

static bool field_end(csv_state *st)
{
	bool ok = st->len == 0 || qt_book_add_text(st->b, st->sh, st->row, st->col, st->field, st->len);
	st->len = 0;
	st->col++;
	return ok;
}

/* Parses the text into the sheet's cells; returns false when reading must stop. */
static bool parse(csv_state *st, const char *t, size_t n, char sep)
{
	size_t i = 0;
	st->row = st->col = 1;
	while (i < n) {
		if (t[i] == '"' && st->len == 0) {
			int start_row = st->row;
			for (i++;; i++) {
				if (i >= n) {
					st->b->broken = true;
					qt_book_error(st->b, st->sh, start_row, st->col, "",
						      "a quoted field without its closing quote: expected \"...\"");
					return false;
				}
				if (t[i] == '"' && i + 1 < n && t[i + 1] == '"')
					i++;
				else if (t[i] == '"')
					break;
				if (!field_put(st, t[i]))
					return false;
			}
			i++;
			continue;
		}
		if (t[i] == sep) {
			if (!field_end(st))
				return false;
		} else if (t[i] == '\n' || t[i] == '\r') {
			if (!field_end(st))
				return false;
			if (t[i] == '\r' && i + 1 < n && t[i + 1] == '\n')
				i++;
			st->row++;
			st->col = 1;
		} else if (!field_put(st, t[i])) {
			return false;
		}
		if (st->col > QT_BOOK_MAX_COLS + 1 || st->row > QT_BOOK_MAX_ROWS + 1) {
			st->b->broken = true;
			qt_book_error(st->b, st->sh, 0, 0, "", "more than %d rows or %d columns: expected at most that",
				      QT_BOOK_MAX_ROWS, QT_BOOK_MAX_COLS);
			return false;
		}
		i++;
	}
	return field_end(st);
}

void qt_book_read_csv(qt_book *b, const char *name, const char *data, size_t len)
{
	size_t n = 0;
	char *text = as_utf8(b, name, data, len, &n);
	if (!text)
		return;
	char sep = separator(text, n);
	qt_sheet *sh = qt_book_add_sheet(b, name, true);
	if (sh) {
		sh->decimal_comma = sep == ';';
		csv_state st = { .b = b, .sh = sh };
		parse(&st, text, n, sep);
		free(st.field);
	}
	free(text);
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The names of the directory's *.csv files, sorted, so that problems come in the same order. */
static char **csv_names(qt_book *b, const char *dir, int *n)
{
	DIR *d = opendir(dir);
	if (!d) {
		qt_book_error(b, NULL, 0, 0, "", "cannot read directory %s: %s", dir, strerror(errno));
		return NULL;
	}
	char **names = NULL;
	int cap = 0;
	*n = 0;
	const struct dirent *e;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len < 5 || strcmp(e->d_name + len - 4, ".csv") != 0)
			continue;
		if (*n == QT_BOOK_MAX_SHEETS) {
			qt_book_error(b, NULL, 0, 0, "", "more than %d CSV files: expected at most %d", QT_BOOK_MAX_SHEETS,
				      QT_BOOK_MAX_SHEETS);
			break;
		}
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			char **p = realloc(names, (size_t)cap * sizeof *p);
			if (!p) {
				b->nomem = true;
				break;
			}
			names = p;
		}
		if (!(names[*n] = qt_asprintf("%.*s", (int)(len - 4), e->d_name))) {
			b->nomem = true;
			break;
		}
		(*n)++;
	}
	closedir(d);
	if (names)
		qsort(names, (size_t)*n, sizeof *names, by_name);
	return names;
}

void qt_book_read_csv_dir(qt_book *b, const char *dir)
{
	int n = 0;
	b->csv = true;
	char **names = csv_names(b, dir, &n);
	long total = 0;
	for (int i = 0; i < n; i++) {
		char *path = qt_asprintf("%s/%s.csv", dir, names[i]);
		char *text = NULL;
		size_t len = 0;
		int rc = path ? qt_read_whole_file(path, QT_MAX_FILE_BYTES - total, &text, &len) : QT_ENOMEM;
		b->broken = b->broken || (rc && rc != QT_ENOMEM);
		if (rc == QT_EINPUT)
			qt_book_error(b, NULL, 0, 0, "", "%s.csv: the CSV files hold more than %ld bytes: expected at most %ld bytes (64 MiB) together",
				      names[i], (long)QT_MAX_FILE_BYTES, (long)QT_MAX_FILE_BYTES);
		else if (rc == QT_ENOMEM)
			b->nomem = true;
		else if (rc)
			qt_book_error(b, NULL, 0, 0, "", "%s", qt_last_error());
		else if (strlen(names[i]) > QT_BOOK_MAX_NAME)
			qt_book_error(b, NULL, 0, 0, "", "%.64s...csv: a file name of %zu bytes: expected at most %d",
				      names[i], strlen(names[i]), QT_BOOK_MAX_NAME);
		else
			qt_book_read_csv(b, names[i], text, len);
		total += (long)len;
		free(text);
		free(path);
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* ---- writing ---- */
static void put_text(FILE *f, const char *t)
{
	if (!strpbrk(t, ";\"\r\n") && t[0] != ' ') {
		fputs(t, f);
		return;
	}
	fputc('"', f);
	for (; *t; t++) {
		if (*t == '"')
			fputc('"', f);
		fputc(*t, f);
	}
	fputc('"', f);
}

/* The shortest text that reads back as v exactly, with a decimal comma. */
static void put_number(FILE *f, double v)
{
	char buf[40];
	snprintf(buf, sizeof buf, "%.15g", v);
	if (strtod(buf, NULL) != v)
		snprintf(buf, sizeof buf, "%.17g", v);
	char *dot = strchr(buf, '.');
	if (dot)
		*dot = ',';
	fputs(buf, f);
}

static int write_sheet(FILE *f, const void *ctx)
{
	const qt_sheet *sh = ctx;
	fputs("\xEF\xBB\xBF", f);
	int row = 1, col = 1;
	for (size_t i = 0; i < sh->n; i++) {
		const qt_cell *c = &sh->cell[i];
		for (; row < c->row; row++, col = 1)
			fputs("\r\n", f);
		for (; col < c->col; col++)
			fputc(';', f);
		if (c->kind == QT_CELL_TEXT)
			put_text(f, c->text);
		else if (c->kind == QT_CELL_BOOL)
			fputs(c->num ? "true" : "false", f);
		else
			put_number(f, c->num);
	}
	fputs("\r\n", f);
	return ferror(f) ? qt_set_error(QT_EIO, "cannot write %s.csv", sh->name) : 0;
}

int qt_book_write_csv_dir(const qt_book *b, const char *dir)
{
	int rc = qt_ensure_dir(dir);
	for (int i = 0; i < b->n && !rc; i++) {
		char *path = qt_asprintf("%s/%s.csv", dir, b->sheet[i].name);
		rc = path ? qt_write_atomic(path, write_sheet, &b->sheet[i]) : qt_set_error(QT_ENOMEM, "out of memory");
		free(path);
	}
	return rc;
}
