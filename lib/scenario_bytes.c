/*
 * A scenario document as bytes: checked (blank, UTF-8, nesting depth, raw control characters, number
 * of values) before cJSON parses it, so that cJSON only ever sees text it can parse without deep
 * recursion or an outsize tree, and a syntax error is reported by line and column.
 */
#include "scenario_bytes.h"

#include <string.h>

enum {
	MAX_DEPTH = 64, /* nested arrays/objects; a real scenario needs 5 */
	/* Bounds what cJSON allocates (some 100 bytes a value) before the lists' sizes can be
	 * checked. A scenario at every size limit of SCENARIO.md has about 950,000 values. */
	MAX_VALUES = 1500000
};

/* Offset of the first byte that is not valid UTF-8, or of a NUL byte (JSON text holds none, and
 * cJSON would take it for the end), or n. */
size_t qt_utf8_invalid_at(const unsigned char *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned c = p[i];
		if (c == 0)
			return i;
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
		if (len == 0 || i + len > n)
			return i;
		unsigned long cp = c & (0x7Fu >> len);
		for (size_t k = 1; k < len; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (p[i + k] & 0x3Fu);
		}
		bool overlong = (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
		if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return i;
		i += len;
	}
	return n;
}

/* The offset of the next byte at or after i that stands outside every string (strings, escapes
 * and the quotes themselves skipped), or n. The scans below look only at those bytes. */
static size_t next_outside_string(const char *t, size_t n, size_t i)
{
	for (; i < n && t[i] == '"'; i++)
		for (i++; i < n && t[i] != '"'; i++)
			if (t[i] == '\\')
				i++;
	return i < n ? i : n;
}

/* Offset of the bracket that opens nesting level limit + 1, or n. Brackets inside strings do not
 * count. Checked before cJSON parses, whose recursion would otherwise go 1000 levels deep. */
static size_t too_deep_at(const char *t, size_t n, int limit)
{
	int depth = 0;
	for (size_t i = next_outside_string(t, n, 0); i < n; i = next_outside_string(t, n, i + 1)) {
		char c = t[i];
		if (c == '{' || c == '[') {
			if (++depth > limit)
				return i;
		} else if ((c == '}' || c == ']') && depth > 0) {
			depth--;
		}
	}
	return n;
}

/* Offset of the first control character (U+0000 to U+001F) written raw inside a string, or n.
 * JSON wants them escaped; cJSON would take them, and a raw line break in a key or an id would
 * end up inside a one-line error message or a CSV field. */
static size_t control_in_string_at(const char *t, size_t n)
{
	bool in_string = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t[i];
		if (!in_string)
			in_string = c == '"';
		else if (c < 0x20)
			return i;
		else if (c == '\\')
			i++;
		else if (c == '"')
			in_string = false;
	}
	return n;
}

/* The number of JSON values in the document, counted before cJSON makes a node of some 100 bytes
 * for each: the root, one more per comma, and the first member of each container (counted for an
 * empty one too, so this may be a little high). */
static size_t values_at_most(const char *t, size_t n)
{
	size_t values = 1;
	for (size_t i = next_outside_string(t, n, 0); i < n; i = next_outside_string(t, n, i + 1))
		if (t[i] == ',' || t[i] == '{' || t[i] == '[')
			values++;
	return values;
}

/* 1-based line and column (in characters) of a byte offset, for messages. */
static void line_col(const char *t, size_t off, size_t *line, size_t *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (t[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)t[i] & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

static bool is_blank(const char *t, size_t n)
{
	size_t i = 0;
	if (n >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0)
		i = 3; /* a byte order mark, as some editors write */
	for (; i < n; i++)
		if (!strchr(" \t\r\n", t[i]))
			return false;
	return true;
}

static void report_syntax_error(qt_reader *r, const char *text, size_t len, const char *end)
{
	size_t off = end && end >= text && end <= text + len ? (size_t)(end - text) : len;
	size_t line, col;
	line_col(text, off, &line, &col);
	if (off >= len) {
		qt_rd_report(r, "JSON syntax error at line %zu, column %zu: the document ends early (expected more "
			  "JSON text, e.g. a closing bracket)",
		       line, col);
		return;
	}
	char near[24];
	size_t k = 0;
	while (k < sizeof near - 1 && off + k < len && text[off + k] != '\n' && text[off + k] != '\r')
		k++;
	while (k > 0 && off + k < len && ((unsigned char)text[off + k] & 0xC0) == 0x80)
		k--; /* not in the middle of a character */
	if (k == 0) {
		qt_rd_report(r, "JSON syntax error at line %zu, column %zu (at the end of the line): expected valid JSON",
			     line, col);
		return;
	}
	memcpy(near, text + off, k);
	near[k] = '\0';
	char shown[24];
	qt_rd_clip(near, shown, sizeof shown);
	qt_rd_report(r, "JSON syntax error at line %zu, column %zu near '%s': expected valid JSON", line, col,
		     shown);
}

/* Checks the document as bytes and parses it; NULL (reported) when that fails. text[len] is '\0'. */
cJSON *qt_scenario_bytes_parse(qt_reader *r, const char *text, size_t len)
{
	if (is_blank(text, len)) {
		qt_rd_report(r, "the document is empty: expected a JSON object");
		return NULL;
	}
	size_t line, col;
	size_t bad = qt_utf8_invalid_at((const unsigned char *)text, len);
	if (bad < len) {
		line_col(text, bad, &line, &col);
		if (text[bad] == '\0')
			qt_rd_report(r, "NUL byte at byte offset %zu (line %zu, column %zu): expected UTF-8 JSON text",
				     bad, line, col);
		else
			qt_rd_report(r, "invalid UTF-8 at byte offset %zu (line %zu, column %zu): expected UTF-8 text",
				     bad, line, col);
		return NULL;
	}
	size_t deep = too_deep_at(text, len, MAX_DEPTH);
	if (deep < len) {
		line_col(text, deep, &line, &col);
		qt_rd_report(r, "nesting deeper than %d levels at line %zu, column %zu: expected at most %d nested "
			  "arrays and objects",
		       MAX_DEPTH, line, col, MAX_DEPTH);
		return NULL;
	}
	size_t ctl = control_in_string_at(text, len);
	if (ctl < len) {
		line_col(text, ctl, &line, &col);
		qt_rd_report(r, "control character U+%04X inside a string at line %zu, column %zu: expected it escaped "
			  "(\\n, \\t, \\u%04X)",
		       (unsigned)text[ctl], line, col, (unsigned)text[ctl]);
		return NULL;
	}
	size_t values = values_at_most(text, len);
	if (values > MAX_VALUES) {
		qt_rd_report(r, "the document has about %zu JSON values (numbers, strings, arrays and objects): expected "
			  "at most %d (a scenario at every size limit has about 950,000)",
		       values, MAX_VALUES);
		return NULL;
	}
	/* The parse end pointer gives the error position without cJSON_GetErrorPtr's global state,
	 * which another thread could overwrite. The length includes the '\0' so that cJSON rejects
	 * anything after the root value. */
	const char *end = NULL;
	cJSON *root = qt_json_parse(text, len + 1, &end);
	if (!root)
		report_syntax_error(r, text, len, end);
	return root;
}
