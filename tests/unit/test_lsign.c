/*
 * test_lsign.c: request signatures (live/tp_lsign.h) against the
 * exchanges' documented vectors.
 *
 * Every expected value is copied from the documentation, as gathered in
 * tp's shared fixtures (signing-vectors.json, verified there with
 * python's hmac and OpenSSL 3.0):
 *  - Binance REST HMAC, ASCII and percent-encoded payloads:
 *    binance/binance-spot-api-docs@a5e0bc3d rest-api.md, "SIGNED
 *    Endpoint Examples for POST /api/v3/order", HMAC keys;
 *  - Binance "timestamp=1578963600000": binance/binance-signature-
 *    examples@f3deb0a2 README.md;
 *  - Binance WebSocket API HMAC (sorted parameters, raw UTF-8):
 *    web-socket-api.md, "SIGNED request example (HMAC)";
 *  - Binance Ed25519: fix-api.md, "How to sign Logon <A> request" (the
 *    only Ed25519 example whose private key is published);
 *  Bybit's HMAC is the same HMAC-SHA256 (its documented values cannot
 *  be checked: the docs never give the secret); its string to sign is
 *  tested with the Bybit venue (test_lbybit.c).
 */
#include <string.h>

#include <sodium.h>

#include "tap.h"
#include "live/tp_lsign.h"

static const char binance_secret[] =
    "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";

static void
hmac_is(const char *msg, const char *want, const char *what)
{
	char sig[TP_LSIGN_HEX];

	tp_lsign_hmac((const unsigned char *)binance_secret,
	    strlen(binance_secret), msg, strlen(msg), sig);
	tap_ok(strcmp(sig, want) == 0, "%s: %s", what, sig);
}

static void
test_hmac(void)
{
	hmac_is("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&"
	    "quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559",
	    "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71",
	    "Binance REST HMAC, ASCII");
	hmac_is("symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96"
	    "&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&"
	    "recvWindow=5000&timestamp=1499827319559",
	    "e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3",
	    "Binance REST HMAC, percent-encoded");
	hmac_is("timestamp=1578963600000",
	    "d84e6641b1e328e7b418fff030caed655c266299c9355e36ce801ed14631eed4",
	    "binance-signature-examples timestamp");
	hmac_is("apiKey=vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7"
	    "Ju91duEh8A&price=52000.00&quantity=0.01000000&recvWindow=100&"
	    "side=SELL&symbol=BTCUSDT&timeInForce=GTC&timestamp=1645423376532"
	    "&type=LIMIT",
	    "aa1b5712c094bc4e57c05a1a5c1fd8d88dcd628338ea863fec7b88e59fe2db24",
	    "Binance WebSocket HMAC, ASCII");
	hmac_is("apiKey=vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7"
	    "Ju91duEh8A&price=0.10000000&quantity=1.00000000&recvWindow=5000&"
	    "side=BUY&symbol=\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93\xef\xbc\x94"
	    "\xef\xbc\x95\xef\xbc\x96&timeInForce=GTC&timestamp=1645423376532"
	    "&type=LIMIT",
	    "b33892ae8e687c939f4468c6268ddd4c40ac1af18ad19a064864c47bae0752cd",
	    "Binance WebSocket HMAC, raw UTF-8");
}

/* The percent-encoding Binance signs: the docs' symbol １２３４５６. */
static void
test_pct(void)
{
	struct tp_buf b = { 0 };
	const char *s = "\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93\xef\xbc\x94"
	    "\xef\xbc\x95\xef\xbc\x96";

	tap_ok(tp_lsign_pct(&b, s, strlen(s)) == 0 && tp_buf_add(&b, "", 1)
	    == 0 && strcmp(b.p, "%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC"
	    "%95%EF%BC%96") == 0, "percent-encoding as rest-api.md shows");
	b.len = 0;
	tap_ok(tp_lsign_pct(&b, "a-._~ /+=&", 10) == 0 && tp_buf_add(&b, "",
	    1) == 0 && strcmp(b.p, "a-._~%20%2F%2B%3D%26") == 0,
	    "RFC 3986 unreserved kept, the rest encoded: %s", b.p);
	tp_buf_release(&b);
}

static void
test_ed25519(void)
{
	static const char pem[] = "-----BEGIN PRIVATE KEY-----\n"
	    "MC4CAQAwBQYDK2VwBCIEIIJEYWtGBrhACmb9Dvy+qa8WEf0lQOl1s4CLIAB9m89u\n"
	    "-----END PRIVATE KEY-----\n";
	static const char msg[] = "A\001EXAMPLE\001SPOT\0011\001"
	    "20240627-11:17:25.223";
	unsigned char sk[TP_LSIGN_SK];
	char sig[TP_LSIGN_B64], pk[65];

	tap_ok(tp_lsign_ed25519_pem(pem, sk) == 0, "the FIX example's PEM "
	    "reads");
	sodium_bin2hex(pk, sizeof(pk), sk + 32, 32);
	tap_ok(strcmp(pk, "19420abfd752a565c15625e9da6eaf0086fc40c14960183214"
	    "442c14996a800d") == 0, "its public key is the one openssl "
	    "derives: %s", pk);
	tp_lsign_ed25519(sk, msg, strlen(msg), sig);
	tap_ok(strcmp(sig, "4MHXelVVcpkdwuLbl6n73HQUXUf1dse2PCgT1DYqW9w8AVZ1RA"
	    "CFGM+5UdlGPrQHrgtS3CvsRURC1oj73j8gCA==") == 0,
	    "Binance Ed25519, the FIX Logon example: %s", sig);
	tap_ok(tp_lsign_ed25519_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n"
	    "-----END PRIVATE KEY-----\n", sk) < 0, "a short DER is refused");
	tap_ok(tp_lsign_ed25519_pem("-----BEGIN RSA PRIVATE KEY-----\n",
	    sk) < 0, "not a PKCS#8 PEM: refused");
}

int
main(void)
{
	if (sodium_init() < 0)
		return 1;
	test_hmac();
	test_pct();
	test_ed25519();
	return tap_done();
}
