/* Times the run database with a stored run: rebuilding it (qt_store_load), storing it again
 * (qt_store_add_run, one committed transaction each) and the bytes a run takes. Writes N more runs
 * into DB, so run it on a copy. Not part of make check; README.md ("Run history") gives the command.
 *
 *   bench_store DB RUN N */
#include "quartier.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static long long file_bytes(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 ? (long long)sb.st_size : -1;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fputs("usage: bench_store DB RUN N\n", stderr);
		return 2;
	}
	int n = atoi(argv[3]);
	qt_store *st;
	long id;
	if (n < 1 || qt_store_open(&st, argv[1], QT_STORE_WRITE) || qt_store_find_run(&id, st, argv[2])) {
		fprintf(stderr, "bench_store: %s\n", qt_last_error());
		return 2;
	}
	double *load = calloc((size_t)n, sizeof *load), *store = calloc((size_t)n, sizeof *store);
	qt_scenario *s = NULL;
	qt_plan *p = NULL;
	for (int i = 0; i < n; i++) {
		qt_scenario_free(s);
		qt_plan_free(p);
		double t0 = now();
		if (qt_store_load(&s, &p, st, id)) {
			fprintf(stderr, "bench_store: %s\n", qt_last_error());
			return 1;
		}
		load[i] = now() - t0;
	}
	qt_store_close(st); /* checkpoint, so the file size counts every run */
	long long before = file_bytes(argv[1]);
	qt_store_open(&st, argv[1], QT_STORE_WRITE);
	for (int i = 0; i < n; i++) {
		long added;
		double t0 = now();
		if (qt_store_add_run(&added, st, s, p, NULL)) {
			fprintf(stderr, "bench_store: %s\n", qt_last_error());
			return 1;
		}
		store[i] = now() - t0;
	}
	qt_store_close(st);
	long long after = file_bytes(argv[1]);
	qsort(load, (size_t)n, sizeof *load, by_value);
	qsort(store, (size_t)n, sizeof *store, by_value);
	printf("run %ld: \"%s\", %d periods\n", id, qt_scenario_name(s), qt_scenario_periods(s));
	printf("load (scenario parse + plan rebuild): median %.1f ms, max %.1f ms\n", 1e3 * load[n / 2],
	       1e3 * load[n - 1]);
	printf("store (one committed transaction):    median %.1f ms, max %.1f ms\n", 1e3 * store[n / 2],
	       1e3 * store[n - 1]);
	printf("database growth: %lld bytes per run (scenario text stored once)\n", (after - before) / n);
	qt_plan_free(p);
	qt_scenario_free(s);
	free(load);
	free(store);
	return 0;
}
