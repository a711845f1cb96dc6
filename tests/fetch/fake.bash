# Helpers for the tp-fetch tests that download from the fake exchange
# (tests/fetch/fake_exchange.py) on 127.0.0.1.  W is the test's directory.

# fake [MISBEHAVIOUR...]: start the fake exchange on $W/src.csv (or on
# $CANDLES when set); URL is its address, $W/port.log its request log.
fake() {
	rm -f "$W/port" "$W/port.log"
	/usr/bin/python3 "$TOP/tests/fetch/fake_exchange.py" \
		"${CANDLES:-$W/src.csv}" "$W/port" "$@" 2>/dev/null &
	FAKE=$!
	for _ in $(seq 200); do [ -s "$W/port" ] && break; sleep 0.05; done
	URL=http://127.0.0.1:$(cat "$W/port")
}

stop_fake() {
	[ -z "${FAKE:-}" ] || kill "$FAKE" 2>/dev/null || true
	[ -z "${FAKE:-}" ] || wait "$FAKE" 2>/dev/null || true
	FAKE=
}

# same A B: the candles of A and B are the same numbers, row for row
# (tp writes numbers in their shortest form, the source file as Binance's
# dump spelt them).
same() {
	/usr/bin/python3 - "$1" "$2" <<'PY'
import sys
a = [l.split(",")[:6] for l in open(sys.argv[1]).read().split("\n")[1:] if l]
b = [l.split(",")[:6] for l in open(sys.argv[2]).read().split("\n")[1:] if l]
assert len(a) == len(b), (len(a), len(b))
for x, y in zip(a, b):
    assert int(x[0]) == int(y[0]) and [float(v) for v in x[1:]] == [float(v) for v in y[1:]], (x, y)
PY
}
