/*
 * tp_newfile.h: replacing a file whole, so that a reader or a crash never
 * sees half of it: the new text goes to a file beside it, which is synced and
 * renamed over it, and the directory is synced so that the rename itself
 * survives a power cut.
 *
 * The file beside it has a random name and is created exclusively
 * (mkostemp: O_CREAT | O_EXCL, which never follows a symbolic link), so
 * that nobody can make tp write through a link planted at a name guessed
 * in advance.  The new file keeps the permissions of the one it replaces;
 * a file that did not exist gets the mode asked for, less the umask (0600
 * for a journal's backup: a copy must not be more readable than the
 * journal).
 */
#ifndef TP_NEWFILE_H
#define TP_NEWFILE_H

#include <sys/types.h>

#include "core/tp_err.h"

struct tp_newfile {
	int fd;			/* open for writing; -1 when closed */
	const char *path;	/* the file to replace */
	char tmp[4096];		/* the new file beside it */
};

/* Create the new file that will replace path; -1 (TP_EX_IOERR, naming
 * path and errno's text) when it cannot. */
int tp_newfile_open(struct tp_newfile *f, const char *path, mode_t mode,
    struct tp_err *err);

/* Sync and close the new file, rename it over path, sync the directory.
 * On failure the new file is removed and path is as it was. */
int tp_newfile_commit(struct tp_newfile *f, struct tp_err *err);

/* Close and remove the new file: path is as it was. */
void tp_newfile_abort(struct tp_newfile *f);

#endif
