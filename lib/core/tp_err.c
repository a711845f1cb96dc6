#include <stdarg.h>
#include <stdio.h>

#include "core/tp_err.h"

int
tp_errf(struct tp_err *err, int code, const char *file, long line,
    const char *fmt, ...)
{
	va_list ap;

	if (err->code != 0)
		return -1;
	err->code = code;
	err->file = file;
	err->line = line;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

void
tp_err_at(struct tp_err *err, const char *file, long line)
{
	if (err->code == TP_EX_DATAERR && err->file == NULL) {
		err->file = file;
		err->line = line;
	}
}

void
tp_err_clear(struct tp_err *err)
{
	err->code = 0;
	err->file = NULL;
	err->line = 0;
	err->msg[0] = '\0';
}
