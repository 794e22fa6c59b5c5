/* Helpers shared by the commands. */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cli_fail_input(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("quartier: ", stderr);
	vfprintf(stderr, qt_translate(fmt), ap);
	fputc('\n', stderr);
	va_end(ap);
	return EXIT_INPUT;
}

const char **cli_sets;
size_t cli_n_sets;

int cli_load(qt_scenario **out, const char *path)
{
	return cli_load_with(out, path, cli_sets, cli_n_sets);
}

int cli_load_with(qt_scenario **out, const char *path, const char *const *sets, size_t n_sets)
{
	qt_errors *errs = NULL;
	int rc = qt_scenario_read_file_with(out, &errs, path, sets, n_sets);
	if (rc == 0)
		return 0;
	if (rc == QT_EINPUT && errs) {
		size_t n = qt_errors_count(errs);
		for (size_t i = 0; i < n; i++) {
			const char *ptr = qt_errors_pointer(errs, i);
			fprintf(stderr, "%s: %s: %s\n", path, *ptr ? ptr : "(document)", qt_errors_message(errs, i));
		}
		fprintf(stderr, "%s: %zu error%s\n", path, n, n == 1 ? "" : "s");
	} else {
		fprintf(stderr, "quartier: %s\n", qt_last_error());
	}
	qt_errors_free(errs);
	return rc == QT_ENOMEM ? EXIT_INTERNAL : EXIT_INPUT;
}

int cli_parse_number(double *out, const char *arg, const char *option)
{
	char *end;
	errno = 0;
	double v = strtod(arg, &end);
	if (errno || end == arg || *end || !isfinite(v) || v < 0) {
		fprintf(stderr, "quartier: %s expects a number >= 0, got '%s'\n", option, arg);
		return -1;
	}
	*out = v;
	return 0;
}

void cli_show_progress(const qt_progress *p, void *ctx)
{
	(void)ctx;
	fprintf(stderr, "[%6.1f s] %-9s", p->elapsed_s, p->phase);
	if (isfinite(p->incumbent))
		fprintf(stderr, "  best %.6g", p->incumbent);
	if (isfinite(p->bound))
		fprintf(stderr, "  bound %.6g", p->bound);
	if (isfinite(qt_gap(p->incumbent, p->bound)))
		fprintf(stderr, "  gap %.2f %%", 100.0 * qt_gap(p->incumbent, p->bound));
	fputc('\n', stderr);
}

void cli_solver_init(cli_solver *cs)
{
	qt_solve_options_init(&cs->solve);
	cs->progress = -1;
}

int cli_solver_option(cli_solver *cs, int c, const char *arg)
{
	switch (c) {
	case CLI_OPT_TIME:
		if (cli_parse_number(&cs->solve.time_limit_s, arg, "--time-limit"))
			return -1;
		if (cs->solve.time_limit_s <= 0 || cs->solve.time_limit_s > QT_MAX_TIME_LIMIT_S)
			return cli_fail_input("--time-limit must be above 0 and at most %.0f, got '%s'",
					      QT_MAX_TIME_LIMIT_S, arg), -1;
		return 1;
	case CLI_OPT_GAP:
		if (cli_parse_number(&cs->solve.gap, arg, "--gap"))
			return -1;
		if (cs->solve.gap >= 1)
			return cli_fail_input("--gap must be in [0, 1), got '%s'", arg), -1;
		return 1;
	case CLI_OPT_PROGRESS:
		cs->progress = 1;
		return 1;
	case CLI_OPT_JOBS: {
		char *end;
		long j = strtol(arg, &end, 10);
		if (end == arg || *end || j < 1 || j > 256)
			return cli_fail_input("--jobs expects a whole number from 1 to 256, got '%s'", arg), -1;
		cs->solve.jobs = (int)j;
		return 1;
	}
	case CLI_OPT_NO_PROGRESS:
		cs->progress = 0;
		return 1;
	case 'v':
		cs->solve.verbose = 1;
		return 1;
	}
	return 0;
}

void cli_solver_finish(cli_solver *cs)
{
	if (cs->progress == -1)
		cs->progress = isatty(STDERR_FILENO);
	if (cs->progress)
		cs->solve.progress = cli_show_progress;
}

int cli_parse_format(qt_format *out, const char *arg, unsigned allowed)
{
	static const char *const names[] = { "text", "json", "csv", "html", "xlsx" };
	static const qt_format ids[] = { QT_FORMAT_TEXT, QT_FORMAT_JSON, QT_FORMAT_CSV, QT_FORMAT_HTML, QT_FORMAT_XLSX };
	char list[48] = "";
	size_t len = 0;
	for (int i = 0; i < 5; i++) {
		if (!(allowed & (1u << ids[i])))
			continue;
		if (!strcmp(arg, names[i])) {
			*out = ids[i];
			return 0;
		}
		len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", len ? ", " : "", names[i]);
	}
	return cli_fail_input("--format expects one of %s, got '%s'", list, arg);
}

int cli_is_file_format(qt_format format) { return format == QT_FORMAT_HTML || format == QT_FORMAT_XLSX; }

int cli_file_written(int rc, qt_format format, const char *path)
{
	if (rc) {
		fprintf(stderr, "quartier: writing %s failed: %s\n", path, qt_last_error());
		return rc == QT_EINPUT ? EXIT_INPUT : EXIT_INTERNAL;
	}
	fprintf(stderr, "quartier: %s written to %s\n",
		format == QT_FORMAT_HTML ? "report page" : format == QT_FORMAT_CSV ? "CSV files" : "workbook", path);
	return 0;
}
