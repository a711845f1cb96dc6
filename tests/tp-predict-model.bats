#!/usr/bin/env bats
# tp-predict train and tp-predict with a strategy's trained model
# (tp-predict(1) MODELS), through the real programs and pipes, on the
# bundled BTC/USDT 1h candles.  Expected values come from the reference
# libraries: tests/model/check_train.py redoes the training window with
# numpy and pandas and trains python xgboost 1.7.4 (Debian's, the same
# libxgboost) on it; tests/model/check_pred.py predicts every row with the
# model file tp saved, loaded in python.

load helpers

setup() {
	tp_setup
	W=$BATS_TEST_TMPDIR
	S=$W/s.json
	cp "$TOP/tests/fixtures/model/xgb_strategy.json" "$S"
	"$BIN/tp-ind" -s "$S" "$DATA/binance_BTCUSDT_1h.csv" > "$W/f.csv"
}

@test "train: a new version beside the strategy, what it scored on stdout" {
	run --separate-stderr "$BIN/tp-predict" train -s "$S" "$W/f.csv"
	[ "$status" -eq 0 ]
	[ -s "$W/s.models/v000001/model.json" ]
	[ -s "$W/s.models/v000001/meta.json" ]
	echo "$output" | jq -e '.type == "model" and .version == 1 and
	    .kind == "xgboost" and .features == 3 and .rows == 2148 and
	    .train_rows == 1718 and (.accuracy | type) == "number"'
	# 90 days of hours, less the 12 whose label needs later candles;
	# sklearn's train_test_split holds out ceil(0.2 * 2148) = 430
	[ "$((90 * 24 - 12))" -eq 2148 ]
	[ "$((2148 - 430))" -eq 1718 ]
}

@test "train: the window, z-score, weights and model are python's (numpy, xgboost)" {
	need_python xgboost pandas sklearn
	"$BIN/tp-predict" train -s "$S" "$W/f.csv" > /dev/null
	run /usr/bin/python3 "$TOP/tests/model/check_train.py" "$S" "$W/f.csv" \
	    "$W/s.models/v000001"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 4 ]
}

@test "predict: every row's probabilities are python xgboost's with tp's saved model" {
	need_python xgboost pandas
	"$BIN/tp-predict" train -s "$S" "$W/f.csv" > /dev/null
	"$BIN/tp-predict" -s "$S" < "$W/f.csv" > "$W/out.csv"
	head -1 "$W/out.csv" | grep -q ',pred_down,pred_up,do_predict,model_version,signal,'
	run /usr/bin/python3 "$TOP/tests/model/check_pred.py" "$W/out.csv" \
	    "$W/s.models/v000001"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == "37923 rows,"* ]]
	# the rules read the model's fields: entries where pred_up > 0.55
	[ "$(grep -c ',enter_long,' "$W/out.csv")" -ge 1 ]
}

@test "versions: each run a new one, the newest used, --keep purges, same data same bytes" {
	"$BIN/tp-predict" train -s "$S" "$W/f.csv" > /dev/null
	"$BIN/tp-predict" train -s "$S" --model-dir "$W/s.models" "$W/f.csv" |
	    jq -e '.version == 2'
	cmp "$W/s.models/v000001/model.json" "$W/s.models/v000002/model.json"
	"$BIN/tp-predict" train -s "$S" --keep 1 "$W/f.csv" | jq -e '.version == 3'
	[ "$(ls "$W/s.models")" = v000003 ]
	# a version being written (or given up) is not used
	mkdir "$W/s.models/.new-abc123"
	"$BIN/tp-predict" -s "$S" "$W/f.csv" > /dev/null
}

@test "bad input: no model yet (66), a truncated or garbled model file (65), a newer format (78)" {
	run --separate-stderr "$BIN/tp-predict" -s "$S" "$W/f.csv"
	[ "$status" -eq 66 ]
	[[ "$stderr" == *"s.models"*"tp-predict train"* ]]
	"$BIN/tp-predict" train -s "$S" "$W/f.csv" > /dev/null
	v=$W/s.models/v000001
	cp "$v/model.json" "$W/good.json"
	head -c 300 "$W/good.json" > "$v/model.json"
	run --separate-stderr "$BIN/tp-predict" -s "$S" "$W/f.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"model.json"* ]]
	head -c 2000 /dev/urandom > "$v/model.json"
	run --separate-stderr "$BIN/tp-predict" -s "$S" "$W/f.csv"
	[ "$status" -eq 65 ]
	cp "$W/good.json" "$v/model.json"
	sed -i 's/"format": 1/"format": 2/' "$v/meta.json"
	run --separate-stderr "$BIN/tp-predict" -s "$S" "$W/f.csv"
	[ "$status" -eq 78 ]
	[[ "$stderr" == *"newer tp"* ]]
}

@test "bad input: features the stream lacks (65), a strategy changed since training (78)" {
	"$BIN/tp-predict" train -s "$S" "$W/f.csv" > /dev/null
	cut -d, -f1-10 "$W/f.csv" > "$W/less.csv"
	run --separate-stderr "$BIN/tp-predict" -s "$S" "$W/less.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *'no field "'* ]]
	jq '.model.features = ["rsi_14", "atr_14", "adx_14"]' "$S" > "$W/t.json"
	mkdir "$W/t.models" && cp -r "$W/s.models/v000001" "$W/t.models/"
	run --separate-stderr "$BIN/tp-predict" -s "$W/t.json" "$W/f.csv"
	[ "$status" -eq 78 ]
	[[ "$stderr" == *'feature 2 is "adx_14" in the model, "atr_14" here'* ]]
}

@test "bad input: no row with a known label (65), no model section (78)" {
	head -n 11 "$W/f.csv" > "$W/short.csv"
	run --separate-stderr "$BIN/tp-predict" train -s "$S" "$W/short.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"no row with a known label"* ]]
	[ ! -e "$W/s.models/v000001" ]
	run --separate-stderr "$BIN/tp-predict" train \
	    -s "$TOP/share/strategies/rsi_reversion.json" "$W/f.csv"
	[ "$status" -eq 78 ]
	[[ "$stderr" == *'no "model"'* ]]
}

@test "logistic: trained and predicting as sklearn's LogisticRegression; a missing feature, do_predict 0" {
	need_python sklearn pandas
	L=$W/l.json
	cp "$TOP/tests/fixtures/model/logit_strategy.json" "$L"
	"$BIN/tp-ind" -s "$L" "$DATA/binance_BTCUSDT_1h.csv" > "$W/lf.csv"
	"$BIN/tp-predict" train -s "$L" "$W/lf.csv" |
	    jq -e '.kind == "logistic" and .rows == 1434'
	# 60 days of hours, less the 6 whose label needs later candles
	"$BIN/tp-predict" -s "$L" "$W/lf.csv" > "$W/lout.csv"
	run /usr/bin/python3 "$TOP/tests/model/check_logit.py" "$L" "$W/lf.csv" \
	    "$W/lout.csv" "$W/l.models/v000001"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
}

@test "tp-backtest with a model strategy decides in-process as tp-predict does" {
	"$BIN/tp-predict" train -s "$S" "$W/f.csv" > /dev/null
	"$BIN/tp-backtest" -s "$S" "$DATA/binance_BTCUSDT_1h.csv" > "$W/a.csv"
	"$BIN/tp-predict" -s "$S" "$W/f.csv" | "$BIN/tp-backtest" -s "$S" > "$W/b.csv"
	cmp "$W/a.csv" "$W/b.csv"
	[ "$(cut -d, -f6 "$W/a.csv" | tail -1)" -gt 0 ]
	# without a trained model: 66, naming where it looked
	run --separate-stderr "$BIN/tp-backtest" -s "$S" --model-dir "$W/none" \
	    "$DATA/binance_BTCUSDT_1h.csv"
	[ "$status" -eq 66 ]
	[[ "$stderr" == *"none"*"tp-predict train"* ]]
}

@test "the journal keeps each decision's model version" {
	"$BIN/tp-predict" train -s "$S" "$W/f.csv" > /dev/null
	"$BIN/tp-predict" train -s "$S" "$W/f.csv" > /dev/null
	"$BIN/tp-journal" init "$W/j.db"
	tail -n 200 "$W/f.csv" > "$W/tail.csv"
	{ head -1 "$W/f.csv"; cat "$W/tail.csv"; } |
	    "$BIN/tp-predict" -s "$S" 2> /dev/null > "$W/d.csv"
	"$BIN/tp-journal" add "$W/j.db" "$W/d.csv"
	# every decision (a row with a signal) of the 200 hours, by version 2,
	# the newest
	n=$(grep -c ',\(enter\|exit\)_long,' "$W/d.csv")
	[ "$n" -gt 0 ]
	[ "$(sqlite3 "$W/j.db" 'SELECT count(*), min(model_version),
	    max(model_version) FROM decisions')" = "$n|2|2" ]
	"$BIN/tp-journal" export -f ndjson "$W/j.db" decisions | head -1 |
	    jq -e '.model_version == 2'
}

@test "in sample: rows up to the training window's last get do_predict 0" {
	"$BIN/tp-fetch" fix --timerange 20220101-20241231 "$W/f.csv" > "$W/to2024.csv"
	# the range ends with the candle of 2024-12-31 00:00 UTC
	# (1735603200000, GNU date; tp-fetch(1) --timerange); its last 12
	# have no label: the window's last row is 12 hours before
	"$BIN/tp-predict" train -s "$S" "$W/to2024.csv" |
	    jq -e '.to == 1735603200000 - 3600000 * 12'
	"$BIN/tp-predict" -s "$S" "$W/f.csv" > "$W/out.csv"
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	    { want = $1 > 1735603200000 - 3600000 * 12 ? 1 : 0
	      if ($c["do_predict"] != want) { print "row " NR; exit 1 } }' \
	    "$W/out.csv"
}

@test "train: rows out of order or twice are bad data (65) naming the line" {
	{ cat "$W/f.csv"; tail -n 5 "$W/f.csv"; } > "$W/twice.csv"
	run --separate-stderr "$BIN/tp-predict" train -s "$S" "$W/twice.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"twice.csv:37925:"*"time order, once each"* ]]
	[ ! -e "$W/s.models" ] || [ -z "$(ls "$W/s.models")" ]
}

@test "features: a glob leaves out exactly the model's own fields; no held-out rows, no scores" {
	# a model named "a": the glob a* is atr_14 and adx_14 (in the
	# records' order), not its a_up
	jq '.model.name = "a" | .model.features = ["a*"] |
	    .model.train.test_size = 0 | .rules = {
	    "x": {"when": "a_up > 0.5", "action": "enter_long"}}' "$S" > "$W/a.json"
	run --separate-stderr "$BIN/tp-predict" train -s "$W/a.json" "$W/f.csv"
	[ "$status" -eq 0 ]
	echo "$output" | jq -e '.features == 2 and .accuracy == null and
	    .logloss == null'
	jq -e '.features == ["atr_14", "adx_14"]' "$W/a.models/v000001/meta.json"
	rm "$W/a.models/v000001/meta.json"
	run --separate-stderr "$BIN/tp-predict" -s "$W/a.json" "$W/f.csv"
	[ "$status" -eq 66 ]
	[[ "$stderr" == *"meta.json"* ]]
}

# A window of 1,500 hours trains in a few milliseconds: many versions in
# a second; 20 hours predict as fast.
short_inputs() {
	head -n 1500 "$W/f.csv" > "$W/train.csv"
	{ head -n 1 "$W/f.csv"; tail -n 20 "$W/f.csv"; } > "$W/tail.csv"
}

@test "xgboost objectives that give no probabilities (or no return) are refused (78) before training and predicting" {
	short_inputs
	for o in binary:logitraw multi:softmax reg:squarederror; do
		jq ".model.params.objective = \"$o\"" "$S" > "$W/o.json"
		run --separate-stderr "$BIN/tp-predict" train -s "$W/o.json" "$W/train.csv"
		[ "$status" -eq 78 ]
		[[ "$stderr" == *"objective \"$o\""*"binary:logistic or multi:softprob"* ]]
		[ ! -e "$W/o.models" ]
	done
	# a return label: the classifying ones are refused
	jq '.model.label = {"horizon": 12, "kind": "return"} |
	    .model.params.objective = "binary:logistic" |
	    .rules = {"up": {"when": "pred > 0", "action": "enter_long"}}' \
	    "$S" > "$W/r.json"
	run --separate-stderr "$BIN/tp-predict" train -s "$W/r.json" "$W/train.csv"
	[ "$status" -eq 78 ]
	[[ "$stderr" == *'objective "binary:logistic"'*"reg:squarederror"* ]]
	# those that work train; multi:softprob for two classes too
	for o in binary:logistic multi:softprob; do
		jq ".model.params.objective = \"$o\"" "$S" > "$W/o.json"
		"$BIN/tp-predict" train -s "$W/o.json" "$W/train.csv" > /dev/null
		"$BIN/tp-predict" -s "$W/o.json" "$W/tail.csv" > /dev/null
		rm -r "$W/o.models"
	done
	jq '.model.params.objective = "reg:pseudohubererror"' "$W/r.json" > "$W/o.json"
	"$BIN/tp-predict" train -s "$W/o.json" "$W/train.csv" > /dev/null
	# a model trained, then the strategy's objective changed: refused
	# at load too
	jq '.model.params.objective = "reg:logistic"' "$W/r.json" > "$W/p.json"
	mkdir "$W/p.models" && cp -r "$W/o.models/v000001" "$W/p.models/"
	run --separate-stderr "$BIN/tp-predict" -s "$W/p.json" "$W/tail.csv"
	[ "$status" -eq 78 ]
	[[ "$stderr" == *'objective "reg:logistic"'* ]]
}

@test "--keep: trainers publishing and purging while predictors start, none fails" {
	short_inputs
	"$BIN/tp-predict" train -s "$S" "$W/train.csv" > /dev/null
	# two cron jobs training with --keep 1, a third starting predictors,
	# for two seconds: a purge must not take a version from under a
	# predictor that listed it, nor from under another purge
	end=$((SECONDS + 2))
	for t in 1 2; do
		while [ "$SECONDS" -lt "$end" ]; do
			"$BIN/tp-predict" train -s "$S" --keep 1 "$W/train.csv" \
			    > /dev/null 2>> "$W/err" || echo "train: $?" >> "$W/fails"
		done 3>&- &
	done
	n=0
	while [ "$SECONDS" -lt "$end" ]; do
		"$BIN/tp-predict" -s "$S" "$W/tail.csv" > /dev/null 2>> "$W/err" ||
		    echo "predict: $?" >> "$W/fails"
		n=$((n + 1))
	done
	wait
	[ ! -e "$W/fails" ] || { cat "$W/fails"; grep -v warm-up "$W/err"; false; }
	[ "$n" -gt 3 ]
	# the newest version alone is left, nothing hidden beside it
	[ "$(ls -A "$W/s.models" | wc -l)" -eq 1 ]
}

@test "a trainer killed mid-write: its .new- directory goes at the next train or purge, a live one's stays" {
	short_inputs
	"$BIN/tp-predict" train -s "$S" "$W/train.csv" > /dev/null
	# a writer that has exited (its pid free), and one alive: this shell
	sh -c 'exit 0' &
	dead=$!
	wait "$dead"
	d=$W/s.models
	mkdir "$d/.new-$dead-abc123" "$d/.old-$dead-v000007" "$d/.new-$$-def456"
	echo '{"learner"' > "$d/.new-$dead-abc123/model.json"
	echo '{}' > "$d/.old-$dead-v000007/meta.json"
	"$BIN/tp-predict" train -s "$S" "$W/train.csv" > /dev/null
	[ ! -e "$d/.new-$dead-abc123" ]
	[ ! -e "$d/.old-$dead-v000007" ]
	[ -d "$d/.new-$$-def456" ]
	[ "$(ls "$d")" = "$(printf 'v000001\nv000002')" ]
	# --keep sweeps too, after a train it did not sweep before
	mkdir "$d/.new-$dead-ghi789"
	"$BIN/tp-predict" train -s "$S" --keep 1 --model-dir "$d" \
	    "$W/train.csv" > /dev/null
	[ ! -e "$d/.new-$dead-ghi789" ]
	[ -d "$d/.new-$$-def456" ]
	[ "$(ls "$d")" = v000003 ]
}

@test "a strategy whose label threshold changed since training is refused (78), naming both" {
	short_inputs
	"$BIN/tp-predict" train -s "$S" "$W/train.csv" > /dev/null
	jq '.model.label.threshold = 0.004' "$S" > "$W/t.json"
	mkdir "$W/t.models" && cp -r "$W/s.models/v000001" "$W/t.models/"
	run --separate-stderr "$BIN/tp-predict" -s "$W/t.json" "$W/tail.csv"
	[ "$status" -eq 78 ]
	# the fixture's threshold is 0.0
	[[ "$stderr" == *"meta.json"*"threshold is 0, the strategy's 0.004"* ]]
	# the same threshold written otherwise is the same
	jq '.model.label.threshold = 0' "$S" > "$W/u.json"
	mkdir "$W/u.models" && cp -r "$W/s.models/v000001" "$W/u.models/"
	"$BIN/tp-predict" -s "$W/u.json" "$W/tail.csv" > /dev/null
}

@test "a predictor on a stream that outlives its model: expiry judged per batch, one warning" {
	short_inputs
	jq '.model.train.expiration_hours = 1' "$S" > "$W/e.json"
	"$BIN/tp-predict" train -s "$W/e.json" "$W/train.csv" > /dev/null
	# trained so that it expires two seconds from now (GNU date's ms)
	now=$(date +%s%3N)
	m=$W/e.models/v000001/meta.json
	jq ".trained = $((now - 3600000 + 2000))" "$m" > "$W/m" && mv "$W/m" "$m"
	# the stream pauses (tail -f), past the expiry, then goes on: the
	# rows after it get do_predict 0 whenever the predictor started
	{ head -n 5 "$W/tail.csv"; sleep 3; tail -n 3 "$W/tail.csv"; } |
	    "$BIN/tp-predict" -s "$W/e.json" > "$W/out.csv" 2> "$W/err"
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	    { print $c["do_predict"] }' "$W/out.csv" > "$W/do"
	# fresh when it started: the first rows are trusted
	[ "$(head -n 4 "$W/do")" = "$(printf '1\n1\n1\n1')" ]
	[ "$(tail -n 3 "$W/do")" = "$(printf '0\n0\n0')" ]
	[ "$(grep -c expiration_hours "$W/err")" -eq 1 ]
	grep -q "became older than its expiration_hours while predicting" "$W/err"
}
