/* Helpers shared by the commands. */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

int cli_fail_input(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("quartier: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return EXIT_INPUT;
}

int cli_load(qt_scenario **out, const char *path)
{
	qt_errors *errs = NULL;
	int rc = qt_scenario_read_file(out, &errs, path);
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
