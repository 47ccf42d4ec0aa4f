/*
 * pace.c - the timing of one session's tries (engine/pace.h).
 */
#include "config.h"

#include "engine/pace.h"

void
ipl_pace_init(struct ipl_pace *p, const struct ipl_config *cfg, bool persist)
{
	p->msg_timeout_ms = cfg->msg_timeout_ms;
	/* A status keeps msg_timeout per try: its one attempt then lasts
	 * OpenIPMI's 7 tries of it, as a status always did. */
	p->retry_ms = persist ? ipl_config_retry_ms(cfg) : cfg->msg_timeout_ms;
	p->answer_ms = 0;
	p->persist = persist;
}

enum ipl_pace_verdict
ipl_pace_check(const struct ipl_pace *p, const struct ipl_wire_watch *w)
{
	return p->persist && ipl_wire_rakp3_futile(w) ? IPL_PACE_FUTILE
						       : IPL_PACE_WAIT;
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
