/*
 * tp_time.c: ISO 8601 and epoch times, timeframes (see tp_time.h).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/tp_num.h"
#include "core/tp_time.h"

#define MS_DAY 86400000LL
#define MS_WEEK (7 * MS_DAY)
/* 1970-01-01 was a Thursday; Monday 1970-01-05 starts the week grid. */
#define WEEK_ORIGIN (4 * MS_DAY)

int
tp_time_unit_parse(const char *s, enum tp_time_unit *u)
{
	if (strcmp(s, "ms") == 0)
		*u = TP_UNIT_MS;
	else if (strcmp(s, "s") == 0)
		*u = TP_UNIT_S;
	else if (strcmp(s, "us") == 0)
		*u = TP_UNIT_US;
	else
		return -1;
	return 0;
}

/*
 * Days since 1970-01-01 of a proleptic Gregorian date: count whole 400-year
 * eras from 0000-03-01, then the days of the era, with March as month 0 so
 * that the leap day falls at the end of the year.
 */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The inverse of days_from_civil(). */
static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int
days_in_month(int64_t y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : dm[m - 1];
}

/* Read exactly k digits at *p. */
static int
digits(const char **p, const char *end, int k, int *v)
{
	int i;

	*v = 0;
	if (end - *p < k)
		return -1;
	for (i = 0; i < k; i++) {
		if ((*p)[i] < '0' || (*p)[i] > '9')
			return -1;
		*v = *v * 10 + ((*p)[i] - '0');
	}
	*p += k;
	return 0;
}

static int
iso_parse(const char *s, size_t n, int64_t *ms, const char **why)
{
	const char *p = s, *end = s + n;
	int y, mo, d, h = 0, mi = 0, sec = 0, frac = 0, oh = 0, om = 0;
	int sign = 1;
	size_t k;	/* fraction digits: as many as the text has */

	*why = "not a time (expected epoch milliseconds or ISO 8601)";
	if (digits(&p, end, 4, &y) < 0 || p >= end || *p++ != '-' ||
	    digits(&p, end, 2, &mo) < 0 || p >= end || *p++ != '-' ||
	    digits(&p, end, 2, &d) < 0)
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) {
		*why = "no such date";
		return -1;
	}
	if (p < end && (*p == 'T' || *p == ' ')) {
		p++;
		if (digits(&p, end, 2, &h) < 0 || p >= end || *p++ != ':' ||
		    digits(&p, end, 2, &mi) < 0)
			return -1;
		if (p < end && *p == ':') {
			p++;
			if (digits(&p, end, 2, &sec) < 0)
				return -1;
			if (p < end && (*p == '.' || *p == ',')) {
				p++;
				for (k = 0; p < end && *p >= '0' && *p <= '9';
				    k++, p++)
					if (k < 3)
						frac = frac * 10 + (*p - '0');
				if (k == 0)
					return -1;
				for (; k < 3; k++)
					frac *= 10;
			}
		}
		if (h > 23 || mi > 59 || sec > 59) {
			*why = "no such time of day";
			return -1;
		}
	}
	if (p < end && *p == 'Z') {
		p++;
	} else if (p < end && (*p == '+' || *p == '-')) {
		sign = *p++ == '-' ? -1 : 1;
		if (digits(&p, end, 2, &oh) < 0)
			return -1;
		if (p < end && *p == ':')
			p++;
		if (p < end && digits(&p, end, 2, &om) < 0)
			return -1;
		if (oh > 23 || om > 59) {
			*why = "bad time zone offset";
			return -1;
		}
	}
	if (p != end)
		return -1;
	*ms = days_from_civil(y, mo, d) * MS_DAY +
	    ((int64_t)h * 3600 + mi * 60 + sec) * 1000 + frac -
	    sign * ((int64_t)oh * 3600 + om * 60) * 1000;
	return 0;
}

/* Floor division by a positive d, for every int64_t n. */
static int64_t
floor_div(int64_t n, int64_t d)
{
	return n / d - (n % d < 0);
}

/* An integer epoch in unit as ms, or -1 with *why. */
static int
epoch_parse(const char *s, size_t n, enum tp_time_unit unit, int64_t *ms,
    const char **why)
{
	int64_t v;
	int rc;

	rc = tp_num_parse_i64(s, n, &v);
	if (rc != TP_NUM_OK) {
		*why = rc == TP_NUM_RANGE ? TP_TIME_RANGE_WHY :
		    "time is not an integer";
		return -1;
	}
	switch (unit) {
	case TP_UNIT_S:
		/* v * 1000 is checked against the range before it is made */
		if (v < TP_TIME_MIN / 1000 || v > TP_TIME_MAX / 1000) {
			*why = TP_TIME_RANGE_WHY;
			return -1;
		}
		v *= 1000;
		break;
	case TP_UNIT_US:
		v = floor_div(v, 1000);
		break;
	default:
		break;
	}
	*ms = v;
	return 0;
}

int
tp_time_ok(int64_t ms)
{
	return ms >= TP_TIME_MIN && ms <= TP_TIME_MAX;
}

int
tp_time_parse(const char *s, size_t n, enum tp_time_unit unit, int64_t *ms,
    const char **why)
{
	int64_t v;
	int rc;

	if (n > 0 && (s[0] == '-' || (s[0] >= '0' && s[0] <= '9')) &&
	    (n < 5 || s[4] != '-'))
		rc = epoch_parse(s, n, unit, &v, why);
	else
		rc = iso_parse(s, n, &v, why);
	if (rc < 0)
		return -1;
	if (!tp_time_ok(v)) {
		*why = TP_TIME_RANGE_WHY;
		return -1;
	}
	*ms = v;
	return 0;
}

#define RANGE_FORMS "expected START-END, each YYYYMMDD, epoch seconds " \
	"(10 digits) or milliseconds (13), or ISO times START..END"

/* One bound of freqtrade's form, s[0..n): YYYYMMDD, 10 digits of epoch
 * seconds or 13 of milliseconds; n == 0 leaves *ms as it is. */
static int
ft_bound(const char *s, size_t n, int64_t *ms, const char **why)
{
	char iso[11];

	if (n == 0)
		return 0;
	if (strspn(s, "0123456789") < n || (n != 8 && n != 10 && n != 13)) {
		*why = RANGE_FORMS;
		return -1;
	}
	if (n != 8)
		return tp_time_parse(s, n, n == 10 ? TP_UNIT_S : TP_UNIT_MS, ms,
		    why);
	snprintf(iso, sizeof(iso), "%.4s-%.2s-%.2s", s, s + 4, s + 6);
	return tp_time_parse(iso, 10, TP_UNIT_MS, ms, why);
}

int
tp_time_range_parse(const char *s, struct tp_time_range *r,
    const char **why)
{
	const char *dots = strstr(s, ".."), *dash = strchr(s, '-');
	size_t n = strlen(s);
	int rc;

	r->from = TP_TIME_MIN;
	r->to = TP_TIME_MAX;
	if (dots != NULL) {
		const char *end = dots + 2;

		rc = (dots > s && tp_time_parse(s, (size_t)(dots - s),
		    TP_UNIT_MS, &r->from, why) < 0) || (*end != '\0' &&
		    tp_time_parse(end, strlen(end), TP_UNIT_MS, &r->to,
		    why) < 0) ? -1 : 0;
		if (rc == 0 && dots == s && *end == '\0') {
			*why = "START..END needs a START or an END";
			rc = -1;
		}
	} else if (dash == NULL || n == 1) {
		*why = RANGE_FORMS;
		rc = -1;
	} else
		rc = ft_bound(s, (size_t)(dash - s), &r->from, why) < 0 ||
		    ft_bound(dash + 1, n - (size_t)(dash - s) - 1, &r->to,
		    why) < 0 ? -1 : 0;
	if (rc == 0 && r->to < r->from) {
		*why = "END is before START";
		rc = -1;
	}
	return rc;
}

size_t
tp_time_format_iso(int64_t ms, char *buf)
{
	/* days and the ms into the day, without days * MS_DAY, which
	 * overflows for the lowest int64_t */
	int64_t days = floor_div(ms, MS_DAY), rest = ms % MS_DAY, y;
	int m, d, n;

	if (rest < 0)
		rest += MS_DAY;
	civil_from_days(days, &y, &m, &d);
	n = snprintf(buf, 32, "%04lld-%02d-%02dT%02d:%02d:%02d", (long long)y,
	    m, d, (int)(rest / 3600000), (int)(rest / 60000 % 60),
	    (int)(rest / 1000 % 60));
	if (rest % 1000 != 0)
		n += snprintf(buf + n, 32 - (size_t)n, ".%03d",
		    (int)(rest % 1000));
	buf[n++] = 'Z';
	buf[n] = '\0';
	return (size_t)n;
}

char *
tp_time_format_minute(int64_t ms, char *buf)
{
	char *t;

	tp_time_format_iso(ms, buf);
	/* the 'T' is where the date ends, whatever digits the year has */
	if ((t = strchr(buf, 'T')) != NULL) {
		*t = ' ';
		t[6] = '\0';	/* " HH:MM" */
	}
	return buf;
}

const char *
tp_time_msg(int64_t ms, char *buf)
{
	/* 20 bytes of digits and sign, " (", 31 of ISO time, ")" */
	int n = snprintf(buf, TP_TIME_MSGSZ, "%lld (", (long long)ms);

	n += (int)tp_time_format_iso(ms, buf + n);
	buf[n++] = ')';
	buf[n] = '\0';
	return buf;
}

static const struct {
	char c;
	int64_t ms;
} units[] = {
	{ 'w', MS_WEEK }, { 'd', MS_DAY }, { 'h', 3600000 }, { 'm', 60000 },
	{ 's', 1000 }
};

int
tp_time_tf_parse(const char *s, int64_t *ms)
{
	int64_t v = 0;
	size_t i, k;

	for (i = 0; s[i] >= '0' && s[i] <= '9'; i++) {
		v = v * 10 + (s[i] - '0');
		if (v > 1000000)
			return -1;
	}
	if (i == 0 || v == 0 || s[i] == '\0' || s[i + 1] != '\0')
		return -1;
	for (k = 0; k < sizeof(units) / sizeof(units[0]); k++)
		if (s[i] == units[k].c) {
			*ms = v * units[k].ms;
			return 0;
		}
	return -1;
}

size_t
tp_time_tf_format(int64_t ms, char *buf)
{
	size_t k;

	for (k = 0; k < sizeof(units) / sizeof(units[0]); k++)
		if (ms > 0 && ms % units[k].ms == 0)
			return (size_t)snprintf(buf, 24, "%lld%c",
			    (long long)(ms / units[k].ms), units[k].c);
	return (size_t)snprintf(buf, 24, "%lldms", (long long)ms);
}

int64_t
tp_time_month_floor(int64_t t)
{
	int64_t day = floor_div(t, MS_DAY), y;
	int m, d;

	civil_from_days(day, &y, &m, &d);
	return days_from_civil(y, m, 1) * MS_DAY;
}

int64_t
tp_time_tf_floor(int64_t t, int64_t tf)
{
	/* Weeks start on WEEK_ORIGIN, which is below tf then; t - origin
	 * could overflow, so take t's remainder first. */
	int64_t origin = tf % MS_WEEK == 0 ? WEEK_ORIGIN : 0;
	int64_t r = t % tf - origin;

	/* t % tf is above -tf and origin below tf: r is above -2 tf, and
	 * two additions at most bring it into [0, tf) */
	if (r < 0)
		r += tf;
	if (r < 0)
		r += tf;
	return t - r;
}

int64_t
tp_time_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
