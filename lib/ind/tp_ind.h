/*
 * tp_ind.h: streaming indicators and the registry tp-ind reads them from.
 *
 * Every indicator is one struct tp_ind_def in lib/ind/, named tp_ind_<x>;
 * the build collects them into the registry (tp_ind_registry[]), so adding
 * an indicator is adding one file.  An indicator is a streaming state
 * machine in the manner of TA-Lib's streaming API: init() from parameters,
 * then update() with one bar in and one set of outputs out, NaN while
 * warming up.  Its values must equal TA-Lib's batch functions run from the
 * first bar of the stream (see tests/ind/README.md for how that is checked).
 *
 * Memory: the state is one block of size() bytes, laid out by the
 * indicator (ring buffers after its struct), allocated once per symbol; an
 * update never allocates.
 */
#ifndef TP_IND_H
#define TP_IND_H

#include <stddef.h>

#include "rec/tp_rec.h"

/* The inputs of one bar, in this order in the in[] array of update(). */
enum tp_in {
	TP_IN_OPEN, TP_IN_HIGH, TP_IN_LOW, TP_IN_CLOSE, TP_IN_VOLUME,
	TP_IN_REAL,		/* one series: close unless the spec says @x */
	TP_IN_REAL2,		/* a second series (CORREL, BETA) */
	TP_IN_TIME,		/* the bar's time, Unix ms (VWAP sessions) */
	TP_IN_N
};

#define TP_IN_BIT(k) (1u << (k))
#define TP_IN_OHLC (TP_IN_BIT(TP_IN_OPEN) | TP_IN_BIT(TP_IN_HIGH) | \
	TP_IN_BIT(TP_IN_LOW) | TP_IN_BIT(TP_IN_CLOSE))
#define TP_IN_HLC (TP_IN_BIT(TP_IN_HIGH) | TP_IN_BIT(TP_IN_LOW) | \
	TP_IN_BIT(TP_IN_CLOSE))
#define TP_IN_HL (TP_IN_BIT(TP_IN_HIGH) | TP_IN_BIT(TP_IN_LOW))

#define TP_IND_MAXP 9		/* parameters of one indicator */
#define TP_IND_MAXOUT 8		/* outputs of one indicator */

/* Moving average types, numbered as TA-Lib's TA_MAType. */
enum tp_ma_type {
	TP_MA_SMA, TP_MA_EMA, TP_MA_WMA, TP_MA_DEMA, TP_MA_TEMA, TP_MA_TRIMA,
	TP_MA_KAMA, TP_MA_MAMA, TP_MA_T3, TP_MA_N
};

enum tp_param_kind {
	TP_P_INT,		/* an integer in [min, max] */
	TP_P_REAL,		/* a number in [min, max] */
	TP_P_MATYPE		/* 0-8 or sma ema wma dema tema trima kama mama t3 */
};

struct tp_ind_param {
	const char *name;	/* TA-Lib's optIn name, lower-case: "timeperiod" */
	enum tp_param_kind kind;
	double def, min, max;
};

struct tp_ind_out {
	const char *prefix;	/* field name before the parameters: "macd_signal" */
	const char *role;	/* suffix after an alias: "signal"; "" for the main one */
};

/* How an indicator's outputs are written: numbers, or labels. */
enum tp_ind_labels {
	TP_LABELS_NONE,		/* the number itself */
	TP_LABELS_REGIME,	/* an index into tp_regime_labels[] */
	TP_LABELS_EVENTS	/* a ratio past a threshold: a severity, and
				 * unless asked for as fields, an event */
};

struct tp_ind_def {
	const char *name;	/* spec name, lower-case: "macd" */
	const char *talib;	/* TA-Lib function, "MACD"; NULL if not TA-Lib's */
	const char *group;	/* overlap momentum volume volatility statistics
				 * price pattern other */
	const char *help;	/* one line for --list */
	unsigned inputs;	/* TP_IN_BIT()s of the inputs used */
	int nparams;
	struct tp_ind_param params[TP_IND_MAXP];
	int nnamed;		/* leading parameters always in field names */
	int nout;
	struct tp_ind_out out[TP_IND_MAXOUT];
	enum tp_ind_labels labels;	/* TP_LABELS_NONE unless set */
	/* Bytes of state for parameters p (already checked against min/max). */
	size_t (*size)(const double *p);
	/* Set up st (size() bytes, zeroed) for p; < 0 when the combination
	 * of parameters is invalid, with a reason in *why. */
	int (*init)(void *st, const double *p, const char **why);
	/* One bar: in[TP_IN_N] (only the inputs named in .inputs are set),
	 * out[nout] (NaN while warming up or undefined). */
	void (*update)(void *st, const double *in, double *out);
};

/* The registry, generated at build time from lib/ind/ (see Makefile). */
extern const struct tp_ind_def *const tp_ind_registry[];
extern const int tp_ind_count;

/* The definition named name (case-insensitive), or NULL. */
const struct tp_ind_def *tp_ind_find(const char *name);
/* The registered name closest to name (for "did you mean"). */
const char *tp_ind_closest(const char *name);

/* ---- moving averages of any TA-Lib type, for indicators built on them ---- */

/*
 * struct tp_ma is a moving average of one series, of any of TA-Lib's MA
 * types, with TA-Lib's seeding and lookback.  Indicators that take an
 * MA type parameter (BBANDS, MACDEXT, STOCH, APO, ...) embed one.  Its
 * ring buffer lives in memory the caller provides: tp_ma_size() bytes.
 */
struct tp_ma {
	enum tp_ma_type type;
	int period;
	long n;			/* values seen */
	double *mem;		/* tp_ma_size() bytes owned by the caller */
	double k, sum, wsum, prev;	/* per-type running values */
	double e[6];		/* chained EMAs (DEMA, TEMA, T3) and spares */
	int ring;		/* index into the ring buffer */
	void *sub;		/* MAMA state, inside mem */
};

/* Bytes of ring buffer and helper state for an MA of type and period. */
size_t tp_ma_size(enum tp_ma_type type, int period);
/* The number of values consumed before the first output (TA-Lib's
 * TA_MA_Lookback), -1 if the period is out of range for the type. */
int tp_ma_lookback(enum tp_ma_type type, int period);
int tp_ma_init(struct tp_ma *ma, enum tp_ma_type type, int period,
    void *mem);
/* One value in; the average, or NaN during the lookback. */
double tp_ma_update(struct tp_ma *ma, double x);

/* ---- a configured set of indicators over a stream ------------------------- */

extern const char *const tp_regime_labels[];

/* The severity of an event that went ratio times past its threshold:
 * "low", "medium", "high" or "critical". */
const char *tp_ind_event_severity(double ratio);
/* The same as a level: 0 low, 1 medium, 2 high, 3 critical. */
int tp_ind_event_level(double ratio);

/* One event that fired on the last record (events as records). */
struct tp_event {
	const char *kind;	/* "volume_spike" */
	double ratio;
};

/* One indicator as the command line asked for it. */
struct tp_ind_inst {
	const struct tp_ind_def *def;
	double p[TP_IND_MAXP];
	int outid[TP_IND_MAXOUT];	/* field ids of the outputs */
	int src[TP_IN_N];	/* field id of each input */
	int nin, ink[TP_IN_N];	/* the inputs it reads, in order */
	int at[TP_IN_N];	/* where it was in the last record */
	size_t off;		/* offset of its state in a symbol's block */
	const char *spec;	/* as given, for messages */
};

struct tp_ind_sym;
struct tp_inform;

struct tp_inds {
	struct tp_names *names;
	struct tp_ind_inst *v;
	int n, cap;
	size_t state_size;	/* bytes of all states of one symbol */
	int symbol_id;
	int sym_at;
	int time_id, time_at;	/* each block starts with its last time */
	/* is_out[id] for the field ids the indicators write (id <= max_out):
	 * a record that already has one gets it replaced, not repeated. */
	unsigned char *is_out;
	int max_out;
	int replace;		/* the current record has such a field */
	unsigned shape;		/* of the record replace was found for */
	struct tp_names syms;	/* symbol -> block */
	int last_id;		/* the symbol of the last record, or -1 */
	unsigned char **blocks;
	int nblocks;
	struct tp_buf tmp;
	double out[TP_IND_MAXOUT];
	/* Numbers parsed from the current record, by field index: each
	 * input is parsed once however many indicators read it. */
	double cache[64];
	unsigned cache_gen[64], gen;
	int events_as_fields;	/* events as fields, not event records */
	struct tp_event ev[TP_IND_MAXOUT];	/* fired on the last record */
	int nev;
	struct tp_rec *ready;	/* pushed, not popped (without inf) */
	struct tp_inform *inf;	/* higher timeframes, other symbols,
				 * shifts (tp_inform.h); NULL: none */
};

void tp_inds_init(struct tp_inds *s, struct tp_names *names);
void tp_inds_release(struct tp_inds *s);

/*
 * Add an indicator from its spec, "[alias=]name[:p1,p2,...][@field]"; a
 * parameter may also be given by name, "bbands:20,nbdevdn=3".
 * fields[] maps TP_IN_OPEN..TP_IN_VOLUME to field names (--field).
 * Returns < 0 with a TP_EX_USAGE error naming the problem, among them a
 * spec whose outputs an earlier spec already writes.
 */
int tp_inds_add(struct tp_inds *s, const char *spec, const char *alias,
    const char *const fields[TP_IN_N], struct tp_err *err);

/* Whether an events indicator is configured. */
int tp_inds_has_events(const struct tp_inds *s);

/* Make event record i of the last tp_inds_apply() on rec: type "event",
 * the candle's time and symbol, event, severity and ratio. */
int tp_inds_event(struct tp_inds *s, const struct tp_rec *rec, int i,
    struct tp_rec *out, struct tp_err *err);

/*
 * Compute every indicator on rec and append the outputs to it; a field of
 * that name the record already has is replaced where it stands.  Records
 * of a symbol must come in time order (tp_candle_time_order).
 */
int tp_inds_apply(struct tp_inds *s, struct tp_rec *rec, struct tp_err *err);

/*
 * The stream form, which the informative fields of tp_inform.h need:
 * push each record, then pop the records that are ready, in input order,
 * with every field added.  Without other symbols (tp_inform_from()) the
 * record pushed is ready at once and pop returns it, unmoved; with them,
 * the rows of one time wait for a row of a later time, for
 * tp_inds_flush() (the input paused or ended), and pop returns copies,
 * valid until the next push.  After a failed push, nothing is ready.
 */
int tp_inds_push(struct tp_inds *s, struct tp_rec *rec, struct tp_err *err);
struct tp_rec *tp_inds_pop(struct tp_inds *s);
int tp_inds_flush(struct tp_inds *s, struct tp_err *err);

/* Note that field id is written, by an indicator or an informative
 * field: 0, 1 when something already writes it, -1 out of memory. */
int tp_inds_claim(struct tp_inds *s, int id);
/* The fields of rec from first on were just appended: each takes the
 * place of an earlier field of its name (tp-ind | tp-ind). */
void tp_inds_replace(struct tp_inds *s, struct tp_rec *rec, int first);

/* The field ids every record gets, in order, into ids[0..cap): their
 * number, which may exceed cap. */
int tp_inds_outputs(const struct tp_inds *s, int *ids, int cap);

#endif
