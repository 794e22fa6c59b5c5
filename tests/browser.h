/* Headless Chromium for the tests of printable pages (test_html.c, test_report_page.c,
 * test_report_futures_page.c): finding it, printing a page to PDF and counting its pages, taking a
 * screenshot and reading it back; and tests/check_report.py, which checks a page or workbook against
 * the plan JSON.
 *
 * Chromium is Debian's `chromium` (or $QT_CHROMIUM). Where it is missing, the tests FAIL under CI
 * (CI set, as .ci/run runs them, which installs chromium) and are SKIPPED with a message saying so
 * elsewhere, so `make check` on a developer machine without a browser says what it did not test.
 *
 * The PNG is decoded here with the system zlib (libz.so.1, a dependency of chromium itself), loaded
 * with dlopen because the test binaries are not linked against it. The including file defines
 * TU_TEST_NAME ("test_html"), its name for messages, before including this file. */
#ifndef QT_BROWSER_H
#define QT_BROWSER_H

#include "testutil.h"

#include <dlfcn.h>

#ifndef TU_TEST_NAME
#error "define TU_TEST_NAME before including browser.h"
#endif

static char chromium[512];

/* ---- finding and running Chromium ---- */

static inline int on_path(const char *name, char *out, size_t size)
{
	const char *path = getenv("PATH");
	if (!path)
		return 0;
	char *copy = strdup(path), *save = NULL;
	int found = 0;
	for (char *dir = strtok_r(copy, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
		snprintf(out, size, "%s/%s", dir, name);
		found = access(out, X_OK) == 0;
	}
	free(copy);
	return found;
}

/* Fills `chromium` with the browser's path; leaves it empty and returns 0 if there is none. */
static inline int find_chromium(void)
{
	const char *env = getenv("QT_CHROMIUM");
	int found = 0;
	if (env && *env) {
		snprintf(chromium, sizeof chromium, "%s", env);
		found = access(chromium, X_OK) == 0;
	} else {
		static const char *const names[] = { "chromium", "chromium-browser" };
		for (size_t i = 0; i < sizeof names / sizeof *names && !found; i++)
			found = on_path(names[i], chromium, sizeof chromium);
	}
	if (!found)
		chromium[0] = '\0';
	return found;
}

/* Skips the calling test, loudly, when there is no browser (outside CI). */
static inline void need_chromium(void)
{
	if (chromium[0])
		return;
	fprintf(stderr, TU_TEST_NAME ": SKIPPED - chromium is not installed, the printable sheets were not checked in "
			"a browser (apt-get install chromium)\n");
	skip();
}

/* Runs headless Chromium on file html with one more argument (--print-to-pdf=... or --screenshot=...);
 * 0 on success. A fresh profile directory each time, removed afterwards. */
static inline int run_chromium(const char *html, const char *what)
{
	char profile[] = "/tmp/quartier-chromium-XXXXXX", cmd[4096];
	assert_non_null(mkdtemp(profile));
	snprintf(cmd, sizeof cmd,
		 "timeout 120 '%s' --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
		 "--disable-background-networking --disable-component-update --disable-sync --hide-scrollbars "
		 "--no-pdf-header-footer --user-data-dir=%s %s 'file://%s' >%s.log 2>&1",
		 chromium, profile, what, html, profile);
	int st = system(cmd);
	snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s.log'", profile, profile);
	assert_int_equal(system(cmd), 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Pages of a PDF: its /Type /Page objects (not the /Type /Pages tree nodes). */
static inline int pdf_pages(const char *pdf)
{
	size_t len = 0;
	char *text = tu_slurp(pdf, &len);
	assert_non_null(text);
	int pages = 0;
	for (size_t i = 0; i + 10 < len; i++) {
		if (memcmp(text + i, "/Type", 5) != 0)
			continue;
		size_t k = i + 5;
		while (k < len && (text[k] == ' ' || text[k] == '\n' || text[k] == '\r'))
			k++;
		if (k + 5 <= len && !memcmp(text + k, "/Page", 5) && (k + 5 == len || text[k + 5] != 's'))
			pages++;
	}
	free(text);
	return pages;
}

static inline int print_pages(const char *dir, const char *file)
{
	char html[1024], pdf[1024], arg[1100];
	snprintf(html, sizeof html, "%s/%s", dir, file);
	snprintf(pdf, sizeof pdf, "%s/%s.pdf", dir, file);
	snprintf(arg, sizeof arg, "--print-to-pdf='%s'", pdf);
	assert_int_equal(run_chromium(html, arg), 0);
	int n = pdf_pages(pdf);
	unlink(pdf);
	return n;
}

/* ---- a small PNG reader (8-bit RGB or RGBA, not interlaced) ---- */

typedef struct {
	int w, h;
	unsigned char *rgb; /* w * h * 3 */
} image;

static inline unsigned long be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

static inline int paeth(int a, int b, int c)
{
	int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/* Undoes the per-row filters of PNG in place; raw holds h rows of 1 + w * bpp bytes. */
static inline void unfilter(unsigned char *raw, int w, int h, int bpp)
{
	size_t stride = (size_t)w * (size_t)bpp;
	for (int y = 0; y < h; y++) {
		unsigned char *row = raw + (size_t)y * (stride + 1), *cur = row + 1;
		unsigned char *prev = y > 0 ? raw + (size_t)(y - 1) * (stride + 1) + 1 : NULL;
		for (size_t x = 0; x < stride; x++) {
			int a = x >= (size_t)bpp ? cur[x - (size_t)bpp] : 0, b = prev ? prev[x] : 0;
			int c = prev && x >= (size_t)bpp ? prev[x - (size_t)bpp] : 0;
			switch (row[0]) {
			case 1:
				cur[x] = (unsigned char)(cur[x] + a);
				break;
			case 2:
				cur[x] = (unsigned char)(cur[x] + b);
				break;
			case 3:
				cur[x] = (unsigned char)(cur[x] + (a + b) / 2);
				break;
			case 4:
				cur[x] = (unsigned char)(cur[x] + paeth(a, b, c));
				break;
			}
		}
	}
}

static inline image read_png(const char *path)
{
	typedef int (*uncompress_fn)(unsigned char *, unsigned long *, const unsigned char *, unsigned long);
	void *z = dlopen("libz.so.1", RTLD_NOW);
	if (!z)
		fail_msg("cannot load the system zlib to decode the screenshot: %s", dlerror());
	uncompress_fn uncompress;
	*(void **)(&uncompress) = dlsym(z, "uncompress");
	assert_non_null(uncompress);

	size_t len = 0;
	unsigned char *png = (unsigned char *)tu_slurp(path, &len);
	assert_non_null(png);
	assert_true(len > 33 && !memcmp(png, "\x89PNG\r\n\x1a\n", 8));
	image im = { (int)be32(png + 16), (int)be32(png + 20), NULL };
	int depth = png[24], color = png[25], interlace = png[28];
	assert_int_equal(depth, 8);
	assert_true(color == 2 || color == 6);
	assert_int_equal(interlace, 0);
	int bpp = color == 6 ? 4 : 3;
	unsigned char *idat = malloc(len);
	size_t n = 0;
	for (size_t at = 8; at + 12 <= len;) {
		unsigned long clen = be32(png + at);
		if (!memcmp(png + at + 4, "IDAT", 4)) {
			memcpy(idat + n, png + at + 8, clen);
			n += clen;
		}
		at += 12 + clen;
	}
	unsigned long rawlen = (unsigned long)im.h * (1UL + (unsigned long)im.w * (unsigned long)bpp);
	unsigned char *raw = malloc(rawlen);
	assert_int_equal(uncompress(raw, &rawlen, idat, (unsigned long)n), 0);
	unfilter(raw, im.w, im.h, bpp);
	im.rgb = malloc((size_t)im.w * (size_t)im.h * 3);
	for (int y = 0; y < im.h; y++)
		for (int x = 0; x < im.w; x++)
			memcpy(im.rgb + ((size_t)y * (size_t)im.w + (size_t)x) * 3,
			       raw + (size_t)y * (1 + (size_t)im.w * (size_t)bpp) + 1 + (size_t)x * (size_t)bpp, 3);
	free(raw);
	free(idat);
	free(png);
	dlclose(z);
	return im;
}

static inline const unsigned char *px(const image *im, int x, int y)
{
	return im->rgb + ((size_t)y * (size_t)im->w + (size_t)x) * 3;
}

/* Share of pixels with ink (any channel below 200) and the number of distinct grey levels. */
static inline void ink(const image *im, double *share, int *levels)
{
	size_t dark = 0;
	unsigned char seen[256] = { 0 };
	for (int y = 0; y < im->h; y++)
		for (int x = 0; x < im->w; x++) {
			const unsigned char *p = px(im, x, y);
			if (p[0] < 200 || p[1] < 200 || p[2] < 200)
				dark++;
			seen[(p[0] * 299 + p[1] * 587 + p[2] * 114) / 1000] = 1;
		}
	*levels = 0;
	for (int i = 0; i < 256; i++)
		*levels += seen[i];
	*share = (double)dark / ((double)im->w * (double)im->h);
}


/* Fails unless every pixel of x0..x1-1, y0..y1-1 is white: nothing sticks out of the page there. */
static inline void assert_white(const image *im, int x0, int x1, int y0, int y1, const char *png)
{
	for (int y = y0; y < y1; y++)
		for (int x = x0; x < x1; x++) {
			const unsigned char *p = px(im, x, y);
			if (p[0] != 255 || p[1] != 255 || p[2] != 255)
				fail_msg("%s: something sticks out of the page at x=%d y=%d", png, x, y);
		}
}

/* A screenshot of dir/file in a w x h window: not blank (at least min_ink of the pixels inked, 16 grey
 * levels) and white in x0..x1-1 from y = 40 to 50 px above the bottom, the page's right padding. */
static inline void check_page_screenshot(const char *dir, const char *file, int w, int h, double min_ink, int x0,
					 int x1)
{
	char html[1024], png[1024], arg[1200];
	snprintf(html, sizeof html, "%s/%s", dir, file);
	snprintf(png, sizeof png, "%s/%s.png", dir, file);
	snprintf(arg, sizeof arg, "--screenshot='%s' --window-size=%d,%d", png, w, h);
	assert_int_equal(run_chromium(html, arg), 0);
	image im = read_png(png);
	assert_int_equal(im.w, w);
	assert_int_equal(im.h, h);
	double share;
	int levels;
	ink(&im, &share, &levels);
	if (share < min_ink || levels < 16)
		fail_msg("%s looks blank: %.4f of the pixels inked, %d grey levels", png, share, levels);
	assert_white(&im, x0, x1, 40, h - 50, png);
	free(im.rgb);
	if (!getenv("QT_KEEP_SCREENSHOTS"))
		unlink(png);
}

/* cmocka group setup: finds the browser; under CI a missing one fails the group. */
static inline int browser_setup(void **state)
{
	(void)state;
	if (find_chromium())
		return 0;
	if (getenv("CI")) {
		fprintf(stderr, TU_TEST_NAME ": chromium is not installed; CI must install it (.ci/run)\n");
		return -1;
	}
	return 0;
}

/* ---- checking a page or workbook against the plan (tests/check_report.py) ---- */

static inline const char *check_python(void)
{
	return access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
}

/* Runs tests/check_report.py with args; fails the test with its output unless it passes. */
static inline void check_report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static inline void check_report(const char *fmt, ...)
{
	char args[2048], cmd[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(args, sizeof args, fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof cmd, "%s tests/check_report.py %s 2>&1", check_python(), args);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	char out[8192];
	size_t n = fread(out, 1, sizeof out - 1, p);
	out[n] = '\0';
	int st = pclose(p);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		fail_msg("check_report.py %s:\n%s", args, out);
}

#endif
