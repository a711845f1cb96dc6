/*
 * tp_time.h: times and timeframes.
 *
 * tp writes every time as integer Unix milliseconds, UTC.  On input it also
 * reads ISO 8601 and integer epochs in other units.  A timeframe is a
 * candle length in milliseconds, written "1m", "15m", "4h", "1d", "1w".
 */
#ifndef TP_TIME_H
#define TP_TIME_H

#include <stddef.h>
#include <stdint.h>

enum tp_time_unit { TP_UNIT_MS, TP_UNIT_S, TP_UNIT_US };

/*
 * The times tp reads: from 1970-01-01T00:00:00Z to 2200-01-01T00:00:00Z,
 * both included (tp(7)).  A time outside is a wrong unit or a corrupted
 * field, not a market; and with every time this small, a time plus or
 * minus any timeframe tp_time_tf_parse() reads (at most 1000000w, 6.05e17 ms)
 * stays far inside int64_t, so the gap and bucket arithmetic over times
 * cannot overflow.
 */
#define TP_TIME_MIN 0LL
#define TP_TIME_MAX 7258118400000LL	/* 2200-01-01T00:00:00Z */
#define TP_TIME_RANGE_WHY "time out of range (1970-01-01 to 2200-01-01)"

/* Whether ms is from TP_TIME_MIN to TP_TIME_MAX. */
int tp_time_ok(int64_t ms);

/* Parse "s", "ms" or "us"; -1 if none. */
int tp_time_unit_parse(const char *s, enum tp_time_unit *u);

/*
 * Parse s[0..n) as a time: an integer epoch in unit, or ISO 8601
 * "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS[.fff...]]" with 'T' or a space, and a
 * zone "Z", "+HH:MM", "+HHMM" or "+HH" (none means UTC).  Fractions below
 * a millisecond are dropped (rounded toward the past).  Returns 0, or -1
 * when s is not a time or not within TP_TIME_MIN .. TP_TIME_MAX, with a
 * reason in *why (TP_TIME_RANGE_WHY for the second).
 */
int tp_time_parse(const char *s, size_t n, enum tp_time_unit unit,
    int64_t *ms, const char **why);

/* Write ms as ISO 8601 "YYYY-MM-DDTHH:MM:SS.sssZ" (".sss" only when not 0);
 * buf holds at least 32 bytes, enough for any int64_t; returns the
 * length. */
size_t tp_time_format_iso(int64_t ms, char *buf);
/* ms to the minute as a person reads it in a table or report,
 * "YYYY-MM-DD HH:MM" (UTC, seconds dropped), from tp_time_format_iso():
 * buf holds at least 32 bytes; returns buf, for a printf argument.  Its
 * first 10 bytes are the date, 7 the month, for the times tp reads. */
char *tp_time_format_minute(int64_t ms, char *buf);

/* Room for tp_time_msg()'s text, for any int64_t. */
#define TP_TIME_MSGSZ 64

/* A time as messages show it, the number the data holds and the time a
 * person reads beside it: "1704067200000 (2024-01-01T00:00:00Z)".  Written
 * into buf, TP_TIME_MSGSZ bytes; returns buf, for a printf argument. */
const char *tp_time_msg(int64_t ms, char *buf);

/* Parse a timeframe "<N><unit>", unit one of s m h d w; -1 if bad. */
int tp_time_tf_parse(const char *s, int64_t *ms);
/* Write a timeframe in its largest whole unit ("90m" stays "90m"); buf holds
 * at least 24 bytes. */
size_t tp_time_tf_format(int64_t ms, char *buf);

/* The start of the candle of length tf > 0 that holds t: UTC boundaries,
 * weeks starting on Monday 00:00 UTC as exchanges count them.  Defined for
 * every t whose candle start is an int64_t (every time tp reads). */
int64_t tp_time_tf_floor(int64_t t, int64_t tf);
/* The start of the UTC calendar month that holds t. */
int64_t tp_time_month_floor(int64_t t);

/*
 * A time range, from and to both included, Unix ms: --timerange.
 * Written START-END as freqtrade's TimeRange.parse_timerange reads it
 * (freqtrade/configuration/timerange.py): START and END each YYYYMMDD
 * (00:00 UTC of that day), 10 digits of epoch seconds or 13 of epoch
 * milliseconds, one of them left out for no bound ("20240101-",
 * "-20241231").  An ISO date has dashes of its own, so ISO times are
 * written START..END instead ("2024-01-01..2024-12-31",
 * "2024-01-01T12:00Z.."), each a time as tp_time_parse() reads it in
 * milliseconds.  END is a candle's open time that is still in the range,
 * as freqtrade's trim_dataframe keeps date <= stop
 * (freqtrade/data/converter/converter.py): "-20241231" ends with the
 * candle that opens at 2024-12-31T00:00:00Z.  A bound left out is
 * TP_TIME_MIN or TP_TIME_MAX.
 */
struct tp_time_range {
	int64_t from, to;
};

/* Parse s as a range into *r; -1 with a reason in *why when it is none,
 * or END is before START. */
int tp_time_range_parse(const char *s, struct tp_time_range *r,
    const char **why);

/* The time now, Unix ms UTC. */
int64_t tp_time_now_ms(void);

#endif
