/*
 * fuzz_lkeys.c: the key store's NAME.account reader (tp_lkeys_meta_parse,
 * lib/live/tp_lkeys.c) on any bytes, and the NAME.key payload's
 * unpacking (tp_lkeys_unpack) on the same bytes padded to its size.
 *
 * An account accepted must be one tp_lkeys.h allows: a name of
 * [A-Za-z0-9_-] and 1 to 63 characters, binance or bybit, spot or
 * futures, an HMAC key or an Ed25519 one (not for bybit), a fingerprint
 * of 16 lowercase hex digits, a time not below 0.  jansson, read here on
 * its own, must find the same name, fingerprint, time and testnet in the
 * text, and no other keys.  Written back (tp_lkeys_meta_text) it must
 * read again to the same account.  A text refused must be said why, as a
 * configuration error (78).
 *
 * A payload unpacked must have parts that lie inside it, NUL-ended, with
 * no NUL within; packed again from those parts, it must unpack to the
 * same.  Any breach aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "live/tp_lkeys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
want(int ok)
{
	if (!ok)
		abort();
}

/* jansson's own reading of the text must agree with tp's a. */
static void
check_jansson(const uint8_t *data, size_t size, const struct tp_lkeys_acct *a)
{
	json_t *o = json_loadb((const char *)data, size,
	    JSON_REJECT_DUPLICATES, NULL);

	want(o != NULL && json_is_object(o) && json_object_size(o) == 7);
	want(strcmp(json_string_value(json_object_get(o, "name")),
	    a->name) == 0);
	want(strcmp(json_string_value(json_object_get(o, "fingerprint")),
	    a->fingerprint) == 0);
	want(json_integer_value(json_object_get(o, "created")) == a->created);
	want(json_is_true(json_object_get(o, "testnet")) == (a->testnet != 0));
	want(strcmp(json_string_value(json_object_get(o, "exchange")),
	    a->venue->name) == 0);
	json_decref(o);
}

static void
check_meta(const uint8_t *data, size_t size)
{
	struct tp_lkeys_acct a, b;
	struct tp_err err = TP_ERR_INIT;
	char text[512];
	size_t i;
	int n;

	if (tp_lkeys_meta_parse((const char *)data, size, "f", &a, &err) < 0) {
		want(err.code == TP_EX_CONFIG && err.msg[0] != '\0');
		return;
	}
	want(tp_lkeys_name_ok(a.name));
	want(a.venue == &tp_binance_venue || a.venue == &tp_bybit_venue);
	want(a.market == TP_LM_SPOT || a.market == TP_LM_FUTURES);
	want(a.key_type == TP_LK_HMAC || (a.key_type == TP_LK_ED25519 &&
	    a.venue == &tp_binance_venue));
	want(strlen(a.fingerprint) == TP_LKEYS_FP - 1);
	for (i = 0; i < TP_LKEYS_FP - 1; i++)
		want(strchr("0123456789abcdef", a.fingerprint[i]) != NULL);
	want(a.created >= 0);
	check_jansson(data, size, &a);
	n = tp_lkeys_meta_text(&a, text, sizeof(text));
	want(n > 0);
	want(tp_lkeys_meta_parse(text, (size_t)n, "f", &b, &err) == 0);
	want(memcmp(&a, &b, sizeof(a)) == 0);
}

static void
check_payload(const uint8_t *data, size_t size)
{
	static unsigned char p[TP_LKEYS_PAYLOAD], q[TP_LKEYS_PAYLOAD];
	const char *k, *s, *k2, *s2;
	size_t kn, sn, kn2, sn2;
	enum tp_lkeytype kt, kt2;

	memset(p, 0, sizeof(p));
	memcpy(p, data, size < sizeof(p) ? size : sizeof(p));
	if (tp_lkeys_unpack(p, &kt, &k, &kn, &s, &sn) < 0)
		return;
	want(kt == TP_LK_HMAC || kt == TP_LK_ED25519);
	want(kn > 0 && sn > 0);
	want((const unsigned char *)k >= p && (const unsigned char *)s +
	    sn < p + sizeof(p));
	want(strlen(k) == kn && strlen(s) == sn);
	want(tp_lkeys_pack(q, kt, k, kn, s, sn) == 0);
	want(tp_lkeys_unpack(q, &kt2, &k2, &kn2, &s2, &sn2) == 0);
	want(kt2 == kt && kn2 == kn && sn2 == sn && memcmp(k2, k, kn) == 0 &&
	    memcmp(s2, s, sn) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_meta(data, size);
	check_payload(data, size);
	return 0;
}
