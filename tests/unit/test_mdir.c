/*
 * test_mdir.c: model directories (model/tp_mdir.h): versions appear whole
 * and numbered, the newest is found, a version given up leaves nothing,
 * old ones are purged, what dead writers left is removed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "model/tp_mdir.h"
#include "tap.h"

static char top[256];

static int
exists(const char *dir, const char *name)
{
	char p[512];
	struct stat sb;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return stat(p, &sb) == 0;
}

/* A new version with one file of text s. */
static long
add(const char *dir, const char *s)
{
	struct tp_err err = TP_ERR_INIT;
	char tmp[TP_MDIR_PATHSZ], p[TP_MDIR_PATHSZ + 16];
	long v = -1;
	FILE *f;

	if (tp_mdir_begin(dir, tmp, &err) < 0)
		return -1;
	snprintf(p, sizeof(p), "%s/meta.json", tmp);
	if ((f = fopen(p, "w")) == NULL)
		return -1;
	fputs(s, f);
	fclose(f);
	return tp_mdir_commit(dir, tmp, &v, &err) < 0 ? -1 : v;
}

static int
count(const char *dir)
{
	char cmd[512], line[64];
	FILE *p;
	int n = -1;

	snprintf(cmd, sizeof(cmd), "ls -A '%s' | wc -l", dir);
	if ((p = popen(cmd, "r")) != NULL) {
		if (fgets(line, sizeof(line), p) != NULL)
			n = atoi(line);
		pclose(p);
	}
	return n;
}

/* Make dir/name, a directory, with a file in it. */
static void
make(const char *dir, const char *name)
{
	char p[512];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/%s/model.json", dir, name);
	if ((f = fopen(p, "w")) != NULL) {
		fputs("{\"learner\"", f);
		fclose(f);
	}
}

/* A writer killed mid-way leaves its directory; the next begin or purge
 * removes it once its pid is dead, never a live writer's. */
static void
test_sweep(const char *dir)
{
	struct tp_err err = TP_ERR_INIT;
	char tmp[TP_MDIR_PATHSZ], want[64], dead_new[64], dead_old[64],
	    live[64];
	pid_t dead = fork();

	if (dead == 0)
		_exit(0);
	waitpid(dead, NULL, 0);
	snprintf(dead_new, sizeof(dead_new), ".new-%ld-abc123", (long)dead);
	snprintf(dead_old, sizeof(dead_old), ".old-%ld-v000002", (long)dead);
	snprintf(live, sizeof(live), ".new-%ld-def456", (long)getpid());
	make(dir, dead_new);
	make(dir, dead_old);
	make(dir, live);
	make(dir, ".new-ghi789");
	snprintf(want, sizeof(want), "/.new-%ld-", (long)getpid());
	tap_ok(tp_mdir_begin(dir, tmp, &err) == 0 && strstr(tmp, want) !=
	    NULL, "a new version's directory names its writer (%s)", tmp);
	tap_ok(!exists(dir, dead_new) && !exists(dir, dead_old),
	    "begin: a dead writer's new and purged directories are removed");
	tap_ok(exists(dir, live) && exists(dir, ".new-ghi789") &&
	    exists(tmp, ""), "begin: a live writer's stays, and one of no "
	    "known writer");
	tp_mdir_abort(tmp);
	make(dir, dead_new);
	tap_ok(tp_mdir_purge(dir, 1, &err) == 0 && !exists(dir, dead_new) &&
	    exists(dir, live) && exists(dir, "v000004"), "purge: the same");
}

int
main(void)
{
	struct tp_err err = TP_ERR_INIT;
	char dir[300], path[TP_MDIR_PATHSZ], tmp[TP_MDIR_PATHSZ];
	long v = 0;

	snprintf(top, sizeof(top), "%s/tp-mdir-XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(top) == NULL)
		return 1;
	snprintf(dir, sizeof(dir), "%s/models", top);

	tap_ok(tp_mdir_newest(dir, path, sizeof(path), &v, &err) < 0 &&
	    err.code == TP_EX_NOINPUT, "no directory: no model (66)");
	tp_err_clear(&err);
	tap_ok(add(dir, "1") == 1 && add(dir, "2") == 2 && add(dir, "3") == 3,
	    "versions are numbered 1, 2, 3");
	tap_ok(exists(dir, "v000001/meta.json") &&
	    exists(dir, "v000003/meta.json"), "each a directory with its files");
	tap_ok(tp_mdir_newest(dir, path, sizeof(path), &v, &err) == 0 &&
	    v == 3 && strstr(path, "/v000003") != NULL, "the newest is v3");

	/* A version being written is not a version. */
	tap_ok(tp_mdir_begin(dir, tmp, &err) == 0 && tp_mdir_newest(dir, path,
	    sizeof(path), &v, &err) == 0 && v == 3,
	    "one being written is not the newest");
	tp_mdir_abort(tmp);
	tap_ok(count(dir) == 3, "given up, it leaves nothing");

	tap_ok(tp_mdir_purge(dir, 2, &err) == 0 && !exists(dir, "v000001") &&
	    exists(dir, "v000002") && exists(dir, "v000003"),
	    "--keep 2 removes the oldest");
	tap_ok(add(dir, "4") == 4, "after a purge, numbers go on");
	tap_ok(tp_mdir_purge(dir, 0, &err) < 0 && err.code == TP_EX_USAGE,
	    "--keep 0 is refused");
	tp_err_clear(&err);
	tap_ok(tp_mdir_purge(dir, 1, &err) == 0 && count(dir) == 1 &&
	    exists(dir, "v000004"), "--keep 1 keeps the newest alone");

	test_sweep(dir);

	snprintf(path, sizeof(path), "rm -rf '%s'", top);
	if (system(path) != 0)
		return 1;
	return tap_done();
}
