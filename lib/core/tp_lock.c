/*
 * tp_lock.c: the lock beside a state file (tp_lock.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "core/tp_lock.h"

int
tp_lock_take(struct tp_lock *l, const char *path, int wait_ms,
    struct tp_err *err)
{
	struct timespec pause = { 0, 10 * 1000000 };
	char name[4096];
	int waited = 0, rc = 0;

	l->fd = -1;
	if (snprintf(name, sizeof(name), "%s.lock", path) >= (int)sizeof(name))
		return tp_errf(err, TP_EX_USAGE, path, 0, "path too long");
	l->fd = open(name, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (l->fd < 0)
		return tp_errf(err, TP_EX_IOERR, name, 0, "cannot open: %s",
		    strerror(errno));
	/* Polling, not a blocking flock: the wait must end on time. */
	while (flock(l->fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			rc = tp_errf(err, TP_EX_IOERR, name, 0, "cannot lock: "
			    "%s", strerror(errno));
			break;
		}
		if (waited >= wait_ms) {
			rc = tp_errf(err, TP_EX_TEMPFAIL, path, 0, "another run "
			    "held the lock for %d ms; try again later", wait_ms);
			break;
		}
		nanosleep(&pause, NULL);
		waited += 10;
	}
	if (rc < 0) {
		close(l->fd);
		l->fd = -1;
	}
	return rc;
}

void
tp_lock_release(struct tp_lock *l)
{
	if (l->fd >= 0) {
		flock(l->fd, LOCK_UN);
		close(l->fd);
	}
	l->fd = -1;
}
