/* Independent tasks over worker threads: sweeps and comparisons use both cores.
 *
 * GLPK 5.0 as Debian builds it keeps its environment per thread (glp_config("TLS")), so each
 * worker solves its own programs; a worker frees its GLPK environment before it ends. The tasks
 * are handed out by a shared counter, but each task's result depends only on its index, so the
 * same inputs give the same results whatever the timing. */
#include "internal.h"

#include <glpk.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
	pthread_mutex_t lock;
	size_t next, n;
	int (*fn)(size_t i, void *ctx);
	void *ctx;
	int rc;            /* the error of the lowest failed task, 0 if none */
	size_t failed;     /* its index */
	char message[1024];
} pool;

static _Thread_local int in_worker;

int qt_in_worker(void) { return in_worker; }

void qt_mark_worker(void) { in_worker = 1; }

int qt_cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

static void record(pool *p, size_t i, int rc)
{
	pthread_mutex_lock(&p->lock);
	if (rc && (!p->rc || i < p->failed)) {
		p->rc = rc;
		p->failed = i;
		snprintf(p->message, sizeof p->message, "%s", qt_last_error());
	}
	pthread_mutex_unlock(&p->lock);
}

static void *worker(void *arg)
{
	pool *p = arg;
	in_worker = 1;
	for (;;) {
		pthread_mutex_lock(&p->lock);
		size_t i = p->next < p->n ? p->next++ : p->n;
		pthread_mutex_unlock(&p->lock);
		if (i == p->n)
			break;
		record(p, i, p->fn(i, p->ctx));
	}
	glp_free_env();
	return NULL;
}

int qt_parallel(size_t n, int jobs, int (*fn)(size_t i, void *ctx), void *ctx)
{
	if (jobs <= 0)
		jobs = qt_cores();
	if ((size_t)jobs > n)
		jobs = (int)n;
	if (jobs <= 1) {
		for (size_t i = 0; i < n; i++) {
			int rc = fn(i, ctx);
			if (rc)
				return rc;
		}
		return 0;
	}
	pool p = { .n = n, .fn = fn, .ctx = ctx };
	pthread_mutex_init(&p.lock, NULL);
	pthread_t *th = calloc((size_t)jobs, sizeof *th);
	int started = 0;
	if (th)
		while (started < jobs && pthread_create(&th[started], NULL, worker, &p) == 0)
			started++;
	if (started == 0)
		worker(&p); /* no thread to be had: the caller's thread does the work */
	for (int j = 0; j < started; j++)
		pthread_join(th[j], NULL);
	free(th);
	pthread_mutex_destroy(&p.lock);
	if (p.rc)
		return qt_set_error(p.rc, "%s", p.message);
	return 0;
}
