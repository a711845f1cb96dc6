/*
 * fuzz_time.c: time text (tp_time_parse, ISO 8601 and integer epochs in
 * each unit) and timeframes (tp_time_tf_parse), lib/core/tp_time.c.
 *
 * Whatever the unit, a time accepted must lie in TP_TIME_MIN ..
 * TP_TIME_MAX, format as ISO 8601 and read back to the same value; the
 * formatted date must be the one glibc's timegm() gives for the same
 * fields (an oracle outside tp); an integer epoch must be what strtoll
 * reads, in the unit (microseconds rounded down);
 * tp_time_tf_floor() must land on the grid within one timeframe below it.  A
 * refusal must say why.  A timeframe accepted must be whole seconds from
 * 1s to 1000000w, and format back to itself.  A --timerange accepted
 * (tp_time_range_parse) must be two times of the range, the first not
 * after the second, and each bound written must read as that time on its
 * own.  Any breach aborts.
 */
#define _DEFAULT_SOURCE		/* timegm */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/tp_time.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MS_DAY 86400000LL
#define MS_WEEK (7 * MS_DAY)

/* The ISO text tp wrote for ms, read by sscanf and timegm. */
static void
check_oracle(const char *iso, int64_t ms)
{
	struct tm tm;
	int y, mo, d, h, mi, s, frac = 0, n = 0;
	time_t t;

	if (sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s,
	    &n) != 6 || n != 19)
		abort();
	if (iso[n] == '.' && sscanf(iso + n, ".%3d", &frac) != 1)
		abort();
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	t = timegm(&tm);
	if ((int64_t)t * 1000 + frac != ms)
		abort();
}

/* Text that is not ISO 8601 (tp(7): four digits and a hyphen) is an
 * integer epoch: strtoll must read all of it to the same value. */
static void
check_epoch(const char *s, size_t n, enum tp_time_unit unit, int64_t ms)
{
	char text[32], *end;
	long long v;

	if (n >= sizeof(text))
		return;		/* leading zeros, say: not for strtoll here */
	memcpy(text, s, n);
	text[n] = '\0';
	errno = 0;
	v = strtoll(text, &end, 10);
	if (errno != 0 || end != text + n || !(text[0] == '-' ||
	    (text[0] >= '0' && text[0] <= '9')))
		abort();
	if (unit == TP_UNIT_S && ms != v * 1000)
		abort();
	if (unit == TP_UNIT_MS && ms != v)
		abort();
	/* microseconds round toward the past */
	if (unit == TP_UNIT_US && !(ms * 1000 <= v && v - ms * 1000 < 1000))
		abort();
}

static void
check_floor(int64_t ms, int64_t tf)
{
	int64_t f = tp_time_tf_floor(ms, tf), origin = tf % MS_WEEK == 0 ?
	    4 * MS_DAY : 0;

	if (f > ms || ms - f >= tf || ((f - origin) % tf + tf) % tf != 0)
		abort();
}

static void
check_time(const char *s, size_t n, enum tp_time_unit unit)
{
	static const int64_t tfs[] = { 1000, 60000, 300000, 3600000, MS_DAY,
	    MS_WEEK, 1000000 * MS_WEEK };
	char iso[32];
	const char *why = NULL;
	int64_t ms = -1, back = -1;
	size_t k, len;

	if (tp_time_parse(s, n, unit, &ms, &why) < 0) {
		if (why == NULL || *why == '\0')
			abort();
		return;
	}
	if (!tp_time_ok(ms))
		abort();
	if (n > 0 && (s[0] == '-' || (s[0] >= '0' && s[0] <= '9')) &&
	    (n < 5 || s[4] != '-'))
		check_epoch(s, n, unit, ms);
	len = tp_time_format_iso(ms, iso);
	if (len != strlen(iso) || len >= sizeof(iso))
		abort();
	if (tp_time_parse(iso, len, TP_UNIT_MS, &back, &why) < 0 ||
	    back != ms)
		abort();
	check_oracle(iso, ms);
	for (k = 0; k < sizeof(tfs) / sizeof(tfs[0]); k++)
		check_floor(ms, tfs[k]);
}

static void
check_tf(const char *s)
{
	char buf[24];
	int64_t tf = 0, back = 0;

	if (tp_time_tf_parse(s, &tf) < 0)
		return;
	if (tf < 1000 || tf > 1000000 * MS_WEEK || tf % 1000 != 0)
		abort();
	tp_time_tf_format(tf, buf);
	if (tp_time_tf_parse(buf, &back) < 0 || back != tf)
		abort();
}

/* START..END or START-END: each bound given reads alone as the same. */
static void
check_range(const char *s)
{
	struct tp_time_range r;
	const char *why = NULL, *dots = strstr(s, "..");
	int64_t t;

	if (tp_time_range_parse(s, &r, &why) < 0) {
		if (why == NULL || *why == '\0')
			abort();
		return;
	}
	if (!tp_time_ok(r.from) || !tp_time_ok(r.to) || r.from > r.to)
		abort();
	if (dots != NULL && dots > s && (tp_time_parse(s, (size_t)(dots - s),
	    TP_UNIT_MS, &t, &why) < 0 || t != r.from))
		abort();
	if (dots != NULL && dots[2] != '\0' && (tp_time_parse(dots + 2,
	    strlen(dots + 2), TP_UNIT_MS, &t, &why) < 0 || t != r.to))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[64];

	/* The exact bytes, not NUL-terminated: a read past them is caught
	 * by the sanitizers. */
	check_time((const char *)data, size, TP_UNIT_MS);
	check_time((const char *)data, size, TP_UNIT_S);
	check_time((const char *)data, size, TP_UNIT_US);
	if (size < sizeof(text) && memchr(data, '\0', size) == NULL) {
		memcpy(text, data, size);
		text[size] = '\0';
		check_tf(text);
		check_range(text);
	}
	return 0;
}
