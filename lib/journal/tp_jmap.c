/*
 * tp_jmap.c: from records to journal rows, and the canonical text of a
 * record.  The tables below are the one description of what each kind of
 * record stores; share/sql/ must have the same columns (the test suite
 * checks every table's columns against these).
 */
#include <math.h>
#include <string.h>

#include <sodium.h>

#include "core/tp_grow.h"
#include "rec/tp_enc.h"
#include "journal/tp_journal.h"
#include "core/tp_num.h"
#include "core/tp_time.h"
#include "trade/tp_backtest.h"

#define K TP_JC_KEY
#define R TP_JC_REQ
#define B TP_JC_BLANK
#define COLS(v) v, (int)(sizeof(v) / sizeof(v[0]))

static const struct tp_jcol candle_cols[] = {
	{ "exchange", "exchange", TP_JT_TEXT, K },
	{ "symbol", "symbol", TP_JT_TEXT, K },
	{ "timeframe", "timeframe", TP_JT_TEXT, K },
	{ "time", "time", TP_JT_TIME, K | R },
	{ "open", "open", TP_JT_REAL, R },
	{ "high", "high", TP_JT_REAL, R },
	{ "low", "low", TP_JT_REAL, R },
	{ "close", "close", TP_JT_REAL, R },
	{ "volume", "volume", TP_JT_REAL, R },
};

static const struct tp_jcol decision_cols[] = {
	{ "exchange", "exchange", TP_JT_TEXT, K },
	{ "symbol", "symbol", TP_JT_TEXT, K },
	{ "timeframe", "timeframe", TP_JT_TEXT, K },
	{ "time", "time", TP_JT_TIME, K | R },
	{ "signal", "signal", TP_JT_TEXT, R },
	{ "confidence", "confidence", TP_JT_REAL, 0 },
	{ "tag", "tag", TP_JT_TEXT, 0 },
	{ "close", "close", TP_JT_REAL, 0 },
	{ "model_version", "model_version", TP_JT_INT, 0 },
};

static const struct tp_jcol order_cols[] = {
	{ "client_order_id", "client_order_id", TP_JT_TEXT, K | R },
	{ "time", "time", TP_JT_TIME, R },
	{ "exchange", "exchange", TP_JT_TEXT, 0 },
	{ "symbol", "symbol", TP_JT_TEXT, B },
	{ "side", "side", TP_JT_TEXT, R },
	{ "order_type", "order_type", TP_JT_TEXT, 0 },
	{ "amount", "amount", TP_JT_REAL, 0 },
	{ "price", "price", TP_JT_REAL, 0 },
	{ "stop_price", "stop_price", TP_JT_REAL, 0 },
	{ "status", "status", TP_JT_TEXT, 0 },
	{ "reason", "reason", TP_JT_TEXT, 0 },
};

static const struct tp_jcol fill_cols[] = {
	{ "client_order_id", "client_order_id", TP_JT_TEXT, K | R },
	{ "fill_id", "fill_id", TP_JT_TEXT, K },
	{ "time", "time", TP_JT_TIME, K | R },
	{ "exchange", "exchange", TP_JT_TEXT, 0 },
	{ "symbol", "symbol", TP_JT_TEXT, B },
	{ "side", "side", TP_JT_TEXT, 0 },
	{ "price", "price", TP_JT_REAL, R },
	{ "amount", "amount", TP_JT_REAL, R },
	{ "fee", "fee", TP_JT_REAL, 0 },
	{ "fee_currency", "fee_currency", TP_JT_TEXT, 0 },
};

static const struct tp_jcol trade_cols[] = {
	{ "strategy", "strategy", TP_JT_TEXT, K },
	{ "pair", "pair", TP_JT_TEXT, K },
	{ "is_short", "is_short", TP_JT_BOOL, K },
	{ "open_date", "open_date", TP_JT_TIME, K | R },
	{ "close_date", "close_date", TP_JT_TIME, 0 },
	{ "open_rate", "open_rate", TP_JT_REAL, R },
	{ "close_rate", "close_rate", TP_JT_REAL, 0 },
	{ "amount", "amount", TP_JT_REAL, R },
	{ "stake_amount", "stake_amount", TP_JT_REAL, 0 },
	{ "leverage", "leverage", TP_JT_REAL, 0 },
	{ "fee_open", "fee_open", TP_JT_REAL, 0 },
	{ "fee_close", "fee_close", TP_JT_REAL, 0 },
	{ "profit_ratio", "profit_ratio", TP_JT_REAL, 0 },
	{ "profit_abs", "profit_abs", TP_JT_REAL, 0 },
	{ "exit_reason", "exit_reason", TP_JT_TEXT, 0 },
	{ "enter_tag", "enter_tag", TP_JT_TEXT, 0 },
	{ "stop_loss", "stop_loss", TP_JT_REAL, 0 },
	{ "liquidation_price", "liquidation_price", TP_JT_REAL, 0 },
	{ "max_rate", "max_rate", TP_JT_REAL, 0 },
	{ "min_rate", "min_rate", TP_JT_REAL, 0 },
	{ "exchange", "exchange", TP_JT_TEXT, 0 },
};

static const struct tp_jcol account_cols[] = {
	{ "account", "account", TP_JT_TEXT, K },
	{ "time", "time", TP_JT_TIME, K | R },
	{ "balance", "balance", TP_JT_REAL, 0 },
	{ "equity", "equity", TP_JT_REAL, 0 },
	{ "margin", "margin", TP_JT_REAL, 0 },
	{ "open_trades", "open_trades", TP_JT_INT, 0 },
	{ "drawdown", "drawdown", TP_JT_REAL, 0 },
};

static const struct tp_jcol event_cols[] = {
	{ "symbol", "symbol", TP_JT_TEXT, K },
	{ "time", "time", TP_JT_TIME, K | R },
	{ "event", "event", TP_JT_TEXT, K | R },
	{ "severity", "severity", TP_JT_TEXT, 0 },
	{ "ratio", "ratio", TP_JT_REAL, 0 },
	{ "exchange", "exchange", TP_JT_TEXT, 0 },
	{ "timeframe", "timeframe", TP_JT_TEXT, 0 },
};

/* pattern and value come from the cdl* field itself (see patterns()). */
static const struct tp_jcol pattern_cols[] = {
	{ "exchange", "exchange", TP_JT_TEXT, K },
	{ "symbol", "symbol", TP_JT_TEXT, K },
	{ "timeframe", "timeframe", TP_JT_TEXT, K },
	{ "time", "time", TP_JT_TIME, K | R },
	{ "pattern", NULL, TP_JT_TEXT, K },
	{ "value", NULL, TP_JT_INT, 0 },
	{ "close", "close", TP_JT_REAL, R },
	{ "regime", "regime", TP_JT_TEXT, 0 },
};

static const struct tp_jcol run_cols[] = {
	{ "strategy", "strategy", TP_JT_TEXT, 0 },
	{ "backtest_start", "period_start", TP_JT_TIME, 0 },
	{ "backtest_end", "period_end", TP_JT_TIME, 0 },
	{ "trades", "trades", TP_JT_INT, 0 },
	{ "wins", "wins", TP_JT_INT, 0 },
	{ "draws", "draws", TP_JT_INT, 0 },
	{ "losses", "losses", TP_JT_INT, 0 },
	{ "winrate", "winrate", TP_JT_REAL, 0 },
	{ "starting_balance", "starting_balance", TP_JT_REAL, 0 },
	{ "final_balance", "final_balance", TP_JT_REAL, 0 },
	{ "profit_total", "profit_total", TP_JT_REAL, 0 },
	{ "profit_total_abs", "profit_total_abs", TP_JT_REAL, 0 },
	{ "max_drawdown_account", "max_drawdown_account", TP_JT_REAL, 0 },
	{ "cagr", "cagr", TP_JT_REAL, 0 },
	{ "sharpe", "sharpe", TP_JT_REAL, 0 },
	{ "sortino", "sortino", TP_JT_REAL, 0 },
	{ "calmar", "calmar", TP_JT_REAL, 0 },
	{ "sqn", "sqn", TP_JT_REAL, 0 },
	{ "profit_factor", "profit_factor", TP_JT_REAL, 0 },
	{ "parameters", NULL, TP_JT_REST, 0 },
};

/* The LLM deciders' records (tp(7) LLM RECORDS).  ai_decisions has one
 * more column, executed, which the schema's triggers keep (005-llm.sql):
 * it comes from the trades that follow, not from the record. */
static const struct tp_jcol llm_decision_cols[] = {
	{ "exchange", "exchange", TP_JT_TEXT, K },
	{ "symbol", "symbol", TP_JT_TEXT, K },
	{ "timeframe", "timeframe", TP_JT_TEXT, K },
	{ "time", "time", TP_JT_TIME, K | R },
	{ "decision", "decision", TP_JT_TEXT, R },
	{ "confidence", "confidence", TP_JT_REAL, 0 },
	{ "signal", "signal", TP_JT_TEXT, 0 },
	{ "voting", "voting", TP_JT_TEXT, 0 },
	{ "answers", "answers", TP_JT_INT, 0 },
	{ "models", "models", TP_JT_INT, 0 },
	{ "prompt_hash", "prompt_hash", TP_JT_TEXT, 0 },
	{ "fallback", "fallback", TP_JT_BOOL, 0 },
};

static const struct tp_jcol llm_answer_cols[] = {
	{ "exchange", "exchange", TP_JT_TEXT, K },
	{ "symbol", "symbol", TP_JT_TEXT, K },
	{ "timeframe", "timeframe", TP_JT_TEXT, K },
	{ "time", "time", TP_JT_TIME, K | R },
	{ "model", "model", TP_JT_TEXT, K | R },
	{ "api_model", "api_model", TP_JT_TEXT, 0 },
	{ "prompt_hash", "prompt_hash", TP_JT_TEXT, 0 },
	{ "decision", "decision", TP_JT_TEXT, 0 },
	{ "confidence", "confidence", TP_JT_REAL, 0 },
	{ "sentiment", "sentiment", TP_JT_REAL, 0 },
	{ "reasoning", "reasoning", TP_JT_TEXT, 0 },
	{ "ms", "ms", TP_JT_REAL, 0 },
	{ "prompt_tokens", "prompt_tokens", TP_JT_INT, 0 },
	{ "completion_tokens", "completion_tokens", TP_JT_INT, 0 },
	{ "cost", "cost", TP_JT_REAL, 0 },
	{ "source", "source", TP_JT_TEXT, 0 },
	{ "error", "error", TP_JT_TEXT, 0 },
};

static const struct tp_jcol llm_prompt_cols[] = {
	{ "prompt_hash", "prompt_hash", TP_JT_TEXT, K | R },
	{ "system", "system", TP_JT_TEXT, 0 },
	{ "user", "user", TP_JT_TEXT, 0 },
};

static const struct tp_jcol other_cols[] = {
	{ "type", "type", TP_JT_TEXT, R },
	{ "record", NULL, TP_JT_RECORD, 0 },
};

const struct tp_jtable tp_jtables[TP_JTAB_N] = {
	[TP_JTAB_CANDLES] = { "candles", "candle", COLS(candle_cols), 0, 0 },
	[TP_JTAB_DECISIONS] = { "decisions", "decision", COLS(decision_cols), 0, 0 },
	[TP_JTAB_ORDERS] = { "orders", "order", COLS(order_cols), 0, 0 },
	[TP_JTAB_FILLS] = { "fills", "fill", COLS(fill_cols), 0, 0 },
	[TP_JTAB_TRADES] = { "trades", "trade", COLS(trade_cols), 0, 0 },
	[TP_JTAB_ACCOUNT] = { "account_snapshots", "account", COLS(account_cols), 0, 0 },
	[TP_JTAB_EVENTS] = { "events", "event", COLS(event_cols), 0, 0 },
	[TP_JTAB_PATTERNS] = { "patterns", "pattern", COLS(pattern_cols), 0, 0 },
	[TP_JTAB_RUNS] = { "backtest_runs", "summary", COLS(run_cols), 1, 0 },
	[TP_JTAB_AI_DECISIONS] = { "ai_decisions", "llm_decision",
	    COLS(llm_decision_cols), 0, 0 },
	[TP_JTAB_AI_ANSWERS] = { "ai_answers", "llm_answer",
	    COLS(llm_answer_cols), 0, 0 },
	/* a prompt's text is the same whenever its hash is */
	[TP_JTAB_PROMPTS] = { "llm_prompts", "llm_prompt",
	    COLS(llm_prompt_cols), 0, 1 },
	[TP_JTAB_OTHER] = { "other_records", "other", COLS(other_cols), 1, 0 },
};

/* A summary's fields that are results, not parameters of the run. */
static const char *const summary_fields[] = {
	"type", "days", "profit_mean", "profit_mean_abs", "expectancy",
	"expectancy_ratio", "max_drawdown_abs", "max_relative_drawdown",
	"drawdown_start", "drawdown_end", "duration_avg", "best_trade",
	"worst_trade", "market_change"
};

int
tp_jmap_init(struct tp_jmap *m, struct tp_names *names, struct tp_err *err)
{
	int t, c;

	memset(m, 0, sizeof(*m));
	m->names = names;
	for (t = 0; t < TP_JTAB_N; t++) {
		const struct tp_jtable *tb = &tp_jtables[t];

		m->fid[t] = calloc((size_t)tb->ncols, sizeof(int));
		if (m->fid[t] == NULL)
			goto oom;
		for (c = 0; c < tb->ncols; c++) {
			const char *f = tb->cols[c].field;

			m->fid[t][c] = f == NULL ? -1 :
			    tp_names_intern(names, f, strlen(f));
		}
	}
	m->type_id = tp_names_intern(names, TP_LIT("type"));
	m->signal_id = tp_names_intern(names, TP_LIT("signal"));
	m->regime_id = tp_names_intern(names, TP_LIT("regime"));
	if (m->type_id < 0 || m->signal_id < 0 || m->regime_id < 0)
		goto oom;
	return 0;
oom:
	tp_jmap_release(m);
	return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
}

void
tp_jmap_release(struct tp_jmap *m)
{
	int t;

	for (t = 0; t < TP_JTAB_N; t++)
		free(m->fid[t]);
	free(m->rows);
	tp_buf_release(&m->arena);
	tp_buf_release(&m->canon);
	tp_buf_release(&m->rest);
	tp_buf_release(&m->tmp);
	free(m->num);
	memset(m, 0, sizeof(*m));
}

/* ---- canonical text ------------------------------------------------------ */

static int
canon_number(struct tp_buf *out, const char *p, size_t n, const char *name,
    const struct tp_rec *rec, double *vp, struct tp_err *err)
{
	char num[TP_NUM_BUFSZ];
	double v;

	if (tp_num_parse(p, n, &v) != TP_NUM_OK || !isfinite(v))
		return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line,
		    "field \"%s\" is out of range: \"%.*s\"", name,
		    (int)(n > 40 ? 40 : n), p);
	if (vp != NULL)
		*vp = v;
	return tp_buf_add(out, num, tp_num_format(v, num));
}

/* A CSV cell's text, typed as tp_enc_cell_type() says. */
static int
canon_text(struct tp_buf *out, const char *p, size_t n, const char *name,
    const struct tp_rec *rec, double *vp, struct tp_err *err)
{
	switch (tp_enc_cell_type(p, n)) {
	case TP_CELL_NULL:
		return tp_buf_add(out, TP_LIT("null"));
	case TP_CELL_NUMBER:
		return canon_number(out, p, n, name, rec, vp, err);
	case TP_CELL_BOOL:
		return tp_buf_add(out, p, n);
	default:
		return tp_enc_json_str(out, p, n);
	}
}

static int
canon_value(struct tp_buf *out, const struct tp_field *f, const char *name,
    const struct tp_rec *rec, struct tp_buf *tmp, double *vp,
    struct tp_err *err)
{
	switch (f->enc) {
	case TP_ENC_NULL:
		return tp_buf_add(out, TP_LIT("null"));
	case TP_ENC_CSV:
		return canon_text(out, f->p, f->n, name, rec, vp, err);
	case TP_ENC_CSVQ:
		tmp->len = 0;
		if (tp_enc_dec_csv(tmp, f->p, f->n) < 0)
			return -1;
		return canon_text(out, tmp->p, tmp->len, name, rec, NULL, err);
	case TP_ENC_NUM:
		return canon_number(out, f->p, f->n, name, rec, vp, err);
	case TP_ENC_JSTR:
		if (memchr(f->p, '\\', f->n) == NULL)
			return tp_buf_add(out, f->p, f->n);
		tmp->len = 0;
		if (tp_enc_dec_json_str(tmp, f->p, f->n) < 0)
			return -1;
		return tp_enc_json_str(out, tmp->p, tmp->len);
	case TP_ENC_TEXT:
		return tp_enc_json_str(out, f->p, f->n);
	default:		/* TP_ENC_BOOL */
		return tp_buf_add(out, f->p, f->n);
	}
}

static int
canon(const struct tp_rec *rec, const struct tp_names *names,
    struct tp_buf *out, struct tp_buf *tmp, double *nums,
    struct tp_err *err)
{
	int i;

	out->len = 0;
	for (i = 0; i < rec->nf; i++) {
		const struct tp_field *f = &rec->f[i];
		const struct tp_name *nm = &names->v[f->name];
		double *vp = NULL;

		/* Each number parsed is kept by field index (NAN: none) so
		 * that the columns need not parse it again. */
		if (nums != NULL) {
			nums[i] = NAN;
			vp = &nums[i];
		}
		if (tp_buf_add(out, i ? "," : "{", 1) < 0 ||
		    tp_buf_add(out, nm->json, nm->jsonn) < 0 ||
		    canon_value(out, f, nm->s, rec, tmp, vp, err) < 0)
			goto fail;
	}
	if (tp_buf_add(out, rec->nf ? "}" : "{}", rec->nf ? 1 : 2) < 0)
		goto fail;
	return 0;
fail:
	if (err->code == 0)
		tp_errf(err, TP_EX_DATAERR, rec->file, rec->line,
		    "a string with a bad escape, or out of memory");
	return -1;
}

int
tp_journal_canon(const struct tp_rec *rec, const struct tp_names *names,
    struct tp_buf *out, struct tp_buf *tmp, struct tp_err *err)
{
	return canon(rec, names, out, tmp, NULL, err);
}

/* ---- values of columns --------------------------------------------------- */

/* Text of f: a pointer into the record, or decoded into the arena (its
 * offset kept in v->i until fix_text() points at it). */
static int
field_text(struct tp_jmap *m, const struct tp_field *f, struct tp_jval *v)
{
	v->type = SQLITE_TEXT;
	v->s = f->p;
	v->n = f->n;
	if (f->enc == TP_ENC_JSTR) {
		v->s = f->p + 1;
		v->n = f->n - 2;
		if (memchr(f->p, '\\', f->n) == NULL)
			return 0;
	} else if (f->enc != TP_ENC_CSVQ) {
		return 0;
	}
	v->i = (int64_t)m->arena.len;
	v->s = NULL;
	if ((f->enc == TP_ENC_CSVQ ? tp_enc_dec_csv(&m->arena, f->p, f->n) :
	    tp_enc_dec_json_str(&m->arena, f->p, f->n)) < 0)
		return -1;
	/* the decoded text is shorter than the raw one: "a\nb" is 3 bytes */
	v->n = m->arena.len - (size_t)v->i;
	return 0;
}

static int
is_null(const struct tp_field *f)
{
	return f->enc == TP_ENC_NULL || ((f->enc == TP_ENC_CSV ||
	    f->enc == TP_ENC_TEXT) && f->n == 0) ||
	    (f->enc == TP_ENC_JSTR && f->n == 2) ||
	    (f->enc == TP_ENC_CSVQ && f->n == 2);
}

/* The text of v, wherever it lives. */
static const char *
val_text(const struct tp_jmap *m, const struct tp_jval *v)
{
	return v->s != NULL ? v->s : m->arena.p + v->i;
}

static int
bad(const struct tp_rec *rec, const char *kind, const char *field,
    const char *what, struct tp_err *err)
{
	return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line,
	    "%s record: field \"%s\" %s", kind, field, what);
}

static int
col_time(struct tp_jmap *m, const struct tp_rec *rec, const char *field,
    const struct tp_field *f, struct tp_jval *v, struct tp_err *err)
{
	const char *why = NULL;
	int64_t ms;

	if (field_text(m, f, v) < 0)
		return bad(rec, m->kind, field, "has a bad escape", err);
	if (tp_time_parse(val_text(m, v), v->n, TP_UNIT_MS, &ms, &why) < 0)
		return tp_errf(err, TP_EX_DATAERR, rec->file, rec->line,
		    "%s record: field \"%s\" is not a time: \"%.*s\"",
		    m->kind, field, (int)(v->n > 40 ? 40 : v->n),
		    val_text(m, v));
	v->type = SQLITE_INTEGER;
	v->i = ms;
	v->s = NULL;
	return 0;
}

static int
col_bool(struct tp_jmap *m, const struct tp_rec *rec, const char *field,
    const struct tp_field *f, struct tp_jval *v, struct tp_err *err)
{
	const char *p;

	if (field_text(m, f, v) < 0)
		return bad(rec, m->kind, field, "has a bad escape", err);
	p = val_text(m, v);
	v->type = SQLITE_INTEGER;
	v->s = NULL;
	if ((v->n == 4 && memcmp(p, "true", 4) == 0) ||
	    (v->n == 1 && *p == '1'))
		v->i = 1;
	else if ((v->n == 5 && memcmp(p, "false", 5) == 0) ||
	    (v->n == 1 && *p == '0'))
		v->i = 0;
	else
		return bad(rec, m->kind, field, "is not true or false", err);
	return 0;
}

/* The field of rec the release before named as it (tp_bt_summary_name),
 * or -1: a summary's "start" fills backtest_start for one release. */
static int
old_field(const struct tp_jmap *m, const struct tp_rec *rec,
    const char *field)
{
	const char *now;
	char buf[64];
	int i;

	for (i = 0; i < rec->nf; i++) {
		now = tp_bt_summary_name(m->names->v[rec->f[i].name].s, buf,
		    sizeof(buf));
		if (now != NULL && strcmp(now, field) == 0)
			return i;
	}
	return -1;
}

static int
col_value(struct tp_jmap *m, const struct tp_rec *rec, int table,
    const struct tp_jcol *c, int fid, struct tp_jval *v, struct tp_err *err)
{
	const struct tp_field *f;
	int i = tp_rec_find(rec, fid, -1);

	if (i < 0 && table == TP_JTAB_RUNS)
		i = old_field(m, rec, c->field);

	memset(v, 0, sizeof(*v));
	f = i < 0 ? NULL : &rec->f[i];
	if (f == NULL || is_null(f)) {
		if (c->flags & TP_JC_REQ)
			return bad(rec, m->kind, c->field, f == NULL ?
			    "is missing" : "is null", err);
		v->type = SQLITE_NULL;
		if (c->flags & (TP_JC_KEY | TP_JC_BLANK)) {
			/* NULL keys never match; a blank symbol is a
			 * stream's only one */
			v->type = c->type == TP_JT_TEXT ? SQLITE_TEXT :
			    SQLITE_INTEGER;
			v->s = "";
		}
		return 0;
	}
	switch (c->type) {
	case TP_JT_TEXT:
		if (field_text(m, f, v) < 0)
			return bad(rec, m->kind, c->field, "has a bad escape",
			    err);
		return 0;
	case TP_JT_TIME:
		return col_time(m, rec, c->field, f, v, err);
	case TP_JT_BOOL:
		return col_bool(m, rec, c->field, f, v, err);
	default:
		break;
	}
	if (!isnan(m->num[i]))
		v->d = m->num[i];
	else if (tp_field_num(rec, f, m->names, &v->d, err) < 0)
		return -1;
	v->type = SQLITE_FLOAT;
	if (c->type == TP_JT_INT) {
		if (v->d != floor(v->d) || fabs(v->d) >= 9.2e18)
			return bad(rec, m->kind, c->field,
			    "is not a whole number", err);
		v->type = SQLITE_INTEGER;
		v->i = (int64_t)v->d;
	}
	return 0;
}

/* ---- rows ---------------------------------------------------------------- */

static struct tp_jrow *
new_row(struct tp_jmap *m, int table)
{
	struct tp_jrow *r;

	r = tp_grow(m->rows, &m->rowcap, m->nrows + 1, sizeof(*r));
	if (r == NULL)
		return NULL;
	m->rows = r;
	r = &m->rows[m->nrows++];
	r->table = table;
	return r;
}

static int
is_summary_field(const struct tp_jmap *m, const char *s)
{
	const char *now;
	char buf[64];
	size_t k;
	int c;

	if ((now = tp_bt_summary_name(s, buf, sizeof(buf))) != NULL)
		s = now;	/* "start" is "period_start" */

	if (strncmp(s, "exit_", 5) == 0 || strncmp(s, "mc_", 3) == 0)
		return 1;
	for (k = 0; k < sizeof(summary_fields) / sizeof(*summary_fields); k++)
		if (strcmp(s, summary_fields[k]) == 0)
			return 1;
	for (c = 0; c < tp_jtables[TP_JTAB_RUNS].ncols; c++)
		if (m->fid[TP_JTAB_RUNS][c] >= 0 &&
		    strcmp(s, tp_jtables[TP_JTAB_RUNS].cols[c].field) == 0)
			return 1;
	return 0;
}

/* A parameter's JSON key with its colon, as named now: a sweep of the
 * release before wrote "roi.0", now "roi_0" (tp_bt_summary_name). */
static int
rest_key(struct tp_buf *out, const struct tp_name *nm)
{
	const char *now;
	char buf[64];

	if ((now = tp_bt_summary_name(nm->s, buf, sizeof(buf))) == NULL)
		return tp_buf_add(out, nm->json, nm->jsonn);
	if (tp_enc_json_str(out, now, strlen(now)) < 0)
		return -1;
	return tp_buf_add(out, ":", 1);
}

/* A summary's parameters: its fields that are not results, canonical. */
static int
rest_value(struct tp_jmap *m, const struct tp_rec *rec, struct tp_jval *v,
    struct tp_err *err)
{
	int i, n = 0;

	m->rest.len = 0;
	for (i = 0; i < rec->nf; i++) {
		const struct tp_name *nm = &m->names->v[rec->f[i].name];

		if (is_summary_field(m, nm->s))
			continue;
		if (tp_buf_add(&m->rest, n++ ? "," : "{", 1) < 0 ||
		    rest_key(&m->rest, nm) < 0 ||
		    canon_value(&m->rest, &rec->f[i], nm->s, rec, &m->tmp,
		    NULL, err) < 0)
			return -1;
	}
	v->type = SQLITE_NULL;
	if (n == 0)
		return 0;
	if (tp_buf_add(&m->rest, TP_LIT("}")) < 0)
		return -1;
	v->type = SQLITE_TEXT;
	v->s = m->rest.p;
	v->n = m->rest.len;
	return 0;
}

static int
make_row(struct tp_jmap *m, const struct tp_rec *rec, int table,
    struct tp_err *err)
{
	const struct tp_jtable *tb = &tp_jtables[table];
	struct tp_jrow *r = new_row(m, table);
	int c;

	if (r == NULL)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	for (c = 0; c < tb->ncols; c++) {
		struct tp_jval *v = &r->v[c];

		if (tb->cols[c].type == TP_JT_REST) {
			if (rest_value(m, rec, v, err) < 0)
				return -1;
		} else if (tb->cols[c].type == TP_JT_RECORD) {
			v->type = SQLITE_TEXT;
			v->s = m->canon.p;
			v->n = m->canon.len;
		} else if (tb->cols[c].field != NULL &&
		    col_value(m, rec, table, &tb->cols[c], m->fid[table][c],
		    v, err) < 0) {
			return -1;
		}
	}
	return 0;
}

/* One patterns row per cdl* field that is a whole number other than 0:
 * the key of the candle row (row 0), the field's name and value. */
static int
patterns(struct tp_jmap *m, const struct tp_rec *rec, struct tp_err *err)
{
	const struct tp_jtable *tb = &tp_jtables[TP_JTAB_PATTERNS];
	int i, c;

	for (i = 0; i < rec->nf; i++) {
		const struct tp_field *f = &rec->f[i];
		const struct tp_name *nm = &m->names->v[f->name];
		struct tp_jrow *r;
		double v;

		if (nm->n < 4 || memcmp(nm->s, "cdl", 3) != 0 || is_null(f))
			continue;
		if (!isnan(m->num[i])) {
			v = m->num[i];
		} else {
			struct tp_err ignored = TP_ERR_INIT;

			if (tp_field_num(rec, f, m->names, &v, &ignored) != 0)
				continue;
		}
		if (v == 0 || v != floor(v) || fabs(v) > 1e6)
			continue;
		if (make_row(m, rec, TP_JTAB_PATTERNS, err) < 0)
			return -1;
		r = &m->rows[m->nrows - 1];
		for (c = 0; c < tb->ncols; c++) {
			if (strcmp(tb->cols[c].col, "pattern") == 0) {
				r->v[c].type = SQLITE_TEXT;
				r->v[c].s = nm->s;
				r->v[c].n = nm->n;
			} else if (strcmp(tb->cols[c].col, "value") == 0) {
				r->v[c].type = SQLITE_INTEGER;
				r->v[c].i = (int64_t)v;
			}
		}
	}
	return 0;
}

static int
type_is(const char *p, size_t n, const char *s)
{
	return n == strlen(s) && memcmp(p, s, n) == 0;
}

/* The table a record's type goes to (candles for no type). */
static int
route(const char *p, size_t n)
{
	static const struct { const char *type; int table; } types[] = {
		{ "candle", TP_JTAB_CANDLES }, { "decision", TP_JTAB_DECISIONS },
		{ "order", TP_JTAB_ORDERS }, { "fill", TP_JTAB_FILLS },
		{ "trade", TP_JTAB_TRADES }, { "account", TP_JTAB_ACCOUNT },
		{ "equity", TP_JTAB_ACCOUNT }, { "event", TP_JTAB_EVENTS },
		{ "summary", TP_JTAB_RUNS },
		{ "llm_decision", TP_JTAB_AI_DECISIONS },
		{ "llm_answer", TP_JTAB_AI_ANSWERS },
		{ "llm_prompt", TP_JTAB_PROMPTS },
	};
	size_t k;

	for (k = 0; k < sizeof(types) / sizeof(*types); k++)
		if (type_is(p, n, types[k].type))
			return types[k].table;
	return TP_JTAB_OTHER;
}

/* Point every arena text at the arena, now that it has stopped growing. */
static void
fix_text(struct tp_jmap *m)
{
	int r, c;

	for (r = 0; r < m->nrows; r++) {
		const struct tp_jtable *tb = &tp_jtables[m->rows[r].table];

		for (c = 0; c < tb->ncols; c++) {
			struct tp_jval *v = &m->rows[r].v[c];

			if (v->type == SQLITE_TEXT && v->s == NULL)
				v->s = m->arena.p + v->i;
		}
	}
}

static int
grow_nums(struct tp_jmap *m, int n)
{
	double *v;

	if (n <= m->numcap)
		return 0;
	n = n < 64 ? 64 : 2 * n;
	v = realloc(m->num, (size_t)n * sizeof(*v));
	if (v == NULL)
		return -1;
	m->num = v;
	m->numcap = n;
	return 0;
}

int
tp_jmap_derive(struct tp_jmap *m, const struct tp_rec *rec,
    struct tp_err *err)
{
	const char *tp = "candle";
	size_t tn = 6;
	int ti, table, si;

	m->nrows = 0;
	m->arena.len = 0;
	m->kind = "candle";
	/* A null type is a candle, as tp_rec_is_candle says (an empty cell
	 * of a CSV that mixes kinds). */
	ti = tp_rec_find(rec, m->type_id, 0);
	if (ti >= 0 && !is_null(&rec->f[ti])) {
		struct tp_jval v;

		if (field_text(m, &rec->f[ti], &v) < 0)
			return bad(rec, "a", "type", "is not a kind", err);
		tp = val_text(m, &v);
		tn = v.n;
	}
	table = route(tp, tn);
	m->kind = tp_jtables[table].kind;
	if (grow_nums(m, rec->nf) < 0)
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	if (canon(rec, m->names, &m->canon, &m->tmp, m->num, err) < 0)
		return -1;
	crypto_generichash(m->hash, TP_HASH_LEN,
	    (const unsigned char *)m->canon.p, m->canon.len, NULL, 0);
	m->digest = m->hash;
	if (make_row(m, rec, table, err) < 0)
		return -1;
	if (table == TP_JTAB_CANDLES) {
		si = tp_rec_find(rec, m->signal_id, -1);
		if (si >= 0 && !is_null(&rec->f[si]) &&
		    make_row(m, rec, TP_JTAB_DECISIONS, err) < 0)
			return -1;
		if (patterns(m, rec, err) < 0)
			return -1;
	}
	fix_text(m);
	return 0;
}
