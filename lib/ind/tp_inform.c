/*
 * tp_inform.c: higher timeframes, other symbols and shifted copies as
 * fields (tp_inform.h).  Work in progress: the adders refuse for now.
 */
#include <stddef.h>

#include "ind/tp_inform.h"

static int
todo(struct tp_err *err)
{
	return tp_errf(err, TP_EX_USAGE, NULL, 0, "informative fields are "
	    "not built yet");
}

void
tp_inform_base_tf(struct tp_inds *s, int64_t ms)
{
	(void)s;
	(void)ms;
}

int
tp_inform_tf(struct tp_inds *s, int64_t tf, const char *spec,
    const char *alias, const char *const fields[TP_IN_N],
    struct tp_err *err)
{
	(void)s, (void)tf, (void)spec, (void)alias, (void)fields;
	return todo(err);
}

int
tp_inform_from(struct tp_inds *s, const char *symbol, const char *what,
    const char *const fields[TP_IN_N], struct tp_err *err)
{
	(void)s, (void)symbol, (void)what, (void)fields;
	return todo(err);
}

int
tp_inform_shift(struct tp_inds *s, const char *what, int n,
    const char *const fields[TP_IN_N], struct tp_err *err)
{
	(void)s, (void)what, (void)n, (void)fields;
	return todo(err);
}

const char *
tp_inform_unseen(const struct tp_inds *s, int i)
{
	(void)s;
	(void)i;
	return NULL;
}
