#!/usr/bin/env bats
# A trained model as a voter, and ensembles of models (tp-predict(1)
# MODELS, "The model as a voter" and "Ensembles"; tp-strategy(5) MODEL),
# through the real programs on the bundled BTC/USDT 1h candles.  The
# expected votes follow from the fields each row prints (pred_up,
# do_predict, ...) by the expressions and the VOTING arithmetic of
# tp-predict(1), checked row by row with jq.

load helpers

setup() {
	tp_setup
	W=$BATS_TEST_TMPDIR
	F=$TOP/tests/fixtures/model
	# the xgboost fixture with its rules taken out: the model alone votes
	S=$W/s.json
	jq 'del(.rules) | .model.vote = {"weight": 1}' "$F/xgb_strategy.json" > "$S"
	"$BIN/tp-ind" -s "$S" "$DATA/binance_BTCUSDT_1h.csv" > "$W/f.csv"
	# trained on the candles to 2024: the later ones are out of sample,
	# do_predict 1 (tp-predict-model.bats "in sample")
	"$BIN/tp-fetch" fix --timerange 20220101-20241231 "$W/f.csv" > "$W/to2024.csv"
}

@test "a model-only strategy decides: enter_long exactly where pred_up > 0.5 and do_predict, exit_long where pred_down > 0.5" {
	# before: 64, no rule given
	"$BIN/tp-predict" train -s "$S" "$W/to2024.csv" > /dev/null
	run --separate-stderr "$BIN/tp-predict" -s "$S" -f ndjson "$W/f.csv"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	echo "$output" > "$W/out.ndjson"
	# no row decides otherwise than the two rules say, each alone 1/1
	run jq -c 'select(
	    (.pred_up > 0.5 and .do_predict == 1) as $up |
	    (.pred_down > 0.5 and .do_predict == 1) as $down |
	    if $down then .signal != "exit_long" or .confidence != 1 or
	        .tag != "pred_down"
	    elif $up then .signal != "enter_long" or .confidence != 1 or
	        .tag != "pred_up"
	    else .signal != null end) | .time' "$W/out.ndjson"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	# and both votes happen, only on rows after the training window
	[ "$(jq -c 'select(.signal == "enter_long")' "$W/out.ndjson" | wc -l)" -gt 100 ]
	[ "$(jq -c 'select(.signal == "exit_long")' "$W/out.ndjson" | wc -l)" -gt 100 ]
	# the window's last row is 12 hours before the end of 2024 (its last
	# 12 have no label)
	[ -z "$(jq -c 'select(.signal != null and
	    .time <= 1735603200000 - 3600000 * 12)' "$W/out.ndjson")" ]
}

@test "--explain shows rule_pred_up and rule_pred_down, the rules' expressions of the printed fields" {
	"$BIN/tp-predict" train -s "$S" "$W/to2024.csv" > /dev/null
	"$BIN/tp-predict" -s "$S" -x "$W/f.csv" > "$W/out.csv"
	head -1 "$W/out.csv" | grep -q ',pred_down,pred_up,do_predict,model_version,signal,confidence,tag,rule_pred_up,rule_pred_down$'
	"$BIN/tp-predict" -s "$S" -x -f ndjson "$W/f.csv" > "$W/out.ndjson"
	run jq -c 'select(
	    .rule_pred_up != (if .pred_up > 0.5 and .do_predict == 1 then 1 else 0 end) or
	    .rule_pred_down != (if .pred_down > 0.5 and .do_predict == 1 then 1 else 0 end)) |
	    .time' "$W/out.ndjson"
	[ -z "$output" ]
}

@test "a model with no vote and no rules is refused (78, saying so); it still trains" {
	jq '.model.vote.weight = 0' "$S" > "$W/n.json"
	run --separate-stderr "$BIN/tp-predict" train -s "$W/n.json" "$W/to2024.csv"
	[ "$status" -eq 0 ]
	run --separate-stderr "$BIN/tp-predict" -s "$W/n.json" "$W/f.csv"
	[ "$status" -eq 78 ]
	[ "$stderr" = "tp-predict: $W/n.json: no \"rules\" and no model that votes (model.vote.weight above 0): tp-predict decides by a strategy's rules and its voting models" ]
	jq 'del(.model.vote)' "$S" > "$W/n.json"
	run --separate-stderr "$BIN/tp-predict" -s "$W/n.json" "$W/f.csv"
	[ "$status" -eq 78 ]
}

@test "weights mix with rules as VOTING says: model 2 and rsi 1, weighted" {
	# enter_long: pred_up (2) and rsi (1) of 3: the model alone 2/3, the
	# rule alone 1/3 (below 0.60: warned), both 1; exit_long: pred_down
	# alone, 1; on a tie the exit wins (tp-predict(1) VOTING)
	jq '.model.vote.weight = 2 | .voting = {"mode": "weighted"} |
	    .rules = {"rsi": {"when": "rsi_14 < 50", "action": "enter_long"}}' \
	    "$S" > "$W/m.json"
	"$BIN/tp-predict" train -s "$W/m.json" "$W/to2024.csv" > /dev/null
	run --separate-stderr "$BIN/tp-predict" -s "$W/m.json" -f ndjson "$W/f.csv"
	[ "$status" -eq 0 ]
	[ "$stderr" = "tp-predict: $W/m.json: rule \"rsi\": alone it gives enter_long a confidence of 1/3 = 0.333 (weighted: its weight 1 of the enter_long rules' 3), below min_confidence_entry 0.6, so it acts only when another enter_long rule agrees; for alternative rules use voting.mode \"any\"" ]
	[[ "$stderr" != *'rule "pred_up"'* ]]
	echo "$output" > "$W/out.ndjson"
	run jq -c 'select(
	    (.pred_up > 0.5 and .do_predict == 1) as $up |
	    (.pred_down > 0.5 and .do_predict == 1) as $down |
	    (.rsi_14 < 50) as $rsi |
	    if $down then .signal != "exit_long" or .confidence != 1
	    elif $up and $rsi then .signal != "enter_long" or .confidence != 1
	    elif $up then .signal != "enter_long" or
	        (.confidence - 2 / 3 | fabs) > 1e-15
	    else .signal != null end) | .time' "$W/out.ndjson"
	[ -z "$output" ]
	# each case happens: the rule alone never enters
	[ "$(jq -c 'select(.signal == "enter_long" and .confidence < 1)' "$W/out.ndjson" | wc -l)" -gt 0 ]
	[ "$(jq -c 'select(.signal == "enter_long" and .confidence == 1)' "$W/out.ndjson" | wc -l)" -gt 0 ]
	[ "$(jq -c 'select(.signal == "exit_long" and .rsi_14 < 50)' "$W/out.ndjson" | wc -l)" -gt 0 ]
	[ "$(jq -c 'select(.signal == null and .rsi_14 < 50)' "$W/out.ndjson" | wc -l)" -gt 0 ]
}

@test "vote.short: down enters short instead of exiting long" {
	jq '.model.vote.short = true | .flip = true' "$S" > "$W/x.json"
	"$BIN/tp-predict" train -s "$W/x.json" "$W/to2024.csv" > /dev/null
	"$BIN/tp-predict" -s "$W/x.json" -x -f ndjson "$W/f.csv" > "$W/out.ndjson"
	head -1 "$W/out.ndjson" | jq -e 'has("rule_pred_short") and
	    (has("rule_pred_down") | not)'
	run jq -c 'select(
	    (.pred_up > 0.5 and .do_predict == 1) as $up |
	    (.pred_down > 0.5 and .do_predict == 1) as $down |
	    if $down then .signal != "enter_short" or .tag != "pred_short"
	    elif $up then .signal != "enter_long"
	    else .signal != null end) | .time' "$W/out.ndjson"
	[ -z "$output" ]
	[ "$(jq -c 'select(.signal == "enter_short")' "$W/out.ndjson" | wc -l)" -gt 100 ]
}

@test "a three-way and a regression model vote by their expressions" {
	jq '.model.label = {"horizon": 12, "kind": "three_way", "threshold": 0.002}' \
	    "$S" > "$W/t.json"
	"$BIN/tp-predict" train -s "$W/t.json" "$W/to2024.csv" > /dev/null
	"$BIN/tp-predict" -s "$W/t.json" -f ndjson "$W/f.csv" > "$W/out.ndjson"
	run jq -c 'select(
	    (.do_predict == 1 and .pred_up > .pred_down and .pred_up > .pred_flat) as $up |
	    (.do_predict == 1 and .pred_down > .pred_up and .pred_down > .pred_flat) as $down |
	    if $down then .signal != "exit_long" elif $up then .signal != "enter_long"
	    else .signal != null end) | .time' "$W/out.ndjson"
	[ -z "$output" ]
	[ "$(jq -c 'select(.signal == null and .do_predict == 1)' "$W/out.ndjson" | wc -l)" -gt 0 ]
	jq '.model.label = {"horizon": 12, "kind": "return"}' "$S" > "$W/r.json"
	"$BIN/tp-predict" train -s "$W/r.json" "$W/to2024.csv" > /dev/null
	"$BIN/tp-predict" -s "$W/r.json" -f ndjson "$W/f.csv" > "$W/out.ndjson"
	run jq -c 'select(
	    if .do_predict == 1 and .pred > 0 then .signal != "enter_long"
	    elif .do_predict == 1 and .pred < 0 then .signal != "exit_long"
	    else .signal != null end) | .time' "$W/out.ndjson"
	[ -z "$output" ]
	[ "$(jq -c 'select(.signal == "exit_long")' "$W/out.ndjson" | wc -l)" -gt 0 ]
}

# An xgboost model "x" and a logistic "l" (the fixtures' models), both
# voting under majority: each action has two rules, so one alone gives
# 1/2, below both minimums (0.60, 0.55): a decision needs both models.
ensemble() {
	jq -s '{name: "ens", timeframe: "1h", indicators: .[0].indicators,
	    model: [(.[0].model + {name: "x", vote: {weight: 1}}),
	            (.[1].model + {name: "l", vote: {weight: 1}})]}' \
	    "$F/xgb_strategy.json" "$F/logit_strategy.json" > "$W/e.json"
}

@test "ensemble: xgboost and logistic trained in one pass, two directories, the fields and votes of both" {
	ensemble
	run --separate-stderr "$BIN/tp-predict" train -s "$W/e.json" "$W/to2024.csv"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
	echo "${lines[0]}" | jq -e --arg d "$W/e.models/x" '.dir == $d and
	    .kind == "xgboost" and .version == 1'
	echo "${lines[1]}" | jq -e --arg d "$W/e.models/l" '.dir == $d and
	    .kind == "logistic" and .version == 1'
	# each as trained alone, byte for byte
	jq 'del(.rules) | .model.name = "x"' "$F/xgb_strategy.json" > "$W/xa.json"
	"$BIN/tp-predict" train -s "$W/xa.json" "$W/to2024.csv" > /dev/null
	cmp "$W/e.models/x/v000001/model.json" "$W/xa.models/v000001/model.json"
	jq 'del(.rules) | .model.name = "l"' "$F/logit_strategy.json" > "$W/la.json"
	"$BIN/tp-predict" train -s "$W/la.json" "$W/to2024.csv" > /dev/null
	cmp "$W/e.models/l/v000001/model.json" "$W/la.models/v000001/model.json"
	run --separate-stderr "$BIN/tp-predict" -s "$W/e.json" -x "$W/f.csv"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == *',x_down,x_up,x_do_predict,x_model_version,l_down,l_up,l_do_predict,l_model_version,signal,confidence,tag,rule_x_up,rule_x_down,rule_l_up,rule_l_down' ]]
	[[ "$stderr" == *'rule "x_up": alone it gives enter_long a confidence of 1/2 = 0.5'* ]]
	"$BIN/tp-predict" -s "$W/e.json" -f ndjson "$W/f.csv" 2> /dev/null > "$W/out.ndjson"
	run jq -c 'select(
	    (.x_up > 0.5 and .x_do_predict == 1 and .l_up > 0.5 and .l_do_predict == 1) as $up |
	    (.x_down > 0.5 and .x_do_predict == 1 and .l_down > 0.5 and .l_do_predict == 1) as $down |
	    if $down then .signal != "exit_long" or .tag != "x_down,l_down"
	    elif $up then .signal != "enter_long" or .tag != "x_up,l_up"
	    else .signal != null end) | .time' "$W/out.ndjson"
	[ -z "$output" ]
	[ "$(jq -c 'select(.signal == "enter_long")' "$W/out.ndjson" | wc -l)" -gt 0 ]
	[ "$(jq -c 'select(.signal == "exit_long")' "$W/out.ndjson" | wc -l)" -gt 0 ]
	# the models disagree on some rows: those decide nothing
	[ "$(jq -c 'select(.x_up > 0.5 and .l_down > 0.5 and .x_do_predict == 1 and .l_do_predict == 1)' "$W/out.ndjson" | wc -l)" -gt 0 ]
	# --model-dir DIR: DIR/x and DIR/l
	"$BIN/tp-predict" -s "$W/e.json" "$W/f.csv" 2> /dev/null > "$W/here.csv"
	# the journal keeps each model's version in the decision's record
	# (tp-journal(1): an ensemble's NAME_model_version, in audit)
	"$BIN/tp-journal" init "$W/j.db"
	"$BIN/tp-journal" add "$W/j.db" "$W/here.csv"
	[ "$(sqlite3 "$W/j.db" "SELECT DISTINCT
	    json_extract(a.record, '\$.x_model_version') || ',' ||
	    json_extract(a.record, '\$.l_model_version') FROM decisions d
	    JOIN audit a ON a.seq = d.audit_seq")" = "1,1" ]
	mv "$W/e.models" "$W/elsewhere"
	"$BIN/tp-predict" -s "$W/e.json" -M "$W/elsewhere" "$W/f.csv" 2> /dev/null |
	    cmp - "$W/here.csv"
	rm -r "$W/elsewhere/l"
	run --separate-stderr "$BIN/tp-predict" -s "$W/e.json" -M "$W/elsewhere" "$W/f.csv"
	[ "$status" -eq 66 ]
	[[ "$stderr" == *"elsewhere/l"*"tp-predict train"* ]]
}

@test "ensemble: missing names, a name twice, fields of two models, a name too long: 78" {
	ensemble
	jq 'del(.model[1].name)' "$W/e.json" > "$W/b.json"
	run --separate-stderr "$BIN/tp-predict" -s "$W/b.json" "$W/f.csv"
	[ "$status" -eq 78 ]
	[ "$stderr" = "tp-predict: $W/b.json: model[1]: missing key \"name\" (each of several models has its own)" ]
	jq '.model[1].name = "x"' "$W/e.json" > "$W/b.json"
	run --separate-stderr "$BIN/tp-predict" train -s "$W/b.json" "$W/f.csv"
	[ "$status" -eq 78 ]
	[ "$stderr" = "tp-predict: $W/b.json: model[1].name: \"x\" is model[0]'s already" ]
	# "pred" writes pred_up; a regression named pred_up writes pred_up
	jq '.model[0].name = "pred" | .model[1].name = "pred_up" |
	    .model[1].label = {"horizon": 6, "kind": "return"}' "$W/e.json" > "$W/b.json"
	run --separate-stderr "$BIN/tp-predict" -s "$W/b.json" "$W/f.csv"
	[ "$status" -eq 78 ]
	[ "$stderr" = "tp-predict: $W/b.json: model[0] (\"pred\") and model[1] (\"pred_up\") both write field \"pred_up\"" ]
	run --separate-stderr "$BIN/tp-backtest" -s "$W/b.json" "$DATA/binance_BTCUSDT_1h.csv"
	[ "$status" -eq 78 ]
	# 82 characters: NAME_model_version would not fit 95
	jq --arg n "$(printf 'n%.0s' $(seq 82))" '.model[1].name = $n' "$W/e.json" > "$W/b.json"
	run --separate-stderr "$BIN/tp-predict" -s "$W/b.json" "$W/f.csv"
	[ "$status" -eq 78 ]
	[[ "$stderr" == *'model[1].name: "nnnnnnnnnnnnnnnnnnnn..." is too long: at most 81 characters'* ]]
	jq --arg n "$(printf 'n%.0s' $(seq 81))" '.model[1].name = $n' "$W/e.json" > "$W/b.json"
	run --separate-stderr "$BIN/tp-predict" train -s "$W/b.json" "$W/to2024.csv"
	[ "$status" -eq 0 ]
	jq -e '.features | length == 3' "$W/b.models/$(printf 'n%.0s' $(seq 81))/v000001/meta.json"
}

@test "tp-backtest in-process on a model-only strategy and an ensemble: the trades of tp-predict | tp-backtest" {
	"$BIN/tp-predict" train -s "$S" "$W/to2024.csv" > /dev/null
	"$BIN/tp-backtest" -s "$S" --trades "$W/ta.csv" "$DATA/binance_BTCUSDT_1h.csv" > "$W/a.csv"
	"$BIN/tp-predict" -s "$S" "$W/f.csv" |
	    "$BIN/tp-backtest" -s "$S" --trades "$W/tb.csv" > "$W/b.csv"
	cmp "$W/a.csv" "$W/b.csv"
	cmp "$W/ta.csv" "$W/tb.csv"
	[ "$(wc -l < "$W/ta.csv")" -gt 10 ]
	ensemble
	"$BIN/tp-predict" train -s "$W/e.json" "$W/to2024.csv" > /dev/null
	"$BIN/tp-backtest" -s "$W/e.json" --trades "$W/ta.csv" "$DATA/binance_BTCUSDT_1h.csv" 2> /dev/null > "$W/a.csv"
	"$BIN/tp-predict" -s "$W/e.json" "$W/f.csv" 2> /dev/null |
	    "$BIN/tp-backtest" -s "$W/e.json" --trades "$W/tb.csv" 2> /dev/null > "$W/b.csv"
	cmp "$W/a.csv" "$W/b.csv"
	cmp "$W/ta.csv" "$W/tb.csv"
	[ "$(wc -l < "$W/ta.csv")" -gt 2 ]
}

@test "--walk-forward: a model-only strategy votes on each block's predictions; an ensemble walks each model as it walks alone" {
	jq 'del(.rules) | .model.vote = {"weight": 1}' \
	    "$TOP/tests/fixtures/model/wf_strategy.json" > "$W/wf.json"
	head -4001 "$DATA/binance_BTCUSDT_1h.csv" > "$W/b.csv"
	"$BIN/tp-ind" -s "$W/wf.json" "$W/b.csv" > "$W/wf.csv"
	run --separate-stderr "$BIN/tp-predict" --walk-forward -s "$W/wf.json" \
	    -f ndjson "$W/wf.csv"
	[ "$status" -eq 0 ]
	echo "$output" > "$W/out.ndjson"
	run jq -c 'select(
	    (.pred_up > 0.5 and .do_predict == 1) as $up |
	    (.pred_down > 0.5 and .do_predict == 1) as $down |
	    if $down then .signal != "exit_long" elif $up then .signal != "enter_long"
	    else .signal != null end) | .time' "$W/out.ndjson"
	[ -z "$output" ]
	[ "$(jq -c 'select(.signal == "enter_long")' "$W/out.ndjson" | wc -l)" -gt 0 ]
	# an ensemble of the xgboost model and a logistic one on its features
	jq '{name: "ens", timeframe: "1h", indicators: .indicators,
	    model: [(.model + {name: "x", vote: {weight: 1}}),
	            (.model + {name: "l", kind: "logistic", params: {},
	                       vote: {weight: 1}})]}' \
	    "$TOP/tests/fixtures/model/wf_strategy.json" > "$W/we.json"
	"$BIN/tp-predict" -W -j 1 -f ndjson -s "$W/we.json" "$W/wf.csv" > "$W/e1"
	"$BIN/tp-predict" -W -j 2 -f ndjson -s "$W/we.json" "$W/wf.csv" > "$W/e2"
	cmp "$W/e1" "$W/e2"
	for m in x l; do
		jq --arg m "$m" '.model = (.model[] | select(.name == $m))' \
		    "$W/we.json" > "$W/$m.json"
		"$BIN/tp-predict" -W -f ndjson -s "$W/$m.json" "$W/wf.csv" |
		    jq -c --arg m "$m" 'with_entries(select(.key | startswith($m + "_")))' \
		    > "$W/$m.alone"
		jq -c --arg m "$m" 'with_entries(select(.key | startswith($m + "_")))' \
		    "$W/e1" > "$W/$m.ens"
		cmp "$W/$m.alone" "$W/$m.ens"
		[ "$(grep -c "\"${m}_model_version\":8" "$W/$m.ens")" -gt 0 ]
	done
}
