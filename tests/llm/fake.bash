# Helpers for the tests of tp-predict's LLM decider against the fake
# OpenAI-compatible server (tests/llm/fake_llm.py) on 127.0.0.1.  W is the
# test's directory.

# fake_llm SCRIPT_JSON: start the fake with that script; URL is its base
# URL (".../v1"), $W/port.log its request log.
fake_llm() {
	stop_fake
	printf '%s\n' "$1" > "$W/script.json"
	rm -f "$W/port" "$W/port.log"
	# its output away from bats's, which waits for every holder
	/usr/bin/python3 "$TOP/tests/llm/fake_llm.py" "$W/port" \
		"$W/script.json" > /dev/null 2>&1 &
	FAKE=$!
	for _ in $(seq 200); do [ -s "$W/port" ] && break; sleep 0.05; done
	URL=http://127.0.0.1:$(cat "$W/port")/v1
}

stop_fake() {
	[ -z "${FAKE:-}" ] || kill "$FAKE" 2>/dev/null || true
	[ -z "${FAKE:-}" ] || wait "$FAKE" 2>/dev/null || true
	FAKE=
}

# model NAME API_MODEL [EXTRA]: one entry of llm.models on the fake.
model() {
	local t='"timeout":5'
	case "${3:-}" in *'"timeout"'*) t=${3} ;; *) t=$t${3:+,$3} ;; esac
	printf '{"name":"%s","base_url":"%s","model":"%s","api_key_env":"TP_TEST_KEY",%s}' \
		"$1" "$URL" "$2" "$t"
}

# strategy MODELS [EXTRA [TOP]]: $W/s.json, hourly, deciding every 2h on
# the last 3 candles unless EXTRA (more keys of the llm section) says
# otherwise, its models MODELS (a JSON list's items); TOP: more keys of
# the strategy.
strategy() {
	local extra=${2:-}
	case "$extra" in *'"every"'*) ;; *) extra='"every":"2h"'${extra:+,$extra} ;; esac
	case "$extra" in *'"candles"'*) ;; *) extra='"candles":3,'$extra ;; esac
	printf '{"name":"llm_test","timeframe":"1h","llm":{"models":[%s],%s}%s}\n' \
		"$1" "$extra" "${3:+,$3}" > "$W/s.json"
}

# candles N: N hourly candles from 2024-01-01 00:00 UTC (1704067200000),
# closes 100, 101, ... in $W/c.csv.
candles() {
	{
		echo "time,open,high,low,close,volume,symbol"
		for i in $(seq 0 $(($1 - 1))); do
			echo "$((1704067200000 + i * 3600000)),$((100 + i)),$((101 + i)),$((99 + i)),$((100 + i)),10,BTC/USDT"
		done
	} > "$W/c.csv"
}

# requests [MODEL]: how many requests the fake has seen (of MODEL).
requests() {
	[ -f "$W/port.log" ] || { echo 0; return; }
	if [ -n "${1:-}" ]; then
		grep -c "\"model\": \"$1\"" "$W/port.log" || true
	else
		wc -l < "$W/port.log"
	fi
}
