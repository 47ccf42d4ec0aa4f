/*
 * deadline.c - absolute deadlines on CLOCK_MONOTONIC (engine/deadline.h).
 */
#include "config.h"

#include <errno.h>
#include <time.h>

#include "engine/deadline.h"

#define NS_PER_S 1000000000L

void
ipl_deadline_after(struct ipl_deadline *dl, const struct timespec *from,
		   unsigned int ms)
{
	dl->at.tv_sec = from->tv_sec + (time_t)(ms / 1000u);
	dl->at.tv_nsec = from->tv_nsec + (long)(ms % 1000u) * 1000000L;
	if (dl->at.tv_nsec >= NS_PER_S) {
		dl->at.tv_sec += 1;
		dl->at.tv_nsec -= NS_PER_S;
	}
}

void
ipl_deadline_in(struct ipl_deadline *dl, unsigned int ms)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ipl_deadline_after(dl, &now, ms);
}

static bool
before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec
		|| (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

void
ipl_deadline_min(struct ipl_deadline *out, const struct ipl_deadline *a,
		 const struct ipl_deadline *b)
{
	*out = before(&a->at, &b->at) ? *a : *b;
}

unsigned int
ipl_deadline_left_ms(const struct ipl_deadline *dl)
{
	struct timespec now;
	long long left;

	clock_gettime(CLOCK_MONOTONIC, &now);
	left = (long long)(dl->at.tv_sec - now.tv_sec) * 1000LL
		+ (dl->at.tv_nsec - now.tv_nsec) / 1000000L;
	if (left <= 0) {
		return 0;
	}
	return left > 0x7fffffffLL ? 0x7fffffffu : (unsigned int)left;
}

bool
ipl_deadline_passed(const struct ipl_deadline *dl)
{
	return ipl_deadline_left_ms(dl) == 0;
}

unsigned int
ipl_elapsed_ms(const struct timespec *start)
{
	struct timespec now;
	long long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (long long)(now.tv_sec - start->tv_sec) * 1000LL
		+ (now.tv_nsec - start->tv_nsec) / 1000000L;
	if (ms < 0) {
		return 0u;
	}
	return ms > 0x7fffffffLL ? 0x7fffffffu : (unsigned int)ms;
}

void
ipl_deadline_sleep(unsigned int ms, const struct ipl_deadline *dl)
{
	struct ipl_deadline wake;

	ipl_deadline_in(&wake, ms);
	ipl_deadline_min(&wake, &wake, dl);
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &wake.at,
			       NULL) == EINTR) {
		/* interrupted: the wake-up point is absolute */
	}
}
