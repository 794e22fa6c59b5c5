/* HTML for people: escaping, German numbers, the page frame. Numbers are put together by hand, so
 * the output does not depend on the C locale. */
#include "html.h"
#include "internal.h"

#include <math.h>
#include <string.h>

void qt_html_esc(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			fputc(*s, f);
		}
	}
}

/* digits (no sign) with a '.' before each group of three from the right, after the sign. */
static void grouped(char *buf, int negative, const char *digits, size_t n)
{
	size_t k = 0;
	if (negative) {
		memcpy(buf, "\u2212", 3);
		k = 3;
	}
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf[k++] = '.';
		buf[k++] = digits[i];
	}
	buf[k] = '\0';
}

const char *qt_html_de(long v, char buf[32])
{
	char digits[24];
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
	int n = snprintf(digits, sizeof digits, "%lu", u);
	grouped(buf, v < 0, digits, (size_t)n);
	return buf;
}

const char *qt_html_de_fixed(double x, int decimals, char buf[64])
{
	if (!isfinite(x) || fabs(x) >= 1e18) {
		buf[0] = '\0';
		return buf;
	}
	if (decimals < 0 || decimals > 9)
		decimals = decimals < 0 ? 0 : 9;
	char digits[48];
	int n = snprintf(digits, sizeof digits, "%.*f", decimals, fabs(x));
	size_t whole = decimals > 0 ? (size_t)n - (size_t)decimals - 1 : (size_t)n;
	int zero = strspn(digits, "0.") == (size_t)n;
	grouped(buf, x < 0 && !zero, digits, whole);
	if (decimals > 0) {
		size_t k = strlen(buf);
		buf[k] = ',';
		memcpy(buf + k + 1, digits + whole + 1, (size_t)decimals + 1);
	}
	return buf;
}

long qt_html_nice_step(double x)
{
	long base = 1;
	while ((double)base * 10 < x)
		base *= 10;
	static const double mult[] = { 1, 2, 2.5, 5, 10 };
	for (size_t i = 0; i < sizeof mult / sizeof *mult; i++)
		if (mult[i] * (double)base >= x && mult[i] * (double)base == (double)(long)(mult[i] * (double)base))
			return (long)(mult[i] * (double)base);
	return base * 10;
}

static const char style_common[] =
	"*{box-sizing:border-box}\n"
	"html{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
	"body{margin:0;font-family:\"DejaVu Sans\",\"Liberation Sans\",Arial,Helvetica,sans-serif;"
	"font-size:9pt;line-height:1.3;color:#111;background:#e6e6e6}\n"
	"h1{font-size:14pt;margin:0 0 1mm}\n"
	"h2{font-size:12pt;margin:0 0 2mm;font-weight:normal}\n"
	"h3{font-size:10pt;margin:4mm 0 1.5mm}\n"
	"table{border-collapse:collapse}\n"
	"th,td{padding:.5mm 1.4mm;border-bottom:.2mm solid #c8c8c8;vertical-align:bottom}\n"
	"th{font-weight:600;text-align:right;background:#eef2f7}\n"
	"th.l,td.l{text-align:left}\n"
	"td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
	"td.z{color:#9a9a9a}\n"
	"tr.sum td{font-weight:700;border-top:.4mm solid #444;border-bottom:none}\n"
	".kreis{font-size:10pt;letter-spacing:.04em;text-transform:uppercase;color:#1f4e79;font-weight:700}\n"
	".fuss{margin-top:3mm;font-size:6.5pt;line-height:1.25;color:#444;column-count:2;column-gap:5mm}\n"
	".fuss p{margin:0 0 .8mm;break-inside:avoid}\n";

void qt_html_start(FILE *f, const char *lang, const char *title, const char *style)
{
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		   "<meta name=\"generator\" content=\"quartier " QT_VERSION "\">\n<title>",
		lang);
	qt_html_esc(f, title);
	fputs("</title>\n<style>\n", f);
	fputs(style_common, f);
	fputs(style, f);
	fputs("</style>\n</head>\n<body>\n", f);
}

void qt_html_end(FILE *f)
{
	fputs("</body>\n</html>\n", f);
}
