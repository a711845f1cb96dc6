#!/usr/bin/env bats
# tp-qvalidate run: known states with their published amplitudes
# (tests/qasm/*.qasm say where each comes from), shots, and the errors.

load helpers

setup() {
	tp_setup
	TPQ=$BIN/tp-qvalidate
	Q=$TOP/tests/qasm
	W=$BATS_TEST_TMPDIR
}

# near FILE PY: every record of the NDJSON FILE against the Python
# expression PY of the state (an int k) giving the expected complex
# amplitude, to 1e-12; states not listed must be expected 0.
near() {
	/usr/bin/python3 - "$1" "$2" <<'PY'
import cmath, json, math, sys
got = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    got[int(r["state"], 2)] = complex(r["re"], r["im"])
n = len(next(iter(open(sys.argv[1]))).split('"state":"')[1].split('"')[0])
for k in range(2 ** n):
    want = eval(sys.argv[2], {"cmath": cmath, "math": math, "k": k})
    assert abs(got.get(k, 0) - want) < 1e-12, (k, got.get(k), want)
PY
}

@test "Bell, GHZ, a QFT and Grover's search give their published amplitudes" {
	"$TPQ" run --statevector "$Q/bell.qasm" > "$W/bell"
	near "$W/bell" '(1 / math.sqrt(2)) if k in (0, 3) else 0'
	"$TPQ" run -S "$Q/ghz3.qasm" > "$W/ghz"
	near "$W/ghz" '(1 / math.sqrt(2)) if k in (0, 7) else 0'
	"$TPQ" run -S "$Q/qft3-5.qasm" > "$W/qft"
	near "$W/qft" 'cmath.exp(2j * math.pi * 5 * k / 8) / math.sqrt(8)'
	# sin(5 theta) for the marked state, the rest sharing what is left
	# with the sign the diffusion leaves them: cos(5 theta) / sqrt(7) < 0
	"$TPQ" run -S "$Q/grover3-k2.qasm" > "$W/grover"
	near "$W/grover" 'math.sin(5 * math.asin(1 / math.sqrt(8))) if k == 7 else math.cos(5 * math.asin(1 / math.sqrt(8))) / math.sqrt(7)'
	run --separate-stderr "$TPQ" run "$Q/grover3-k2.qasm" -f csv
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "state,probability" ]
	[[ "${lines[8]}" == "111,0.94531"* ]]
}

@test "probabilities leave out zeros unless --all; shots are counted and seeded" {
	run --separate-stderr "$TPQ" run "$Q/bell.qasm"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
	run --separate-stderr "$TPQ" run --all "$Q/bell.qasm"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 4 ]
	[[ "${lines[1]}" == '{"state":"01","probability":0}' ]]
	"$TPQ" run --shots 10000 --seed 3 "$Q/bell.qasm" > "$W/a"
	"$TPQ" run --shots 10000 --seed 3 "$Q/bell.qasm" > "$W/b"
	cmp "$W/a" "$W/b"
	/usr/bin/python3 - "$W/a" <<'PY'
import json, sys
c = {json.loads(l)["state"]: json.loads(l)["count"] for l in open(sys.argv[1])}
assert set(c) == {"00", "11"} and sum(c.values()) == 10000, c
# a fair coin: within 5 standard deviations (50) of 5000
assert abs(c["00"] - 5000) < 250, c
PY
	"$TPQ" run --shots 10000 --seed 4 "$Q/bell.qasm" > "$W/c"
	refute cmp -s "$W/a" "$W/c"
	# measure q[0] only, into c[1]: outcomes are the classical register's
	printf 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\ncreg c[2];\nx q[0];\nmeasure q[0] -> c[1];\n' |
		"$TPQ" run --shots 5 > "$W/m"
	[ "$(cat "$W/m")" = '{"state":"10","count":5}' ]
}

@test "bad circuits are refused with their line and column" {
	bad() {
		printf '%b' "$1" > "$W/bad.qasm"
		run --separate-stderr "$TPQ" run "$W/bad.qasm"
		[ "$status" -eq 65 ] || { echo "status $status for $1"; return 1; }
		[ -z "$output" ]
		[[ "$stderr" == *"bad.qasm:$2"* ]] || { echo "$stderr"; return 1; }
	}
	H='OPENQASM 2.0;\ninclude "qelib1.inc";\n'
	bad "qreg q[1];\n" '1: column 1: a program starts with OPENQASM 2.0;'
	bad 'OPENQASM 3.0;\n' '1: column 13: only OpenQASM 2.0 is read'
	bad "${H}qreg q[2];\nfoo q[0];\n" '4: column 1: "foo" is not a gate of qelib1.inc'
	bad "${H}qreg q[2];\nrx(pi/2 q[1];\n" '4: column 9: rx takes 1 parameter'
	bad "${H}qreg q[2];\ncx q[0],q[0];\n" '4: column 14: cx on one qubit twice'
	bad "${H}qreg q[2];\nh q[2];\n" '4: column 7: q[2] is past the register'
	bad "${H}qreg q[2];\ngate g a { h a; }\n" '4: column 1: "gate" is not supported here'
	bad "${H}qreg q[2];\ncreg c[2];\nmeasure q -> c;\nh q[0];\n" '6: column 8: a gate on q[0] after it was measured'
	bad "${H}qreg q[2];\nh r[0];\n" '4: column 3: "r" is not a qreg register'
	bad "${H}qreg q[2];\nh q[0]\n" '5: column 1: expected'
	bad "${H}qreg q[29];\n" '3: column 12: more than 28 qubits'
	bad 'OPENQASM 2.0;\ninclude "other.inc";\n' '2: column 20: only qelib1.inc can be included'
	bad "${H}" '3: no qreg: nothing to simulate'
	run --separate-stderr "$TPQ" run "$W/missing.qasm"
	[ "$status" -eq 66 ]
	run --separate-stderr "$TPQ" run --shots 0 "$Q/bell.qasm"
	[ "$status" -eq 64 ]
	run --separate-stderr "$TPQ" run a.qasm b.qasm
	[ "$status" -eq 64 ]
	run --separate-stderr "$TPQ" run --model m.json "$Q/bell.qasm"
	[ "$status" -eq 64 ]
}

@test "--help and --version" {
	run --separate-stderr "$TPQ" --help
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[[ "${lines[0]}" == "usage: tp-qvalidate [--model FILE]"* ]]
	[[ "$output" == *"tp-qvalidate train --features"* ]]
	[[ "$output" == *"no quantum hardware, no claim of quantum advantage"* ]]
	run --separate-stderr "$TPQ" --version
	[ "$status" -eq 0 ]
	[[ "$output" == "tp-qvalidate (tp) "* ]]
}

@test "cu3 is Qiskit's qelib1.inc's, u3 under a control, as the man page says" {
	"$TPQ" run -S "$Q/cu3.qasm" > "$W/cu3"
	# k = 2 q[1] + q[0]: 1/sqrt 2, then cos(pi/4) and i sin(pi/4) over sqrt 2
	near "$W/cu3" '{0: 1 / math.sqrt(2), 1: 0.5, 3: 0.5j}.get(k, 0)'
	# the man page cites the definition implemented, not the paper's
	grep -q "^whose first line,$" "$TOP/man/man1/tp-qvalidate.1"
	grep -q "Qiskit's qelib1.inc" "$TOP/man/man1/tp-qvalidate.1"
}

@test "random circuits equal an independent simulator's amplitudes to 1e-12" {
	# tests/qasm/random: 20 circuits of 2 to 8 qubits and 40 gates each,
	# and the amplitudes the npm package quantum-circuit 0.9.250 gives
	# for them (tests/qasm/make-random.js made both, once)
	for f in "$Q"/random/random-*.qasm; do
		"$TPQ" run -S --all "$f" > "$W/got"
		/usr/bin/python3 - "$W/got" "${f%.qasm}.json" <<'PY'
import json, sys
got = [complex(json.loads(l)["re"], json.loads(l)["im"]) for l in open(sys.argv[1])]
ref = [complex(re, im) for re, im in json.load(open(sys.argv[2]))]
assert len(got) == len(ref), (len(got), len(ref))
d = max(abs(a - b) for a, b in zip(got, ref))
assert d < 1e-12, (sys.argv[2], d)
PY
	done
}

@test "a 20-qubit state, shared among the cores, is the GHZ state it should be" {
	# 2^20 amplitudes: past the size where gates are cut into shares, by
	# blocks for the low qubits and within the one block for q[19]
	{ printf 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[20];\nh q[19];\n'
	  for k in $(seq 19 -1 1); do printf 'cx q[%d],q[%d];\n' "$k" $((k - 1)); done
	  printf 'h q[0];\nh q[0];\n'
	} > "$W/ghz20.qasm"
	run --separate-stderr "$TPQ" run "$W/ghz20.qasm"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
	# (|0...0> + |1...1>) / sqrt(2): 1/2 each, to rounding
	echo "$output" | /usr/bin/python3 -c '
import json, sys
r = [json.loads(l) for l in sys.stdin]
assert [x["state"] for x in r] == ["0" * 20, "1" * 20], r
assert all(abs(x["probability"] - 0.5) < 1e-12 for x in r), r'
}

@test "classical registers are capped at 64 bits, and a state of 64 bits is written whole (issue 20)" {
	# an outcome is one uint64_t, so 64 classical bits in all (tp-qvalidate(1));
	# more wrote past the state's buffer (40 bits) or crashed (1000000)
	# (the column is the one after the declaration's ';')
	too_many() {
		printf "OPENQASM 2.0;\nqreg q[1];\n$1\nmeasure q[0] -> c[0];\n" > "$W/c.qasm"
		run --separate-stderr "$TPQ" run --shots 1 "$W/c.qasm"
		[ "$status" -eq 65 ] || { echo "status $status for $1"; return 1; }
		[ -z "$output" ]
		[ "$stderr" = "tp-qvalidate: $W/c.qasm:$2: more than 64 classical bits" ] ||
			{ echo "$stderr"; return 1; }
	}
	too_many 'creg c[65];' '3: column 12'
	too_many 'creg c[1000000];' '3: column 17'
	too_many 'creg a[60];\ncreg b[5];' '4: column 11'
	# 40 bits: q[0] stays |0>, measured into c[0]; the other 39 bits are
	# never written, so 0: forty zeros, counted once
	printf 'OPENQASM 2.0;\nqreg q[1];\ncreg c[40];\nmeasure q[0] -> c[0];\n' > "$W/c40.qasm"
	run --separate-stderr "$TPQ" run --shots 1 "$W/c40.qasm"
	[ "$status" -eq 0 ]
	[ "$output" = "{\"state\":\"$(printf '0%.0s' $(seq 40))\",\"count\":1}" ]
	# 64 bits, the most: x makes q[0] |1>, measured into the highest bit,
	# c[63], which is written first: a 1 and 63 zeros
	printf 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[1];\ncreg c[64];\nx q[0];\nmeasure q[0] -> c[63];\n' > "$W/c64.qasm"
	run --separate-stderr "$TPQ" run --shots 3 "$W/c64.qasm"
	[ "$status" -eq 0 ]
	[ "$output" = "{\"state\":\"1$(printf '0%.0s' $(seq 63))\",\"count\":3}" ]
}

@test "expressions nested past 64 deep are refused with line and column, not recursed off the stack (issue 20)" {
	# "OPENQASM " is 9 columns, so the 65th parenthesis is column 74
	python3 -c "print('OPENQASM ' + '(' * 50000 + '2.0' + ')' * 50000 + ';')" > "$W/d.qasm"
	run --separate-stderr "$TPQ" run "$W/d.qasm"
	[ "$status" -eq 65 ]
	[ "$stderr" = "tp-qvalidate: $W/d.qasm:1: column 74: an expression nested more than 64 deep" ]
	# "rx(" is 3 columns, so the 65th minus sign is column 68
	python3 -c "print('OPENQASM 2.0;\nqreg q[1];\nrx(' + '-' * 200000 + '1) q[0];')" > "$W/m.qasm"
	run --separate-stderr "$TPQ" run "$W/m.qasm"
	[ "$status" -eq 65 ]
	[ "$stderr" = "tp-qvalidate: $W/m.qasm:3: column 68: an expression nested more than 64 deep" ]
	# a chain of ^ recurses too: "u1(" is 3 columns, "2^" 2 each, so the
	# 65th ^ is column 3 + 2 * 65 = 133
	python3 -c "print('OPENQASM 2.0;\nqreg q[1];\nu1(' + '2^' * 100000 + '1) q[0];')" > "$W/p.qasm"
	run --separate-stderr "$TPQ" run "$W/p.qasm"
	[ "$status" -eq 65 ]
	[ "$stderr" = "tp-qvalidate: $W/p.qasm:3: column 133: an expression nested more than 64 deep" ]
	# and function calls: "rx(" then "sin(" 4 each, the 65th ( at 3 + 4 * 65
	python3 -c "print('OPENQASM 2.0;\nqreg q[1];\nrx(' + 'sin(' * 70 + '1' + ')' * 70 + ') q[0];')" > "$W/f.qasm"
	run --separate-stderr "$TPQ" run "$W/f.qasm"
	[ "$status" -eq 65 ]
	[ "$stderr" = "tp-qvalidate: $W/f.qasm:3: column 263: an expression nested more than 64 deep" ]
	# 64 deep is read: 63 minus signs, then a parenthesis.  63 is odd, so
	# rx(-pi/2) on |0>: P(0) = cos^2(pi/4) = P(1) = sin^2(pi/4) = 1/2
	# (Rx, Nielsen and Chuang, eq. 4.4), two states written
	python3 -c "print('OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[1];\nrx(' + '-' * 63 + '(pi/2)) q[0];')" > "$W/ok.qasm"
	run --separate-stderr "$TPQ" run "$W/ok.qasm"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
}

@test "a number at the very end of the file is read within the file (issue 20)" {
	# The file ends in a digit, with no newline.  Memory past it is filled
	# with '5' (glibc: MALLOC_PERTURB_ fills with its value xor 0xff, and
	# 202 ^ 255 = 53; ASan: malloc_fill_byte), so reading past the end
	# would read "2555...": the reader must stop at the end and then miss
	# the ';' after "2", column 11.
	printf 'OPENQASM 2' > "$W/e.qasm"
	MALLOC_PERTURB_=202 ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}malloc_fill_byte=53" \
		run --separate-stderr "$TPQ" run "$W/e.qasm"
	[ "$status" -eq 65 ]
	[ "$stderr" = "tp-qvalidate: $W/e.qasm:1: column 11: expected ';'" ]
	# numbers as OpenQASM writes them, not as strtod reads them: no hex
	printf 'OPENQASM 2.0;\nqreg q[1];\nU(0x1,0,0) q[0];\n' > "$W/h.qasm"
	run --separate-stderr "$TPQ" run "$W/h.qasm"
	[ "$status" -eq 65 ]
	[ "$stderr" = "tp-qvalidate: $W/h.qasm:3: column 4: expected ','" ]
}

@test "a name longer than 63 characters is refused, not cut short into another (issue 20)" {
	a63=$(printf 'a%.0s' $(seq 63))
	printf 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg %s[1];\nh %s[0];\n' "$a63" "$a63" > "$W/n.qasm"
	run --separate-stderr "$TPQ" run "$W/n.qasm"
	[ "$status" -eq 0 ]
	# one more letter: cut to 63 it was the register above, and ran
	printf 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg %s[1];\nh %sb[0];\n' "$a63" "$a63" > "$W/n.qasm"
	run --separate-stderr "$TPQ" run "$W/n.qasm"
	[ "$status" -eq 65 ]
	[ "$stderr" = "tp-qvalidate: $W/n.qasm:4: column 3: a name longer than 63 characters" ]
}

@test "a circuit is capped at 1000000 operations: a file asking for more is refused at its line, in bounded memory" {
	# tp-qvalidate(1): a gate on a whole register is one operation per
	# qubit, so 50,000 lines of 'h q;' on 20 qubits are exactly 1,000,000
	# and one more line passes the cap, at its first qubit (the column is
	# the one after 'h q;': the gate is read whole, then expanded)
	{ printf 'OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[20];\n'
	  yes 'h q;' | head -50001; } > "$W/big.qasm"
	run --separate-stderr timeout 20 "$TPQ" run "$W/big.qasm"
	[ "$status" -eq 65 ]
	[[ "$stderr" == "tp-qvalidate: $W/big.qasm:50004: column "*": more than 1000000 operations" ]] ||
		{ echo "$stderr"; return 1; }
	# 50,000 lines: within the cap (the state, 2^20 amplitudes, is 16 MiB)
	head -50003 "$W/big.qasm" > "$W/ok.qasm"
	run --separate-stderr timeout 60 "$TPQ" run "$W/ok.qasm"
	[ "$status" -eq 0 ]
}
