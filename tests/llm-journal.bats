#!/usr/bin/env bats
# tp-journal keeps the LLM deciders' records (issue 25): llm_prompt,
# llm_answer and llm_decision, as tp(7) LLM RECORDS lists their fields,
# written here by hand (no tp-predict needed), checked with sqlite3(1) and
# promtool(1).  Expected values are worked out in the comments from the
# rules of tp-journal(1) LLM DECISIONS, never from a run of tp.

load helpers

setup() {
	tp_setup
	TPJ=$BIN/tp-journal
	W=$BATS_TEST_TMPDIR
	DB=$W/j.db
	command -v sqlite3 >/dev/null || skip "sqlite3 is not installed"
	T0=1704067200000	# 2024-01-01T00:00Z
	H=3600000		# 1h in ms
	P=$(printf 'ab%.0s' $(seq 32))	# a prompt hash: 64 hex digits
}

q() {
	sqlite3 "$DB" "$@"
}

init() {
	"$TPJ" init "$DB"
}

# decision TIME SYMBOL DECISION SIGNAL: an llm_decision record of a 1h
# Binance candle (SIGNAL null when "null")
decision() {
	local sig=null
	[ "$4" = null ] || sig="\"$4\""
	echo "{\"type\":\"llm_decision\",\"time\":$1,\"symbol\":\"$2\",\"timeframe\":\"1h\",\"exchange\":\"binance\",\"decision\":\"$3\",\"confidence\":0.65,\"signal\":$sig,\"voting\":\"majority\",\"answers\":2,\"models\":2,\"prompt_hash\":\"$P\",\"fallback\":0}"
}

# answer MODEL TIME DECISION [SOURCE [ERROR [SYMBOL [TIMEFRAME]]]]: an
# llm_answer (DECISION null when "null")
answer() {
	local d=null e=null
	[ "$3" = null ] || d="\"$3\""
	[ -z "${5:-}" ] || e="\"$5\""
	echo "{\"type\":\"llm_answer\",\"time\":$2,\"symbol\":\"${6:-BTC/USDT}\",\"timeframe\":\"${7:-1h}\",\"exchange\":\"binance\",\"model\":\"$1\",\"api_model\":\"x/$1\",\"prompt_hash\":\"$P\",\"decision\":$d,\"confidence\":0.7,\"sentiment\":null,\"reasoning\":null,\"ms\":100,\"prompt_tokens\":10,\"completion_tokens\":5,\"cost\":null,\"source\":\"${4:-api}\",\"error\":$e}"
}

# candle TIME CLOSE [SYMBOL [TIMEFRAME]]: a Binance candle
candle() {
	echo "{\"time\":$1,\"symbol\":\"${3:-BTC/USDT}\",\"timeframe\":\"${4:-1h}\",\"exchange\":\"binance\",\"open\":$2,\"high\":$2,\"low\":$2,\"close\":$2,\"volume\":1}"
}

@test "llm records fill ai_decisions, ai_answers and llm_prompts; again they add nothing; a prompt is kept once" {
	init
	cat > "$W/a.ndjson" <<-EOF
	{"type":"llm_prompt","time":$T0,"symbol":"BTC/USDT","prompt_hash":"$P","system":"You trade.","user":"time,close\n1,2"}
	{"type":"llm_answer","time":$T0,"symbol":"BTC/USDT","timeframe":"1h","exchange":"binance","model":"deepseek","api_model":"deepseek/deepseek-chat-v3.1","prompt_hash":"$P","decision":"BUY","confidence":0.7,"sentiment":0.3,"reasoning":"RSI low","ms":812,"prompt_tokens":1234,"completion_tokens":56,"cost":0.0012,"source":"api","error":null}
	{"type":"llm_answer","time":$T0,"symbol":"BTC/USDT","timeframe":"1h","exchange":"binance","model":"qwen","api_model":"qwen/qwen3-vl-235b-a22b-instruct","prompt_hash":"$P","decision":null,"confidence":null,"sentiment":null,"reasoning":null,"ms":30000,"prompt_tokens":null,"completion_tokens":null,"cost":null,"source":"api","error":"timed out after 30 s"}
	{"type":"llm_decision","time":$T0,"symbol":"BTC/USDT","timeframe":"1h","exchange":"binance","decision":"BUY","confidence":0.7,"signal":"enter_long","voting":"majority","answers":1,"models":2,"prompt_hash":"$P","fallback":0}
	EOF
	run --separate-stderr "$TPJ" add -v "$DB" "$W/a.ndjson"
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"stored 4 records, 0 already there"* ]]
	[ "$(q 'SELECT exchange, symbol, timeframe, time, decision, confidence, signal, voting, answers, models, prompt_hash, fallback, executed FROM ai_decisions')" = \
	    "binance|BTC/USDT|1h|$T0|BUY|0.7|enter_long|majority|1|2|$P|0|0" ]
	[ "$(q 'SELECT model, api_model, decision, confidence, sentiment, reasoning, ms, prompt_tokens, completion_tokens, cost, source, error FROM ai_answers ORDER BY model')" = \
	    "$(printf '%s\n%s' \
	    'deepseek|deepseek/deepseek-chat-v3.1|BUY|0.7|0.3|RSI low|812.0|1234|56|0.0012|api|' \
	    'qwen|qwen/qwen3-vl-235b-a22b-instruct|||||30000.0||||api|timed out after 30 s')" ]
	# the JSON escape \n is a newline in the stored text
	[ "$(q "SELECT system, user = 'time,close' || char(10) || '1,2', audit_seq FROM llm_prompts WHERE prompt_hash = '$P'")" = "You trade.|1|1" ]
	[ "$(q 'SELECT kind FROM audit ORDER BY seq' | tr '\n' ' ')" = \
	    "llm_prompt llm_answer llm_answer llm_decision " ]
	# The same records again: nothing changes.
	run --separate-stderr "$TPJ" add -v "$DB" "$W/a.ndjson"
	[[ "$stderr" == *"stored 0 records, 4 already there"* ]]
	# The prompt of the same hash from the next candle and another symbol:
	# no new row, no audit row, no error.
	echo "{\"type\":\"llm_prompt\",\"time\":$((T0 + H)),\"symbol\":\"ETH/USDT\",\"prompt_hash\":\"$P\",\"system\":\"You trade.\",\"user\":\"x\"}" > "$W/p2.ndjson"
	run --separate-stderr "$TPJ" add -v "$DB" "$W/p2.ndjson"
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"stored 0 records, 1 already there"* ]]
	[ "$(q 'SELECT count(*), min(audit_seq) FROM llm_prompts')" = "1|1" ]
	[ "$(q 'SELECT count(*) FROM audit')" = 4 ]
	run --separate-stderr "$TPJ" verify "$DB"
	[ "$status" -eq 0 ]
	# A changed decision replaces its row, audited, as any record does.
	decision "$T0" BTC/USDT HOLD null | "$TPJ" add "$DB"
	[ "$(q 'SELECT decision, signal IS NULL, audit_seq FROM ai_decisions')" = "HOLD|1|5" ]
	run --separate-stderr "$TPJ" verify "$DB"
	[ "$status" -eq 0 ]
}

@test "the tables have the columns tp_jmap.c stores, and export lists them" {
	init
	cols() {
		q "SELECT group_concat(name, ',') FROM pragma_table_info('$1')"
	}
	[ "$(cols ai_decisions)" = exchange,symbol,timeframe,time,decision,confidence,signal,voting,answers,models,prompt_hash,fallback,executed,audit_seq,digest ]
	[ "$(cols ai_answers)" = exchange,symbol,timeframe,time,model,api_model,prompt_hash,decision,confidence,sentiment,reasoning,ms,prompt_tokens,completion_tokens,cost,source,error,audit_seq,digest ]
	[ "$(cols llm_prompts)" = prompt_hash,system,user,audit_seq,digest ]
	[ "$(cols llm_accuracy)" = model,horizon,decided,matched,accuracy ]
	decision "$T0" BTC/USDT SELL enter_short | "$TPJ" add "$DB"
	run --separate-stderr "$TPJ" export -f ndjson "$DB" ai_decisions
	[ "$status" -eq 0 ]
	[[ "$output" == "{\"exchange\":\"binance\",\"symbol\":\"BTC/USDT\",\"timeframe\":\"1h\",\"time\":$T0,\"decision\":\"SELL\",\"confidence\":0.65,\"signal\":\"enter_short\",\"voting\":\"majority\",\"answers\":2,\"models\":2,\"prompt_hash\":\"$P\",\"fallback\":false,\"executed\":0,\"audit_seq\":1,"* ]]
}

# The rule (tp-journal(1) LLM DECISIONS): a decision of candle t is acted
# on at the open of candle t + 1h.  Entries: a trade of its side opened, or
# a fill of its side came, in (t, t + 1h]; exits: a trade of its side
# closed by exit_signal in (t, t + 1h].
@test "executed: set by a trade that comes later, and by one that came before" {
	init
	# decisions first
	{ decision "$T0" BTC/USDT BUY enter_long
	  decision "$((T0 + 2 * H))" BTC/USDT SELL exit_long
	  decision "$T0" ETH/USDT SELL enter_short
	  decision "$T0" SOL/USDT HOLD null
	  decision "$T0" XRP/USDT BUY enter_long; } | "$TPJ" add "$DB"
	[ "$(q 'SELECT sum(executed) FROM ai_decisions')" = 0 ]
	# tp-backtest's trade (no exchange): opened at T0 + 1h, closed by its
	# exit signal at T0 + 3h.  BTC's entry of T0 and exit of T0 + 2h.
	echo "{\"type\":\"trade\",\"pair\":\"BTC/USDT\",\"is_short\":false,\"open_date\":$((T0 + H)),\"close_date\":$((T0 + 3 * H)),\"open_rate\":1,\"amount\":1,\"exit_reason\":\"exit_signal\",\"strategy\":\"s\"}" |
	    "$TPJ" add "$DB"
	# A long that opened an hour late (T0 + 2h) is not XRP's entry of T0;
	# a short of ETH at T0 + 1h is, a long of ETH would not be.
	{ echo "{\"type\":\"trade\",\"pair\":\"XRP/USDT\",\"is_short\":false,\"open_date\":$((T0 + 2 * H)),\"open_rate\":1,\"amount\":1}"
	  echo "{\"type\":\"trade\",\"pair\":\"ETH/USDT\",\"is_short\":false,\"open_date\":$((T0 + H)),\"open_rate\":1,\"amount\":1}"; } |
	    "$TPJ" add "$DB"
	[ "$(q 'SELECT symbol, time, executed FROM ai_decisions ORDER BY symbol, time')" = \
	    "$(printf '%s\n' "BTC/USDT|$T0|1" "BTC/USDT|$((T0 + 2 * H))|1" \
	    "ETH/USDT|$T0|0" "SOL/USDT|$T0|0" "XRP/USDT|$T0|0")" ]
	echo "{\"type\":\"trade\",\"pair\":\"ETH/USDT\",\"is_short\":true,\"open_date\":$((T0 + H)),\"open_rate\":1,\"amount\":1}" |
	    "$TPJ" add "$DB"
	[ "$(q "SELECT executed FROM ai_decisions WHERE symbol = 'ETH/USDT'")" = 1 ]
	run --separate-stderr "$TPJ" verify "$DB"
	[ "$status" -eq 0 ]

	# Trades and fills first, into a second journal.
	DB=$W/k.db
	init
	# tp-exec's entry fill (exchange "paper", side sell for a short) at
	# the open of T0 + 2h; a fill at T0 + 1h itself is not after it.
	{ echo "{\"type\":\"fill\",\"client_order_id\":\"o1\",\"fill_id\":\"o1\",\"time\":$((T0 + 2 * H)),\"exchange\":\"paper\",\"symbol\":\"ETH/USDT\",\"side\":\"sell\",\"price\":1,\"amount\":1}"
	  echo "{\"type\":\"fill\",\"client_order_id\":\"o2\",\"fill_id\":\"o2\",\"time\":$((T0 + H)),\"exchange\":\"paper\",\"symbol\":\"BTC/USDT\",\"side\":\"buy\",\"price\":1,\"amount\":1}"
	  echo "{\"type\":\"trade\",\"pair\":\"SOL/USDT\",\"is_short\":false,\"open_date\":$((T0 + H)),\"open_rate\":1,\"amount\":1,\"exchange\":\"kraken\"}"; } |
	    "$TPJ" add "$DB"
	# SOL's trade was on another exchange than its decision's candles.
	{ decision "$((T0 + H))" ETH/USDT SELL enter_short
	  decision "$((T0 + H))" BTC/USDT BUY enter_long
	  decision "$T0" SOL/USDT BUY enter_long; } | "$TPJ" add "$DB"
	[ "$(q 'SELECT symbol, executed FROM ai_decisions ORDER BY symbol')" = \
	    "$(printf '%s\n' "BTC/USDT|0" "ETH/USDT|1" "SOL/USDT|0")" ]
	# A decision that changes its signal is looked at again: BTC's HOLD
	# at T0 (no signal) becomes a BUY, which the fill at T0 + 1h acts on.
	{ decision "$T0" BTC/USDT HOLD null
	  decision "$T0" BTC/USDT BUY enter_long; } | "$TPJ" add "$DB"
	[ "$(q "SELECT executed FROM ai_decisions WHERE symbol = 'BTC/USDT' AND time = $T0")" = 1 ]
	run --separate-stderr "$TPJ" verify "$DB"
	[ "$status" -eq 0 ]
}

@test "executed: tp-backtest's own trades act on the decisions of the candles that signalled" {
	init
	# Flat candles T0 .. T0 + 5h; enter_long on T0 + 1h, exit_long on
	# T0 + 3h: tp-backtest opens at the open of T0 + 2h and closes at the
	# open of T0 + 4h (a signal acts on the next candle, tp-backtest(1)).
	{ echo time,symbol,open,high,low,close,volume,signal
	  for k in 0 1 2 3 4 5; do
		s=
		[ "$k" = 1 ] && s=enter_long
		[ "$k" = 3 ] && s=exit_long
		echo "$((T0 + k * H)),BTC/USDT,10$k,10$k,10$k,10$k,1,$s"
	  done; } > "$W/c.csv"
	"$BIN/tp-backtest" --fee 0 --stake-amount 100 -t "$W/t.ndjson" "$W/c.csv" > /dev/null
	{ decision "$((T0 + H))" BTC/USDT BUY enter_long
	  decision "$((T0 + 3 * H))" BTC/USDT SELL exit_long
	  decision "$((T0 + 2 * H))" BTC/USDT BUY enter_long; } > "$W/d.ndjson"
	"$TPJ" add "$DB" "$W/t.ndjson" "$W/d.ndjson"
	# T0 + 2h's BUY had no trade after it (the long was open already).
	[ "$(q 'SELECT time - '$T0', executed FROM ai_decisions ORDER BY time')" = \
	    "$(printf '%s\n' "$H|1" "$((2 * H))|0" "$((3 * H))|1")" ]
}

# Candles of BTC/USDT 1h, closes at T0 + k hours (k = 0 .. 12):
#   k      0   1   2   3   4   5   6   7   8   9  10  11  12
#   close 100 101  99 102 103 103 104 100  98  97 105 106  90
# and ETH/USDT 30m at T0, T0 + 30m, T0 + 90m: 10, 11, 9.
# Answers (decision at k; horizon N compares close k + N with close k):
#   a BUY k=0:  N=1 101>100 yes; N=3 102>100 yes; N=12 90>100 no
#   a SELL k=1: N=1 99<101 yes;  N=3 103<101 no;  N=12 k=13 none
#   a HOLD k=2, a BUY k=3 with an error, a BUY of offline (null): not counted
#   a BUY k=4:  N=1 103>103 no (unchanged); N=3 100>103 no; N=12 none
#   b SELL k=0: N=1 101<100 no;  N=3 102<100 no;  N=12 90<100 yes
#   b BUY k=10: N=1 106>105 yes; N=3 none; N=12 none
#   c BUY ETH 30m at T0: N=1 11>10 yes; N=3 9>10 no; N=12 none
# a: N=1 3 decided 2 matched; N=3 3, 1; N=12 1, 0.
# b: N=1 2, 1; N=3 1, 0; N=12 1, 1.   c: N=1 1, 1; N=3 1, 0.
@test "llm_accuracy: per model and horizon, BUY and SELL against the candles that followed" {
	init
	closes=(100 101 99 102 103 103 104 100 98 97 105 106 90)
	{ for k in "${!closes[@]}"; do candle "$((T0 + k * H))" "${closes[k]}"; done
	  candle "$T0" 10 ETH/USDT 30m
	  candle "$((T0 + H / 2))" 11 ETH/USDT 30m
	  candle "$((T0 + 3 * H / 2))" 9 ETH/USDT 30m
	  answer a "$T0" BUY
	  answer a "$((T0 + H))" SELL
	  answer a "$((T0 + 2 * H))" HOLD
	  answer a "$((T0 + 3 * H))" BUY api "confidence 1.7 is out of range"
	  answer a "$((T0 + 5 * H))" null offline "not in the cache"
	  answer a "$((T0 + 4 * H))" BUY cache
	  answer b "$T0" SELL
	  answer b "$((T0 + 10 * H))" BUY
	  answer c "$T0" BUY api "" ETH/USDT 30m; } | "$TPJ" add "$DB"
	[ "$(q 'SELECT model, horizon, decided, matched, round(accuracy, 4) FROM llm_accuracy')" = \
	    "$(printf '%s\n' 'a|1|3|2|0.6667' 'a|3|3|1|0.3333' 'a|12|1|0|0.0' \
	    'b|1|2|1|0.5' 'b|3|1|0|0.0' 'b|12|1|1|1.0' 'c|1|1|1|1.0' 'c|3|1|0|0.0')" ]
}

# deepseek: two requests (812 ms with 1234 + 56 tokens; a 150 ms failure
# without tokens) and a cache answer (no request, its tokens not spent
# again); qwen: an offline miss only, no request.
@test "metrics: LLM requests, failures, tokens and latency per model" {
	command -v promtool >/dev/null || skip "promtool (Debian package prometheus) is not installed"
	init
	cat > "$W/m.ndjson" <<-EOF
	{"type":"llm_answer","time":$T0,"symbol":"BTC/USDT","model":"deepseek","decision":"BUY","confidence":0.7,"ms":812,"prompt_tokens":1234,"completion_tokens":56,"source":"api","error":null}
	{"type":"llm_answer","time":$((T0 + H)),"symbol":"BTC/USDT","model":"deepseek","decision":null,"confidence":null,"ms":150,"prompt_tokens":null,"completion_tokens":null,"source":"api","error":"HTTP 500"}
	{"type":"llm_answer","time":$((T0 + 2 * H)),"symbol":"BTC/USDT","model":"deepseek","decision":"SELL","confidence":0.8,"ms":0,"prompt_tokens":1000,"completion_tokens":50,"source":"cache","error":null}
	{"type":"llm_answer","time":$T0,"symbol":"BTC/USDT","model":"qwen","decision":null,"confidence":null,"ms":0,"source":"offline","error":"not in the cache"}
	EOF
	"$TPJ" add "$DB" "$W/m.ndjson"
	"$TPJ" metrics "$DB" > "$W/m.prom"
	promtool check metrics < "$W/m.prom"
	# (812 + 150) / 1000 s
	[ "$(grep '^tp_llm\|^# [A-Z]* tp_llm' "$W/m.prom" | grep -v '^# HELP')" = "$(cat <<-'EOF'
	# TYPE tp_llm_requests_total counter
	tp_llm_requests_total{model="deepseek"} 2
	# TYPE tp_llm_failures_total counter
	tp_llm_failures_total{model="deepseek"} 1
	# TYPE tp_llm_tokens_total counter
	tp_llm_tokens_total{model="deepseek",kind="prompt"} 1234
	tp_llm_tokens_total{model="deepseek",kind="completion"} 56
	# TYPE tp_llm_latency_seconds summary
	tp_llm_latency_seconds_sum{model="deepseek"} 0.962
	tp_llm_latency_seconds_count{model="deepseek"} 2
	EOF
	)" ]
	for m in requests_total failures_total tokens_total latency_seconds; do
		grep -q "^# HELP tp_llm_$m " "$W/m.prom"
	done
}

# tp-predict writes its candle's market into the LLM records, and a stream
# of candles without one (tp-journal add -y/--timeframe/--exchange gives
# them theirs) makes records without one too.
@test "add's --symbol, --timeframe and --exchange give LLM decisions and answers the market they lack, as candles" {
	init
	cat > "$W/v.ndjson" <<-EOF
	{"time":$T0,"open":1,"high":1,"low":1,"close":1,"volume":1}
	{"type":"llm_answer","time":$T0,"model":"deepseek","decision":"BUY","source":"api"}
	{"type":"llm_decision","time":$T0,"decision":"BUY","signal":"enter_long"}
	{"type":"llm_decision","time":$T0,"symbol":"ETH/USDT","timeframe":"4h","exchange":"kraken","decision":"HOLD"}
	EOF
	"$TPJ" add -y BTC/USDT --timeframe 1h --exchange binance "$DB" "$W/v.ndjson"
	[ "$(q 'SELECT exchange, symbol, timeframe, decision FROM ai_decisions ORDER BY symbol')" = \
	    "$(printf '%s\n' 'binance|BTC/USDT|1h|BUY' 'kraken|ETH/USDT|4h|HOLD')" ]
	[ "$(q 'SELECT exchange, symbol, timeframe, model FROM ai_answers')" = 'binance|BTC/USDT|1h|deepseek' ]
	# Without the options nothing is refused: the key's texts stay empty.
	DB=$W/k.db
	init
	tail -n 3 "$W/v.ndjson" | "$TPJ" add "$DB"
	[ "$(q "SELECT count(*) FROM ai_decisions WHERE exchange = '' AND symbol = '' AND timeframe = ''")" = 1 ]
}

@test "a journal of schema version 4 is upgraded, and its trades act on the decisions added after" {
	# A version 4 journal, made from the schema files before this one by
	# sqlite3, holding a trade.
	cat "$TOP"/share/sql/00[1-4]-*.sql | sqlite3 "$DB"
	q 'PRAGMA user_version = 4'
	q "INSERT INTO trades (strategy, pair, is_short, open_date, open_rate, amount, audit_seq, digest) VALUES ('s', 'BTC/USDT', 0, $((T0 + H)), 1, 1, 0, x'00')"
	run --separate-stderr "$TPJ" report "$DB"
	[ "$status" -eq 78 ]
	{ decision "$T0" BTC/USDT BUY enter_long
	  answer deepseek "$T0" BUY; } | "$TPJ" add "$DB"
	[ "$(q 'PRAGMA user_version')" = 7 ]
	[ "$(q 'SELECT decision, executed FROM ai_decisions')" = "BUY|1" ]
	[ "$(q 'SELECT model FROM ai_answers')" = deepseek ]
}

@test "bad llm records are refused with 65, naming the record, and nothing of their batch is stored" {
	init
	check() {	# check RECORD MESSAGE
		{ decision "$T0" BTC/USDT BUY enter_long; echo "$1"; } > "$W/bad.ndjson"
		run --separate-stderr "$TPJ" add "$DB" "$W/bad.ndjson"
		[ "$status" -eq 65 ] || { echo "rc $status: $1"; return 1; }
		[[ "$stderr" == *"bad.ndjson:2: "*"$2"* ]] || { echo "$stderr"; return 1; }
		[ "$(q 'SELECT (SELECT count(*) FROM audit) + (SELECT count(*) FROM ai_decisions) + (SELECT count(*) FROM ai_answers) + (SELECT count(*) FROM llm_prompts)')" = 0 ]
	}
	check "{\"type\":\"llm_answer\",\"time\":$T0,\"symbol\":\"BTC/USDT\",\"decision\":\"BUY\",\"confidence\":0.7,\"source\":\"api\"}" \
	    'llm_answer record: field "model" is missing'
	check "{\"type\":\"llm_answer\",\"time\":$T0,\"symbol\":\"BTC/USDT\",\"model\":\"deepseek\",\"decision\":\"BUY\",\"confidence\":\"high\"}" \
	    'field "confidence" is not a number'
	check "{\"type\":\"llm_answer\",\"time\":$T0,\"model\":\"deepseek\",\"decision\":\"BUY\",\"prompt_tokens\":12.5}" \
	    'llm_answer record: field "prompt_tokens" is not a whole number'
	check "{\"type\":\"llm_answer\",\"time\":$T0,\"model\":\"deepseek\",\"decision\":\"buy\"}" \
	    'llm_answer record: CHECK constraint failed'
	check "{\"type\":\"llm_decision\",\"time\":$T0,\"symbol\":\"ETH/USDT\",\"confidence\":0.7}" \
	    'llm_decision record: field "decision" is missing'
	check "{\"type\":\"llm_decision\",\"time\":$T0,\"symbol\":\"ETH/USDT\",\"decision\":\"MAYBE\"}" \
	    'llm_decision record: CHECK constraint failed'
	check "{\"type\":\"llm_decision\",\"time\":$T0,\"symbol\":\"ETH/USDT\",\"decision\":\"HOLD\",\"fallback\":\"rules\"}" \
	    'llm_decision record: field "fallback" is not true or false'
	check "{\"type\":\"llm_prompt\",\"time\":$T0,\"system\":\"s\",\"user\":\"u\"}" \
	    'llm_prompt record: field "prompt_hash" is missing'
	check "{\"type\":\"llm_decision\",\"symbol\":\"ETH/USDT\",\"decision\":\"HOLD\"}" \
	    'llm_decision record: field "time" is missing'
}
