#!/usr/bin/env bats
# Trained models (lib/model/): the models tp trains and saves load in the
# reference library and predict what tp predicted.

load helpers

setup() {
	tp_setup
	TESTS=$BIN/../tests
	W=$BATS_TEST_TMPDIR
}

@test "xgboost: python xgboost loads the models tp saved and predicts the same" {
	need_python xgboost
	# the unit test trains as tests/model/gen_xgb.py does, checks tp's
	# predictions against python's, and leaves its models in $W
	cd "$TOP"
	run "$TESTS/test_model_xgb" "$W"
	[ "$status" -eq 0 ] || { echo "$output"; false; }
	for m in reg regw bin cls; do
		[ -s "$W/$m.json" ] && [ -s "$W/$m.pred.csv" ]
	done
	run /usr/bin/python3 tests/model/check_xgb.py "$W"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 4 ]
}
