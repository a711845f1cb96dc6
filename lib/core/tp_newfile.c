/*
 * tp_newfile.c: replacing a file whole (see tp_newfile.h).
 */
#define _GNU_SOURCE		/* mkostemp */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/tp_newfile.h"

/* The permission bits the new file gets: those of the file it replaces,
 * else mode less the umask. */
static mode_t
new_mode(const char *path, mode_t mode)
{
	struct stat st;
	mode_t mask;

	if (stat(path, &st) == 0)
		return st.st_mode & 07777;
	mask = umask(0);
	umask(mask);
	return mode & ~mask & 07777;
}

int
tp_newfile_open(struct tp_newfile *f, const char *path, mode_t mode,
    struct tp_err *err)
{
	f->fd = -1;
	f->path = path;
	if (snprintf(f->tmp, sizeof(f->tmp), "%s.tmp-XXXXXX", path) >=
	    (int)sizeof(f->tmp))
		return tp_errf(err, TP_EX_USAGE, path, 0, "path too long");
	f->fd = mkostemp(f->tmp, O_CLOEXEC);
	if (f->fd < 0)
		return tp_errf(err, TP_EX_IOERR, path, 0, "cannot create: %s",
		    strerror(errno));
	if (fchmod(f->fd, new_mode(path, mode)) < 0) {
		tp_errf(err, TP_EX_IOERR, f->tmp, 0, "cannot set its mode: %s",
		    strerror(errno));
		tp_newfile_abort(f);
		return -1;
	}
	return 0;
}

/* Sync the directory that holds path, so that a rename in it is durable. */
static int
sync_dir(const char *path, struct tp_err *err)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	int fd, rc = 0;

	if (slash == NULL)
		strcpy(dir, ".");
	else if (slash == path)
		strcpy(dir, "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) < 0)
		rc = tp_errf(err, TP_EX_IOERR, dir, 0, "cannot sync the "
		    "directory: %s", strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}

int
tp_newfile_commit(struct tp_newfile *f, struct tp_err *err)
{
	int rc = 0;

	if (fsync(f->fd) < 0)
		rc = tp_errf(err, TP_EX_IOERR, f->path, 0, "cannot write: %s",
		    strerror(errno));
	if (close(f->fd) < 0 && rc == 0)
		rc = tp_errf(err, TP_EX_IOERR, f->path, 0, "cannot write: %s",
		    strerror(errno));
	f->fd = -1;
	if (rc == 0 && rename(f->tmp, f->path) < 0)
		rc = tp_errf(err, TP_EX_IOERR, f->path, 0, "cannot rename %s "
		    "to it: %s", f->tmp, strerror(errno));
	if (rc < 0) {
		tp_newfile_abort(f);
		return -1;
	}
	return sync_dir(f->path, err);
}

void
tp_newfile_abort(struct tp_newfile *f)
{
	if (f->fd >= 0)
		close(f->fd);
	f->fd = -1;
	unlink(f->tmp);
}
