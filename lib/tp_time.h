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

/* Parse "s", "ms" or "us"; -1 if none. */
int tp_time_unit_parse(const char *s, enum tp_time_unit *u);

/*
 * Parse s[0..n) as a time: an integer epoch in unit, or ISO 8601
 * "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS[.fff...]]" with 'T' or a space, and a
 * zone "Z", "+HH:MM", "+HHMM" or "+HH" (none means UTC).  Fractions below
 * a millisecond are dropped (rounded toward the past).  Returns 0, or -1
 * when s is not a time, with a reason in *why.
 */
int tp_time_parse(const char *s, size_t n, enum tp_time_unit unit,
    int64_t *ms, const char **why);

/* Write ms as ISO 8601 "YYYY-MM-DDTHH:MM:SS.sssZ" (".sss" only when not 0);
 * buf holds at least 32 bytes; returns the length. */
size_t tp_time_format_iso(int64_t ms, char *buf);

/* Parse a timeframe "<N><unit>", unit one of s m h d w; -1 if bad. */
int tp_tf_parse(const char *s, int64_t *ms);
/* Write a timeframe in its largest whole unit ("90m" stays "90m"); buf holds
 * at least 24 bytes. */
size_t tp_tf_format(int64_t ms, char *buf);

/* The start of the candle of length tf that holds t: UTC boundaries, weeks
 * starting on Monday 00:00 UTC as exchanges count them. */
int64_t tp_tf_floor(int64_t t, int64_t tf);

/* The time now, Unix ms UTC. */
int64_t tp_time_now_ms(void);

#endif
