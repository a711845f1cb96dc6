/*
 * tp_mfeat.h: a model's features, the fields of each record it reads.
 *
 * A strategy lists them as names and globs (fnmatch(3): "rsi_*", "*_4h",
 * "btc_usdt_*"); the first record settles the list: each name in the order
 * given, each glob expanded to the record's fields it matches in the
 * record's order, never one field twice, and never a field that is not a
 * feature (time, symbol, timeframe, exchange, type, the model's own
 * outputs).  A trained model keeps the settled list; prediction reads the
 * fields by name.
 */
#ifndef TP_MFEAT_H
#define TP_MFEAT_H

#include "core/tp_err.h"
#include "decide/tp_strategy.h"
#include "rec/tp_names.h"
#include "rec/tp_rec.h"

struct tp_mfeat {
	struct tp_names *names;
	int *id;		/* the fields, in order */
	int *at;		/* where each was in the last record */
	int n;
};

/*
 * Settle the features of patterns pat[0..npat) against rec; the fields a
 * model of m writes (tp_mspec_fields()) are not features.
 * TP_EX_DATAERR naming rec's input and line when a name is missing or a
 * glob matches nothing.
 */
int tp_mfeat_resolve(struct tp_mfeat *f, struct tp_names *names,
    char *const *pat, int npat, const struct tp_mspec *m,
    const struct tp_rec *rec,
    struct tp_err *err);

/* The features named names[0..n) (a trained model's list). */
int tp_mfeat_named(struct tp_mfeat *f, struct tp_names *names,
    char *const *list, int n, struct tp_err *err);

/*
 * The features of rec into x[0..f->n): NaN for an empty (null) value.  A
 * field the record lacks is TP_EX_DATAERR naming it, rec's input and line
 * (a model whose features the stream no longer has).
 */
int tp_mfeat_read(struct tp_mfeat *f, const struct tp_rec *rec, double *x,
    struct tp_err *err);

void tp_mfeat_release(struct tp_mfeat *f);

#endif
