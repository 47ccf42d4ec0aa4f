/*
 * engine/deadline.h - absolute deadlines on CLOCK_MONOTONIC.  An operation
 * computes one deadline from its timeout and passes it down; every wait in
 * the engine ends by it.  Wall-clock changes cannot stretch or shorten it.
 */
#ifndef IPL_ENGINE_DEADLINE_H
#define IPL_ENGINE_DEADLINE_H

#include <stdbool.h>
#include <time.h>

/* An absolute point on CLOCK_MONOTONIC. */
struct ipl_deadline {
	struct timespec at;
};

/* A deadline ms milliseconds from now. */
void ipl_deadline_in(struct ipl_deadline *dl, unsigned int ms);
/* A deadline ms milliseconds after the point from. */
void ipl_deadline_after(struct ipl_deadline *dl, const struct timespec *from,
			unsigned int ms);
/* The earlier of a and b into out. */
void ipl_deadline_min(struct ipl_deadline *out, const struct ipl_deadline *a,
		      const struct ipl_deadline *b);
/* Milliseconds left, 0 once passed (a sub-millisecond rest counts as
 * passed). */
unsigned int ipl_deadline_left_ms(const struct ipl_deadline *dl);
bool ipl_deadline_passed(const struct ipl_deadline *dl);

/* Milliseconds from the point start until now, 0 if start is later. */
unsigned int ipl_elapsed_ms(const struct timespec *start);

/* Sleep ms milliseconds, never past dl (an absolute sleep: signals do not
 * lengthen it). */
void ipl_deadline_sleep(unsigned int ms, const struct ipl_deadline *dl);

#endif
