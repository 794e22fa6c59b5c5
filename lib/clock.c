/* One clock for every measured duration: monotonic, so a change of the system time does not
 * bend a time limit or a reported solve time. */
#include "internal.h"

#include <time.h>

double qt_clock_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}
