/*
 * tp_src_synth.c: reproducible random-walk candles.
 *
 * The same arguments give the same bytes on every machine: the generator
 * is xoshiro256** (Blackman and Vigna, 2018) seeded through splitmix64,
 * normal steps are Irwin-Hall sums of 12 uniforms, and the walk uses only
 * IEEE-754 +, -, *, / and sqrt, which are exactly rounded everywhere (no
 * libm transcendental functions, whose last bits differ between libms;
 * the Makefile builds with -ffp-contract=off so no FMA changes a result).
 * Prices are kept in whole ticks and printed as fixed decimals.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/tp_rand.h"
#include "feed/tp_source.h"

#define STEPS 4			/* price moves within one candle */
#define DAY_VOL 0.02		/* standard deviation of a daily return */

struct synth {
	const struct tp_source_args *a;
	struct tp_candle_cols cols;
	struct tp_rand rng;
	long i;
	double price;		/* the walk, in ticks */
	double scale;		/* ticks per unit of price */
	int decimals;
	double step_vol;
	char num[64];
};

/* Approximately standard normal: the Irwin-Hall sum of 12 uniforms. */
static double
normal(struct tp_rand *r)
{
	double z = -6;
	int k;

	for (k = 0; k < 12; k++)
		z += tp_rand_uniform(r);
	return z;
}

static int
synth_open(void **st, const struct tp_source_args *a, struct tp_err *err)
{
	struct synth *g = calloc(1, sizeof(*g));
	double v;

	*st = g;
	if (g == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	g->a = a;
	/* Every time written must be one tp reads back (and the last one,
	 * start + (bars - 1) * tf, must not overflow on the way). */
	if (a->bars > 0 && (!tp_time_ok(a->start) || (a->tf_ms > 0 &&
	    a->bars - 1 > (TP_TIME_MAX - a->start) / a->tf_ms)))
		return tp_errf(err, TP_EX_USAGE, NULL, 0, "--bars %ld candles "
		    "of --timeframe from --start go past 2200-01-01", a->bars);
	if (tp_candle_cols_init(&g->cols, a->names, TP_UNIT_MS, err) < 0)
		return -1;
	tp_rand_seed(&g->rng, a->seed);
	/* Two decimals, or more for six significant digits at the start. */
	g->scale = 1;
	for (v = a->price; (v < 100000 || g->decimals < 2) &&
	    g->decimals < 12; v *= 10) {
		g->scale *= 10;
		g->decimals++;
	}
	g->price = nearbyint(a->price * g->scale);
	if (g->price < 1)
		g->price = 1;
	g->step_vol = DAY_VOL * sqrt((double)a->tf_ms / 86400000.0 / STEPS);
	return 0;
}

/* Add a field holding ticks / 10^decimals as a fixed decimal. */
static int
add_fixed(struct synth *g, struct tp_rec *rec, int id, int64_t ticks,
    int decimals)
{
	char *p = g->num + sizeof(g->num);
	int64_t v = ticks;
	int k;

	for (k = 0; v != 0 || k <= decimals; k++) {
		if (k == decimals && decimals > 0)
			*--p = '.';
		*--p = (char)('0' + v % 10);
		v /= 10;
	}
	return tp_rec_add(rec, id, TP_ENC_NUM, p,
	    (size_t)(g->num + sizeof(g->num) - p));
}

static int
synth_next(void *st, struct tp_rec *rec, struct tp_err *err)
{
	struct synth *g = st;
	int64_t o, h, l, c, vol;
	double z, move = 0;
	int k;

	if (g->i >= g->a->bars)
		return 0;
	tp_rec_clear(rec);
	rec->file = "synth";
	rec->line = g->i + 1;
	o = h = l = (int64_t)g->price;
	for (k = 0; k < STEPS; k++) {
		z = normal(&g->rng);
		move += z < 0 ? -z : z;
		g->price = nearbyint(g->price * (1 + g->step_vol * z));
		if (g->price < 1)
			g->price = 1;
		if ((int64_t)g->price > h)
			h = (int64_t)g->price;
		if ((int64_t)g->price < l)
			l = (int64_t)g->price;
	}
	c = (int64_t)g->price;
	/* Busier candles move more: volume grows with the path length. */
	vol = (int64_t)nearbyint(10000000.0 * (0.5 + tp_rand_uniform(&g->rng) +
	    move / STEPS));
	if (tp_rec_add_i64(rec, g->cols.id[TP_C_TIME], g->a->start +
	    g->i * g->a->tf_ms) < 0 ||
	    add_fixed(g, rec, g->cols.id[TP_C_OPEN], o, g->decimals) < 0 ||
	    add_fixed(g, rec, g->cols.id[TP_C_HIGH], h, g->decimals) < 0 ||
	    add_fixed(g, rec, g->cols.id[TP_C_LOW], l, g->decimals) < 0 ||
	    add_fixed(g, rec, g->cols.id[TP_C_CLOSE], c, g->decimals) < 0 ||
	    add_fixed(g, rec, g->cols.id[TP_C_VOLUME], vol, 4) < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	g->i++;
	if (tp_source_label(g->a, &g->cols, rec, err) < 0)
		return -1;
	return 1;
}

static enum tp_fmt
synth_format(void *st)
{
	(void)st;
	return TP_FMT_CSV;
}

static int
synth_header(void *st, const int **ids)
{
	(void)st;
	*ids = NULL;
	return 0;
}

static void
synth_close(void *st)
{
	free(st);
}

const struct tp_source_ops tp_source_synth = {
	"synth", synth_open, synth_next, synth_format, synth_header,
	synth_close, NULL
};
