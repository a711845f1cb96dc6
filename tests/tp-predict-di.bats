#!/usr/bin/env bats
# FreqAI's dissimilarity index in tp-predict (tp-predict(1) MODELS): a
# strategy with "outliers": {"DI_threshold": 1.0} keeps its training rows
# in the version (train.f64) and gives each candle a di field before
# do_predict.  Expected values come from tests/model/check_di.py, which
# recomputes FreqAI's pipeline (constant features out, MinMaxScaler to
# [-1, 1] over the training rows, then datasieve's DissimilarityIndex)
# with numpy and sklearn from the features tp-predict wrote.

load helpers

setup() {
	tp_setup
	W=$BATS_TEST_TMPDIR
	S=$W/s.json
	cp "$TOP/tests/fixtures/model/di_strategy.json" "$S"
	"$BIN/tp-ind" -s "$S" "$DATA/binance_BTCUSDT_1h.csv" > "$W/f.csv"
}

@test "di: the training rows and every row's di are numpy's FreqAI formula (1e-9)" {
	need_python numpy sklearn
	"$BIN/tp-predict" train -s "$S" "$W/f.csv" > /dev/null
	# 1718 training rows of 3 features, after a 32-byte header and the
	# 3 scale_ and 3 min_ of the scaling
	[ "$(stat -c %s "$W/s.models/v000001/train.f64")" -eq \
	    $((32 + 2 * 3 * 8 + 1718 * 3 * 8)) ]
	"$BIN/tp-predict" -s "$S" < "$W/f.csv" > "$W/out.csv"
	head -1 "$W/out.csv" | grep -q ',pred_down,pred_up,di,do_predict,model_version,signal,'
	run /usr/bin/python3 "$TOP/tests/model/check_di.py" "$W/out.csv" \
	    "$W/s.models/v000001" 1.0
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 5 ]
	# rows with every feature whose di is over 1: not predicted on
	[ "$(awk -F, 'NR > 1 && $16 != "" && $16 >= 1' "$W/out.csv" |
	    wc -l)" -ge 1 ]
}

# The field named $2 of the CSV file $1, header and all.
column() {
	awk -F, -v f="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == f) c = i }
	    { print $c }' "$1"
}

@test "di: a feature constant over the training rows is left out of it (VarianceThreshold)" {
	need_python numpy sklearn
	"$BIN/tp-predict" train -s "$S" "$W/f.csv" > /dev/null
	"$BIN/tp-predict" -s "$S" "$W/f.csv" > "$W/out.csv"
	from=$(jq .from "$W/s.models/v000001/meta.json")
	to=$(jq .to "$W/s.models/v000001/meta.json")
	# k is 5 over the window, 7 elsewhere: FreqAI drops it before the
	# scaling, so that it moves no di, in the window or out of it
	awk -F, -v OFS=, -v a="$from" -v b="$to" 'NR == 1 { print $0, "k"; next }
	    { print $0, ($1 >= a && $1 <= b ? 5 : 7) }' "$W/f.csv" > "$W/k.csv"
	jq '.model.features += ["k"]' "$S" > "$W/k.json"
	"$BIN/tp-predict" train -s "$W/k.json" "$W/k.csv" > /dev/null
	"$BIN/tp-predict" -s "$W/k.json" "$W/k.csv" > "$W/kout.csv"
	run /usr/bin/python3 "$TOP/tests/model/check_di.py" "$W/kout.csv" \
	    "$W/k.models/v000001" 1.0
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == *"of 4 features"*"1 constant at scale_ 0" ]]
	column "$W/out.csv" di > "$W/di"
	column "$W/kout.csv" di > "$W/kdi"
	cmp "$W/di" "$W/kdi"
	# and there are rows out of the window (k 7) with a di
	column "$W/kout.csv" time | paste -d, - "$W/kdi" > "$W/tdi"
	[ "$(awk -F, -v a="$from" -v b="$to" 'NR > 1 && ($1 < a || $1 > b) &&
	    $2 != ""' "$W/tdi" | wc -l)" -gt 1000 ]
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
	head -c 41336 /dev/urandom > "$v/train.f64"
	run --separate-stderr "$BIN/tp-predict" -s "$S" "$W/f.csv"
	[ "$status" -eq 65 ]
	[[ "$stderr" == *"train.f64"* ]]
	rm "$v/train.f64"
	run --separate-stderr "$BIN/tp-predict" -s "$S" "$W/f.csv"
	[ "$status" -eq 78 ]
	[[ "$stderr" == *"train.f64"*"DI_threshold"*"tp-predict train"* ]]
}
