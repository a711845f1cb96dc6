/*
 * tap.h: the smallest Test Anything Protocol emitter for lib/ unit tests.
 *
 * Each check prints "ok N - what" or "not ok N - what"; tap_done() prints
 * the plan "1..N" and returns the exit status (1 when anything failed).
 * scripts/run-tests counts these lines together with bats' TAP output.
 */
#ifndef TP_TAP_H
#define TP_TAP_H

#include <stdarg.h>
#include <stdio.h>

static int tap_n, tap_failed;

static int
tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	return cond;
}

/* A check that cannot run here, counted as skipped by scripts/run-tests. */
static inline void
tap_skip(const char *why)
{
	printf("ok %d # skip %s\n", ++tap_n, why);
}

static int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}

#endif
