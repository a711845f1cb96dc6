#!/usr/bin/env bats
# tp-exec keys: the key store of live accounts (tp-exec(1) KEYS), through
# the binary: keys read from stdin or a terminal, listed, removed, and
# never seen in clear: not in the output, the errors, the files, ps or
# the process's environment.
#
# The key and HMAC secret are Binance's documented examples
# (binance-spot-api-docs, web-socket-api.md, "SIGNED request example
# (HMAC)"), the Ed25519 key Binance's FIX example (fix-api.md, "How to
# sign Logon <A> request").  Fingerprints are computed here with
# coreutils' b2sum, not with tp.

load helpers

setup() {
	tp_setup
	TPX=$BIN/tp-exec
	W=$BATS_TEST_TMPDIR
	KS=$W/store
	export TP_PASSPHRASE=correct-horse-battery
	KEY=vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A
	SECRET=NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j
	EDKEY=Ed25519ApiKeyOfTheFixExample0123456789
	PEM_BODY=MC4CAQAwBQYDK2VwBCIEIIJEYWtGBrhACmb9Dvy+qa8WEf0lQOl1s4CLIAB9m89u
	PEM="-----BEGIN PRIVATE KEY-----
$PEM_BODY
-----END PRIVATE KEY-----"
}

# fp KEY: the fingerprint tp-exec(1) KEYS defines, by b2sum.
fp() {
	printf %s "$1" | b2sum -l 256 | cut -c1-16
}

# no_clear TEXT...: none of the keys or secrets in TEXT, nor in any file
# of the store.
no_clear() {
	local s
	for s in "$KEY" "$SECRET" "$EDKEY" "$PEM_BODY" "${TP_PASSPHRASE:-}"; do
		[ -n "$s" ] || continue
		refute grep -q -F -e "$s" <<< "$*"
		[ ! -d "$KS" ] || refute grep -r -q -F -e "$s" "$KS"
	done
}

# add NAME ARGS...: keys add from stdin (KEY, then SECRET).
add() {
	local name=$1
	shift
	run --separate-stderr "$TPX" keys add "$name" --keys "$KS" "$@" \
	    <<< "$KEY"$'\n'"$SECRET"
}

@test "keys add: an HMAC key and secret from stdin; the store 700, its files 600; the record has b2sum's fingerprint" {
	add main --exchange binance
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$output" = '{"type":"key","name":"main","exchange":"binance","market":"spot","testnet":false,"key_type":"hmac","fingerprint":"'"$(fp "$KEY")"'"}' ]
	[ "$(stat -c %a "$KS")" = 700 ]
	[ "$(stat -c %a "$KS/main.key")" = 600 ]
	[ "$(stat -c %a "$KS/main.account")" = 600 ]
	[ "$(ls "$KS")" = "main.account
main.key" ]
	# the account file, read by jq
	[ "$(jq -c '[.name, .exchange, .market, .key_type, .testnet, .fingerprint]' "$KS/main.account")" = \
	    '["main","binance","spot","hmac",false,"'"$(fp "$KEY")"'"]' ]
	now=$(date +%s%3N)
	created=$(jq .created "$KS/main.account")
	[ "$created" -le "$now" ] && [ "$created" -gt $((now - 600000)) ]
	# the key file is tp-secret's format (tp(7)), no key in clear
	grep -q '^tp-secret 1 ' "$KS/main.key"
	no_clear "$output" "$stderr"
}

@test "keys add: an Ed25519 PEM for Binance futures on the testnet; keys list by name, no passphrase, no secret" {
	run --separate-stderr "$TPX" keys add ed --exchange binance --market futures \
	    --testnet --keys "$KS" <<< "$EDKEY"$'\n'"$PEM"
	[ "$status" -eq 0 ]
	[ "$output" = '{"type":"key","name":"ed","exchange":"binance","market":"futures","testnet":true,"key_type":"ed25519","fingerprint":"'"$(fp "$EDKEY")"'"}' ]
	no_clear "$output" "$stderr"
	add main --exchange bybit
	[ "$status" -eq 0 ]
	add by --exchange bybit --market futures
	[ "$status" -eq 0 ]
	# listed in name order, without the passphrase
	unset TP_PASSPHRASE
	run --separate-stderr "$TPX" keys list --keys "$KS"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${#lines[@]}" -eq 3 ]
	[ "${lines[0]}" = '{"type":"key","name":"by","exchange":"bybit","market":"futures","testnet":false,"key_type":"hmac","fingerprint":"'"$(fp "$KEY")"'"}' ]
	[[ "${lines[1]}" == '{"type":"key","name":"ed",'* ]]
	[[ "${lines[2]}" == '{"type":"key","name":"main","exchange":"bybit",'* ]]
	no_clear "$output" "$stderr"
	# nor can a key be added without one: said before reading the key
	run --separate-stderr "$TPX" keys add other --exchange binance --keys "$KS" < /dev/null
	[ "$status" -eq 78 ]
	[[ "$stderr" == *"set TP_PASSPHRASE"* ]]
}

@test "a wrong passphrase: 78 before the key is read, nothing stored, no secret in stderr" {
	add main --exchange binance
	[ "$status" -eq 0 ]
	TP_PASSPHRASE=wrong run --separate-stderr "$TPX" keys add other \
	    --exchange binance --keys "$KS" <<< "$KEY"$'\n'"$SECRET"
	[ "$status" -eq 78 ]
	[ -z "$output" ]
	[[ "$stderr" == *"$KS/main.key: wrong passphrase (TP_PASSPHRASE)"* ]]
	[ ! -e "$KS/other.key" ] && [ ! -e "$KS/other.account" ]
	no_clear "$stderr"
	refute grep -q -F wrong <<< "${stderr//wrong passphrase/}"
}

@test "keys remove: both files; an existing name is refused until then; removing again is 78" {
	add main --exchange binance
	[ "$status" -eq 0 ]
	before=$(sha256sum "$KS/main.key")
	run --separate-stderr "$TPX" keys add main --exchange bybit --keys "$KS" <<< $'k2\ns2'
	[ "$status" -eq 78 ]
	[[ "$stderr" == *'account "main" exists: remove it first (tp-exec keys remove main)'* ]]
	[ "$(sha256sum "$KS/main.key")" = "$before" ]
	run --separate-stderr "$TPX" keys remove main --keys "$KS"
	[ "$status" -eq 0 ]
	[ -z "$output$stderr" ]
	[ -z "$(ls "$KS")" ]
	run --separate-stderr "$TPX" keys remove main --keys "$KS"
	[ "$status" -eq 78 ]
	[[ "$stderr" == *'no account "main" here (tp-exec keys list)'* ]]
	# a key file left alone by a crashed add is removed too, and frees
	# the name
	touch "$KS/half.key"
	run "$TPX" keys add half --exchange binance --keys "$KS" < /dev/null
	[ "$status" -eq 78 ]
	run "$TPX" keys remove half --keys "$KS"
	[ "$status" -eq 0 ]
	[ ! -e "$KS/half.key" ]
}

@test "bad names and command lines exit 64 and never echo what might be a key" {
	for name in "" a/b .. "a b" "a.key" "$KEY$KEY" "$(printf 'a%.0s' {1..64})"; do
		run --separate-stderr "$TPX" keys add "$name" --exchange binance --keys "$KS" < /dev/null
		[ "$status" -eq 64 ] || { echo "name '$name': $status"; return 1; }
		[[ "$stderr" == *"keys add: an account NAME is 1 to 63 letters, digits, _ and -"* ]]
		refute grep -q -F -e "$KEY" <<< "$stderr"
		run "$TPX" keys remove "$name" --keys "$KS"
		[ "$status" -eq 64 ]
	done
	# the key given on the command line, by mistake: refused, unsaid
	run --separate-stderr "$TPX" keys add main "$KEY" --exchange binance --keys "$KS"
	[ "$status" -eq 64 ]
	refute grep -q -F -e "$KEY" <<< "$stderr"
	for args in "keys" "keys frob" "keys list x" "keys remove" \
	    "keys add main" "keys add main --exchange gemini" \
	    "keys add main --exchange binance --market margin" \
	    "keys list --exchange binance" "keys remove main --testnet" \
	    "status --db x --exchange binance"; do
		run "$TPX" $args --keys "$KS" < /dev/null
		[ "$status" -eq 64 ] || { echo "$args: $status"; return 1; }
	done
	run "$TPX" keys list --keys ""
	[ "$status" -eq 64 ]
	[ ! -e "$KS" ]
}

@test "keys that are not keys: 78 and nothing stored" {
	one() {
		run --separate-stderr "$TPX" keys add x --exchange "$1" --keys "$KS" <<< "$2"
		[ "$status" -eq 78 ] || { echo "$3: $status $stderr"; return 1; }
		[[ "$stderr" == *"$3"* ]] || { echo "$stderr"; return 1; }
		[ ! -e "$KS/x.key" ] && [ ! -e "$KS/x.account" ]
	}
	one binance "" "the API key read is empty"
	one binance "$KEY" "the secret read is empty"
	one binance "a key"$'\n'"$SECRET" "the API key read is not one line of visible ASCII"
	one binance "$KEY$KEY$KEY$KEY$KEY"$'\n'"$SECRET" "of at most 256 bytes"
	one binance "$KEY"$'\n'"$SECRET"$'\n'"$SECRET" "the secret read is not one line of visible ASCII, nor a PEM block"
	one binance "$KEY"$'\n'"$(head -c 3000 /dev/zero | tr '\0' s)" "longer than 2037 bytes"
	one bybit "$EDKEY"$'\n'"$PEM" "bybit's API keys are HMAC keys only"
	# an RSA key, or a PEM whose DER is not Ed25519's
	one binance "$KEY"$'\n'"-----BEGIN PRIVATE KEY-----
MIIBVAIBADANBgkqhkiG9w0BAQEFAASCAT4wggE6AgEAAkEA
-----END PRIVATE KEY-----" "the secret is not an Ed25519 private key in PKCS#8 PEM"
	no_clear "$stderr"
}

# Kraken's private key is base64 of 64 bytes: the example of Kraken's
# spot REST authentication guide (docs.kraken.com/api/docs/guides/
# spot-rest-auth; shared fixtures signing-vectors.json,
# kraken-spot-addorder).
@test "keys add --exchange kraken: a base64 private key; futures, testnet, a secret not base64 and a PEM are 78 with nothing stored" {
	local ksec=kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==
	run --separate-stderr "$TPX" keys add kr --exchange kraken --keys "$KS" <<< "$KEY"$'\n'"$ksec"
	[ "$status" -eq 0 ]
	[ "$output" = '{"type":"key","name":"kr","exchange":"kraken","market":"spot","testnet":false,"key_type":"hmac","fingerprint":"'"$(fp "$KEY")"'"}' ]
	refute grep -r -q -F -e "$ksec" "$KS"
	one() {
		run --separate-stderr "$TPX" keys add x --exchange kraken --keys "$KS" "${@:3}" <<< "$1"
		[ "$status" -eq 78 ] || { echo "$2: $status $stderr"; return 1; }
		[[ "$stderr" == *"$2"* ]] || { echo "$stderr"; return 1; }
		[ ! -e "$KS/x.key" ] && [ ! -e "$KS/x.account" ]
	}
	one "$KEY"$'\n'not-base64_secret "the secret is not base64: kraken's private key is"
	one "$EDKEY"$'\n'"$PEM" "kraken's API keys are HMAC keys only"
	one "$KEY"$'\n'"$ksec" "tp trades Kraken spot only" --market futures
	one "$KEY"$'\n'"$ksec" "tp trades Kraken spot only" --testnet
	no_clear "$stderr"
	refute grep -q -F -e "$ksec" <<< "$stderr"
	run "$TPX" keys add x --exchange kraken2 --keys "$KS" < /dev/null
	[ "$status" -eq 64 ]
	[[ "$output" == *"expected binance, bybit, kraken or coinbase"* ]]
}

@test "the store: --keys, else TP_KEYS_DIR, else XDG_CONFIG_HOME/tp/keys, else ~/.config/tp/keys; refused when others may write it" {
	unset TP_KEYS_DIR
	HOME=$W/home XDG_CONFIG_HOME= run "$TPX" keys add main --exchange binance \
	    <<< "$KEY"$'\n'"$SECRET"
	[ "$status" -eq 0 ]
	[ "$(stat -c %a "$W/home/.config/tp/keys")" = 700 ]
	HOME=$W/home XDG_CONFIG_HOME= run "$TPX" keys list
	[ "${#lines[@]}" -eq 1 ]
	# a relative XDG_CONFIG_HOME is ignored, as the XDG spec says
	HOME=$W/home XDG_CONFIG_HOME=rel run "$TPX" keys list
	[ "${#lines[@]}" -eq 1 ]
	mkdir -p "$W/xdg/tp" "$W/env"
	cp -a "$W/home/.config/tp/keys" "$W/xdg/tp/keys"
	HOME=$W/home XDG_CONFIG_HOME=$W/xdg run "$TPX" keys remove main
	[ "$status" -eq 0 ]
	[ ! -e "$W/xdg/tp/keys/main.key" ] && [ -e "$W/home/.config/tp/keys/main.key" ]
	HOME=$W/home TP_KEYS_DIR=$W/env run "$TPX" keys list
	[ "$status" -eq 0 ] && [ -z "$output" ]
	HOME=$W/home TP_KEYS_DIR=$W/env run "$TPX" keys list --keys "$W/home/.config/tp/keys"
	[ "${#lines[@]}" -eq 1 ]
	env -u HOME -u XDG_CONFIG_HOME "$TPX" keys list > /dev/null 2>&1 || status=$?
	[ "$status" -eq 78 ]
	# one that others may write is refused; one they may read is not
	chmod 777 "$W/home/.config/tp/keys"
	run --separate-stderr "$TPX" keys list --keys "$W/home/.config/tp/keys"
	[ "$status" -eq 78 ]
	[[ "$stderr" == *"other users may write the key store: chmod 700 it"* ]]
	chmod 755 "$W/home/.config/tp/keys"
	run "$TPX" keys list --keys "$W/home/.config/tp/keys"
	[ "$status" -eq 0 ]
	# a key file others may read does not open
	chmod 644 "$W/home/.config/tp/keys/main.key"
	HOME=$W/home run --separate-stderr "$TPX" keys add other --exchange binance < /dev/null
	[ "$status" -eq 78 ]
	[[ "$stderr" == *"main.key: key file is open to other users: chmod 600 it"* ]]
}

@test "while keys add waits on stdin, the key is not in ps, its command line or environment; nor is the passphrase" {
	command -v ps > /dev/null || skip "ps is not installed"
	mkfifo "$W/in"
	"$TPX" keys add main --exchange binance --keys "$KS" < "$W/in" > "$W/out" 2> "$W/err" &
	pid=$!
	exec {w}> "$W/in"
	printf '%s\n' "$KEY" >&"$w"
	# the key read, the secret awaited
	for i in $(seq 50); do
		[ "$(cat /proc/$pid/wchan 2>/dev/null)" != pipe_read ] || break
		sleep 0.1
	done
	ps -eo pid,args > "$W/ps"
	grep -q "^ *$pid .*tp-exec keys add main" "$W/ps"
	no_clear "$(cat "$W/ps")"
	no_clear "$(tr '\0' ' ' < /proc/$pid/cmdline)"
	no_clear "$(tr '\0' ' ' < /proc/$pid/environ)"
	printf '%s\n' "$SECRET" >&"$w"
	exec {w}>&-
	wait "$pid"
	[ "$(jq -r .fingerprint "$W/out")" = "$(fp "$KEY")" ]
	no_clear "$(cat "$W/out" "$W/err")"
}

@test "typed at a terminal: asked for on stderr, not echoed; a PEM to its END line" {
	[ -x /usr/bin/python3 ] || skip "python3 is not installed"
	# type.py ARGV...: run ARGV in a pseudo-terminal; after each prompt,
	# paste its answer (a line of $ANSWERS, | for a newline); the
	# terminal's transcript on stdout
	cat > "$W/type.py" <<'EOF'
import os, pty, sys, time
answers = os.environ["ANSWERS"].split("\n")
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
seen, sent = b"", 0
deadline = time.time() + 20
while time.time() < deadline:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    seen += chunk
    # each prompt answered once, its lines pasted at once
    while sent < 2 and seen.count(b"API ") > sent:
        os.write(fd, answers[sent].replace("|", "\n").encode() + b"\n")
        sent += 1
_, status = os.waitpid(pid, 0)
sys.stdout.write(seen.decode())
sys.exit(os.waitstatus_to_exitcode(status))
EOF
	ANSWERS="$KEY"$'\n'"$SECRET" run /usr/bin/python3 "$W/type.py" "$TPX" \
	    keys add main --exchange binance --keys "$KS"
	[ "$status" -eq 0 ]
	[[ "$output" == "API key: "*"API secret: "* ]]
	[[ "$output" == *'"fingerprint":"'"$(fp "$KEY")"'"}'* ]]
	no_clear "$output"
	ANSWERS="$EDKEY"$'\n'"-----BEGIN PRIVATE KEY-----|$PEM_BODY|-----END PRIVATE KEY-----" \
	    run /usr/bin/python3 "$W/type.py" "$TPX" keys add ed --exchange binance --keys "$KS"
	[ "$status" -eq 0 ]
	[[ "$output" == *'"key_type":"ed25519","fingerprint":"'"$(fp "$EDKEY")"'"}'* ]]
	no_clear "$output"
}

@test "keys add --exchange coinbase: a CDP key name and its Ed25519 secret (base64 or PEM); ES256, futures and --testnet refused (78)" {
	# the FIX example key (signing.md) as the CDP portal writes one:
	# base64 of seed and public key
	local cbkey=organizations/tp-org/apiKeys/tp-key cbsecret es
	cbsecret=$(printf '%s%s' \
	    8244616b4606b8400a66fd0efcbea9af1611fd2540e975b3808b20007d9bcf6e \
	    19420abfd752a565c15625e9da6eaf0086fc40c14960183214442c14996a800d |
	    xxd -r -p | base64 -w0)
	run --separate-stderr "$TPX" keys add cb --exchange coinbase \
	    --keys "$KS" <<< "$cbkey"$'\n'"$cbsecret"
	[ "$status" -eq 0 ]
	[ "$output" = '{"type":"key","name":"cb","exchange":"coinbase","market":"spot","testnet":false,"key_type":"ed25519","fingerprint":"'"$(fp "$cbkey")"'"}' ]
	refute grep -r -q -F -e "$cbsecret" "$KS"
	run --separate-stderr "$TPX" keys add cbpem --exchange coinbase \
	    --keys "$KS" <<< "$cbkey"$'\n'"$PEM"
	[ "$status" -eq 0 ]
	es=MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oD4ZbzQ1Z8ZroAoGCCqGSM49
	run --separate-stderr "$TPX" keys add es --exchange coinbase \
	    --keys "$KS" <<< "$cbkey"$'\n'"-----BEGIN EC PRIVATE KEY-----
$es
-----END EC PRIVATE KEY-----"
	[ "$status" -eq 78 ]
	[[ $stderr == *"ES256"*"create an Ed25519 key"* ]]
	[[ $stderr != *"$es"* ]]
	run --separate-stderr "$TPX" keys add fut --exchange coinbase \
	    --market futures --keys "$KS" <<< "$cbkey"$'\n'"$cbsecret"
	[ "$status" -eq 78 ]
	[[ $stderr == *"spot only"* ]]
	run --separate-stderr "$TPX" keys add tn --exchange coinbase \
	    --testnet --keys "$KS" <<< "$cbkey"$'\n'"$cbsecret"
	[ "$status" -eq 78 ]
	[[ $stderr == *"no test network"* ]]
	[ ! -e "$KS/es.account" ] && [ ! -e "$KS/fut.account" ] &&
	    [ ! -e "$KS/tn.account" ]
	run "$TPX" keys list --keys "$KS"
	[ "$(jq -r .name <<< "$output" | paste -sd' ')" = "cb cbpem" ]
}
