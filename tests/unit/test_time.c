/*
 * test_time.c: unit tests for lib/core/tp_time.c and the gap arithmetic of
 * lib/feed/tp_fix.c (issue 20).
 *
 * Epoch values come from GNU date ("date -u -d 2024-02-29T13:45:30Z +%s"
 * and so on, in each comment); the int64_t extremes' dates are what Java's
 * Instant.ofEpochMilli(Long.MAX_VALUE / MIN_VALUE) prints.  Every time tp
 * reads is from 1970-01-01T00:00:00Z (0) to 2200-01-01T00:00:00Z
 * (date: 7258118400 s), both included.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "feed/tp_fix.h"
#include "core/tp_time.h"

#define RANGE TP_TIME_RANGE_WHY

struct pcase {
	const char *s;
	enum tp_time_unit unit;
	int64_t want;		/* when why is NULL */
	const char *why;	/* the expected refusal, or NULL */
};

static const struct pcase pcases[] = {
	/* the two ends, each way of writing them */
	{ "0", TP_UNIT_MS, 0, NULL },
	{ "1970-01-01", TP_UNIT_MS, 0, NULL },
	{ "1970-01-01T01:00+01:00", TP_UNIT_MS, 0, NULL },
	{ "7258118400000", TP_UNIT_MS, 7258118400000LL, NULL },
	{ "7258118400", TP_UNIT_S, 7258118400000LL, NULL },
	{ "7258118400000999", TP_UNIT_US, 7258118400000LL, NULL },
	{ "2200-01-01T00:00:00Z", TP_UNIT_MS, 7258118400000LL, NULL },
	{ "2199-12-31T23:59:59.999Z", TP_UNIT_MS, 7258118399999LL, NULL },
	/* date: 2024-02-29T13:45:30Z is 1709214330 */
	{ "2024-02-29T13:45:30.250Z", TP_UNIT_MS, 1709214330250LL, NULL },
	{ "2024-02-29 15:45:30.2509+02:00", TP_UNIT_MS, 1709214330250LL,
	    NULL },
	/* date: 2000-02-29T23:59:59Z is 951868799 (a 400-year leap day) */
	{ "2000-02-29T23:59:59Z", TP_UNIT_MS, 951868799000LL, NULL },
	/* date: 2100-03-01 is 4107542400 (2100 is not a leap year) */
	{ "2100-03-01", TP_UNIT_MS, 4107542400000LL, NULL },
	{ "2100-02-29", TP_UNIT_MS, 0, "no such date" },
	/* one step past either end, in each unit and form */
	{ "-1", TP_UNIT_MS, 0, RANGE },
	{ "7258118400001", TP_UNIT_MS, 0, RANGE },
	{ "-1", TP_UNIT_S, 0, RANGE },
	{ "7258118401", TP_UNIT_S, 0, RANGE },
	{ "-1", TP_UNIT_US, 0, RANGE },	/* floor: -1 ms, not 0 */
	{ "7258118400001000", TP_UNIT_US, 0, RANGE },
	{ "1969-12-31T23:59:59.999Z", TP_UNIT_MS, 0, RANGE },
	{ "2200-01-01T00:00:00.001Z", TP_UNIT_MS, 0, RANGE },
	{ "1970-01-01T00:59+01:00", TP_UNIT_MS, 0, RANGE },
	{ "9999-12-31T23:59:59Z", TP_UNIT_MS, 0, RANGE },
	{ "0000-01-01", TP_UNIT_MS, 0, RANGE },
	/* the int64_t ends, where the unit conversions used to overflow */
	{ "9223372036854775807", TP_UNIT_MS, 0, RANGE },
	{ "-9223372036854775808", TP_UNIT_MS, 0, RANGE },
	{ "9223372036854775808", TP_UNIT_MS, 0, RANGE },
	{ "-9223372036854775808", TP_UNIT_US, 0, RANGE },
	{ "9223372036854775807", TP_UNIT_US, 0, RANGE },
	{ "-9223372036854775808", TP_UNIT_S, 0, RANGE },
	{ "9223372036854776", TP_UNIT_S, 0, RANGE },
	{ "-9223372036854760000", TP_UNIT_MS, 0, RANGE },
	/* not times at all */
	{ "", TP_UNIT_MS, 0, "not a time (expected epoch milliseconds or "
	    "ISO 8601)" },
	{ "1.5", TP_UNIT_MS, 0, "time is not an integer" },
};

static void
test_parse(void)
{
	const struct pcase *c;
	const char *why;
	int64_t ms;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(pcases) / sizeof(pcases[0]); i++) {
		c = &pcases[i];
		ms = -42;
		why = NULL;
		rc = tp_time_parse(c->s, strlen(c->s), c->unit, &ms, &why);
		if (c->why == NULL)
			tap_ok(rc == 0 && ms == c->want, "parse \"%s\" (unit "
			    "%d) = %lld (got %lld)", c->s, (int)c->unit,
			    (long long)c->want, (long long)ms);
		else
			tap_ok(rc == -1 && why != NULL &&
			    strcmp(why, c->why) == 0 && ms == -42,
			    "parse \"%s\" (unit %d) refused: %s (got %d, %s)",
			    c->s, (int)c->unit, c->why, rc,
			    why ? why : "no reason");
	}
}

struct fcase {
	int64_t ms;
	const char *want;
};

static const struct fcase fcases[] = {
	{ 0, "1970-01-01T00:00:00Z" },
	{ 1709214330250LL, "2024-02-29T13:45:30.250Z" },
	{ 7258118400000LL, "2200-01-01T00:00:00Z" },
	/* outside the range, for messages: no overflow on the way */
	{ -1, "1969-12-31T23:59:59.999Z" },
	{ INT64_MAX, "292278994-08-17T07:12:55.807Z" },
	{ INT64_MIN, "-292275055-05-16T16:47:04.192Z" },
};

static void
test_format(void)
{
	char buf[32];
	const char *why;
	int64_t back;
	size_t i, n;

	for (i = 0; i < sizeof(fcases) / sizeof(fcases[0]); i++) {
		memset(buf, 'x', sizeof(buf));
		n = tp_time_format_iso(fcases[i].ms, buf);
		tap_ok(n == strlen(fcases[i].want) &&
		    strcmp(buf, fcases[i].want) == 0, "format %lld = %s (got "
		    "%.31s)", (long long)fcases[i].ms, fcases[i].want, buf);
		if (!tp_time_ok(fcases[i].ms))
			continue;
		tap_ok(tp_time_parse(buf, n, TP_UNIT_MS, &back, &why) == 0 &&
		    back == fcases[i].ms, "%s reads back", buf);
	}
}

/* To the minute, as tables and reports show times (the ISO times of
 * fcases above, from date -u -d @SECONDS, seconds dropped). */
static void
test_minute(void)
{
	char buf[32];

	tap_ok(strcmp(tp_time_format_minute(0, buf), "1970-01-01 00:00") == 0,
	    "minute %s", buf);
	tap_ok(strcmp(tp_time_format_minute(1709214330250LL, buf),
	    "2024-02-29 13:45") == 0, "minute %s", buf);
	tap_ok(strcmp(tp_time_format_minute(-1, buf), "1969-12-31 23:59") == 0,
	    "minute %s", buf);
	tap_ok(strcmp(tp_time_format_minute(INT64_MAX, buf),
	    "292278994-08-17 07:12") == 0, "minute %s", buf);
}

/* Messages: the data's number, the time a person reads beside it (the
 * ISO times of fcases above, from date -u -d @SECONDS). */
static void
test_msg(void)
{
	char buf[TP_TIME_MSGSZ];

	tap_ok(strcmp(tp_time_msg(1704067200000LL, buf),
	    "1704067200000 (2024-01-01T00:00:00Z)") == 0, "msg %s", buf);
	tap_ok(strcmp(tp_time_msg(1709214330250LL, buf),
	    "1709214330250 (2024-02-29T13:45:30.250Z)") == 0, "msg %s", buf);
	tap_ok(strcmp(tp_time_msg(INT64_MIN, buf), "-9223372036854775808 "
	    "(-292275055-05-16T16:47:04.192Z)") == 0, "msg %s", buf);
}

struct flcase {
	int64_t t, tf, want;
};

static const struct flcase flcases[] = {
	/* date: 2024-01-01 (a Monday) is 1704067200; 2024-01-03 a Wednesday */
	{ 1704067200000LL + 2 * 86400000LL + 5, 604800000LL, 1704067200000LL },
	{ 1704067200000LL + 3599999, 3600000, 1704067200000LL },
	{ 1704067200000LL, 3600000, 1704067200000LL },
	/* 1970-01-01 was a Thursday (date +%A): its week began on Monday
	 * 1969-12-29, -259200 s */
	{ 0, 604800000LL, -259200000LL },
	{ 0, 86400000LL, 0 },
	{ TP_TIME_MAX, 86400000LL, TP_TIME_MAX },
	/* far outside the range, where t - origin used to overflow: the
	 * answer is on the grid of weeks from Monday 1970-01-05, within a
	 * week below t, and computed without undefined behaviour (a week
	 * above INT64_MIN, so that the grid point below is an int64_t) */
	{ INT64_MIN + 604800000LL, 604800000LL, 0 },
	{ INT64_MAX, 604800000LL, 0 },
};

static void
test_floor(void)
{
	const struct flcase *c;
	int64_t got;
	size_t i;

	for (i = 0; i < sizeof(flcases) / sizeof(flcases[0]); i++) {
		c = &flcases[i];
		got = tp_time_tf_floor(c->t, c->tf);
		if (c->want != 0 || tp_time_ok(c->t))
			tap_ok(got == c->want,
			    "tp_time_tf_floor(%lld, %lld) = %lld (got %lld)",
			    (long long)c->t, (long long)c->tf,
			    (long long)c->want, (long long)got);
		else
			tap_ok(got <= c->t && c->t - got < c->tf &&
			    (got % c->tf + c->tf) % c->tf == 4 * 86400000LL,
			    "tp_time_tf_floor(%lld, %lld) on the grid below t "
			    "(got %lld)", (long long)c->t, (long long)c->tf,
			    (long long)got);
	}
}

/* ---- --timerange ---------------------------------------------------------- */

struct rcase {
	const char *s;
	int64_t from, to;	/* when why is NULL */
	const char *why;	/* the start of the expected refusal, or NULL */
};

#define LO TP_TIME_MIN
#define HI TP_TIME_MAX
#define FORMS "expected START-END"

static const struct rcase rcases[] = {
	/* freqtrade's tests/test_timerange.py, its seconds here ms */
	{ "20100522-", 1274486400000LL, HI, NULL },
	{ "-20100522", LO, 1274486400000LL, NULL },
	{ "20100522-20150730", 1274486400000LL, 1438214400000LL, NULL },
	{ "1231006505-", 1231006505000LL, HI, NULL },
	{ "-1233360000", LO, 1233360000000LL, NULL },
	{ "1231006505-1233360000", 1231006505000LL, 1233360000000LL, NULL },
	{ "1231006505000-1233360000000", 1231006505000LL, 1233360000000LL,
	  NULL },
	{ "-1231006505000", LO, 1231006505000LL, NULL },
	{ "-", 0, 0, FORMS },
	{ "20100523-20100522", 0, 0, "END is before START" },
	/* date -u -d 2024-01-01 +%s: 1704067200; 2024-12-31: 1735603200 */
	{ "2024-01-01..2024-12-31", 1704067200000LL, 1735603200000LL, NULL },
	{ "2024-01-01..", 1704067200000LL, HI, NULL },
	{ "..2024-12-31", LO, 1735603200000LL, NULL },
	{ "2024-01-01T12:00Z..2024-01-01T12:00Z", 1704110400000LL,
	  1704110400000LL, NULL },
	{ "..", 0, 0, "START..END needs" },
	{ "2024-12-31..2024-01-01", 0, 0, "END is before START" },
	{ "2024-13-01..", 0, 0, "" },
	/* the ISO dates with a dash between are ambiguous: refused */
	{ "2024-01-01-2024-12-31", 0, 0, FORMS },
	{ "20240101", 0, 0, FORMS },
	{ "2024011-20241231", 0, 0, FORMS },
	{ "20240101-2024123a", 0, 0, FORMS },
	{ "20241301-", 0, 0, "" },
	{ "", 0, 0, FORMS },
	{ "abc", 0, 0, FORMS },
};

static void
test_range(void)
{
	const struct rcase *c;
	struct tp_time_range r;
	const char *why = NULL;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(rcases) / sizeof(rcases[0]); i++) {
		c = &rcases[i];
		rc = tp_time_range_parse(c->s, &r, &why);
		if (c->why == NULL)
			tap_ok(rc == 0 && r.from == c->from && r.to == c->to,
			    "range \"%s\" is %lld..%lld (got %d, %lld..%lld)",
			    c->s, (long long)c->from, (long long)c->to, rc,
			    (long long)r.from, (long long)r.to);
		else
			tap_ok(rc == -1 && strncmp(why, c->why,
			    strlen(c->why)) == 0, "range \"%s\" refused: %s "
			    "(got %d, %s)", c->s, c->why, rc, rc ? why : "");
	}
}

/* ---- tp_fix's gap arithmetic --------------------------------------------- */

struct sink {
	long n;
};

/* Counts what comes out; a runaway fill is cut short by an error. */
static int
count(void *ctx, const struct tp_rec *rec, struct tp_err *err)
{
	struct sink *s = ctx;

	(void)rec;
	if (++s->n > 1000)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "runaway fill");
	return 0;
}

/* Push candles at times t[0..n) through tp-fetch fix --fill-gaps -t tf;
 * returns what tp_fix_push said of the last, err telling why. */
static int
fill(const int64_t *t, int n, int64_t tf, struct sink *out,
    struct tp_err *err)
{
	struct tp_fix_opts o = { 0, TP_DEDUPE_NONE, 1, 0, tf, NULL };
	struct tp_names names;
	struct tp_candle_cols cols;
	struct tp_fix *fx = NULL;
	struct tp_candle k = { 0, 1, 1, 1, 1, 1 };
	struct tp_rec rec;
	int i, c, rc = 0;

	tp_names_init(&names);
	tp_rec_init(&rec);
	if (tp_candle_cols_init(&cols, &names, TP_UNIT_MS, err) < 0 ||
	    tp_fix_new(&fx, &o, &cols, &names, count, out, err) < 0)
		rc = -1;
	for (i = 0; i < n && rc == 0; i++) {
		tp_rec_clear(&rec);
		rec.file = "t";
		rec.line = i + 1;
		rc = tp_rec_add_i64(&rec, cols.id[TP_C_TIME], t[i]);
		for (c = TP_C_OPEN; c <= TP_C_VOLUME && rc == 0; c++)
			rc = tp_rec_add(&rec, cols.id[c], TP_ENC_NUM, "1", 1);
		k.time = t[i];
		if (rc == 0)
			rc = tp_fix_push(fx, &rec, &k, err);
	}
	tp_fix_free(fx);
	tp_rec_release(&rec);
	tp_names_release(&names);
	return rc;
}

static void
test_fill(void)
{
	/* the issue 20 reproducer's times: their difference wraps int64 */
	static const int64_t wrap[] = { -9223372036854760000LL,
	    9223372036854760000LL };
	static const int64_t ends[] = { INT64_MIN, INT64_MAX };
	/* 3 slots between 0 and 4 minutes: 1, 2 and 3 minutes */
	static const int64_t four[] = { 0, 240000 };
	/* 4.5 minutes: slots at 1, 2, 3 and 4 minutes */
	static const int64_t half[] = { 0, 270000 };
	struct tp_err err = TP_ERR_INIT;
	struct sink out = { 0 };
	int rc;

	rc = fill(wrap, 2, 60000, &out, &err);
	tap_ok(rc == -1 && err.code == TP_EX_DATAERR && err.line == 2 &&
	    strcmp(err.msg, "gap of more than 10000000 candles: wrong time "
	    "unit or timeframe?") == 0 && out.n == 1, "a gap that wraps int64 "
	    "is refused, not filled (%d, %d, \"%s\", %ld out)", rc, err.code,
	    err.msg, out.n);
	memset(&err, 0, sizeof(err));
	out.n = 0;
	rc = fill(ends, 2, 604800000LL, &out, &err);
	tap_ok(rc == -1 && err.code == TP_EX_DATAERR && out.n == 1,
	    "INT64_MIN to INT64_MAX is refused (%d, %d, \"%s\")", rc,
	    err.code, err.msg);
	memset(&err, 0, sizeof(err));
	out.n = 0;
	rc = fill(four, 2, 60000, &out, &err);
	tap_ok(rc == 0 && out.n == 5, "0 to 4m in 1m: 2 candles and 3 fillers "
	    "(%ld)", out.n);
	out.n = 0;
	rc = fill(half, 2, 60000, &out, &err);
	tap_ok(rc == 0 && out.n == 6, "0 to 4.5m in 1m: 2 candles and 4 "
	    "fillers (%ld)", out.n);
}

int
main(void)
{
	test_parse();
	test_format();
	test_minute();
	test_msg();
	test_floor();
	test_range();
	test_fill();
	return tap_done();
}
