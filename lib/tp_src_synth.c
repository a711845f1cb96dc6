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

#include "tp_source.h"

#define STEPS 4			/* price moves within one candle */
#define DAY_VOL 0.02		/* standard deviation of a daily return */

struct synth {
	const struct tp_source_args *a;
	struct tp_candle_cols cols;
	uint64_t s[4];
	long i;
	double price;		/* the walk, in ticks */
	double scale;		/* ticks per unit of price */
	int decimals;
	double step_vol;
	char num[64];
};

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
xoshiro(uint64_t s[4])
{
	uint64_t r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return r;
}

/* Uniform in [0, 1) with 53 random bits. */
static double
uniform(uint64_t s[4])
{
	return (double)(xoshiro(s) >> 11) * 0x1p-53;
}

/* Approximately standard normal: the Irwin-Hall sum of 12 uniforms. */
static double
normal(uint64_t s[4])
{
	double z = -6;
	int k;

	for (k = 0; k < 12; k++)
		z += uniform(s);
	return z;
}

static int
synth_open(void **st, const struct tp_source_args *a, struct tp_err *err)
{
	struct synth *g = calloc(1, sizeof(*g));
	uint64_t x = a->seed;
	double v;
	int k;

	*st = g;
	if (g == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	g->a = a;
	if (tp_candle_cols_init(&g->cols, a->names, TP_UNIT_MS, err) < 0)
		return -1;
	for (k = 0; k < 4; k++)
		g->s[k] = splitmix64(&x);
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
		z = normal(g->s);
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
	vol = (int64_t)nearbyint(10000000.0 * (0.5 + uniform(g->s) +
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
	synth_close
};
