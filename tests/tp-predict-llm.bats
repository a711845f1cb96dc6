#!/usr/bin/env bats
# tp-predict's LLM decider (tp-predict(1) LLM DECIDERS) against a fake
# OpenAI-compatible server on 127.0.0.1 (tests/llm/fake_llm.py) that
# answers from a script.
#
# Expected decisions are worked by hand from issue 25's voting rules
# (majority: two models that agree decide when their average confidence
# is at least 0.60; one answer alone needs 0.55; ...) and the wire format
# of OpenAI's Chat Completions API.  The voting arithmetic's every branch
# is pinned in tests/unit/test_lvote.c; here, the program around it.

load helpers
load llm/fake

setup() {
	tp_setup
	TPP=$BIN/tp-predict
	W=$BATS_TEST_TMPDIR
	export TP_TEST_KEY=sk-test-0123456789abcdef
	candles 6
}

teardown() {
	stop_fake
}

# The rows of column NAME of CSV file F, one a line ("" for empty).
col() {
	awk -F, -v name="$1" 'NR == 1 { for (i = 1; i <= NF; i++)
		if ($i == name) c = i; next } { print $c }' "$2"
}

@test "two models that agree decide: per-model fields, signal, tag llm, on the 2h candles only" {
	fake_llm '{"m-a": [{"answer": ["BUY", 0.7]}], "m-b": [{"answer": ["BUY", 0.6]}]}'
	strategy "$(model a m-a),$(model b m-b)"
	run --separate-stderr "$TPP" --strategy "$W/s.json" "$W/c.csv"
	[ "$status" -eq 0 ]
	echo "$output" > "$W/out.csv"
	[ "${lines[0]}" = "time,open,high,low,close,volume,symbol,llm_a_decision,llm_a_confidence,llm_a_ms,llm_b_decision,llm_b_confidence,llm_b_ms,signal,confidence,tag" ]
	# 00:00, 02:00, 04:00 decide (multiples of 2h); 01:00, 03:00, 05:00 not
	[ "$(col llm_a_decision "$W/out.csv" | tr '\n' ' ')" = "BUY  BUY  BUY  " ]
	[ "$(col llm_b_confidence "$W/out.csv" | tr '\n' ' ')" = "0.6  0.6  0.6  " ]
	# (0.7 + 0.6) / 2 = 0.65 >= 0.60: BUY = enter_long when flat; then a
	# long is open and BUY without position adjustment is no action
	[ "$(col signal "$W/out.csv" | tr '\n' ' ')" = "enter_long      " ]
	[ "$(col tag "$W/out.csv" | head -1)" = "llm" ]
	[ "$(col confidence "$W/out.csv" | head -1)" = "0.6499999999999999" ]
	[ "$(requests)" -eq 6 ]
	# the reasoning is not in the CSV
	refute grep -q scripted "$W/out.csv"
}

@test "the request: model, system and user messages, temperature, max_tokens, JSON format, the bearer key" {
	fake_llm '{"*": [{"answer": ["HOLD", 0.9]}]}'
	strategy "$(model a m-a '"temperature":0.3,"max_tokens":321')"
	run --separate-stderr "$TPP" --strategy "$W/s.json" "$W/c.csv"
	[ "$status" -eq 0 ]
	head -1 "$W/port.log" > "$W/req.json"
	[ "$(jq -r .path "$W/req.json")" = "/v1/chat/completions" ]
	[ "$(jq -r .body.model "$W/req.json")" = "m-a" ]
	[ "$(jq -r .body.temperature "$W/req.json")" = "0.3" ]
	[ "$(jq -r .body.max_tokens "$W/req.json")" = "321" ]
	[ "$(jq -r .body.response_format.type "$W/req.json")" = "json_object" ]
	[ "$(jq -r '.body.messages | map(.role) | join(",")' "$W/req.json")" = "system,user" ]
	[ "$(jq -r '.headers.Authorization' "$W/req.json")" = "Bearer $TP_TEST_KEY" ]
	# the user message holds the table of the candles so far (one at 00:00)
	jq -r '.body.messages[1].content' "$W/req.json" > "$W/user.txt"
	grep -qx "time,open,high,low,close,volume" "$W/user.txt"
	grep -qx "2024-01-01 00:00,100,101,99,100,10" "$W/user.txt"
	grep -q "Market: BTC/USDT" "$W/user.txt"
	# the third decision (04:00) sees the last 3 candles: 02:00 to 04:00
	jq -r '.body.messages[1].content' <(sed -n 3p "$W/port.log") > "$W/user3.txt"
	refute grep -q "2024-01-01 01:00" "$W/user3.txt"
	grep -q "2024-01-01 02:00,102" "$W/user3.txt"
	grep -q "2024-01-01 04:00,104" "$W/user3.txt"
	# json_format false leaves response_format out
	strategy "$(model a m-a '"json_format":false')"
	rm "$W/port.log"
	"$TPP" --strategy "$W/s.json" "$W/c.csv" > /dev/null
	[ "$(head -1 "$W/port.log" | jq -r '.body.response_format')" = "null" ]
}

@test "the key is in the request and nowhere else: output, records, errors, cache" {
	fake_llm '{"m-a": [{"answer": ["BUY", 0.8]}], "m-b": [{"status": 401}]}'
	strategy "$(model a m-a),$(model b m-b)"
	run --separate-stderr "$TPP" -f ndjson --strategy "$W/s.json" --llm-cache "$W/cache.db" "$W/c.csv"
	[ "$status" -eq 0 ]
	grep -q "$TP_TEST_KEY" "$W/port.log"
	refute grep -q "$TP_TEST_KEY" <<< "$output"
	refute grep -q "$TP_TEST_KEY" <<< "$stderr"
	refute grep -q "$TP_TEST_KEY" "$W/cache.db"
	# the failing model is named, with the URL and no key
	[[ "$stderr" == *'llm model "b" abstains on BTC/USDT at 2024-01-01 00:00: HTTP 401 ('"$URL"'/chat/completions)'* ]]
	# an API that quotes the key in its error: scrubbed from the message
	fake_llm '{"*": [{"status": 401, "echo_auth": true}]}'
	strategy "$(model a m-a)"
	run --separate-stderr "$TPP" -f ndjson --strategy "$W/s.json" <(head -2 "$W/c.csv")
	# (the fake's message is "bad key: " and the request's header)
	[ "$(head -1 "$W/port.log" | jq -r .headers.Authorization)" = "Bearer $TP_TEST_KEY" ]
	[[ "$stderr" == *"bad key: Bearer ***"* ]]
	refute grep -q "$TP_TEST_KEY" <<< "$stderr$output"
	# a missing key variable is named, never a value
	unset TP_TEST_KEY
	run --separate-stderr "$TPP" --strategy "$W/s.json" "$W/c.csv"
	[ "$status" -eq 78 ]
	[[ "$stderr" == *'llm model "a": the environment variable TP_TEST_KEY (api_key_env) is not set'* ]]
}

@test "the NDJSON stream carries the prompt, each answer and the decision before the candle" {
	fake_llm '{"m-a": [{"answer": ["SELL", 0.9, -0.5]}], "m-b": [{"content": "I think BUY"}]}'
	strategy "$(model a m-a '"price":{"prompt":1,"completion":2}'),$(model b m-b)" '"short":true'
	run --separate-stderr "$TPP" -f ndjson --strategy "$W/s.json" "$W/c.csv"
	[ "$status" -eq 0 ]
	echo "$output" > "$W/out.ndjson"
	[ "$(head -4 "$W/out.ndjson" | jq -r .type | tr '\n' ' ')" = "llm_prompt llm_answer llm_answer llm_decision " ]
	[ "$(sed -n 5p "$W/out.ndjson" | jq -r .signal)" = "enter_short" ]
	sed -n 2p "$W/out.ndjson" > "$W/a.json"
	[ "$(jq -r '[.model, .api_model, .decision, .confidence, .sentiment, .source] | join(" ")' "$W/a.json")" = "a m-a SELL 0.9 -0.5 api" ]
	[ "$(jq -r .reasoning "$W/a.json")" = "scripted SELL for m-a" ]
	# cost = prompt_tokens * 1 / 1e6 + completion_tokens * 2 / 1e6 (USD)
	[ "$(jq -r '(.prompt_tokens * 1 + .completion_tokens * 2) / 1e6 == .cost' "$W/a.json")" = "true" ]
	sed -n 3p "$W/out.ndjson" > "$W/b.json"
	[ "$(jq -r '.decision' "$W/b.json")" = "null" ]
	[[ "$(jq -r '.error' "$W/b.json")" == *"JSON object"* ]]
	# one answer: SELL 0.9 >= 0.55 alone; flat with short allowed: enter_short
	[ "$(sed -n 4p "$W/out.ndjson" | jq -r '[.decision, .answers, .models, .signal] | join(" ")')" = "SELL 1 2 enter_short" ]
	[ "$(jq -r .prompt_hash "$W/a.json")" = "$(head -1 "$W/out.ndjson" | jq -r .prompt_hash)" ]
	[[ "$stderr" == *'llm model "b" abstains'* ]]
}

@test "malformed answers abstain, each with its reason, and the one good answer decides alone at 0.55" {
	fake_llm '{"m-a": [{"content": "Sure! {\"decision\":\"BUY\",\"confidence\":0.9,\"reasoning\":\"x\"}"}],
		"m-b": [{"content": "{\"action\":\"BUY\",\"confidence\":0.9,\"reasoning\":\"x\"}"}],
		"m-c": [{"content": "{\"decision\":\"BUY\",\"confidence\":1.7,\"reasoning\":\"x\"}"}],
		"m-d": [{"answer": ["BUY", 0.55]}]}'
	strategy "$(model a m-a),$(model b m-b),$(model c m-c),$(model d m-d)"
	run --separate-stderr "$TPP" --strategy "$W/s.json" "$W/c.csv"
	[ "$status" -eq 0 ]
	echo "$output" > "$W/out.csv"
	[ "$(col llm_a_decision "$W/out.csv" | head -1)" = "" ]
	[ "$(col llm_d_decision "$W/out.csv" | head -1)" = "BUY" ]
	# d alone: BUY 0.55 >= min_confidence_single 0.55
	[ "$(col signal "$W/out.csv" | head -1)" = "enter_long" ]
	[ "$(col confidence "$W/out.csv" | head -1)" = "0.55" ]
	[[ "$stderr" == *'llm model "a" abstains on BTC/USDT at 2024-01-01 00:00: '*'JSON object'* ]]
	[[ "$stderr" == *'llm model "b" abstains on BTC/USDT at 2024-01-01 00:00: '*'decision'* ]]
	[[ "$stderr" == *'llm model "c" abstains on BTC/USDT at 2024-01-01 00:00: '*'1.7'* ]]
	refute grep -q 'model "d" abstains' <<< "$stderr"
}

@test "one answer below 0.55 holds; min_confidence_single moves the bar" {
	fake_llm '{"m-a": [{"answer": ["BUY", 0.5499]}], "m-b": [{"status": 400}]}'
	strategy "$(model a m-a),$(model b m-b)"
	run --separate-stderr "$TPP" --strategy "$W/s.json" "$W/c.csv"
	[ "$status" -eq 0 ]
	echo "$output" > "$W/out.csv"
	[ "$(col signal "$W/out.csv" | tr -d '\n')" = "" ]
	strategy "$(model a m-a),$(model b m-b)" '"min_confidence_single":0.5'
	"$TPP" --strategy "$W/s.json" "$W/c.csv" 2>/dev/null > "$W/out.csv"
	[ "$(col signal "$W/out.csv" | head -1)" = "enter_long" ]
}

@test "429 with Retry-After, then an answer: retried within the timeout" {
	fake_llm '{"m-a": [{"status": 429, "retry_after": 0}, {"status": 503}, {"answer": ["BUY", 0.8]}]}'
	strategy "$(model a m-a)"
	run --separate-stderr "$TPP" --strategy "$W/s.json" <(head -2 "$W/c.csv")
	[ "$status" -eq 0 ]
	[ "$(requests m-a)" -eq 3 ]
	[ "${lines[1]##*,enter_long,}" = "0.8,llm" ]
	[ -z "$stderr" ] || [[ "$stderr" != *abstains* ]]
}

@test "500s until the timeout: the model abstains, naming the status and the tries" {
	fake_llm '{"m-a": [{"status": 500}], "m-b": [{"answer": ["SELL", 0.6]}]}'
	strategy "$(model a m-a '"timeout":1.2'),$(model b m-b)"
	run --separate-stderr "$TPP" --strategy "$W/s.json" <(head -2 "$W/c.csv")
	[ "$status" -eq 0 ]
	# tries at 0, 0.5 and 1.5 s: the third is past the 1.2 s limit
	[ "$(requests m-a)" -eq 2 ]
	[[ "$stderr" == *'llm model "a" abstains on BTC/USDT at 2024-01-01 00:00: HTTP 500 ('"$URL"'/chat/completions) after 2 tries'* ]]
	# b alone: SELL 0.6 >= 0.55, but flat and no short: no action
	[ "$(echo "${lines[1]}" | cut -d, -f8,9,11,12,14-)" = ",,SELL,0.6,,," ]
	[ "$(echo "${lines[1]}" | cut -d, -f10)" -ge 500 ]
}

@test "a stalled server is cut by the timeout; the other model still answers; the models are asked at once" {
	fake_llm '{"m-a": [{"delay": 4, "answer": ["BUY", 0.9]}], "m-b": [{"delay": 1, "answer": ["BUY", 0.7]}]}'
	strategy "$(model a m-a '"timeout":1.5'),$(model b m-b)"
	run --separate-stderr "$TPP" --strategy "$W/s.json" <(head -2 "$W/c.csv")
	[ "$status" -eq 0 ]
	[[ "$stderr" == *'llm model "a" abstains on BTC/USDT at 2024-01-01 00:00: no answer in time'* ]]
	[[ "${lines[1]}" == *",enter_long,0.7,llm" ]]
	# at once: both requests came before either answered (one after the
	# other, the second would come 1 s or 1.5 s after the first)
	[ "$(requests)" -eq 2 ]
	[ "$(jq -s '(.[1].t - .[0].t) < 0.5' "$W/port.log")" = true ]
}

@test "a Retry-After longer than the time left: the model abstains after one try, without waiting it out" {
	fake_llm '{"m-a": [{"status": 429, "retry_after": 30}, {"answer": ["BUY", 0.9]}]}'
	strategy "$(model a m-a '"timeout":1')"
	run --separate-stderr "$TPP" --strategy "$W/s.json" <(head -2 "$W/c.csv")
	[ "$status" -eq 0 ]
	[ "$(requests m-a)" -eq 1 ]
	[[ "$stderr" == *"HTTP 429 ($URL/chat/completions) after 1 try"* ]]
}

@test "a model whose server is down abstains; all down: HOLD, or the rules with fallback rules" {
	fake_llm '{"m-a": [{"answer": ["BUY", 0.9]}]}'
	down="http://127.0.0.1:9/v1"
	strategy "$(model a m-a),{\"name\":\"b\",\"base_url\":\"$down\",\"model\":\"m-b\",\"timeout\":1}"
	run --separate-stderr "$TPP" --strategy "$W/s.json" <(head -2 "$W/c.csv")
	[ "$status" -eq 0 ]
	[[ "${lines[1]}" == *",enter_long,0.9,llm" ]]
	[[ "$stderr" == *'llm model "b" abstains'*"$down/chat/completions"* ]]
	# all down, no fallback: HOLD, no signal
	strategy "{\"name\":\"b\",\"base_url\":\"$down\",\"model\":\"m-b\",\"timeout\":0.5}"
	run --separate-stderr "$TPP" --strategy "$W/s.json" <(head -2 "$W/c.csv")
	[ "$status" -eq 0 ]
	[ "$(echo "${lines[1]}" | cut -d, -f1-9,11-)" = "1704067200000,100,101,99,100,10,BTC/USDT,,,,," ]
	# all down, fallback rules: the rule's own signal stays
	strategy "{\"name\":\"b\",\"base_url\":\"$down\",\"model\":\"m-b\",\"timeout\":0.5}" '"fallback":"rules"' \
		'"rules":{"up":{"when":"close > 99","action":"enter_long"}}'
	run --separate-stderr "$TPP" --strategy "$W/s.json" <(head -2 "$W/c.csv")
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "time,open,high,low,close,volume,symbol,signal,confidence,tag,llm_b_decision,llm_b_confidence,llm_b_ms" ]
	[ "$(echo "${lines[1]}" | cut -d, -f1-12)" = "1704067200000,100,101,99,100,10,BTC/USDT,enter_long,1,up,," ]
	# and without fallback, the LLM's HOLD replaces the rules' signal
	strategy "{\"name\":\"b\",\"base_url\":\"$down\",\"model\":\"m-b\",\"timeout\":0.5}" '' \
		'"rules":{"up":{"when":"close > 99","action":"enter_long"}}'
	run --separate-stderr "$TPP" --strategy "$W/s.json" <(head -2 "$W/c.csv")
	[ "$(echo "${lines[1]}" | cut -d, -f8-12)" = ",,,," ]
}

@test "the cache: a second run makes no request and writes the same bytes; --offline on a cold cache abstains" {
	fake_llm '{"m-a": [{"answer": ["BUY", 0.7]}, {"answer": ["SELL", 0.8]}], "m-b": [{"answer": ["BUY", 0.6]}]}'
	strategy "$(model a m-a),$(model b m-b)"
	"$TPP" --strategy "$W/s.json" --llm-cache "$W/cache.db" "$W/c.csv" > "$W/one.csv"
	[ "$(requests)" -eq 6 ]
	"$TPP" --strategy "$W/s.json" --llm-cache "$W/cache.db" "$W/c.csv" > "$W/two.csv"
	[ "$(requests)" -eq 6 ]
	cmp "$W/one.csv" "$W/two.csv"
	"$TPP" --offline --strategy "$W/s.json" --llm-cache "$W/cache.db" "$W/c.csv" > "$W/three.csv"
	cmp "$W/one.csv" "$W/three.csv"
	[ "$(requests)" -eq 6 ]
	sqlite3 "$W/cache.db" "select count(*) from answers" | grep -qx 6
	# a cold cache offline: every answer missing, counted, no request
	sqlite3 "$W/cold.db" "select 1" > /dev/null; rm -f "$W/cold.db"
	"$TPP" --strategy "$W/s.json" --llm-cache "$W/cold.db" <(head -1 "$W/c.csv") > /dev/null
	run --separate-stderr "$TPP" --offline --strategy "$W/s.json" --llm-cache "$W/cold.db" "$W/c.csv"
	[ "$status" -eq 0 ]
	[ "$(requests)" -eq 6 ]
	[[ "$stderr" == *"cold.db: 6 of 6 answers were not in the cache (--offline): those models abstained"* ]]
	[ "$(echo "$output" | tail -n +2 | cut -d, -f8- | sort -u)" = ",,,,,,,," ]
	# --offline needs a cache, and an existing one
	run --separate-stderr "$TPP" --offline --strategy "$W/s.json" "$W/c.csv"
	[ "$status" -eq 64 ]
	run --separate-stderr "$TPP" --offline --strategy "$W/s.json" --llm-cache "$W/none.db" "$W/c.csv"
	[ "$status" -eq 66 ]
	[ ! -e "$W/none.db" ]
}

@test "--llm-since: only candles from then on are asked about; -DURATION counts back from now" {
	fake_llm '{"*": [{"answer": ["BUY", 0.9]}]}'
	strategy "$(model a m-a)"
	# from 02:00: the 02:00 and 04:00 candles, not 00:00
	"$TPP" --strategy "$W/s.json" --llm-since 2024-01-01T02:00:00Z "$W/c.csv" > "$W/out.csv"
	[ "$(requests)" -eq 2 ]
	[ "$(col llm_a_decision "$W/out.csv" | tr "\n" " ")" = "  BUY  BUY  " ]
	# the 02:00 prompt still has the candles before it in its table
	head -1 "$W/port.log" | jq -r '.body.messages[1].content' | grep -q "^2024-01-01 00:00,100,"
	# 2024's candles are more than 10 minutes old: none asked
	"$TPP" --strategy "$W/s.json" --llm-since -10m "$W/c.csv" > "$W/out.csv"
	[ "$(requests)" -eq 2 ]
	run --separate-stderr "$TPP" --strategy "$W/s.json" --llm-since yesterday "$W/c.csv"
	[ "$status" -eq 64 ]
}

@test "a file that is not a cache is refused and left alone" {
	URL=http://127.0.0.1:9/v1
	strategy "$(model a m-a)"
	echo "time,open" > "$W/not.db"
	run --separate-stderr "$TPP" --strategy "$W/s.json" --llm-cache "$W/not.db" "$W/c.csv"
	[ "$status" -ne 0 ]
	[ "$(cat "$W/not.db")" = "time,open" ]
	sqlite3 "$W/other.db" "create table t (x)"
	run --separate-stderr "$TPP" --strategy "$W/s.json" --llm-cache "$W/other.db" "$W/c.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"other.db: not an LLM cache"* ]]
}

@test "news records go into the next prompts of their symbol (or every symbol's), within news_window" {
	fake_llm '{"*": [{"answer": ["HOLD", 0.9]}]}'
	strategy "$(model a m-a)" '"news_window":"2h"'
	{
		echo '{"type":"news","time":1704063600000,"symbol":"BTC/USDT","title":"Old news","text":"too old by then"}'
		echo '{"time":1704067200000,"open":100,"high":101,"low":99,"close":100,"volume":10,"symbol":"BTC/USDT"}'
		echo '{"type":"news","time":1704069000000,"symbol":"BTC/USDT","title":"ETF approved","text":"The SEC approved\nspot ETFs."}'
		echo '{"type":"news","time":1704069100000,"symbol":"ETH/USDT","title":"Other coin","text":"not BTC"}'
		echo '{"type":"news","time":1704069200000,"title":"Fed holds rates","text":"for every market"}'
		echo '{"time":1704070800000,"open":101,"high":102,"low":100,"close":101,"volume":10,"symbol":"BTC/USDT"}'
		echo '{"time":1704074400000,"open":102,"high":103,"low":101,"close":102,"volume":10,"symbol":"BTC/USDT"}'
	} > "$W/in.ndjson"
	run --separate-stderr "$TPP" -f ndjson --strategy "$W/s.json" "$W/in.ndjson"
	[ "$status" -eq 0 ]
	# the news records pass on, in place
	[ "$(echo "$output" | jq -r 'select(.type == "news") | .title' | tr '\n' '|')" = "Old news|ETF approved|Other coin|Fed holds rates|" ]
	sed -n 1p "$W/port.log" | jq -r '.body.messages[1].content' > "$W/p1.txt"
	sed -n 2p "$W/port.log" | jq -r '.body.messages[1].content' > "$W/p2.txt"
	# 00:00: the news of 23:00 is 1h old, within 2h
	grep -q "2023-12-31 23:00 Old news: too old by then" "$W/p1.txt"
	# 02:00: 23:00 is 3h old, out; the 00:30 item in, on one line;
	# the symbol-less item in; ETH's not
	refute grep -q "Old news" "$W/p2.txt"
	grep -qx "2024-01-01 00:30 ETF approved: The SEC approved spot ETFs." "$W/p2.txt"
	grep -q "Fed holds rates: for every market" "$W/p2.txt"
	refute grep -q "Other coin" "$W/p2.txt"
	# a news record without a time is bad data
	echo '{"type":"news","title":"x"}' > "$W/bad.ndjson"
	run --separate-stderr "$TPP" --strategy "$W/s.json" "$W/bad.ndjson"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"bad.ndjson:1: "* ]]
}

@test "the position: from the stream's signals, or its position_side; BUY on a short closes it, SELL on a long closes it" {
	fake_llm '{"*": [{"answer": ["SELL", 0.9]}, {"answer": ["BUY", 0.9]}, {"answer": ["BUY", 0.9]}]}'
	strategy "$(model a m-a)" '"short":true'
	run --separate-stderr "$TPP" --strategy "$W/s.json" "$W/c.csv"
	[ "$status" -eq 0 ]
	echo "$output" > "$W/out.csv"
	# SELL flat (short allowed): enter_short at 00:00; BUY at 02:00 with
	# the short open: exit_short ("close the short first"); BUY at 04:00
	# flat: enter_long
	[ "$(col signal "$W/out.csv" | tr '\n' ' ')" = "enter_short  exit_short  enter_long  " ]
	# the 02:00 prompt saw the short: entered at 100, now 102, -2%
	sed -n 2p "$W/port.log" | jq -r '.body.messages[1].content' | grep -q "Open position: short since 2024-01-01 00:00 at 100, P&L -2.00%"
	# a stream that says its position is believed: long at 90
	awk -F, -v OFS=, 'NR == 1 { print $0, "position_side", "position_entry"; next } { print $0, "long", 90 }' "$W/c.csv" > "$W/pos.csv"
	rm "$W/port.log"
	fake_llm '{"*": [{"answer": ["SELL", 0.9]}]}'
	strategy "$(model a m-a)"
	"$TPP" --strategy "$W/s.json" "$W/pos.csv" > "$W/out.csv"
	[ "$(col signal "$W/out.csv" | head -1)" = "exit_long" ]
	head -1 "$W/port.log" | jq -r '.body.messages[1].content' | grep -q "Open position: long at 90, P&L +11.11%"
}

@test "BUY with a long open adds to it only when the strategy allows position adjustment" {
	fake_llm '{"*": [{"answer": ["BUY", 0.9]}]}'
	strategy "$(model a m-a)"
	"$TPP" --strategy "$W/s.json" "$W/c.csv" > "$W/out.csv"
	[ "$(col signal "$W/out.csv" | tr '\n' ' ')" = "enter_long      " ]
	strategy "$(model a m-a)" '' '"position_adjustment":{"max_entries":3}'
	"$TPP" --strategy "$W/s.json" "$W/c.csv" > "$W/out.csv"
	[ "$(col signal "$W/out.csv" | tr '\n' ' ')" = "enter_long  enter_long  enter_long  " ]
}

@test "strategy mistakes in the llm section are configuration errors naming the key" {
	URL=http://127.0.0.1:9/v1
	check() {
		printf '%s\n' "$1" > "$W/bad.json"
		run --separate-stderr "$TPP" --strategy "$W/bad.json" "$W/c.csv"
		[ "$status" -eq 78 ] || { echo "status $status for $1"; return 1; }
		[[ "$stderr" == *"$2"* ]] || { echo "got: $stderr"; return 1; }
	}
	m="$(model a m-a)"
	check '{"timeframe":"1h","llm":{"models":['"$m"'],"evry":"2h"}}' 'llm: unknown key "evry"; did you mean "every"?'
	check '{"timeframe":"1h","llm":{"every":"2h"}}' 'llm: missing key "models"'
	check '{"timeframe":"1h","llm":{"models":[],"every":"2h"}}' 'llm.models: expected an array of one or more models'
	check '{"timeframe":"1h","llm":{"models":[{"name":"A-1","base_url":"http://x/v1","model":"m"}]}}' 'llm.models[0].name: "A-1" is not a model name'
	check '{"timeframe":"1h","llm":{"models":[{"name":"a","base_url":"ftp://x/v1","model":"m"}]}}' 'llm.models[0].base_url: must start with http:// or https://'
	check '{"timeframe":"1h","llm":{"models":[{"name":"a","base_url":"https://u:p@x/v1","model":"m"}]}}' 'llm.models[0].base_url: holds credentials'
	check '{"timeframe":"1h","llm":{"models":[{"name":"a","base_url":"http://x/v1"}]}}' 'llm.models[0]: missing key "model"'
	check '{"timeframe":"1h","llm":{"models":['"$m"','"$m"']}}' 'llm.models[1].name: "a" is llm.models[0]'"'"'s already'
	check '{"timeframe":"1h","llm":{"models":['"$m"'],"every":"90m"}}' "llm.every: not a whole multiple of the strategy's timeframe 1h"
	check '{"llm":{"models":['"$m"']}}' 'llm: missing key "every"'
	check '{"timeframe":"1h","llm":{"models":['"$m"'],"voting":"loudest"}}' 'llm.voting: "loudest" is not majority, unanimous or weighted'
	check '{"timeframe":"1h","llm":{"models":['"$m"'],"min_confidence":1.5}}' 'llm.min_confidence: must be from 0 to 1, not 1.5'
	check '{"timeframe":"1h","llm":{"models":['"$m"'],"fallback":"rule"}}' 'llm.fallback: "rule" is not hold or rules'
	check '{"timeframe":"1h","llm":{"models":[{"name":"a","base_url":"http://x/v1","model":"m","temperature":3}]}}' 'llm.models[0].temperature: must be from 0 to 2, not 3'
	check '{"timeframe":"1h","llm":{"models":[{"name":"a","base_url":"http://x/v1","model":"m","api_key_env":"A","api_key_file":"f"}]}}' 'api_key_env and api_key_file: give one'
	check '{"timeframe":"1h","llm":{"models":[{"name":"a","base_url":"http://x/v1","model":"m"},{"name":"b","base_url":"http://y/v1","model":"m"}]}}' 'llm.models[1].model: "m" is llm.models[0]'"'"'s already'
	check '{"timeframe":"1h","llm":{"models":[{"name":"a","base_url":"http://x/v1","model":"m","timeout":0.0004}]}}' 'llm.models[0].timeout: must be seconds from 0.001 to 3600, not 0.0004'
	# the cache options without an llm section
	printf '{"rules":{"r":{"when":"close > 0","action":"enter_long"}}}\n' > "$W/r.json"
	run --separate-stderr "$TPP" --strategy "$W/r.json" --llm-cache "$W/x.db" "$W/c.csv"
	[ "$status" -eq 64 ]
	[ ! -e "$W/x.db" ]
}

@test "a header with no rows gets the LLM's columns in the order rows have them" {
	URL=http://127.0.0.1:9/v1
	strategy "$(model a m-a)"
	head -1 "$W/c.csv" > "$W/empty.csv"
	run --separate-stderr "$TPP" --strategy "$W/s.json" "$W/empty.csv"
	[ "$status" -eq 0 ]
	[ "$output" = "time,open,high,low,close,volume,symbol,llm_a_decision,llm_a_confidence,llm_a_ms,signal,confidence,tag" ]
	strategy "$(model a m-a)" '' '"rules":{"r":{"when":"close > 0","action":"enter_long"}}'
	run --separate-stderr "$TPP" --strategy "$W/s.json" "$W/empty.csv"
	[ "$output" = "time,open,high,low,close,volume,symbol,signal,confidence,tag,llm_a_decision,llm_a_confidence,llm_a_ms" ]
}

@test "a long news text is cut on a whole character; bytes that are not UTF-8 become ?" {
	fake_llm '{"*": [{"answer": ["HOLD", 0.9]}]}'
	strategy "$(model a m-a)"
	long=$(printf 'é%.0s' $(seq 400))
	{
		printf '{"type":"news","time":1704067200000,"title":"t","text":"%s"}\n' "$long"
		printf '{"type":"news","time":1704067200000,"title":"bad \xff byte"}\n'
		echo '{"time":1704067200000,"open":100,"high":101,"low":99,"close":100,"volume":10}'
	} > "$W/in.ndjson"
	run --separate-stderr "$TPP" --strategy "$W/s.json" "$W/in.ndjson"
	[ "$status" -eq 0 ]
	head -1 "$W/port.log" | jq -r '.body.messages[1].content' > "$W/p.txt"
	# 600 bytes of text: 300 whole é
	[ "$(grep -o 'é' "$W/p.txt" | wc -l)" -eq 300 ]
	grep -q "bad ? byte" "$W/p.txt"
}

@test "a prompt template: placeholders filled, an unknown one refused with its line" {
	fake_llm '{"*": [{"answer": ["HOLD", 0.9]}]}'
	printf '# my prompt\n[system]\nYou trade {{symbol}}.\n[user]\n{{count}} candles of {{timeframe}} on {{exchange}} at {{time}}:\n{{candles}}\n' > "$W/p.txt"
	strategy "$(model a m-a)" '"prompt":"p.txt"'
	run --separate-stderr "$TPP" --strategy "$W/s.json" <(head -2 "$W/c.csv")
	[ "$status" -eq 0 ]
	[ "$(head -1 "$W/port.log" | jq -r '.body.messages[0].content')" = "You trade BTC/USDT." ]
	[ "$(head -1 "$W/port.log" | jq -r '.body.messages[1].content')" = "$(printf '1 candles of unknown on unknown at 2024-01-01T00:00:00Z:\ntime,open,high,low,close,volume\n2024-01-01 00:00,100,101,99,100,10')" ]
	printf '[system]\nYou trade.\n[user]\nSee {{candle}}.\n' > "$W/p.txt"
	run --separate-stderr "$TPP" --strategy "$W/s.json" "$W/c.csv"
	[ "$status" -eq 78 ]
	[[ "$stderr" == *"p.txt:4: unknown placeholder \"{{candle}}.\""* ]]
	printf 'You trade.\n' > "$W/p.txt"
	run --separate-stderr "$TPP" --strategy "$W/s.json" "$W/c.csv"
	[ "$status" -eq 78 ]
	rm "$W/p.txt"
	run --separate-stderr "$TPP" --strategy "$W/s.json" "$W/c.csv"
	[ "$status" -eq 66 ]
}

@test "an API key from the encrypted key store: llm-key reads stdin, the file is mode 600 and not plain text" {
	fake_llm '{"*": [{"answer": ["BUY", 0.9]}]}'
	export FAKE_LLM_KEY=sk-from-store-42
	stop_fake
	fake_llm '{"*": [{"answer": ["BUY", 0.9]}]}'
	export TP_PASSPHRASE=correct-horse
	echo "$FAKE_LLM_KEY" | "$TPP" llm-key "$W/key"
	[ "$(stat -c %a "$W/key")" = 600 ]
	refute grep -q "$FAKE_LLM_KEY" "$W/key"
	strategy "{\"name\":\"a\",\"base_url\":\"$URL\",\"model\":\"m-a\",\"api_key_file\":\"$W/key\"}"
	run --separate-stderr "$TPP" --strategy "$W/s.json" <(head -2 "$W/c.csv")
	[ "$status" -eq 0 ]
	[[ "${lines[1]}" == *",enter_long,0.9,llm" ]]
	# a wrong passphrase is a configuration error that prints no key
	TP_PASSPHRASE=wrong run --separate-stderr "$TPP" --strategy "$W/s.json" "$W/c.csv"
	[ "$status" -eq 78 ]
	refute grep -q "$FAKE_LLM_KEY" <<< "$stderr$output"
	# the fake refuses another key: 401, the model abstains
	strategy "$(model a m-a)"
	run --separate-stderr "$TPP" --strategy "$W/s.json" <(head -2 "$W/c.csv")
	[[ "$stderr" == *"HTTP 401"* ]]
	# llm-key refuses to overwrite, and an empty key
	run --separate-stderr "$TPP" llm-key "$W/key" <<< "other"
	[ "$status" -eq 78 ]
	[[ "$stderr" == *"key: cannot create: File exists"* ]]
	run --separate-stderr "$TPP" llm-key "$W/key2" < /dev/null
	[ "$status" -eq 78 ]
}

@test "tp-ind | tp-predict (llm) | tp-backtest on bundled hours, then the same from the cache offline" {
	fake_llm '{"*": [{"auto": "momentum"}]}'
	strategy "$(model a m-a),$(model b m-b)" '"every":"1h","candles":24,"fields":["rsi_14"]' \
		'"indicators":["rsi:14"],"stoploss":-0.03,"minimal_roi":{"0":0.02}'
	head -201 "$DATA/binance_BTCUSDT_1h.csv" > "$W/btc.csv"
	"$BIN/tp-ind" --strategy "$W/s.json" "$W/btc.csv" |
		"$TPP" --strategy "$W/s.json" --llm-cache "$W/llm.db" > "$W/dec.csv"
	[ "$(requests)" -eq 400 ]
	"$BIN/tp-backtest" --strategy "$W/s.json" -f ndjson < "$W/dec.csv" > "$W/online.json"
	# the fake says BUY 0.7 when the close is above the one 5 hours
	# before, else SELL 0.7; both models agree: every hour is a BUY or
	# a SELL of confidence 0.7, so entries follow the rises
	[ "$(jq .trades "$W/online.json")" -gt 5 ]
	awk -F, 'NR > 1 && $NF == "llm"' "$W/dec.csv" | cut -d, -f8- | grep -q "^BUY,0.7,[0-9]*,BUY,0.7,[0-9]*,enter_long,0.7,llm$"
	# replayed offline: not one request, the same decisions and trades
	"$BIN/tp-ind" --strategy "$W/s.json" "$W/btc.csv" |
		"$TPP" --strategy "$W/s.json" --llm-cache "$W/llm.db" --offline > "$W/replay.csv"
	[ "$(requests)" -eq 400 ]
	cmp "$W/dec.csv" "$W/replay.csv"
	"$BIN/tp-backtest" --strategy "$W/s.json" -f ndjson < "$W/replay.csv" > "$W/offline.json"
	cmp "$W/online.json" "$W/offline.json"
}

@test "the journal keeps each decision, answer and prompt the pipe carries, executed ones marked, the key nowhere" {
	command -v sqlite3 >/dev/null || skip "sqlite3 is not installed"
	fake_llm '{"*": [{"auto": "momentum"}]}'
	strategy "$(model a m-a),$(model b m-b)" '"every":"1h","candles":24,"fields":["rsi_14"]' \
		'"indicators":["rsi:14"],"stoploss":-0.03,"minimal_roi":{"0":0.02}'
	head -121 "$DATA/binance_BTCUSDT_1h.csv" > "$W/btc.csv"
	"$BIN/tp-journal" init "$W/j.db"
	"$BIN/tp-ind" --strategy "$W/s.json" "$W/btc.csv" |
		"$TPP" -f ndjson --strategy "$W/s.json" |
		"$BIN/tp-journal" add --tee -y BTC/USDT --timeframe 1h --exchange binance "$W/j.db" |
		"$BIN/tp-backtest" --strategy "$W/s.json" -t "$W/trades.ndjson" > "$W/sum.csv"
	"$BIN/tp-journal" add "$W/j.db" "$W/trades.ndjson"
	q() { sqlite3 "$W/j.db" "$@"; }
	# 120 hours, each one decided by both models
	[ "$(q 'SELECT count(*) FROM ai_decisions')" = 120 ]
	[ "$(q 'SELECT count(*) FROM ai_answers')" = 240 ]
	[ "$(q 'SELECT count(*) FROM llm_prompts')" = 120 ]
	[ "$(q "SELECT count(*) FROM ai_answers WHERE reasoning LIKE 'scripted %'")" = 240 ]
	# every trade's entry was an LLM decision that the journal marks
	# executed: as many as the trades (one entry each)
	trades=$(wc -l < "$W/trades.ndjson")
	[ "$trades" -gt 0 ]
	[ "$(q "SELECT count(*) FROM ai_decisions WHERE executed AND signal = 'enter_long'")" = "$trades" ]
	[ "$(q "SELECT count(*) FROM decisions WHERE tag = 'llm'")" -gt 0 ]
	"$BIN/tp-journal" verify "$W/j.db"
	refute grep -q "$TP_TEST_KEY" "$W/j.db"
	"$BIN/tp-journal" metrics "$W/j.db" | grep -q '^tp_llm_requests_total{model="a"} 120$'
}

@test "scripts/cron-example with an LLM strategy: a tick asks about the candle just closed, a repeated tick asks nothing" {
	command -v sqlite3 >/dev/null || skip "sqlite3 is not installed"
	fake_llm '{"*": [{"answer": ["BUY", 0.9]}]}'
	printf '{"name":"llm_cron","timeframe":"5m","indicators":["rsi:14"],"llm":{"models":[%s],"candles":20,"fields":["rsi_14"]},"stoploss":-0.05}\n' \
		"$(model a m-a)" > "$W/s.json"
	# 40 five-minute candles, the last one the candle that closed last
	last=$(( ($(date +%s) / 300 - 1) * 300000 ))
	{
		echo "time,open,high,low,close,volume"
		for i in $(seq 39 -1 0); do
			echo "$((last - i * 300000)),$((100 + i)),$((101 + i)),$((99 + i)),$((100 + i)),10"
		done
	} > "$W/c5.csv"
	tick() {
		TP_FETCH="cat '$W/c5.csv'" TP_BIN="$BIN" TP_TIMEFRAME=5m \
			"$TOP/scripts/cron-example" "$W/s.json" "$W/bot.db"
	}
	tick
	# one candle asked about, not the window's 40 (a tick that began in
	# the minute's last instants may see the candle before it too)
	[ "$(requests)" -ge 1 ] && [ "$(requests)" -le 2 ]
	asked=$(requests)
	[ "$(sqlite3 "$W/bot.db.llm" 'select count(*) from answers')" = "$asked" ]
	[ "$(sqlite3 "$W/bot.db" "select count(*) from ai_decisions where signal = 'enter_long'")" -ge 1 ]
	[ "$(sqlite3 "$W/bot.db" "select count(*) from orders")" -ge 1 ]
	# the same tick again: answered from the cache
	tick
	[ "$(requests)" = "$asked" ]
}
