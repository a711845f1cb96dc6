#!/usr/bin/env bats
# FreqAI's dissimilarity index in tp-predict (tp-predict(1) MODELS): a
# strategy with "outliers": {"DI_threshold": 1.0} keeps its training rows
# in the version (train.f64) and gives each candle a di field before
# do_predict.  Expected values come from tests/model/check_di.py, which
# recomputes datasieve's DissimilarityIndex formula (the one FreqAI runs)
# with numpy from the saved rows and the features tp-predict wrote.

load helpers

setup() {
	tp_setup
	W=$BATS_TEST_TMPDIR
	S=$W/s.json
	cp "$TOP/tests/fixtures/model/di_strategy.json" "$S"
	"$BIN/tp-ind" -s "$S" "$DATA/binance_BTCUSDT_1h.csv" > "$W/f.csv"
}

need_numpy() {
	/usr/bin/python3 -c 'import numpy' 2>/dev/null ||
	    skip "python3-numpy is not installed"
}

@test "di: the training rows and every row's di are numpy's FreqAI formula (1e-9)" {
	need_numpy
	"$BIN/tp-predict" train -s "$S" "$W/f.csv" > /dev/null
	# 1719 training rows of 3 features, after a 32-byte header
	[ "$(stat -c %s "$W/s.models/v000001/train.f64")" -eq \
	    $((32 + 1719 * 3 * 8)) ]
	"$BIN/tp-predict" -s "$S" < "$W/f.csv" > "$W/out.csv"
	head -1 "$W/out.csv" | grep -q ',pred_down,pred_up,di,do_predict,model_version,signal,'
	run /usr/bin/python3 "$TOP/tests/model/check_di.py" "$W/out.csv" \
	    "$W/s.models/v000001" 1.0
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 4 ]
	# rows with every feature whose di is over 1: not predicted on
	[ "$(awk -F, 'NR > 1 && $16 != "" && $16 >= 1' "$W/out.csv" |
	    wc -l)" -ge 1 ]
}

@test "di: no train.f64 nor field without DI_threshold; NAME_di for another name" {
	jq 'del(.model.outliers) | .rules.up.when = "pred_up > 0.55"' "$S" \
	    > "$W/n.json"
	"$BIN/tp-predict" train -s "$W/n.json" "$W/f.csv" > /dev/null
	[ ! -e "$W/n.models/v000001/train.f64" ]
	"$BIN/tp-predict" -s "$W/n.json" "$W/f.csv" | head -1 |
	    grep -q ',pred_down,pred_up,do_predict,model_version,signal,'
	# a rule reading di without DI_threshold is a mistake (tp_mspec_fields)
	jq 'del(.model.outliers)' "$S" > "$W/r.json"
	run --separate-stderr "$BIN/tp-predict" -s "$W/r.json" "$W/f.csv"
	[ "$status" -eq 78 ]
	[[ "$stderr" == *'"di"'* ]]
	jq '.model.name = "m" | .rules.up.when = "m_up > 0.55 && m_di < 0.5" |
	    .rules.down.when = "m_up < 0.45"' "$S" > "$W/m.json"
	"$BIN/tp-predict" train -s "$W/m.json" "$W/f.csv" > /dev/null
	"$BIN/tp-predict" -s "$W/m.json" "$W/f.csv" | head -1 |
	    grep -q ',m_down,m_up,m_di,m_do_predict,m_model_version,signal,'
}

@test "di: a truncated or garbled train.f64 (65, naming it), a version without one (78)" {
	"$BIN/tp-predict" train -s "$S" "$W/f.csv" > /dev/null
	v=$W/s.models/v000001
	cp "$v/train.f64" "$W/good.f64"
	head -c 1000 "$W/good.f64" > "$v/train.f64"
	run --separate-stderr "$BIN/tp-predict" -s "$S" "$W/f.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"train.f64"*"truncated"* ]]
	head -c 41288 /dev/urandom > "$v/train.f64"
	run --separate-stderr "$BIN/tp-predict" -s "$S" "$W/f.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"train.f64"* ]]
	rm "$v/train.f64"
	run --separate-stderr "$BIN/tp-predict" -s "$S" "$W/f.csv"
	[ "$status" -eq 78 ]
	[[ "$stderr" == *"train.f64"*"DI_threshold"*"tp-predict train"* ]]
}
