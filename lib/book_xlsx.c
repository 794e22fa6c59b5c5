/*
 * An .xlsx workbook read from memory: the zip archive with minizip, each part's XML with expat,
 * streamed. Only cell values are read: numbers, shared and inline strings, booleans, and the cached
 * value of a formula. Hostile files meet bounds: the entries of the archive and the bytes they
 * inflate to (counted while inflating), no DOCTYPE or entity declaration in any part (so no entity
 * expansion), and the workbook's cell and row limits (book.h).
 */
#include "book.h"

#include <expat.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unzip.h>

/* ---- the archive in memory, for minizip ---- */
typedef struct {
	const unsigned char *data;
	size_t len, pos;
} mem_file;

static voidpf ZCALLBACK mem_open(voidpf opaque, const void *name, int mode)
{
	(void)name;
	(void)mode;
	((mem_file *)opaque)->pos = 0;
	return opaque;
}

static uLong ZCALLBACK mem_read(voidpf opaque, voidpf stream, void *buf, uLong size)
{
	(void)opaque;
	mem_file *m = stream;
	size_t n = m->len - m->pos < size ? m->len - m->pos : size;
	memcpy(buf, m->data + m->pos, n);
	m->pos += n;
	return (uLong)n;
}

static uLong ZCALLBACK mem_write(voidpf opaque, voidpf stream, const void *buf, uLong size)
{
	(void)opaque;
	(void)stream;
	(void)buf;
	(void)size;
	return 0;
}

static ZPOS64_T ZCALLBACK mem_tell(voidpf opaque, voidpf stream)
{
	(void)opaque;
	return ((mem_file *)stream)->pos;
}

static long ZCALLBACK mem_seek(voidpf opaque, voidpf stream, ZPOS64_T offset, int origin)
{
	(void)opaque;
	mem_file *m = stream;
	ZPOS64_T base = origin == ZLIB_FILEFUNC_SEEK_SET ? 0 : origin == ZLIB_FILEFUNC_SEEK_CUR ? m->pos : m->len;
	if (offset > m->len || base + offset > m->len)
		return -1;
	m->pos = (size_t)(base + offset);
	return 0;
}

static int ZCALLBACK mem_close(voidpf opaque, voidpf stream)
{
	(void)opaque;
	(void)stream;
	return 0;
}

static int ZCALLBACK mem_error(voidpf opaque, voidpf stream)
{
	(void)opaque;
	(void)stream;
	return 0;
}

/* ---- what the parts hold ---- */
typedef enum { PART_WORKBOOK, PART_RELS, PART_STRINGS, PART_SHEET } part_kind;

typedef struct {
	char *name, *rid, *target;
} sheet_ref;

typedef struct {
	qt_book *b;
	XML_Parser p;
	part_kind kind;
	const char *part;  /* entry name, for messages */
	bool failed;       /* a problem was reported: stop */
	/* workbook.xml and its relationships */
	sheet_ref *refs;
	int n_refs;
	/* sharedStrings.xml */
	char **strings;
	size_t n_strings, cap_strings;
	int in_si, in_rph;
	/* text being collected (<t> of a string, <v> of a cell) */
	bool collect;
	char *text;
	size_t len, cap;
	/* the sheet being read */
	qt_sheet *sh;
	int row, col;
	char type[16];
	bool in_is, in_v;
	/* the archive */
	unzFile zip;
	long inflated;
} xlsx;

static void fail(xlsx *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(xlsx *x, const char *fmt, ...)
{
	if (x->failed)
		return;
	x->failed = x->b->broken = true;
	va_list ap;
	va_start(ap, fmt);
	char *msg = qt_vasprintf(fmt, ap);
	va_end(ap);
	if (!msg)
		x->b->nomem = true;
	else if (x->sh)
		qt_book_error(x->b, x->sh, 0, 0, "", "%s", msg);
	else
		qt_book_error(x->b, NULL, 0, 0, "", "the workbook's %s: %s", x->part, msg);
	free(msg);
	if (x->p)
		XML_StopParser(x->p, XML_FALSE);
}

static const char *local(const char *name)
{
	const char *c = strrchr(name, ':');
	return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *name, bool prefixed)
{
	for (int i = 0; atts[i]; i += 2) {
		bool has_prefix = strchr(atts[i], ':') != NULL;
		if (strcmp(local(atts[i]), name) == 0 && has_prefix == prefixed)
			return atts[i + 1];
	}
	return NULL;
}

static void text_start(xlsx *x)
{
	x->collect = true;
	x->len = 0;
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
	xlsx *x = ud;
	if (!x->collect || x->failed)
		return;
	if (x->len + (size_t)len > QT_BOOK_MAX_TEXT) {
		fail(x, "a text of more than %d bytes: expected at most that", QT_BOOK_MAX_TEXT);
		return;
	}
	if (x->len + (size_t)len + 1 > x->cap) {
		size_t cap = (x->len + (size_t)len + 1) * 2;
		char *p = realloc(x->text, cap);
		if (!p) {
			x->b->nomem = true;
			x->failed = true;
			XML_StopParser(x->p, XML_FALSE);
			return;
		}
		x->text = p;
		x->cap = cap;
	}
	memcpy(x->text + x->len, s, (size_t)len);
	x->len += (size_t)len;
	x->text[x->len] = '\0';
}

static char *text_copy(xlsx *x)
{
	char *t = malloc(x->len + 1);
	if (!t) {
		x->b->nomem = true;
		return NULL;
	}
	if (x->len)
		memcpy(t, x->text, x->len);
	t[x->len] = '\0';
	return t;
}

/* ---- workbook.xml: the sheets' names; workbook.xml.rels: their parts ---- */
static void workbook_start(xlsx *x, const char *el, const char **atts)
{
	if (x->kind == PART_WORKBOOK && strcmp(el, "sheet") == 0) {
		const char *name = attr(atts, "name", false), *rid = attr(atts, "id", true);
		if (!name || !rid) {
			fail(x, "a sheet without its name or relationship: expected name and r:id");
			return;
		}
		sheet_ref *p = realloc(x->refs, (size_t)(x->n_refs + 1) * sizeof *p);
		if (!p) {
			x->b->nomem = x->failed = true;
			return;
		}
		x->refs = p;
		sheet_ref *r = &x->refs[x->n_refs++];
		r->name = qt_strdup(name);
		r->rid = qt_strdup(rid);
		r->target = NULL;
		if (!r->name || !r->rid)
			x->b->nomem = x->failed = true;
		if (x->n_refs > QT_BOOK_MAX_SHEETS)
			fail(x, "more than %d sheets: expected at most that", QT_BOOK_MAX_SHEETS);
	} else if (x->kind == PART_RELS && strcmp(el, "Relationship") == 0) {
		const char *id = attr(atts, "Id", false), *target = attr(atts, "Target", false);
		for (int i = 0; id && target && i < x->n_refs; i++)
			if (!x->refs[i].target && strcmp(x->refs[i].rid, id) == 0) {
				x->refs[i].target = target[0] == '/' ? qt_strdup(target + 1) : qt_asprintf("xl/%s", target);
				if (!x->refs[i].target)
					x->b->nomem = x->failed = true;
			}
	}
}

/* ---- sharedStrings.xml ---- */
static void strings_start(xlsx *x, const char *el)
{
	if (strcmp(el, "si") == 0) {
		x->in_si = 1;
		x->len = 0;
	} else if (strcmp(el, "rPh") == 0) {
		x->in_rph = 1;
	} else if (strcmp(el, "t") == 0 && x->in_si && !x->in_rph) {
		x->collect = true;
	}
}

static void strings_end(xlsx *x, const char *el)
{
	if (strcmp(el, "t") == 0) {
		x->collect = false;
	} else if (strcmp(el, "rPh") == 0) {
		x->in_rph = 0;
	} else if (strcmp(el, "si") == 0) {
		x->in_si = 0;
		if (x->n_strings == QT_BOOK_MAX_CELLS) {
			fail(x, "more than %d shared strings: expected at most that", QT_BOOK_MAX_CELLS);
			return;
		}
		if (x->n_strings == x->cap_strings) {
			size_t cap = x->cap_strings ? x->cap_strings * 2 : 256;
			char **p = realloc(x->strings, cap * sizeof *p);
			if (!p) {
				x->b->nomem = x->failed = true;
				return;
			}
			x->strings = p;
			x->cap_strings = cap;
		}
		char *t = text_copy(x);
		if (!t) {
			x->failed = true;
			return;
		}
		x->strings[x->n_strings++] = t;
		x->len = 0;
	}
}

/* ---- a worksheet ---- */
/* "B7" into column 2, row 7; false when it is not a cell reference. */
static bool cell_ref(const char *r, int *row, int *col)
{
	int c = 0, n = 0;
	for (; *r >= 'A' && *r <= 'Z' && c <= QT_BOOK_MAX_COLS; r++)
		c = c * 26 + (*r - 'A' + 1);
	for (; *r >= '0' && *r <= '9' && n <= QT_BOOK_MAX_ROWS; r++)
		n = n * 10 + (*r - '0');
	if (*r || c == 0 || n == 0)
		return false;
	*row = n;
	*col = c;
	return true;
}

static void sheet_start(xlsx *x, const char *el, const char **atts)
{
	if (strcmp(el, "row") == 0) {
		const char *r = attr(atts, "r", false);
		x->row = r ? (int)strtol(r, NULL, 10) : x->row + 1;
		x->col = 0;
		if (x->row < 1)
			fail(x, "a row numbered %s: expected 1 or more", r);
	} else if (strcmp(el, "c") == 0) {
		const char *r = attr(atts, "r", false), *t = attr(atts, "t", false);
		int row = x->row, col = x->col + 1;
		if (r && !cell_ref(r, &row, &col))
			fail(x, "a cell reference '%.16s': expected one such as B7", r);
		x->row = row;
		x->col = col;
		snprintf(x->type, sizeof x->type, "%s", t ? t : "n");
		x->len = 0;
	} else if (strcmp(el, "v") == 0) {
		x->in_v = true;
		text_start(x);
	} else if (strcmp(el, "is") == 0) {
		x->in_is = true;
		x->len = 0;
	} else if (strcmp(el, "t") == 0 && x->in_is) {
		x->collect = true;
	} else if (strcmp(el, "rPh") == 0) {
		x->in_rph = 1;
		x->collect = false;
	}
}

/* The value of the cell just ended, by its type. */
static void sheet_cell(xlsx *x)
{
	const char *t = x->type;
	char *v = x->text && x->len ? x->text : NULL;
	if (!v)
		return;
	if (strcmp(t, "s") == 0) {
		char *end;
		unsigned long i = strtoul(v, &end, 10);
		if (*end || i >= x->n_strings)
			fail(x, "a shared string numbered %.16s that the workbook does not hold", v);
		else if (x->strings[i][0])
			qt_book_add_text(x->b, x->sh, x->row, x->col, x->strings[i], strlen(x->strings[i]));
	} else if (strcmp(t, "b") == 0) {
		qt_book_add_bool(x->b, x->sh, x->row, x->col, strcmp(v, "1") == 0);
	} else if (strcmp(t, "e") == 0) {
		qt_book_error(x->b, x->sh, x->row, x->col, "", "the formula error %.16s: expected a value", v);
	} else if (strcmp(t, "n") == 0) {
		double d;
		if (qt_book_parse_number(v, false, &d))
			qt_book_add_number(x->b, x->sh, x->row, x->col, d);
		else
			fail(x, "a number cell holding '%.32s'", v);
	} else {
		qt_book_add_text(x->b, x->sh, x->row, x->col, v, x->len); /* str, inlineStr, d (ISO date) */
	}
}

static void sheet_end(xlsx *x, const char *el)
{
	if (strcmp(el, "v") == 0) {
		x->in_v = x->collect = false;
	} else if (strcmp(el, "t") == 0) {
		x->collect = false;
	} else if (strcmp(el, "rPh") == 0) {
		x->in_rph = 0;
	} else if (strcmp(el, "is") == 0) {
		x->in_is = false;
	} else if (strcmp(el, "c") == 0) {
		sheet_cell(x);
		x->len = 0;
	}
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	xlsx *x = ud;
	if (x->failed)
		return;
	const char *el = local(name);
	if (x->kind == PART_STRINGS)
		strings_start(x, el);
	else if (x->kind == PART_SHEET)
		sheet_start(x, el, atts);
	else
		workbook_start(x, el, atts);
	if (x->b->nomem)
		x->failed = true;
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
	xlsx *x = ud;
	if (x->failed)
		return;
	if (x->kind == PART_STRINGS)
		strings_end(x, local(name));
	else if (x->kind == PART_SHEET)
		sheet_end(x, local(name));
	if (x->b->nomem)
		x->failed = true;
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
			       int internal)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)internal;
	fail(ud, "a DOCTYPE declaration: expected none (entities are refused)");
}

static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param, const XML_Char *value, int len,
			      const XML_Char *base, const XML_Char *sysid, const XML_Char *pubid,
			      const XML_Char *notation)
{
	(void)is_param;
	(void)value;
	(void)len;
	(void)base;
	(void)sysid;
	(void)pubid;
	(void)notation;
	fail(ud, "an entity declaration '%.32s': expected none", name);
}

static XML_Parser new_parser(xlsx *x)
{
	XML_Parser p = XML_ParserCreate("UTF-8");
	if (!p)
		return NULL;
	XML_SetUserData(p, x);
	XML_SetElementHandler(p, on_start, on_end);
	XML_SetCharacterDataHandler(p, on_text);
	XML_SetStartDoctypeDeclHandler(p, on_doctype);
	XML_SetEntityDeclHandler(p, on_entity);
#ifdef XML_DTD
	XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
#if XML_MAJOR_VERSION > 2 || (XML_MAJOR_VERSION == 2 && XML_MINOR_VERSION >= 4)
	XML_SetBillionLaughsAttackProtectionMaximumAmplification(p, 10.0f);
#endif
#endif
	return p;
}

/* Streams entry `part` of the archive through a new parser of kind; false (reported unless
 * optional and absent) when it cannot be read whole. */
static bool read_part(xlsx *x, const char *part, part_kind kind, bool optional)
{
	x->part = part;
	x->kind = kind;
	x->failed = false;
	if (unzLocateFile(x->zip, part, 1) != UNZ_OK) {
		if (!optional)
			fail(x, "%s is missing: expected an .xlsx workbook (as Excel or LibreOffice save it)", part);
		return false;
	}
	unz_file_info64 info;
	if (unzGetCurrentFileInfo64(x->zip, &info, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK ||
	    info.uncompressed_size > (ZPOS64_T)QT_BOOK_MAX_ENTRY_BYTES ||
	    info.uncompressed_size + (ZPOS64_T)x->inflated > (ZPOS64_T)QT_BOOK_MAX_INFLATED_BYTES) {
		fail(x, "%s inflates to more than the limit (128 MiB a part, 256 MiB in all): expected a smaller workbook",
		     part);
		return false;
	}
	if (unzOpenCurrentFile(x->zip) != UNZ_OK) {
		fail(x, "%s cannot be opened: the file is damaged or encrypted", part);
		return false;
	}
	if (!(x->p = new_parser(x))) {
		x->b->nomem = true;
		unzCloseCurrentFile(x->zip);
		return false;
	}
	char buf[16384];
	long entry = 0;
	int got = 0;
	while (!x->failed && (got = unzReadCurrentFile(x->zip, buf, sizeof buf)) > 0) {
		entry += got;
		x->inflated += got;
		if (entry > QT_BOOK_MAX_ENTRY_BYTES || x->inflated > QT_BOOK_MAX_INFLATED_BYTES) {
			fail(x, "%s inflates to more than the limit (128 MiB a part, 256 MiB in all): expected a smaller workbook",
			     part);
			break;
		}
		if (XML_Parse(x->p, buf, got, 0) == XML_STATUS_ERROR && !x->failed) {
			char msg[160];
			snprintf(msg, sizeof msg, "%s, line %lu: %s", part, (unsigned long)XML_GetCurrentLineNumber(x->p),
				 XML_ErrorString(XML_GetErrorCode(x->p)));
			fail(x, "bad XML in %s: expected a workbook as Excel saves it", msg);
		}
	}
	if (!x->failed && got < 0)
		fail(x, "%s cannot be inflated: the file is damaged (truncated?)", part);
	if (!x->failed && XML_Parse(x->p, NULL, 0, 1) == XML_STATUS_ERROR)
		fail(x, "%s ends too early: the file is damaged (truncated?)", part);
	if (unzCloseCurrentFile(x->zip) == UNZ_CRCERROR && !x->failed)
		fail(x, "%s fails its checksum: the file is damaged", part);
	XML_ParserFree(x->p);
	x->p = NULL;
	return !x->failed;
}

static void read_sheets(xlsx *x)
{
	for (int i = 0; i < x->n_refs && !x->b->nomem; i++) {
		sheet_ref *r = &x->refs[i];
		if (!r->target) {
			fail(x, "sheet '%.64s' has no part: expected one in xl/_rels/workbook.xml.rels", r->name);
			continue;
		}
		if (strlen(r->name) > QT_BOOK_MAX_NAME) {
			qt_book_error(x->b, NULL, 0, 0, "", "a sheet name of %zu bytes: expected at most %d",
				      strlen(r->name), QT_BOOK_MAX_NAME);
			continue;
		}
		x->sh = qt_book_add_sheet(x->b, r->name, false);
		if (!x->sh)
			return;
		x->row = x->col = 0;
		read_part(x, r->target, PART_SHEET, false);
		x->sh = NULL;
	}
}

void qt_book_read_xlsx(qt_book *b, const void *data, size_t len)
{
	mem_file m = { data, len, 0 };
	zlib_filefunc64_def io = { mem_open, mem_read, mem_write, mem_tell, mem_seek, mem_close, mem_error, &m };
	xlsx x = { .b = b };
	x.zip = unzOpen2_64("", &io);
	unz_global_info64 info;
	if (!x.zip || unzGetGlobalInfo64(x.zip, &info) != UNZ_OK) {
		b->broken = true;
		qt_book_error(b, NULL, 0, 0, "", "not a readable .xlsx workbook: the zip archive is damaged or truncated");
	} else if (info.number_entry > QT_BOOK_MAX_ENTRIES) {
		b->broken = true;
		qt_book_error(b, NULL, 0, 0, "", "the archive holds %llu entries: expected at most %d",
			      (unsigned long long)info.number_entry, QT_BOOK_MAX_ENTRIES);
	} else if (read_part(&x, "xl/workbook.xml", PART_WORKBOOK, false) &&
		   read_part(&x, "xl/_rels/workbook.xml.rels", PART_RELS, false)) {
		if (read_part(&x, "xl/sharedStrings.xml", PART_STRINGS, true) || !x.failed)
			read_sheets(&x);
	}
	if (x.zip)
		unzClose(x.zip);
	for (int i = 0; i < x.n_refs; i++) {
		free(x.refs[i].name);
		free(x.refs[i].rid);
		free(x.refs[i].target);
	}
	free(x.refs);
	for (size_t i = 0; i < x.n_strings; i++)
		free(x.strings[i]);
	free(x.strings);
	free(x.text);
}
