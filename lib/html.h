/* Writing HTML for people: escaping, German numbers, the page frame and its common style. The quota
 * sheets (sheet_html.c), the table layer's HTML and the report page (report_html.c) share them.
 * Not installed. */
#ifndef QT_HTML_H
#define QT_HTML_H

#include <stddef.h>
#include <stdio.h>

/* s with &, <, > and " escaped; NULL writes nothing. */
void qt_html_esc(FILE *f, const char *s);
/* A whole number the German way: "1.234", "\u22125" (a real minus sign). buf has 32 bytes. */
const char *qt_html_de(long v, char buf[32]);
/* x with `decimals` decimals the German way ("1.234,50", a real minus sign; no "-0"); a non-finite x
 * is "". buf has 64 bytes. */
const char *qt_html_de_fixed(double x, int decimals, char buf[64]);
/* The smallest of 1, 2, 2.5, 5 x 10^k that is >= x (a step of a chart's axis). */
long qt_html_nice_step(double x);

/* <!DOCTYPE html> up to <body>: lang ("de", "en"), the title, the common style and then `style`. */
void qt_html_start(FILE *f, const char *lang, const char *title, const char *style);
void qt_html_end(FILE *f);

#endif
