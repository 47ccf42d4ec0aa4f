/*
 * pace.c - the timing of one session's tries (engine/pace.h).
 */
#include "config.h"

#include "engine/pace.h"

/* OpenIPMI sends each handshake message at most this many times. */
#define IPL_PACE_OPENIPMI_TRIES 7u

void
ipl_pace_init(struct ipl_pace *p, const struct ipl_config *cfg, bool persist)
{
	p->msg_timeout_ms = cfg->msg_timeout_ms;
	p->retry_ms = ipl_config_retry_ms(cfg);
	p->answer_ms = 0;
	p->rakp3_ms = 0;
	p->silent_cuts = 0;
	p->persist = persist;
}

enum ipl_pace_verdict
ipl_pace_check(struct ipl_pace *p, const struct ipl_wire_watch *w,
	       const struct ipl_deadline *dl, struct ipl_deadline *by)
{
	unsigned int wait_ms;

	*by = *dl;
	if (!p->persist) {
		return IPL_PACE_WAIT;
	}
	if (ipl_wire_rakp3_futile(w)) {
		return IPL_PACE_FUTILE;
	}
	wait_ms = ipl_wire_rakp3_wait_ms(w, p->retry_ms);
	if (wait_ms == 0 || p->silent_cuts >= IPL_PACE_SILENT_CUTS) {
		return IPL_PACE_WAIT;
	}
	if (wait_ms < p->rakp3_ms) {
		wait_ms = p->rakp3_ms;
	}
	ipl_deadline_after(by, &w->last, wait_ms);
	if (ipl_deadline_passed(by)) {
		p->rakp3_ms = wait_ms;
		*by = *dl;
		return IPL_PACE_SILENT;
	}
	ipl_deadline_min(by, by, dl);
	return IPL_PACE_WAIT;
}

void
ipl_pace_after_silent_rakp3(struct ipl_pace *p)
{
	unsigned int most = IPL_PACE_OPENIPMI_TRIES * p->retry_ms;

	p->silent_cuts++;
	p->rakp3_ms = p->rakp3_ms >= most / 2u ? most : 2u * p->rakp3_ms;
}

void
ipl_pace_after_no_answer(struct ipl_pace *p)
{
	p->retry_ms = p->retry_ms >= p->msg_timeout_ms / 2u
		? p->msg_timeout_ms : 2u * p->retry_ms;
}

void
ipl_pace_connected(struct ipl_pace *p, const struct ipl_wire_watch *w)
{
	if (w->count == 0) {
		return;
	}
	p->answer_ms = w->min_gap_ms < p->msg_timeout_ms ? w->min_gap_ms
							 : p->msg_timeout_ms;
}

unsigned int
ipl_pace_first_repeat_ms(const struct ipl_pace *p)
{
	unsigned int slow = p->answer_ms + p->answer_ms / 2u;

	return slow > p->retry_ms ? slow : p->retry_ms;
}

unsigned int
ipl_pace_next_repeat_ms(const struct ipl_pace *p, unsigned int wait_ms)
{
	unsigned int first = ipl_pace_first_repeat_ms(p);
	unsigned int most = 2u * first < p->msg_timeout_ms ? 2u * first
		: first > p->msg_timeout_ms ? first : p->msg_timeout_ms;

	wait_ms += wait_ms / 2u;
	return wait_ms < most ? wait_ms : most;
}
