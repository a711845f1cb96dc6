/*
 * test_strategy.c: unit tests for lib/decide/tp_strategy.c (tp-strategy(5)).
 *
 * Run from the top of the source tree (scripts/run-tests does): the
 * shipped strategies are read from share/strategies/ and the bad files
 * from tests/strategy-fixtures/.  Every shipped strategy must load and
 * every rule of it compile with tp_expr_compile(), as tp-predict will.
 * Then each error with its exact message (the bad files, and small files
 * this test writes to a directory under /tmp), the defaults, and the ROI
 * table's order.  The expected jansson texts ("string or '}' expected
 * near 'x'") are jansson 2.14's, as printed by json_loadf(); loading the
 * same text from memory (json_loadb()) must give the same errors, and a
 * shipped file's text the same strategy as the file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "decide/tp_expr.h"
#include "rec/tp_rec.h"
#include "decide/tp_strategy.h"

static const char *const shipped[] = {
	"rsi_reversion", "ema_trend_adx", "bollinger_breakout", "macd_volume",
	"long_short", "trend_4h_btc_gate"
};
#define NSHIPPED ((int)(sizeof(shipped) / sizeof(shipped[0])))

/* A rule that is valid, for cases about other keys. */
#define RULES "\"rules\": {\"dip\": {\"when\": \"rsi_14 < 30\", " \
	"\"action\": \"enter_long\"}}"

/* The start of a model section with its kind and features, and its
 * label and train sections, for cases about other keys. */
#define MODEL_HEAD "\"model\": {\"kind\": \"logistic\", " \
	"\"features\": [\"close\"], "
#define LABEL "\"label\": {\"horizon\": 12}"
#define TRAIN "\"train\": {\"train_period\": 720, " \
	"\"backtest_period\": 168"
/* One whole model of an ensemble, named n, its label kind k. */
#define ELEM(n, k) "{\"name\": \"" n "\", \"kind\": \"logistic\", " \
	"\"features\": [\"close\"], \"label\": {\"horizon\": 12, " \
	"\"kind\": \"" k "\"}, " TRAIN "}}"

struct ecase {
	const char *json;	/* the file's text */
	const char *msg;	/* the exact message, code TP_EX_CONFIG */
};

static const struct ecase ecases[] = {
	/* unknown keys at every level, with and without a suggestion */
	{ "{" RULES ", \"stop_loss\": -0.1}",
	  "unknown key \"stop_loss\"; did you mean \"stoploss\"?" },
	{ "{" RULES ", \"trailling_stop\": true}",
	  "unknown key \"trailling_stop\"; did you mean \"trailing_stop\"?" },
	{ "{" RULES ", \"indicator\": []}",
	  "unknown key \"indicator\"; did you mean \"indicators\"?" },
	{ "{" RULES ", \"exchange\": \"binance\"}",
	  "unknown key \"exchange\"" },
	{ "{\"rules\": {\"dip\": {\"wen\": \"x\", \"action\": \"exit_long\"}}}",
	  "rules.dip: unknown key \"wen\"; did you mean \"when\"?" },
	{ "{" RULES ", \"voting\": {\"mod\": \"majority\"}}",
	  "voting: unknown key \"mod\"; did you mean \"mode\"?" },
	{ "{" RULES ", \"voting\": {\"min_entry\": 0.5}}",
	  "voting: unknown key \"min_entry\"" },
	{ "{" RULES ", \"sizing\": {\"mode\": \"fixed\", \"valeu\": 1}}",
	  "sizing: unknown key \"valeu\"; did you mean \"value\"?" },
	{ "{" RULES ", \"fees\": {\"fees\": 0.001}}",
	  "fees: unknown key \"fees\"; did you mean \"fee\"?" },
	/* wrong types */
	{ "{\"rules\": {\"dip\": {\"when\": \"x\", \"action\": \"enter_long\", "
	  "\"weight\": \"1\"}}}",
	  "rules.dip.weight: expected a number" },
	{ "{\"rules\": {\"dip\": {\"when\": 1, \"action\": \"enter_long\"}}}",
	  "rules.dip.when: expected a string" },
	{ "{\"rules\": {\"dip\": \"x > 1\"}}",
	  "rules.dip: expected an object" },
	{ "{\"rules\": [\"x > 1\"]}", "rules: expected an object" },
	{ "{" RULES ", \"name\": 1}", "name: expected a string" },
	{ "{" RULES ", \"description\": null}",
	  "description: expected a string" },
	{ "{" RULES ", \"timeframe\": 60}", "timeframe: expected a string" },
	{ "{" RULES ", \"indicators\": \"rsi:14\"}",
	  "indicators: expected an array" },
	{ "{" RULES ", \"indicators\": [\"rsi:14\", 14]}",
	  "indicators[1]: expected a string" },
	{ "{" RULES ", \"voting\": \"majority\"}",
	  "voting: expected an object" },
	{ "{" RULES ", \"voting\": {\"min_confidence_exit\": \"0.5\"}}",
	  "voting.min_confidence_exit: expected a number" },
	{ "{" RULES ", \"minimal_roi\": [0.04]}",
	  "minimal_roi: expected an object" },
	{ "{" RULES ", \"minimal_roi\": {\"30\": \"0.02\"}}",
	  "minimal_roi.30: expected a number" },
	{ "{" RULES ", \"stoploss\": \"-0.1\"}",
	  "stoploss: expected a number" },
	{ "{" RULES ", \"trailing_stop\": 1}",
	  "trailing_stop: expected true or false" },
	{ "{" RULES ", \"trailing_only_offset_is_reached\": \"no\"}",
	  "trailing_only_offset_is_reached: expected true or false" },
	{ "{" RULES ", \"trailing_stop_positive\": true}",
	  "trailing_stop_positive: expected a number" },
	{ "{" RULES ", \"sizing\": 0.1}", "sizing: expected an object" },
	{ "{" RULES ", \"sizing\": {\"mode\": 1, \"value\": 1}}",
	  "sizing.mode: expected a string" },
	{ "{" RULES ", \"leverage\": \"2x\"}", "leverage: expected a number" },
	{ "{" RULES ", \"fees\": 0.001}", "fees: expected an object" },
	{ "{" RULES ", \"max_open_trades\": 0}", "max_open_trades: must be a "
	  "whole number from 1, or -1 for no limit, not 0" },
	{ "{" RULES ", \"max_open_trades\": 2.5}", "max_open_trades: must be a "
	  "whole number from 1, or -1 for no limit, not 2.5" },
	{ "{" RULES ", \"dry_run_wallet\": 0}",
	  "dry_run_wallet: must be a positive amount, not 0" },
	{ "{" RULES ", \"use_exit_signal\": 1}",
	  "use_exit_signal: expected true or false" },
	{ "{" RULES ", \"flip\": \"yes\"}", "flip: expected true or false" },
	{ "{" RULES ", \"parameters\": {\"1x\": 1}}", "parameters: \"1x\" is "
	  "not a name (letters, digits and \"_\", not first a digit)" },
	{ "{" RULES ", \"parameters\": {\"x\": \"1\"}}",
	  "parameters.x: expected a number" },
	{ "{\"parameters\": {\"lo\": 30}, \"rules\": {\"dip\": {\"when\": "
	  "\"rsi_14 < $low\", \"action\": \"enter_long\"}}}",
	  "rules.dip.when: \"$low\" is not in \"parameters\"" },
	{ "{" RULES ", \"position_adjustment\": {}}",
	  "position_adjustment.max_entries: must be a whole number from 1 to "
	  "100, not 0" },
	{ "{" RULES ", \"position_adjustment\": {\"max_entries\": 2, "
	  "\"min_drop\": 1}}", "position_adjustment.min_drop: must be a ratio "
	  "from 0 to below 1, not 1" },
	{ "{" RULES ", \"position_adjustment\": {\"max_entries\": 2, "
	  "\"step\": 1}}", "position_adjustment: unknown key \"step\"" },
	{ "{" RULES ", \"fees\": {\"slippage_bps\": -1}}",
	  "fees.slippage_bps: must be from 0 to below 1000 basis points, "
	  "not -1" },
	{ "[1, 2]", "expected an object at the top level" },
	/* missing keys */
	{ "{\"rules\": {\"dip\": {\"action\": \"enter_long\"}}}",
	  "rules.dip: missing key \"when\"" },
	{ "{\"rules\": {\"dip\": {\"when\": \"close > 1\"}}}",
	  "rules.dip: missing key \"action\"" },
	{ "{" RULES ", \"sizing\": {\"value\": 1}}",
	  "sizing: missing key \"mode\"" },
	{ "{" RULES ", \"sizing\": {\"mode\": \"risk\"}}",
	  "sizing: missing key \"value\"" },
	/* bad values */
	{ "{\"rules\": {}}", "rules: must hold at least one rule" },
	{ "{\"rules\": {\"a b\": {\"when\": \"x\", "
	  "\"action\": \"exit_long\"}}}",
	  "rules: \"a b\" is not a rule name (letters, digits, \"_\" "
	  "and \"-\")" },
	{ "{\"rules\": {\"dip\": {\"when\": \" \", "
	  "\"action\": \"exit_long\"}}}",
	  "rules.dip.when: must not be empty" },
	{ "{\"rules\": {\"dip\": {\"when\": \"x\", \"action\": \"enter\"}}}",
	  "rules.dip.action: \"enter\" is not an action (enter_long, "
	  "exit_long, enter_short, exit_short)" },
	{ "{\"rules\": {\"dip\": {\"when\": \"x\", \"action\": \"exit_long\", "
	  "\"weight\": 0}}}",
	  "rules.dip.weight: must be a positive number, not 0" },
	{ "{" RULES ", \"name\": \"\"}", "name: must not be empty" },
	{ "{" RULES ", \"timeframe\": \"hourly\"}",
	  "timeframe: \"hourly\" is not a timeframe (a number and one of "
	  "s m h d w, as \"1h\")" },
	{ "{" RULES ", \"indicators\": [\"rsx:14\"]}",
	  "indicators[0]: rsx:14: unknown indicator \"rsx\"; did you mean "
	  "\"rsi\"?" },
	{ "{" RULES ", \"voting\": {\"mode\": \"most\"}}",
	  "voting.mode: \"most\" is not a mode (majority, weighted, "
	  "unanimous, any)" },
	{ "{" RULES ", \"voting\": {\"min_confidence_entry\": 1.5}}",
	  "voting.min_confidence_entry: must be a number from 0 to 1, "
	  "not 1.5" },
	{ "{" RULES ", \"voting\": {\"min_confidence_exit\": -0.1}}",
	  "voting.min_confidence_exit: must be a number from 0 to 1, "
	  "not -0.1" },
	{ "{" RULES ", \"minimal_roi\": {\"1h\": 0.01}}",
	  "minimal_roi: \"1h\" is not a number of minutes (a whole number, "
	  "as \"30\")" },
	{ "{" RULES ", \"minimal_roi\": {\"-5\": 0.01}}",
	  "minimal_roi: \"-5\" is not a number of minutes (a whole number, "
	  "as \"30\")" },
	{ "{" RULES ", \"minimal_roi\": {\"0\": 0.04, \"00\": 0.01}}",
	  "minimal_roi: \"00\" repeats minute 0" },
	{ "{" RULES ", \"minimal_roi\": {\"0\": -1.5}}",
	  "minimal_roi.0: must be a ratio from -1, not -1.5" },
	{ "{" RULES ", \"stoploss\": 0.5}",
	  "stoploss: must be a negative ratio above -1, not 0.5" },
	{ "{" RULES ", \"stoploss\": 0}",
	  "stoploss: must be a negative ratio above -1, not 0" },
	{ "{" RULES ", \"stoploss\": -1}",
	  "stoploss: must be a negative ratio above -1, not -1" },
	{ "{" RULES ", \"trailing_stop_positive\": 0}",
	  "trailing_stop_positive: must be a ratio above 0 and below 1, "
	  "not 0" },
	{ "{" RULES ", \"trailing_stop_positive_offset\": 1}",
	  "trailing_stop_positive_offset: must be a ratio from 0 to below 1, "
	  "not 1" },
	{ "{" RULES ", \"trailing_stop_positive\": 0.02, "
	  "\"trailing_stop_positive_offset\": 0.01}",
	  "trailing_stop_positive_offset: must not be below "
	  "trailing_stop_positive (0.02), not 0.01" },
	{ "{" RULES ", \"risk\": {\"max_heat\": 1.5}}",
	  "risk.max_heat: must be a ratio of equity above 0 and at most 1, "
	  "not 1.5" },
	{ "{" RULES ", \"risk\": {\"max_drawdwn\": 0.2}}",
	  "risk: unknown key \"max_drawdwn\"; did you mean \"max_drawdown\"?" },
	{ "{" RULES ", \"risk\": {\"cooldown_minutes\": 2.5}}",
	  "risk.cooldown_minutes: must be a whole number of minutes from 0 to "
	  "525600, not 2.5" },
	{ "{" RULES ", \"risk\": {\"stoploss_guard\": {\"trades\": 2}}}",
	  "risk.stoploss_guard: needs \"trades\" and \"minutes\"" },
	{ "{" RULES ", \"protections\": [{\"method\": \"Cooldown\"}]}",
	  "protections[0].method: expected one of CooldownPeriod, "
	  "StoplossGuard, MaxDrawdown, LowProfitPairs" },
	{ "{" RULES ", \"protections\": [{\"method\": \"CooldownPeriod\", "
	  "\"stop_duration_candles\": 2}]}",
	  "protections[0].stop_duration_candles: candles need the "
	  "strategy's \"timeframe\"" },
	{ "{" RULES ", \"timeframe\": \"1h\", \"protections\": [{\"method\": "
	  "\"CooldownPeriod\", \"stop_duration\": 60, "
	  "\"stop_duration_candles\": 2}]}",
	  "protections[0].stop_duration_candles: give it or "
	  "\"stop_duration\", not both" },
	{ "{" RULES ", \"protections\": [{\"method\": \"StoplossGuard\", "
	  "\"trade_limit\": 0}]}",
	  "protections[0].trade_limit: must be a whole number from 1 to "
	  "1000000, not 0" },
	{ "{" RULES ", \"protections\": [{\"method\": \"MaxDrawdown\", "
	  "\"unlock_at\": \"02:00\"}]}",
	  "protections[0]: unknown key \"unlock_at\"" },
	{ "{" RULES ", \"risk\": {\"atr_stop\": {\"min\": 0.01}}}",
	  "risk.atr_stop: missing key \"multiple\"" },
	{ "{" RULES ", \"risk\": {\"atr_stop\": {\"multiple\": 2, "
	  "\"min\": 0.03, \"max\": 0.02}}}",
	  "risk.atr_stop.min: must not be above max (0.02), not 0.03" },
	{ "{" RULES ", \"risk\": {\"max_stake\": -1}}",
	  "risk.max_stake: must be an amount of the quote currency above 0, "
	  "not -1" },
	{ "{" RULES ", \"sizing\": {\"mode\": \"all_in\", \"value\": 1}}",
	  "sizing.mode: \"all_in\" is not a mode (fixed, fraction, risk, kelly, volatility)" },
	{ "{" RULES ", \"sizing\": {\"mode\": \"fixed\", \"value\": 0}}",
	  "sizing.value: must be a positive amount of the quote currency, "
	  "not 0" },
	{ "{" RULES ", \"sizing\": {\"mode\": \"fraction\", \"value\": 1.5}}",
	  "sizing.value: must be a fraction of equity above 0 and at most 1, "
	  "not 1.5" },
	{ "{" RULES ", \"sizing\": {\"mode\": \"risk\", \"value\": 0.2}}",
	  "sizing.value: must be a fraction of equity above 0 and at most "
	  "0.1, not 0.2" },
	{ "{" RULES ", \"leverage\": 0.5}",
	  "leverage: must be a number from 1 to 125, not 0.5" },
	{ "{" RULES ", \"leverage\": 126}",
	  "leverage: must be a number from 1 to 125, not 126" },
	{ "{" RULES ", \"fees\": {\"fee\": 0.1}}",
	  "fees.fee: must be a ratio from 0 to below 0.1, not 0.1" },
	{ "{" RULES ", \"fees\": {\"fee\": -0.001}}",
	  "fees.fee: must be a ratio from 0 to below 0.1, not -0.001" },
	/* "informative" and "shift" */
	{ "{" RULES ", \"informativ\": {}}",
	  "unknown key \"informativ\"; did you mean \"informative\"?" },
	{ "{" RULES ", \"shifts\": {}}",
	  "unknown key \"shifts\"; did you mean \"shift\"?" },
	{ "{" RULES ", \"informative\": [\"4h\"]}",
	  "informative: expected an object" },
	{ "{" RULES ", \"timeframe\": \"1h\", \"informative\": "
	  "{\"4h\": \"rsi:14\"}}", "informative.\"4h\": expected an array of "
	  "indicator specs" },
	{ "{" RULES ", \"timeframe\": \"1h\", \"informative\": "
	  "{\"4h\": []}}", "informative.\"4h\": must not be empty" },
	{ "{" RULES ", \"timeframe\": \"1h\", \"informative\": "
	  "{\"4h\": [\"rsi:14\", \"\"]}}",
	  "informative.\"4h\"[1]: expected a non-empty string" },
	{ "{" RULES ", \"timeframe\": \"1h\", \"informative\": "
	  "{\"4h\": [\"rsi:14\", \"rsi:14\"]}}", "informative.\"4h\"[1]: "
	  "rsi:14 and rsi:14 both write \"rsi_14\": give one of them other "
	  "parameters or a name (ALIAS=SPEC)" },
	{ "{" RULES ", \"timeframe\": \"1h\", \"informative\": "
	  "{\"4h\": [\"rsi:14\"], \"240m\": [\"ema:50\"]}}",
	  "informative.\"240m\": the same timeframe as \"4h\"" },
	{ "{" RULES ", \"timeframe\": \"1h\", \"informative\": "
	  "{\"30m\": [\"rsi:14\"]}}", "informative.\"30m\": 30m is not a "
	  "whole multiple of the strategy's timeframe 1h" },
	{ "{" RULES ", \"timeframe\": \"1d\", \"informative\": "
	  "{\"1w\": [\"rsi:14\"], \"36h\": [\"rsi:14\"]}}",
	  "informative.\"36h\": 36h is not a whole multiple of the strategy's "
	  "timeframe 1d" },
	{ "{" RULES ", \"informative\": {\"sym\": {}}}",
	  "informative: \"sym\" is not a timeframe (a number and one of s m h "
	  "d w, as \"4h\") nor \"symbols\"" },
	{ "{" RULES ", \"informative\": {\"symbols\": [\"BTC/USDT\"]}}",
	  "informative.symbols: expected an object" },
	{ "{" RULES ", \"informative\": {\"symbols\": {\"\": [\"close\"]}}}",
	  "informative.symbols: \"\" is not a symbol" },
	{ "{" RULES ", \"informative\": {\"symbols\": {\"BTC/USDT\": []}}}",
	  "informative.symbols.\"BTC/USDT\": must not be empty" },
	{ "{" RULES ", \"informative\": {\"symbols\": {\"ETH/USDT\": "
	  "[\"close\", 14]}}}",
	  "informative.symbols.\"ETH/USDT\"[1]: expected a non-empty string" },
	{ "{" RULES ", \"shift\": [\"rsi_14\"]}", "shift: expected an object" },
	{ "{" RULES ", \"shift\": {\"rsi_14\": \"3\"}}",
	  "shift.rsi_14: expected a number" },
	{ "{" RULES ", \"shift\": {\"rsi_14\": 0}}",
	  "shift.rsi_14: must be a whole number from 1 to 1000, not 0" },
	{ "{" RULES ", \"shift\": {\"rsi_14\": 2.5}}",
	  "shift.rsi_14: must be a whole number from 1 to 1000, not 2.5" },
	{ "{" RULES ", \"shift\": {\"\": 2}}", "shift: \"\" is not a field" },
	/* "model" (more in tests/strategy-fixtures/model_*.json) */
	{ "{\"modle\": {}}", "unknown key \"modle\"; did you mean \"model\"?" },
	{ "{\"model\": [\"xgboost\"]}", "model: expected an object" },
	{ "{\"model\": {\"kind\": 1}}", "model.kind: expected a string" },
	{ "{\"model\": {\"name\": \"\", \"kind\": \"logistic\"}}",
	  "model.name: \"\" is not a field prefix (letters, digits and "
	  "\"_\", not first a digit)" },
	{ "{\"model\": {\"name\": \"p-1\", \"kind\": \"logistic\"}}",
	  "model.name: \"p-1\" is not a field prefix (letters, digits and "
	  "\"_\", not first a digit)" },
	{ "{\"model\": {\"kind\": \"logistic\", \"features\": "
	  "\"close\"}}", "model.features: expected an array of field names "
	  "or globs" },
	{ "{\"model\": {\"kind\": \"logistic\", \"features\": "
	  "[\"close\", \"\"]}}",
	  "model.features[1]: expected a non-empty string" },
	{ "{" MODEL_HEAD "\"label\": 12}}",
	  "model.label: expected an object" },
	{ "{" MODEL_HEAD "\"label\": {\"horizon\": 12, \"treshold\": 0}}}",
	  "model.label: unknown key \"treshold\"; did you mean "
	  "\"threshold\"?" },
	{ "{" MODEL_HEAD "\"label\": {\"horizon\": 0}}}",
	  "model.label.horizon: must be a whole number of candles from 1 to "
	  "10000, not 0" },
	{ "{" MODEL_HEAD "\"label\": {\"horizon\": 1.5}}}",
	  "model.label.horizon: must be a whole number of candles from 1 to "
	  "10000, not 1.5" },
	{ "{" MODEL_HEAD "\"label\": {\"horizon\": \"12\"}}}",
	  "model.label.horizon: expected a number" },
	{ "{" MODEL_HEAD "\"label\": {\"horizon\": 12, \"kind\": 2}}}",
	  "model.label.kind: expected a string" },
	{ "{" MODEL_HEAD LABEL ", \"params\": [1]}}",
	  "model.params: expected an object" },
	{ "{" MODEL_HEAD LABEL ", \"params\": {\"seed\": null}}}",
	  "model.params.seed: expected a number, a string, true or false" },
	{ "{" MODEL_HEAD LABEL ", \"params\": {\"\": 1}}}",
	  "model.params: \"\" is not a parameter name" },
	{ "{" MODEL_HEAD LABEL ", \"train\": 720}}",
	  "model.train: expected an object" },
	{ "{" MODEL_HEAD LABEL ", \"train\": {\"train_period\": 720, "
	  "\"backtest\": 168}}}", "model.train: unknown key \"backtest\"" },
	{ "{" MODEL_HEAD LABEL ", \"train\": {\"train_period\": true, "
	  "\"backtest_period\": 168}}}", "model.train.train_period: expected "
	  "a duration (a number and one of s m h d w, as \"30d\") or a "
	  "number of candles" },
	{ "{" MODEL_HEAD LABEL ", \"train\": {\"train_period\": 720.5, "
	  "\"backtest_period\": 168}}}", "model.train.train_period: must be a "
	  "whole number of candles from 1 to 10000000, not 720.5" },
	{ "{" MODEL_HEAD LABEL ", \"train\": {\"train_period\": 720, "
	  "\"backtest_period\": \"0d\"}}}", "model.train.backtest_period: "
	  "\"0d\" is not a duration (a number and one of s m h d w, as "
	  "\"30d\")" },
	{ "{" MODEL_HEAD LABEL ", " TRAIN ", \"test_size\": -0.1}}}",
	  "model.train.test_size: must be a ratio from 0 to below 0.5, not "
	  "-0.1" },
	{ "{" MODEL_HEAD LABEL ", " TRAIN ", \"weight_factor\": -1}}}",
	  "model.train.weight_factor: must be a number above 0, not -1" },
	{ "{" MODEL_HEAD LABEL ", " TRAIN ", \"expiration_hours\": \"1\"}}}",
	  "model.train.expiration_hours: expected a number" },
	{ "{" MODEL_HEAD LABEL ", " TRAIN "}, \"outliers\": {}}}",
	  "model.outliers: missing key \"DI_threshold\"" },
	{ "{" MODEL_HEAD LABEL ", " TRAIN "}, \"outliers\": 1}}",
	  "model.outliers: expected an object" },
	{ "{" MODEL_HEAD LABEL ", " TRAIN "}, \"vote\": {}}}",
	  "model.vote: missing key \"weight\"" },
	{ "{" MODEL_HEAD LABEL ", " TRAIN "}, \"vote\": {\"weigth\": 1}}}",
	  "model.vote: unknown key \"weigth\"; did you mean \"weight\"?" },
	{ "{" MODEL_HEAD LABEL ", " TRAIN "}, \"vote\": {\"weight\": 1, "
	  "\"short\": 1}}}", "model.vote.short: expected true or false" },
	/* 82 letters: NAME_model_version would be 96, TP_MSPEC_NAMESZ
	 * holds 95 and the NUL */
	{ "{\"model\": {\"name\": \"" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" "\", \"kind\": "
	  "\"logistic\", \"features\": [\"close\"], " LABEL ", " TRAIN "}}}",
	  "model.name: \"aaaaaaaaaaaaaaaaaaaa...\" is too long: at most 81 "
	  "characters, for its fields (NAME_model_version) to fit" },
	/* an ensemble: an array of models */
	{ "{\"model\": []}", "model: an empty array; leave the key out for "
	  "no model" },
	{ "{\"model\": [" ELEM("a", "binary") ", 1]}",
	  "model: expected an object" },
	{ "{\"model\": [" ELEM("a", "binary") ", {\"name\": \"b\", "
	  "\"kind\": 1}]}", "model[1].kind: expected a string" },
	{ "{\"model\": [" ELEM("a", "binary") ", {\"name\": \"b\", "
	  "\"kind\": \"logistic\", \"features\": [\"close\"]}]}",
	  "model[1]: missing key \"label\"" },
	{ "{\"model\": [{\"kind\": \"logistic\", \"features\": "
	  "[\"close\"], " LABEL ", " TRAIN "}}, " ELEM("b", "binary") "]}",
	  "model[0]: missing key \"name\" (each of several models has its "
	  "own)" },
	{ "{\"model\": [" ELEM("a", "binary") ", " ELEM("a", "return") "]}",
	  "model[1].name: \"a\" is model[0]'s already" },
	/* pred's fields are pred_down, pred_up, do_predict, model_version;
	 * pred_up's (a return) pred_up, pred_up_do_predict, ... */
	{ "{\"model\": [" ELEM("pred", "binary") ", " ELEM("pred_up", "return")
	  "]}", "model[0] (\"pred\") and model[1] (\"pred_up\") both write "
	  "field \"pred_up\"" },
	/* the horizon against the window: candles, or a duration over the
	 * timeframe; 168 of 1h is 7d */
	{ "{\"timeframe\": \"1h\", " MODEL_HEAD "\"label\": {\"horizon\": "
	  "169}, \"train\": {\"train_period\": \"7d\", "
	  "\"backtest_period\": 24}}}", "model.label.horizon: must be shorter "
	  "than train_period (168 candles), not 169: a label horizon longer "
	  "than the window leaves no row to train on" },
	{ "{" MODEL_HEAD "\"label\": {\"horizon\": 24}, \"train\": "
	  "{\"train_period\": 24, \"backtest_period\": \"1d\"}}}",
	  "model.label.horizon: must be shorter than train_period (24 "
	  "candles), not 24: a label horizon longer than the window leaves no "
	  "row to train on" },
	/* JSON syntax, as jansson words it */
	{ "{\n  \"rules\": {\n      x: 1\n  }\n}\n",
	  "line 3, col 7: string or '}' expected near 'x'" },
	{ "{" RULES ", \"rules\": {}}",
	  "line 1, col 75: duplicate object key near '\"rules\"'" },
	{ "", "line 1, col 0: '[' or '{' expected near end of file" },
};
#define NECASES ((int)(sizeof(ecases) / sizeof(ecases[0])))

/* The bad files kept in the tree, for reading by hand and by bats. */
static const struct ecase fixtures[] = {
	{ "unknown_key.json",
	  "unknown key \"stop_loss\"; did you mean \"stoploss\"?" },
	{ "syntax.json", "line 3, col 7: string or '}' expected near 'x'" },
	{ "bad_action.json",
	  "rules.dip.action: \"enter\" is not an action (enter_long, "
	  "exit_long, enter_short, exit_short)" },
	{ "duplicate_rule.json",
	  "line 4, col 9: duplicate object key near '\"dip\"'" },
	{ "bad_weight.json", "rules.dip.weight: expected a number" },
	{ "bad_stoploss.json",
	  "stoploss: must be a negative ratio above -1, not 0.5" },
	{ "inf_bad_timeframe.json", "informative: \"4x\" is not a timeframe "
	  "(a number and one of s m h d w, as \"4h\") nor \"symbols\"" },
	{ "inf_unknown_key.json",
	  "informative: unknown key \"symbol\"; did you mean \"symbols\"?" },
	{ "inf_no_timeframe.json", "informative.\"4h\": needs the strategy's "
	  "\"timeframe\", the candles it is resampled from" },
	{ "inf_not_multiple.json", "informative.\"3h\": 3h is not a whole "
	  "multiple of the strategy's timeframe 2h" },
	{ "inf_bad_spec.json", "informative.\"4h\"[1]: rsi:1: timeperiod must "
	  "be an integer from 2 to 100000" },
	{ "inf_bad_symbols.json", "informative.symbols.\"BTC/USDT\": expected "
	  "an array of fields or indicator specs" },
	{ "shift_range.json", "shift.rsi_14_4h: must be a whole number from 1 "
	  "to 1000, not 1001" },
	/* "model": each file is a good one (train 30d, backtest 7d of 1h,
	 * horizon 12) with one mistake */
	{ "model_unknown_key.json",
	  "model: unknown key \"kinds\"; did you mean \"kind\"?" },
	{ "model_no_kind.json", "model: missing key \"kind\"" },
	{ "model_bad_kind.json", "model.kind: \"lightgbm\" is not a model "
	  "kind (xgboost, logistic)" },
	{ "model_bad_name.json", "model.name: \"1pred\" is not a field "
	  "prefix (letters, digits and \"_\", not first a digit)" },
	{ "model_no_features.json", "model: missing key \"features\"" },
	{ "model_empty_features.json", "model.features: must not be empty" },
	{ "model_repeat_feature.json",
	  "model.features[2]: \"close\" is there already, as [0]" },
	{ "model_no_label.json", "model: missing key \"label\"" },
	{ "model_no_horizon.json", "model.label: missing key \"horizon\"" },
	{ "model_horizon_range.json", "model.label.horizon: must be a whole "
	  "number of candles from 1 to 10000, not 10001" },
	{ "model_label_kind.json", "model.label.kind: \"up\" is not a label "
	  "kind (return, binary, three_way)" },
	{ "model_threshold.json", "model.label.threshold: must be a return "
	  "from 0, not -0.005" },
	{ "model_return_threshold.json", "model.label.threshold: only for kind "
	  "\"binary\" or \"three_way\"" },
	{ "model_param_type.json", "model.params.eval_metric: expected a "
	  "number, a string, true or false" },
	{ "model_no_train.json", "model: missing key \"train\"" },
	{ "model_no_train_period.json",
	  "model.train: missing key \"train_period\"" },
	{ "model_no_backtest_period.json",
	  "model.train: missing key \"backtest_period\"" },
	{ "model_bad_period.json", "model.train.train_period: \"30days\" is "
	  "not a duration (a number and one of s m h d w, as \"30d\")" },
	{ "model_period_multiple.json", "model.train.backtest_period: 90m is "
	  "not a whole multiple of the strategy's timeframe 1h" },
	{ "model_period_candles.json", "model.train.backtest_period: must be a "
	  "whole number of candles from 1 to 10000000, not 0" },
	{ "model_test_size.json", "model.train.test_size: must be a ratio from "
	  "0 to below 0.5, not 0.5" },
	{ "model_weight_factor.json", "model.train.weight_factor: must be a "
	  "number above 0, not 0" },
	{ "model_expiration.json", "model.train.expiration_hours: must be a "
	  "number of hours from 0, not -1" },
	{ "model_outliers_key.json", "model.outliers: unknown key "
	  "\"DI_treshold\"; did you mean \"DI_threshold\"?" },
	{ "model_di.json", "model.outliers.DI_threshold: must be a number "
	  "above 0, not 0" },
	{ "model_vote_weight.json",
	  "model.vote.weight: must be a number from 0, not -1" },
	/* 720 candles, and 2d of 1h: 48, as long as the horizon */
	{ "model_horizon_candles.json", "model.label.horizon: must be shorter "
	  "than train_period (720 candles), not 800: a label horizon longer "
	  "than the window leaves no row to train on" },
	{ "model_horizon_days.json", "model.label.horizon: must be shorter "
	  "than train_period (48 candles), not 48: a label horizon longer "
	  "than the window leaves no row to train on" },
};
#define NFIXTURES ((int)(sizeof(fixtures) / sizeof(fixtures[0])))

static char tmpdir[64];

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL) {
		perror(path);
		exit(2);
	}
	fputs(text, fp);
	fclose(fp);
}

/* Load path, which must fail with code and msg; err->file must be path
 * itself and err->line 0, and the struct must be left empty. */
static void
expect_error(const char *path, int code, const char *msg, const char *what)
{
	struct tp_strategy s;
	struct tp_err err = TP_ERR_INIT;
	int rc;

	rc = tp_strategy_load(&s, path, &err);
	if (!tap_ok(rc < 0 && err.code == code && err.file == path &&
	    err.line == 0 && strcmp(err.msg, msg) == 0 && s.path == NULL &&
	    s.rules == NULL && s.nrules == 0 && s.nmodels == 0 && s.models == NULL, "%s: %s",
	    what, msg))
		printf("# got rc %d, code %d, line %ld: %s\n", rc, err.code,
		    err.line, err.msg);
	tp_strategy_release(&s);	/* harmless on the emptied struct */
}

/* The same, from text in memory (tp_strategy_load_text). */
static void
expect_error_text(const char *path, const char *text, int code,
    const char *msg, const char *what)
{
	struct tp_strategy s;
	struct tp_err err = TP_ERR_INIT;
	int rc;

	rc = tp_strategy_load_text(&s, path, text, strlen(text), &err);
	if (!tap_ok(rc < 0 && err.code == code && err.file == path &&
	    err.line == 0 && strcmp(err.msg, msg) == 0 && s.path == NULL &&
	    s.rules == NULL && s.nrules == 0 && s.nmodels == 0 && s.models == NULL,
	    "%s from memory: %s", what, msg))
		printf("# got rc %d, code %d, line %ld: %s\n", rc, err.code,
		    err.line, err.msg);
	tp_strategy_release(&s);
}

/* A file's text loaded from memory gives what the file gives. */
static void
test_text(void)
{
	struct tp_strategy a, b;
	struct tp_err err = TP_ERR_INIT;
	const char *path = "share/strategies/long_short.json";
	char text[65536];
	size_t n;
	FILE *fp = fopen(path, "r");
	int i, same;

	n = fp != NULL ? fread(text, 1, sizeof(text), fp) : 0;
	if (fp != NULL)
		fclose(fp);
	if (!tap_ok(n > 0 && n < sizeof(text), "%s read", path) ||
	    !tap_ok(tp_strategy_load(&a, path, &err) == 0, "%s loads", path))
		return;
	if (!tap_ok(tp_strategy_load_text(&b, path, text, n, &err) == 0,
	    "%s loads from memory", path)) {
		printf("# %s\n", err.msg);
		tp_strategy_release(&a);
		return;
	}
	same = strcmp(a.name, b.name) == 0 && a.nrules == b.nrules &&
	    a.nindicators == b.nindicators && a.nroi == b.nroi &&
	    a.stoploss == b.stoploss && a.mode == b.mode &&
	    a.leverage == b.leverage && strcmp(b.path, path) == 0;
	for (i = 0; same && i < a.nrules; i++)
		same = strcmp(a.rules[i].name, b.rules[i].name) == 0 &&
		    strcmp(a.rules[i].expr, b.rules[i].expr) == 0 &&
		    a.rules[i].action == b.rules[i].action &&
		    a.rules[i].weight == b.rules[i].weight;
	for (i = 0; same && i < a.nindicators; i++)
		same = strcmp(a.indicators[i], b.indicators[i]) == 0;
	tap_ok(same, "from memory and from the file: the same strategy");
	tp_strategy_release(&a);
	tp_strategy_release(&b);
}

/* Every rule of a shipped strategy compiles, as tp-predict compiles it. */
static void
test_shipped(void)
{
	struct tp_strategy s;
	struct tp_err err = TP_ERR_INIT;
	struct tp_names names;
	struct tp_expr *e;
	char path[256];
	int i, k, ok, nent, nexit;

	for (i = 0; i < NSHIPPED; i++) {
		snprintf(path, sizeof(path), "share/strategies/%s.json",
		    shipped[i]);
		tp_err_clear(&err);
		if (!tap_ok(tp_strategy_load(&s, path, &err) == 0,
		    "%s loads", path)) {
			printf("# %s\n", err.msg);
			continue;
		}
		tap_ok(strcmp(s.name, shipped[i]) == 0 && s.nindicators > 0 &&
		    s.has_stoploss && s.sizing_mode != NULL,
		    "%s: name, indicators, stoploss and sizing are set",
		    shipped[i]);
		tp_names_init(&names);
		ok = 1;
		nent = nexit = 0;
		for (k = 0; k < s.nrules; k++) {
			tp_err_clear(&err);
			if (tp_expr_compile(&e, s.rules[k].expr, &names,
			    &err) < 0) {
				printf("# rules.%s.when: %s\n", s.rules[k].name,
				    err.msg);
				ok = 0;
				continue;
			}
			tp_expr_free(e);
			if (s.rules[k].action == TP_ENTER_LONG ||
			    s.rules[k].action == TP_ENTER_SHORT)
				nent++;
			else
				nexit++;
		}
		tap_ok(ok, "%s: all %d rules compile", shipped[i], s.nrules);
		tap_ok(nent > 0 && nexit > 0, "%s: has entry and exit rules",
		    shipped[i]);
		tp_names_release(&names);
		tp_strategy_release(&s);
	}
}

static void
test_long_short(void)
{
	struct tp_strategy s;
	struct tp_err err = TP_ERR_INIT;
	int k, seen[TP_ACTION_N] = { 0 };

	if (tp_strategy_load(&s, "share/strategies/long_short.json",
	    &err) < 0) {
		tap_ok(0, "long_short loads: %s", err.msg);
		return;
	}
	for (k = 0; k < s.nrules; k++)
		seen[s.rules[k].action]++;
	tap_ok(seen[TP_ENTER_LONG] && seen[TP_EXIT_LONG] &&
	    seen[TP_ENTER_SHORT] && seen[TP_EXIT_SHORT],
	    "long_short has rules for all four actions");
	tp_strategy_release(&s);
}

/* Everything but rules left out: the documented defaults. */
static void
test_defaults(void)
{
	struct tp_strategy s;
	struct tp_err err = TP_ERR_INIT;
	char path[128];

	snprintf(path, sizeof(path), "%s/my_strategy.json", tmpdir);
	write_file(path, "{\"rules\": {\"dip\": {\"when\": \"rsi_14 < 30\", "
	    "\"action\": \"enter_long\"}}}");
	if (!tap_ok(tp_strategy_load(&s, path, &err) == 0,
	    "a file with only rules loads")) {
		printf("# %s\n", err.msg);
		return;
	}
	tap_ok(strcmp(s.path, path) == 0, "path is kept");
	tap_ok(strcmp(s.name, "my_strategy") == 0,
	    "name defaults to the base name without .json");
	tap_ok(s.nindicators == 0 && s.indicators == NULL, "no indicators");
	tap_ok(s.nrules == 1 && strcmp(s.rules[0].name, "dip") == 0 &&
	    strcmp(s.rules[0].expr, "rsi_14 < 30") == 0 &&
	    s.rules[0].action == TP_ENTER_LONG, "the rule is read");
	tap_ok(s.rules[0].weight == 1, "weight defaults to 1");
	tap_ok(s.mode == TP_VOTE_MAJORITY, "voting defaults to majority");
	tap_ok(s.min_entry == 0.60 && s.min_exit == 0.55,
	    "confidences default to 0.60 and 0.55");
	tap_ok(s.nroi == 0 && s.roi == NULL, "no ROI table");
	tap_ok(!s.has_stoploss && s.stoploss == 0, "no stoploss");
	tap_ok(!s.trailing_stop && s.trailing_stop_positive == 0 &&
	    s.trailing_stop_positive_offset == 0 &&
	    !s.trailing_only_offset_is_reached, "no trailing stop");
	tap_ok(s.sizing_mode == NULL && s.sizing_value == 0, "no sizing");
	tap_ok(s.leverage == 1, "leverage defaults to 1");
	tap_ok(s.fee == 0.001, "fee defaults to 0.001");
	tp_strategy_release(&s);

	/* A name with no ".json" is kept whole. */
	snprintf(path, sizeof(path), "%s/plain", tmpdir);
	write_file(path, "{\"rules\": {\"dip\": {\"when\": \"rsi_14 < 30\", "
	    "\"action\": \"enter_long\"}}}");
	tp_err_clear(&err);
	tap_ok(tp_strategy_load(&s, path, &err) == 0 &&
	    strcmp(s.name, "plain") == 0, "name of a file with no .json");
	tp_strategy_release(&s);
	unlink(path);
	snprintf(path, sizeof(path), "%s/my_strategy.json", tmpdir);
	unlink(path);
}

/* Every key given: each value lands in its field; ROI sorted by minutes. */
static void
test_full(void)
{
	struct tp_strategy s;
	struct tp_err err = TP_ERR_INIT;
	char path[128];

	snprintf(path, sizeof(path), "%s/full.json", tmpdir);
	write_file(path,
	    "{\"name\": \"full\", \"description\": \"d\",\n"
	    " \"timeframe\": \"4h\",\n"
	    " \"indicators\": [\"rsi:14\", \"vol_sma=sma:20@volume\"],\n"
	    " \"rules\": {\n"
	    "  \"b\": {\"when\": \"rsi_14 > 70\",\n"
	    "         \"action\": \"exit_short\"},\n"
	    "  \"a\": {\"when\": \"rsi_14 < 30\",\n"
	    "         \"action\": \"enter_short\",\n"
	    "         \"weight\": 2.5}},\n"
	    " \"voting\": {\"mode\": \"unanimous\",\n"
	    "            \"min_confidence_entry\": 1,\n"
	    "            \"min_confidence_exit\": 0},\n"
	    " \"minimal_roi\": {\"60\": 0, \"0\": 0.04, \"1440\": -0.01,\n"
	    "                 \"30\": 0.02},\n"
	    " \"stoploss\": -0.1, \"trailing_stop\": true,\n"
	    " \"trailing_stop_positive\": 0.01,\n"
	    " \"trailing_stop_positive_offset\": 0.01,\n"
	    " \"trailing_only_offset_is_reached\": true,\n"
	    " \"sizing\": {\"mode\": \"risk\", \"value\": 0.1},\n"
	    " \"max_open_trades\": 3,\n"
	    " \"risk\": {\"max_stake\": 10, \"max_exposure_symbol\": 0.5,\n"
	    "  \"max_exposure_total\": 2, \"max_heat\": 0.06,\n"
	    "  \"daily_loss\": 0.03, \"max_drawdown\": 0.2,\n"
	    "  \"max_leverage\": 10, \"min_liquidation_distance\": 0.1,\n"
	    "  \"cooldown_minutes\": 30,\n"
	    "  \"stoploss_guard\": {\"trades\": 3, \"minutes\": 60},\n"
	    "  \"atr_stop\": {\"multiple\": 2, \"min\": 0.005, \"max\": 0.025}},\n"
	    " \"leverage\": 125, \"fees\": {\"fee\": 0}}\n");
	if (!tap_ok(tp_strategy_load(&s, path, &err) == 0,
	    "a file with every key loads")) {
		printf("# %s\n", err.msg);
		return;
	}
	tap_ok(strcmp(s.name, "full") == 0, "name is read");
	tap_ok(s.nindicators == 2 && strcmp(s.indicators[0], "rsi:14") == 0 &&
	    strcmp(s.indicators[1], "vol_sma=sma:20@volume") == 0,
	    "indicators are kept as written, aliases included");
	tap_ok(s.nrules == 2 && strcmp(s.rules[0].name, "b") == 0 &&
	    s.rules[0].action == TP_EXIT_SHORT && s.rules[0].weight == 1 &&
	    strcmp(s.rules[1].name, "a") == 0 &&
	    s.rules[1].action == TP_ENTER_SHORT && s.rules[1].weight == 2.5,
	    "rules keep the file's order, actions and weights");
	tap_ok(s.mode == TP_VOTE_UNANIMOUS && s.min_entry == 1 &&
	    s.min_exit == 0, "voting is read, bounds included");
	tap_ok(s.nroi == 4 &&
	    s.roi[0].minutes == 0 && s.roi[0].ratio == 0.04 &&
	    s.roi[1].minutes == 30 && s.roi[1].ratio == 0.02 &&
	    s.roi[2].minutes == 60 && s.roi[2].ratio == 0 &&
	    s.roi[3].minutes == 1440 && s.roi[3].ratio == -0.01,
	    "minimal_roi is sorted by minutes");
	tap_ok(s.has_stoploss && s.stoploss == -0.1, "stoploss is read");
	tap_ok(s.trailing_stop && s.trailing_stop_positive == 0.01 &&
	    s.trailing_stop_positive_offset == 0.01 &&
	    s.trailing_only_offset_is_reached,
	    "trailing keys are read; offset may equal positive");
	tap_ok(s.sizing_mode != NULL && strcmp(s.sizing_mode, "risk") == 0 &&
	    s.sizing_value == 0.1, "sizing is read");
	tap_ok(s.leverage == 125 && s.fee == 0, "leverage and fee are read");
	tap_ok(s.max_stake == 10 && s.limits.max_exposure_symbol == 0.5 &&
	    s.limits.max_exposure_total == 2 && s.limits.max_heat == 0.06 &&
	    s.limits.daily_loss == 0.03 && s.limits.max_drawdown == 0.2 &&
	    s.limits.max_leverage == 10 && s.limits.min_liq_distance == 0.1 &&
	    s.limits.max_open_trades == 3, "risk limits are read");
	tap_ok(s.limits.cooldown_ms == 1800000 && s.limits.stop_streak == 3 &&
	    s.limits.stop_window_ms == 3600000, "cooldown and the stop-loss "
	    "guard are read, minutes as ms");
	tap_ok(s.atr_stop_multiple == 2 && s.atr_stop_min == 0.005 &&
	    s.atr_stop_max == 0.025, "the ATR stop and its clamp are read");
	tp_strategy_release(&s);
	tap_ok(s.path == NULL && s.rules == NULL && s.roi == NULL,
	    "release empties the struct");
	unlink(path);
}

/* freqtrade's protections array: its keys and defaults, candles as the
 * timeframe's (docs/includes/protections.md). */
static void
test_protections(void)
{
	struct tp_strategy s;
	struct tp_err err = TP_ERR_INIT;
	struct tp_protection p[TP_PROTECT_MAX + 2];
	char path[128];
	int n;

	snprintf(path, sizeof(path), "%s/prot.json", tmpdir);
	write_file(path, "{" RULES ", \"timeframe\": \"1h\",\n"
	    " \"risk\": {\"cooldown_minutes\": 30},\n"
	    " \"protections\": [\n"
	    "  {\"method\": \"CooldownPeriod\", \"stop_duration_candles\": 5},\n"
	    "  {\"method\": \"MaxDrawdown\", \"lookback_period_candles\": 48,\n"
	    "   \"trade_limit\": 20, \"stop_duration_candles\": 4,\n"
	    "   \"max_allowed_drawdown\": 0.2},\n"
	    "  {\"method\": \"StoplossGuard\", \"lookback_period\": 90,\n"
	    "   \"only_per_pair\": true, \"only_per_side\": true},\n"
	    "  {\"method\": \"LowProfitPairs\", \"required_profit\": 0.02}]}\n");
	if (!tap_ok(tp_strategy_load(&s, path, &err) == 0,
	    "protections load")) {
		printf("# %s\n", err.msg);
		return;
	}
	tap_ok(s.limits.nprot == 4 &&
	    s.limits.prot[0].method == TP_PROTECT_COOLDOWN &&
	    s.limits.prot[0].stop_ms == 5 * 3600000,
	    "stop_duration_candles: 5 of 1h");
	tap_ok(s.limits.prot[1].method == TP_PROTECT_MAX_DRAWDOWN &&
	    s.limits.prot[1].lookback_ms == 48 * 3600000 &&
	    s.limits.prot[1].stop_ms == 4 * 3600000 &&
	    s.limits.prot[1].trade_limit == 20 &&
	    s.limits.prot[1].max_allowed_drawdown == 0.2, "MaxDrawdown");
	tap_ok(s.limits.prot[2].lookback_ms == 90 * 60000 &&
	    s.limits.prot[2].stop_ms == 60 * 60000 &&
	    s.limits.prot[2].trade_limit == 10 &&
	    s.limits.prot[2].only_per_pair && s.limits.prot[2].only_per_side &&
	    s.limits.prot[2].required_profit == 0,
	    "StoplossGuard: minutes, freqtrade's defaults (60 minute lock, "
	    "trade_limit 10)");
	tap_ok(s.limits.prot[3].trade_limit == 1 &&
	    s.limits.prot[3].lookback_ms == 3600000 &&
	    s.limits.prot[3].required_profit == 0.02, "LowProfitPairs");
	n = tp_risk_protections(&s.limits, p);
	tap_ok(n == 5 && p[0].method == TP_PROTECT_COOLDOWN && p[0].legacy &&
	    p[0].stop_ms == 1800000 && !p[1].legacy &&
	    p[1].stop_ms == 5 * 3600000,
	    "risk.cooldown_minutes comes first, as a CooldownPeriod");
	tp_strategy_release(&s);
	unlink(path);
}

/* "informative" and "shift" as tp-strategy(5)'s example writes them, kept
 * in the file's order. */
static void
test_informative(void)
{
	struct tp_strategy s;
	struct tp_err err = TP_ERR_INIT;
	char path[128];

	snprintf(path, sizeof(path), "%s/inf.json", tmpdir);
	write_file(path, "{\"timeframe\": \"1h\", \"informative\": {"
	    "\"4h\": [\"rsi:14\", \"ema:50\"], \"1d\": [\"sma:20\"], "
	    "\"symbols\": {\"BTC/USDT\": [\"close\", \"rsi:14\"], "
	    "\"ETH/BTC\": [\"rsi_14_4h\"]}}, "
	    "\"shift\": {\"rsi_14\": 3, \"btc_usdt_close\": 1000}, " RULES "}");
	if (!tap_ok(tp_strategy_load(&s, path, &err) == 0, "informative "
	    "loads")) {
		printf("# %s\n", err.msg);
		return;
	}
	tap_ok(s.ninf_tf == 2 && s.inf_tf[0].ms == 4 * 3600000 &&
	    strcmp(s.inf_tf[0].name, "4h") == 0 && s.inf_tf[0].nspecs == 2 &&
	    strcmp(s.inf_tf[0].specs[0], "rsi:14") == 0 &&
	    strcmp(s.inf_tf[0].specs[1], "ema:50") == 0 &&
	    s.inf_tf[1].ms == 86400000 && s.inf_tf[1].nspecs == 1 &&
	    strcmp(s.inf_tf[1].specs[0], "sma:20") == 0,
	    "the timeframes, in order, with their specs");
	tap_ok(s.ninf_sym == 2 && strcmp(s.inf_sym[0].symbol, "BTC/USDT") == 0 &&
	    s.inf_sym[0].nwhat == 2 &&
	    strcmp(s.inf_sym[0].what[0], "close") == 0 &&
	    strcmp(s.inf_sym[0].what[1], "rsi:14") == 0 &&
	    strcmp(s.inf_sym[1].symbol, "ETH/BTC") == 0 &&
	    s.inf_sym[1].nwhat == 1 &&
	    strcmp(s.inf_sym[1].what[0], "rsi_14_4h") == 0, "the symbols");
	tap_ok(s.nshifts == 2 && strcmp(s.shifts[0].what, "rsi_14") == 0 &&
	    s.shifts[0].n == 3 && strcmp(s.shifts[1].what,
	    "btc_usdt_close") == 0 && s.shifts[1].n == 1000, "the shifts");
	tp_strategy_release(&s);
	tap_ok(s.inf_tf == NULL && s.ninf_tf == 0 && s.inf_sym == NULL &&
	    s.shifts == NULL, "released");
	unlink(path);
}

/* "model" as tp-strategy(5) MODEL writes it: every key given, each value
 * where tp_strategy.h says; params as text (numbers in their shortest
 * form, as ECMAScript's Number::toString writes them: 1e-7 for 0.0000001,
 * 100 for 100.0). */
static void
test_model(void)
{
	struct tp_strategy s;
	struct tp_err err = TP_ERR_INIT;
	struct tp_mspec *m;
	char path[128];

	snprintf(path, sizeof(path), "%s/model.json", tmpdir);
	write_file(path, "{\"timeframe\": \"1h\", \"model\": {\n"
	    " \"name\": \"xgb_1\", \"kind\": \"xgboost\",\n"
	    " \"features\": [\"rsi_*\", \"*_4h\", \"close\", \"ema_?0\"],\n"
	    " \"label\": {\"horizon\": 12, \"kind\": \"three_way\",\n"
	    "            \"threshold\": 0.005},\n"
	    " \"params\": {\"max_depth\": 6, \"eta\": 0.1, \"n_estimators\": "
	    "100.0,\n  \"seed\": 12345678901234567, \"nthread\": 1, "
	    "\"tree_method\": \"hist\",\n  \"subsample\": 1e-7, "
	    "\"validate_parameters\": true, \"debug\": false},\n"
	    " \"train\": {\"train_period\": \"30d\", \"backtest_period\": 168,"
	    "\n  \"test_size\": 0.2, \"weight_factor\": 0.9, "
	    "\"expiration_hours\": 24},\n"
	    " \"outliers\": {\"DI_threshold\": 1},\n"
	    " \"vote\": {\"weight\": 2}}}\n");
	if (!tap_ok(tp_strategy_load(&s, path, &err) == 0, "a model with "
	    "every key, and no rules, loads")) {
		printf("# %s\n", err.msg);
		return;
	}
	m = s.models;
	tap_ok(s.nrules == 0 && m != NULL && strcmp(m->name, "xgb_1") == 0 &&
	    strcmp(m->kind, "xgboost") == 0, "model: name and kind");
	tap_ok(m->nfeatures == 4 && strcmp(m->features[0], "rsi_*") == 0 &&
	    strcmp(m->features[1], "*_4h") == 0 &&
	    strcmp(m->features[2], "close") == 0 &&
	    strcmp(m->features[3], "ema_?0") == 0,
	    "model: features as written, in order");
	tap_ok(m->label_kind == TP_LABEL_THREE_WAY && m->horizon == 12 &&
	    m->threshold == 0.005 && strcmp(tp_label_kind_names[
	    TP_LABEL_THREE_WAY], "three_way") == 0, "model: the label");
	tap_ok(m->nparams == 9 &&
	    strcmp(m->pkeys[0], "max_depth") == 0 &&
	    strcmp(m->pvals[0], "6") == 0 &&
	    strcmp(m->pkeys[1], "eta") == 0 &&
	    strcmp(m->pvals[1], "0.1") == 0 &&
	    strcmp(m->pkeys[2], "n_estimators") == 0 &&
	    strcmp(m->pvals[2], "100") == 0 &&
	    strcmp(m->pkeys[3], "seed") == 0 &&
	    strcmp(m->pvals[3], "12345678901234567") == 0 &&
	    strcmp(m->pvals[4], "1") == 0 &&
	    strcmp(m->pkeys[5], "tree_method") == 0 &&
	    strcmp(m->pvals[5], "hist") == 0 &&
	    strcmp(m->pkeys[6], "subsample") == 0 &&
	    strcmp(m->pvals[6], "1e-7") == 0 &&
	    strcmp(m->pkeys[7], "validate_parameters") == 0 &&
	    strcmp(m->pvals[7], "true") == 0 &&
	    strcmp(m->pkeys[8], "debug") == 0 &&
	    strcmp(m->pvals[8], "false") == 0,
	    "model: params as text, in order; a whole number exact");
	/* 30 days of 86400000 ms */
	tap_ok(m->train_ms == 2592000000LL && m->train_candles == 0 &&
	    m->bt_candles == 168 && m->bt_ms == 0,
	    "model: train_period a duration, backtest_period candles");
	tap_ok(m->test_size == 0.2 && m->weight_factor == 0.9 &&
	    m->expiration_hours == 24 && m->di_threshold == 1 &&
	    m->weight == 2, "model: test_size, weight_factor, "
	    "expiration_hours, DI_threshold, vote weight");
	tp_strategy_release(&s);
	tap_ok(s.nmodels == 0 && s.models == NULL, "model: released");

	/* only the required keys: the defaults */
	write_file(path, "{\"model\": {\"kind\": \"logistic\", "
	    "\"features\": [\"close\"], \"label\": {\"horizon\": 1},\n"
	    " \"train\": {\"train_period\": \"1w\", "
	    "\"backtest_period\": \"1d\"}, \"vote\": {\"weight\": 0}}, "
	    RULES "}\n");
	tp_err_clear(&err);
	if (!tap_ok(tp_strategy_load(&s, path, &err) == 0, "a model with "
	    "the required keys loads")) {
		printf("# %s\n", err.msg);
		return;
	}
	m = s.models;
	tap_ok(s.nrules == 1 && strcmp(m->name, "pred") == 0 &&
	    strcmp(m->kind, "logistic") == 0 && m->nfeatures == 1 &&
	    m->label_kind == TP_LABEL_BINARY && m->horizon == 1 &&
	    m->threshold == 0 && m->nparams == 0 && m->pkeys == NULL,
	    "model: name pred, label binary at 0, no params");
	/* a week and a day in ms: no timeframe, so no horizon check */
	tap_ok(m->train_ms == 604800000LL && m->bt_ms == 86400000LL &&
	    m->train_candles == 0 && m->bt_candles == 0 &&
	    m->test_size == 0 && m->weight_factor == 0 &&
	    m->expiration_hours == 0 && m->di_threshold == 0 &&
	    m->weight == 0, "model: train defaults off, no outliers, no vote");
	tp_strategy_release(&s);

	/* a horizon just below the window; "return" takes no threshold */
	write_file(path, "{\"timeframe\": \"4h\", \"model\": {\"kind\": "
	    "\"xgboost\", \"features\": [\"*\"], \"label\": {\"horizon\": "
	    "5, \"kind\": \"return\"}, \"train\": {\"train_period\": \"1d\", "
	    "\"backtest_period\": \"8h\"}}}\n");
	tp_err_clear(&err);
	tap_ok(tp_strategy_load(&s, path, &err) == 0 && s.nmodels == 1 &&
	    s.models->label_kind == TP_LABEL_RETURN &&
	    s.models->train_ms == 86400000LL && s.models->bt_ms == 28800000LL,
	    "model: horizon 5 in a 1d window of 4h (6 candles)");
	tp_strategy_release(&s);

	/* an ensemble, in order; an array of one is one model */
	write_file(path, "{\"model\": [" ELEM("x", "three_way") ", "
	    "{\"name\": \"l\", \"kind\": \"logistic\", \"features\": "
	    "[\"close\"], " LABEL ", " TRAIN "}, \"vote\": {\"weight\": 2, "
	    "\"short\": true}}]}\n");
	tp_err_clear(&err);
	tap_ok(tp_strategy_load(&s, path, &err) == 0 && s.nmodels == 2 &&
	    strcmp(s.models[0].name, "x") == 0 &&
	    s.models[0].label_kind == TP_LABEL_THREE_WAY &&
	    s.models[0].weight == 0 && !s.models[0].vote_short &&
	    strcmp(s.models[1].name, "l") == 0 && s.models[1].weight == 2 &&
	    s.models[1].vote_short && tp_strategy_voters(&s) == 1,
	    "model: an array of two, in order, one voting short too");
	tp_strategy_release(&s);
	write_file(path, "{\"model\": [{\"kind\": \"logistic\", "
	    "\"features\": [\"close\"], " LABEL ", " TRAIN "}}]}\n");
	tp_err_clear(&err);
	tap_ok(tp_strategy_load(&s, path, &err) == 0 && s.nmodels == 1 &&
	    strcmp(s.models[0].name, "pred") == 0 &&
	    tp_strategy_voters(&s) == 0,
	    "model: an array of one needs no name");
	tp_strategy_release(&s);
	tp_strategy_defaults(&s);
	tap_ok(s.nmodels == 0 && s.models == NULL, "no model by default");
	unlink(path);
}

/* tp_strategy_inds(): the indicators as tp_inds_add() adds them; a
 * refusal is the file's (78), naming it. */
static void
test_inds(void)
{
	const char *const fields[TP_IN_N] = { NULL };
	char *specs[] = { "rsi:14", "ema:50", "rsi:14" };
	struct tp_strategy s;
	struct tp_err err = TP_ERR_INIT;
	struct tp_names names;
	struct tp_inds inds;

	tp_strategy_defaults(&s);
	s.path = "x.json";
	s.indicators = specs;
	s.nindicators = 2;
	tp_names_init(&names);
	tp_inds_init(&inds, &names);
	tap_ok(tp_strategy_inds(&s, &inds, fields, &err) == 0 && inds.n == 2 &&
	    strcmp(inds.v[1].spec, "ema:50") == 0, "tp_strategy_inds: the "
	    "indicators");
	tp_inds_release(&inds);
	tp_inds_init(&inds, &names);
	s.nindicators = 3;
	tap_ok(tp_strategy_inds(&s, &inds, fields, &err) < 0 &&
	    err.code == 78 && err.file == s.path && err.line == 0 &&
	    strcmp(err.msg, "rsi:14 and rsi:14 both write \"rsi_14\": give "
	    "one of them other parameters or a name (ALIAS=SPEC)") == 0,
	    "tp_strategy_inds: a refusal is 78 naming the file");
	tp_inds_release(&inds);
	tp_names_release(&names);
}

static void
test_errors(void)
{
	char path[128], what[32];
	int i;

	snprintf(path, sizeof(path), "%s/bad.json", tmpdir);
	for (i = 0; i < NECASES; i++) {
		write_file(path, ecases[i].json);
		snprintf(what, sizeof(what), "case %d", i);
		expect_error(path, 78, ecases[i].msg, what);
		expect_error_text(path, ecases[i].json, 78, ecases[i].msg,
		    what);
	}
	unlink(path);
	for (i = 0; i < NFIXTURES; i++) {
		snprintf(path, sizeof(path), "tests/strategy-fixtures/%s",
		    fixtures[i].json);
		expect_error(path, 78, fixtures[i].msg, fixtures[i].json);
	}
	snprintf(path, sizeof(path), "%s/absent.json", tmpdir);
	expect_error(path, 66, "cannot open: No such file or directory",
	    "a missing file");
	expect_error(tmpdir, 66, "cannot open: Is a directory",
	    "a directory");
}

int
main(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_strategy.%ld",
	    (long)getpid());
	if (mkdir(tmpdir, 0700) < 0) {
		perror(tmpdir);
		return 2;
	}
	tap_ok(strcmp(tp_action_names[TP_EXIT_SHORT], "exit_short") == 0 &&
	    strcmp(tp_vote_mode_names[TP_VOTE_WEIGHTED], "weighted") == 0,
	    "action and mode names");
	test_shipped();
	test_long_short();
	test_defaults();
	test_full();
	test_protections();
	test_informative();
	test_model();
	test_inds();
	test_errors();
	test_text();
	rmdir(tmpdir);
	return tap_done();
}
