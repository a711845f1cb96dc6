/*
 * tp_lock.h: one process at a time on a state file.
 *
 * A lock file beside the state (DB.lock for DB) held with flock(2): the
 * kernel drops it when its holder exits, even by kill -9, so a crashed
 * cron run never leaves a stale lock behind.  Overlapping runs wait for
 * it, up to a timeout, then give up with TP_EX_TEMPFAIL (75, "retry
 * later"), never interleave.
 */
#ifndef TP_LOCK_H
#define TP_LOCK_H

#include "core/tp_err.h"

struct tp_lock {
	int fd;			/* -1 when not held */
};

/* Take the lock of path (path.lock), waiting up to wait_ms. */
int tp_lock_take(struct tp_lock *l, const char *path, int wait_ms,
    struct tp_err *err);
void tp_lock_release(struct tp_lock *l);

#endif
