/*
 * tp_mdir.h: a model directory, the versions of one strategy's model.
 *
 * DIR/v000001/, DIR/v000002/, ... each hold one complete version: the
 * kind's model file and meta.json (tp_mmeta.h).  A version is written in
 * a fresh directory beside them (DIR/.new-PID-XXXXXX, mkdtemp, PID the
 * writer's) and renamed to its number only when whole, so a reader, a
 * cron run or a crash never sees half of one: the newest numbered
 * directory is the one in use.  FreqAI's purge_old_models is
 * tp_mdir_purge(): it renames a version out of the way whole
 * (DIR/.old-PID-vNNNNNN) before removing it, so that a reader that
 * listed it finds it gone, not half there.  What a writer killed
 * mid-way leaves (.new-PID-*, .old-PID-*) is removed by the next begin
 * or purge once no process PID lives; a live writer's never.
 */
#ifndef TP_MDIR_H
#define TP_MDIR_H

#include <stddef.h>

#include "core/tp_err.h"
#include "decide/tp_strategy.h"

/* Room for a version's path. */
#define TP_MDIR_PATHSZ 4096

/* The model directory of the strategy file at strategy when none is
 * given: beside it, its name with .models for .json (bot.json:
 * bot.models), into buf (n bytes); returns buf. */
char *tp_mdir_beside(const char *strategy, char *buf, size_t n);

/* The directory of s's model i in the model directory dir, into buf (n
 * bytes); returns buf.  One model keeps dir; each of an ensemble has its
 * own, dir/NAME (tp-predict(1) MODELS). */
char *tp_mdir_of(const char *dir, const struct tp_strategy *s, int i,
    char *buf, size_t n);

/* The newest version of dir into path (cap bytes) and *version; 0, or
 * -1 with TP_EX_NOINPUT when dir has none (naming dir). */
int tp_mdir_newest(const char *dir, char *path, size_t cap, long *version,
    struct tp_err *err);

/* Make dir when missing, remove what dead writers left in it, then a
 * fresh directory in it for a new version, its path into tmp
 * (TP_MDIR_PATHSZ bytes). */
int tp_mdir_begin(const char *dir, char *tmp, struct tp_err *err);

/* The new version tmp becomes the next number of dir (*version), synced. */
int tp_mdir_commit(const char *dir, const char *tmp, long *version,
    struct tp_err *err);

/* Remove tmp and what is in it (a version given up). */
void tp_mdir_abort(const char *tmp);

/* Remove what dead writers left and every version but the newest keep
 * (keep >= 1); a version another purge took meanwhile is no error; 0 or
 * -1. */
int tp_mdir_purge(const char *dir, int keep, struct tp_err *err);

#endif
