/*
 * tp_mdir.c: versions of a model in a directory (tp_mdir.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/tp_mdir.h"

/* The number of a version's name, "v000012" -> 12, or -1. */
static long
version_of(const char *name)
{
	char *end;
	long v;

	if (name[0] != 'v' || name[1] < '0' || name[1] > '9')
		return -1;
	v = strtol(name + 1, &end, 10);
	return *end == '\0' && v > 0 ? v : -1;
}

/* Every version number of dir, in *v (malloc'd, ascending), *n of them. */
static int
versions(const char *dir, long **v, int *n, struct tp_err *err)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	long *a = NULL, *t, x;
	int cap = 0, i, j;

	*v = NULL;
	*n = 0;
	if (d == NULL)
		return errno == ENOENT ? 0 : tp_errf(err, TP_EX_IOERR, dir, 0,
		    "%s", strerror(errno));
	while ((e = readdir(d)) != NULL) {
		if ((x = version_of(e->d_name)) < 0)
			continue;
		if (*n == cap) {
			cap = cap * 2 + 8;
			if ((t = realloc(a, (size_t)cap * sizeof(*a))) == NULL) {
				free(a);
				closedir(d);
				return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
				    "out of memory");
			}
			a = t;
		}
		a[(*n)++] = x;
	}
	closedir(d);
	for (i = 1; i < *n; i++)	/* few versions: insertion sort */
		for (j = i; j > 0 && a[j - 1] > a[j]; j--) {
			x = a[j];
			a[j] = a[j - 1];
			a[j - 1] = x;
		}
	*v = a;
	return 0;
}

char *
tp_mdir_beside(const char *strategy, char *buf, size_t n)
{
	size_t k = strlen(strategy);

	if (k > 5 && strcmp(strategy + k - 5, ".json") == 0)
		k -= 5;
	snprintf(buf, n, "%.*s.models", (int)k, strategy);
	return buf;
}

char *
tp_mdir_of(const char *dir, const struct tp_strategy *s, int i, char *buf,
    size_t n)
{
	if (s->nmodels <= 1)
		snprintf(buf, n, "%s", dir);
	else
		snprintf(buf, n, "%s/%s", dir, s->models[i].name);
	return buf;
}

/* An ensemble's DIR of DIR/NAME, made when missing; a failure shows in
 * the mkdir of dir that follows. */
static void
make_parent(const char *dir)
{
	char p[TP_MDIR_PATHSZ];
	char *slash;

	snprintf(p, sizeof(p), "%s", dir);
	slash = strrchr(p, '/');
	if (slash == NULL || slash == p)
		return;
	*slash = '\0';
	(void)mkdir(p, 0755);
}

int
tp_mdir_newest(const char *dir, char *path, size_t cap, long *version,
    struct tp_err *err)
{
	long *v;
	int n;

	if (versions(dir, &v, &n, err) < 0)
		return -1;
	if (n == 0) {
		free(v);
		return tp_errf(err, TP_EX_NOINPUT, dir, 0, "no trained model "
		    "here (tp-predict train makes one)");
	}
	*version = v[n - 1];
	free(v);
	if ((size_t)snprintf(path, cap, "%s/v%06ld", dir, *version) >= cap)
		return tp_errf(err, TP_EX_USAGE, dir, 0, "path too long");
	return 0;
}

static int
sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static void sweep(const char *dir);

int
tp_mdir_begin(const char *dir, char *tmp, struct tp_err *err)
{
	if (mkdir(dir, 0755) < 0 && errno == ENOENT)
		make_parent(dir);
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return tp_errf(err, TP_EX_IOERR, dir, 0, "cannot make the "
		    "model directory: %s", strerror(errno));
	sweep(dir);
	/* the writer's pid in the name: sweep() knows it from a dead one */
	if ((size_t)snprintf(tmp, TP_MDIR_PATHSZ, "%s/.new-%ld-XXXXXX", dir,
	    (long)getpid()) >= TP_MDIR_PATHSZ)
		return tp_errf(err, TP_EX_USAGE, dir, 0, "path too long");
	if (mkdtemp(tmp) == NULL)
		return tp_errf(err, TP_EX_IOERR, dir, 0, "cannot make a "
		    "new version: %s", strerror(errno));
	return 0;
}

/* Sync every file of tmp, so that the rename publishes whole files. */
static int
sync_files(const char *tmp)
{
	DIR *d = opendir(tmp);
	struct dirent *e;
	char p[TP_MDIR_PATHSZ];
	int fd, rc = 0;

	if (d == NULL)
		return -1;
	while (rc == 0 && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", tmp, e->d_name);
		if ((fd = open(p, O_RDONLY)) < 0 || fsync(fd) < 0)
			rc = -1;
		if (fd >= 0)
			close(fd);
	}
	closedir(d);
	return rc < 0 ? -1 : sync_dir(tmp);
}

int
tp_mdir_commit(const char *dir, const char *tmp, long *version,
    struct tp_err *err)
{
	char path[TP_MDIR_PATHSZ];
	long *v;
	int n, tries;

	if (sync_files(tmp) < 0)
		return tp_errf(err, TP_EX_IOERR, tmp, 0, "%s", strerror(errno));
	if (versions(dir, &v, &n, err) < 0)
		return -1;
	*version = n > 0 ? v[n - 1] + 1 : 1;
	free(v);
	/* Another trainer may take the number first: the next one then. */
	for (tries = 0; tries < 100; tries++, (*version)++) {
		snprintf(path, sizeof(path), "%s/v%06ld", dir, *version);
		if (rename(tmp, path) == 0)
			return sync_dir(dir) < 0 ? tp_errf(err, TP_EX_IOERR,
			    dir, 0, "%s", strerror(errno)) : 0;
		if (errno != EEXIST && errno != ENOTEMPTY)
			break;
	}
	return tp_errf(err, TP_EX_IOERR, path, 0, "cannot publish the new "
	    "version: %s", strerror(errno));
}

/* Remove the files of a version's directory, then it (no subdirectories
 * in a version). */
static int
remove_tree(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char p[TP_MDIR_PATHSZ];

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", path, e->d_name);
		unlink(p);
	}
	closedir(d);
	return rmdir(path);
}

/* The pid in the name of a writer's directory, ".new-PID-..." (a
 * version being written) or ".old-PID-..." (one being purged), or -1. */
static long
writer_of(const char *name)
{
	char *end;
	long pid;

	if ((strncmp(name, ".new-", 5) != 0 && strncmp(name, ".old-", 5) !=
	    0) || name[5] < '1' || name[5] > '9')
		return -1;
	errno = 0;
	pid = strtol(name + 5, &end, 10);
	return errno == 0 && *end == '-' && pid <= INT_MAX ? pid : -1;
}

/*
 * Remove what dead writers left in dir: a trainer killed mid-write leaves
 * its .new- directory, a purge killed mid-way its .old- one.  A writer is
 * dead when kill(pid, 0) says ESRCH; any other answer (EPERM: another
 * user's) is a live one, whose directory is never touched.
 */
static void
sweep(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[TP_MDIR_PATHSZ];
	long pid;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if ((pid = writer_of(e->d_name)) < 0 ||
		    kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		remove_tree(p);
	}
	closedir(d);
}

void
tp_mdir_abort(const char *tmp)
{
	remove_tree(tmp);
}

int
tp_mdir_purge(const char *dir, int keep, struct tp_err *err)
{
	char path[TP_MDIR_PATHSZ], old[TP_MDIR_PATHSZ];
	long *v;
	int n, i, rc = 0;

	if (keep < 1)
		return tp_errf(err, TP_EX_USAGE, NULL, 0, "--keep: at least 1");
	sweep(dir);
	if (versions(dir, &v, &n, err) < 0)
		return -1;
	for (i = 0; i < n - keep; i++) {
		snprintf(path, sizeof(path), "%s/v%06ld", dir, v[i]);
		snprintf(old, sizeof(old), "%s/.old-%ld-v%06ld", dir,
		    (long)getpid(), v[i]);
		/* Out of the versions whole first: a reader that listed it
		 * finds it gone (and takes the newest again), not half of
		 * it; another purge cannot take it too (ENOENT: it did). */
		if (rename(path, old) < 0) {
			if (errno != ENOENT && rc == 0)
				rc = tp_errf(err, TP_EX_IOERR, path, 0, "cannot "
				    "remove an old version: %s",
				    strerror(errno));
			continue;
		}
		if (remove_tree(old) < 0 && rc == 0)
			rc = tp_errf(err, TP_EX_IOERR, old, 0, "cannot remove "
			    "an old version: %s", strerror(errno));
	}
	free(v);
	return rc;
}
