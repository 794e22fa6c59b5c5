/* The printable quota sheets in a real browser: headless Chromium prints them to PDF and takes a
 * screenshot; the PDF must have one page per sheet, and the screenshot must show a sheet that is not
 * blank and that nothing sticks out of on the right (Chromium would silently shrink an over-wide page
 * to fit when printing, so the page count alone could not catch it).
 *
 * Chromium is Debian's `chromium` (or $QT_CHROMIUM). Where it is missing, the tests FAIL under CI
 * (CI set, as .ci/run runs them, which installs chromium) and are SKIPPED with a message saying so
 * elsewhere, so `make check` on a developer machine without a browser says what it did not test.
 *
 * The PNG is decoded here with the system zlib (libz.so.1, a dependency of chromium itself), loaded
 * with dlopen because the test binaries are not linked against it. */
#include "testutil.h"

#include <cJSON.h>
#include <dirent.h>
#include <dlfcn.h>

static char chromium[512];

/* ---- finding and running Chromium ---- */

static int on_path(const char *name, char *out, size_t size)
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
static int find_chromium(void)
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

static int setup(void **state)
{
	(void)state;
	if (find_chromium())
		return 0;
	if (getenv("CI")) {
		fprintf(stderr, "test_html: chromium is not installed; CI must install it (.ci/run)\n");
		return -1;
	}
	return 0;
}

/* Skips the calling test, loudly, when there is no browser (outside CI). */
static void need_chromium(void)
{
	if (chromium[0])
		return;
	fprintf(stderr, "test_html: SKIPPED - chromium is not installed, the printable sheets were not checked in "
			"a browser (apt-get install chromium)\n");
	skip();
}

/* Runs headless Chromium on file html with one more argument (--print-to-pdf=... or --screenshot=...);
 * 0 on success. A fresh profile directory each time, removed afterwards. */
static int run_chromium(const char *html, const char *what)
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
static int pdf_pages(const char *pdf)
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

static int print_pages(const char *dir, const char *file)
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

static unsigned long be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

static int paeth(int a, int b, int c)
{
	int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/* Undoes the per-row filters of PNG in place; raw holds h rows of 1 + w * bpp bytes. */
static void unfilter(unsigned char *raw, int w, int h, int bpp)
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

static image read_png(const char *path)
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

static const unsigned char *px(const image *im, int x, int y)
{
	return im->rgb + ((size_t)y * (size_t)im->w + (size_t)x) * 3;
}

/* Share of pixels with ink (any channel below 200) and the number of distinct grey levels. */
static void ink(const image *im, double *share, int *levels)
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

/* Screen layout of a sheet (sheet_html.c): a 210 mm (794 px) white page centred in the window, 8 mm
 * (30 px) below its top, with 13 mm (49 px) padding. In a 900 px window the page spans x = 53..847 and
 * its text x = 102..798; the right padding x = 802..845 must stay white over the page's height. */
static void check_screenshot(const char *dir, const char *file)
{
	char html[1024], png[1024], arg[1200];
	snprintf(html, sizeof html, "%s/%s", dir, file);
	snprintf(png, sizeof png, "%s/%s.png", dir, file);
	snprintf(arg, sizeof arg, "--screenshot='%s' --window-size=900,1200", png);
	assert_int_equal(run_chromium(html, arg), 0);
	image im = read_png(png);
	assert_int_equal(im.w, 900);
	assert_int_equal(im.h, 1200);
	double share;
	int levels;
	ink(&im, &share, &levels);
	if (share < 0.01 || levels < 16)
		fail_msg("%s looks blank: %.4f of the pixels inked, %d grey levels", png, share, levels);
	for (int y = 40; y < 1150; y++)
		for (int x = 802; x < 845; x++) {
			const unsigned char *p = px(&im, x, y);
			if (p[0] != 255 || p[1] != 255 || p[2] != 255)
				fail_msg("%s: something sticks out of the sheet's text width at x=%d y=%d", png, x, y);
		}
	free(im.rgb);
	if (!getenv("QT_KEEP_SCREENSHOTS"))
		unlink(png);
}

/* ---- the tests ---- */

static int count_files(const char *dir, const char *suffix)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	size_t sl = strlen(suffix);
	for (struct dirent *e; (e = readdir(d));) {
		size_t l = strlen(e->d_name);
		n += l > sl && !strcmp(e->d_name + l - sl, suffix);
	}
	closedir(d);
	return n;
}

static void remove_dir(const char *dir)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* The district example without a plan: 44 sheets, each one A4 page; the overview one landscape page. */
static void test_quota_sheets_print(void **state)
{
	(void)state;
	need_chromium();
	char *dir = tu_tmpdir();
	tu_run_result r = tu_run("quota examples/esslingen-2016.json --format html --out %s", dir);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	assert_int_equal(count_files(dir, ".html"), 44 + 2);
	assert_int_equal(print_pages(dir, "alle-blaetter.html"), 44);
	assert_int_equal(print_pages(dir, "08116049-nuertingen.html"), 1);
	assert_int_equal(print_pages(dir, "uebersicht.html"), 1);
	check_screenshot(dir, "08116049-nuertingen.html");
	remove_dir(dir);
	free(dir);
}

/* The municipality with the most flat offers used: the fullest sheet. */
static const char *fullest_sheet(const cJSON *overview)
{
	const cJSON *m, *best = NULL;
	int most = -1;
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(overview, "municipalities"))
	{
		int n = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(m, "offers_used"));
		if (n > most) {
			most = n;
			best = m;
		}
	}
	assert_non_null(best);
	return cJSON_GetObjectItemCaseSensitive(best, "file")->valuestring;
}

/* With a plan (solve --sheets): still one page per sheet, the fullest one included. Under the
 * sanitizers (QT_SLOW_BUILD) the tiny example stands in for the district's, whose solve is too slow
 * there. */
static void test_plan_sheets_print(void **state)
{
	(void)state;
	need_chromium();
	int slow = getenv("QT_SLOW_BUILD") != NULL;
	const char *file = slow ? "examples/tiny.json" : "examples/esslingen-2016.json";
	int sheets = slow ? 2 : 44;
	char *dir = tu_tmpdir();
	tu_run_result r = tu_run("solve %s --time-limit 10 --no-progress --format json --sheets %s", file, dir);
	assert_int_equal(r.status, 0);
	tu_run_free(&r);
	assert_int_equal(count_files(dir, ".html"), sheets + 2);
	char path[1024];
	snprintf(path, sizeof path, "%s/uebersicht.json", dir);
	char *text = tu_slurp(path, NULL);
	cJSON *j = cJSON_Parse(text);
	assert_non_null(j);
	char fullest[512];
	snprintf(fullest, sizeof fullest, "%s.html", fullest_sheet(j));
	cJSON_Delete(j);
	free(text);
	assert_int_equal(print_pages(dir, "alle-blaetter.html"), sheets);
	assert_int_equal(print_pages(dir, fullest), 1);
	assert_int_equal(print_pages(dir, "uebersicht.html"), 2); /* quotas, then the balance */
	check_screenshot(dir, fullest);
	remove_dir(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quota_sheets_print),
		cmocka_unit_test(test_plan_sheets_print),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
