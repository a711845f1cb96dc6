/*
 * test_journal.c: unit tests for the journal's canonical records, hashes,
 * row mapping and seal keys.
 *
 * Expected values: canonical texts written by hand from the rules in
 * tp-journal(1) and tp(7); number layouts from ECMAScript's
 * Number::toString (ECMA-262, 6.1.6.1.20); hashes from Python's hashlib
 * (blake2b, digest_size=32), computed outside tp:
 *   python3 -c 'import hashlib; print(hashlib.blake2b(
 *       b"{\"time\":1,\"open\":1.5}", digest_size=32).hexdigest())'
 * and the chain link as tests/journal/chain.py computes it; the Ed25519
 * key pair from RFC 8032, section 7.1, TEST 1.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "tap.h"
#include "journal/tp_journal.h"
#include "feed/tp_json.h"	/* beside tp_journal.h: no name twice */
#include "core/tp_secret.h"
#include "rec/tp_read.h"

static struct tp_names names;

static int
buf_is(const struct tp_buf *b, const char *want)
{
	return b->len == strlen(want) && memcmp(b->p, want, b->len) == 0;
}

static int
id(const char *s)
{
	return tp_names_intern(&names, s, strlen(s));
}

static int
hex_is(const unsigned char *p, size_t n, const char *want)
{
	char h[129];

	sodium_bin2hex(h, sizeof(h), p, n);
	return strcmp(h, want) == 0;
}

static void
test_canon(void)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_buf out = { 0 }, tmp = { 0 }, out2 = { 0 };
	struct tp_rec r, j;
	static const char *const want = "{\"time\":1704067200000,"
	    "\"open\":46216.93,\"symbol\":\"BTC/USDT\",\"note\":\"a,\\\"b\\\"\","
	    "\"flag\":true,\"empty\":null,\"code\":\"007\"}";
	static const char json[] = "{\"time\":1704067200000, \"open\":"
	    "46216.930000, \"symbol\":\"BTC\\/USDT\",\"note\":\"a,\\u0022b\\\"\","
	    "\"flag\":true,\"empty\":null,\"code\":\"007\"}";

	tp_rec_init(&r);
	tp_rec_init(&j);
	/* The record as a CSV reader makes it. */
	tp_rec_add(&r, id("time"), TP_ENC_CSV, "1704067200000", 13);
	tp_rec_add(&r, id("open"), TP_ENC_CSV, "46216.93000000", 14);
	tp_rec_add(&r, id("symbol"), TP_ENC_CSV, "BTC/USDT", 8);
	tp_rec_add(&r, id("note"), TP_ENC_CSVQ, "\"a,\"\"b\"\"\"", 9);
	tp_rec_add(&r, id("flag"), TP_ENC_CSV, "true", 4);
	tp_rec_add(&r, id("empty"), TP_ENC_CSV, "", 0);
	tp_rec_add(&r, id("code"), TP_ENC_CSV, "007", 3);
	tap_ok(tp_journal_canon(&r, &names, &out, &tmp, &err) == 0 &&
	    buf_is(&out, want), "canon: CSV cells typed, zeros trimmed, "
	    "quotes decoded: %.*s%s", (int)out.len, out.p, err.msg);
	tap_ok(tp_reader_parse_json(&names, json, sizeof(json) - 1, "t", 1, &j,
	    &err) == 0 && tp_journal_canon(&j, &names, &out2, &tmp,
	    &err) == 0 && buf_is(&out2, want), "canon: the same record from "
	    "NDJSON, other escapes and spacing, is the same text");
	tp_rec_release(&r);
	tp_rec_release(&j);
	tp_buf_release(&out);
	tp_buf_release(&out2);
	tp_buf_release(&tmp);
}

/* The canonical text of one number field. */
static int
canon_num(const char *num, const char *want)
{
	struct tp_err err = TP_ERR_INIT;
	struct tp_buf out = { 0 }, tmp = { 0 };
	struct tp_rec r;
	char full[80];
	int ok;

	tp_rec_init(&r);
	tp_rec_add(&r, id("x"), TP_ENC_NUM, num, strlen(num));
	snprintf(full, sizeof(full), "{\"x\":%s}", want);
	ok = tp_journal_canon(&r, &names, &out, &tmp, &err) == 0 &&
	    buf_is(&out, full);
	tp_rec_release(&r);
	tp_buf_release(&out);
	tp_buf_release(&tmp);
	return ok;
}

static void
test_numbers(void)
{
	static const char *const v[][2] = {
		{ "1e2", "100" }, { "-0.0", "-0" }, { "0.0000010", "0.000001" },
		{ "1e-7", "1e-7" }, { "1.5E-7", "1.5e-7" }, { "1E21", "1e+21" },
		{ "123456789012345678901", "123456789012345680000" },
		{ "0.1000000000000000055511151231257827", "0.1" },
	};
	struct tp_err err = TP_ERR_INIT;
	struct tp_buf out = { 0 }, tmp = { 0 };
	struct tp_rec r;
	size_t k;

	for (k = 0; k < sizeof(v) / sizeof(v[0]); k++)
		tap_ok(canon_num(v[k][0], v[k][1]), "canon: %s is %s", v[k][0],
		    v[k][1]);
	tp_rec_init(&r);
	tp_rec_add(&r, id("x"), TP_ENC_NUM, "1e400", 5);
	tap_ok(tp_journal_canon(&r, &names, &out, &tmp, &err) < 0 &&
	    err.code == TP_EX_DATAERR && strstr(err.msg, "out of range"),
	    "canon: 1e400 is a data error: %s", err.msg);
	tp_rec_release(&r);
	tp_buf_release(&out);
	tp_buf_release(&tmp);
}

static void
test_hash(void)
{
	static const char rec[] = "{\"time\":1,\"open\":1.5}";
	unsigned char zero[TP_HASH_LEN] = { 0 }, rh[TP_HASH_LEN];
	unsigned char h1[TP_HASH_LEN], h2[TP_HASH_LEN];

	crypto_generichash(rh, TP_HASH_LEN, (const unsigned char *)rec,
	    sizeof(rec) - 1, NULL, 0);
	tap_ok(hex_is(rh, TP_HASH_LEN, "bd975432d01aa4d884de7807330a23e9"
	    "86540b8b4825a199f2f16ef9d106abe1"), "BLAKE2b-256 of a record "
	    "is hashlib's");
	tp_journal_hash(zero, 1, 1704067200000LL, "candle", rh, h1);
	tap_ok(hex_is(h1, TP_HASH_LEN, "647d6d17b1ac6347ff44555371d2c655"
	    "a652ee04f2e1bca1f5a43da44189c03f"), "chain: the first link");
	tp_journal_hash(h1, 2, 1704067200000LL, "trade", rh, h2);
	tap_ok(hex_is(h2, TP_HASH_LEN, "25b00d0a196725f6a57520d2a1a07d84"
	    "6a1761d0ff0e8efb0afc0a1025fa6fb8"), "chain: the second link "
	    "covers the first");
}

static void
test_rows(void)
{
	static const char line[] = "{\"time\":1,\"open\":1.5,\"high\":2,"
	    "\"low\":1,\"close\":1.5,\"volume\":0,\"symbol\":\"X\","
	    "\"signal\":\"enter_long\",\"cdldoji\":100,\"cdlhammer\":0}";
	struct tp_err err = TP_ERR_INIT;
	struct tp_jmap m;
	struct tp_rec r;
	int ok;

	tp_rec_init(&r);
	tp_jmap_init(&m, &names, &err);
	ok = tp_reader_parse_json(&names, line, sizeof(line) - 1, "t", 1, &r,
	    &err) == 0 && tp_jmap_derive(&m, &r, &err) == 0;
	tap_ok(ok && m.nrows == 3 && m.rows[0].table == TP_JTAB_CANDLES &&
	    m.rows[1].table == TP_JTAB_DECISIONS &&
	    m.rows[2].table == TP_JTAB_PATTERNS && strcmp(m.kind,
	    "candle") == 0, "a candle with a signal and a pattern makes "
	    "three rows");
	tap_ok(ok && m.rows[0].v[1].type == SQLITE_TEXT &&
	    m.rows[0].v[1].n == 1 && *m.rows[0].v[1].s == 'X' &&
	    m.rows[0].v[0].type == SQLITE_TEXT && m.rows[0].v[0].n == 0,
	    "its key: the symbol, and '' for the missing exchange");
	tap_ok(ok && m.rows[0].v[4].type == SQLITE_FLOAT &&
	    m.rows[0].v[4].d == 1.5 && m.rows[0].v[3].type ==
	    SQLITE_INTEGER && m.rows[0].v[3].i == 1, "its values typed");
	tp_jmap_release(&m);
	tp_rec_release(&r);
}

/* An LLM answer goes to ai_answers under its own kind; its texts are
 * stored decoded, at their decoded length ("a\nb" is 3 bytes, not the 4
 * of its escape). */
static void
test_llm_rows(void)
{
	static const char line[] = "{\"type\":\"llm_answer\",\"time\":1,"
	    "\"model\":\"deepseek\",\"reasoning\":\"a\\nb\","
	    "\"decision\":\"BUY\",\"completion_tokens\":56}";
	const struct tp_jtable *tb = &tp_jtables[TP_JTAB_AI_ANSWERS];
	struct tp_err err = TP_ERR_INIT;
	const struct tp_jval *v = NULL;
	struct tp_jmap m;
	struct tp_rec r;
	int ok, c, reasoning = -1, tokens = -1;

	for (c = 0; c < tb->ncols; c++) {
		if (strcmp(tb->cols[c].col, "reasoning") == 0)
			reasoning = c;
		if (strcmp(tb->cols[c].col, "completion_tokens") == 0)
			tokens = c;
	}
	tp_rec_init(&r);
	tp_jmap_init(&m, &names, &err);
	ok = tp_reader_parse_json(&names, line, sizeof(line) - 1, "t", 1, &r,
	    &err) == 0 && tp_jmap_derive(&m, &r, &err) == 0;
	if (ok)
		v = m.rows[0].v;
	tap_ok(ok && m.nrows == 1 && m.rows[0].table == TP_JTAB_AI_ANSWERS &&
	    strcmp(m.kind, "llm_answer") == 0, "an llm_answer makes one "
	    "ai_answers row");
	tap_ok(v != NULL && reasoning >= 0 && v[reasoning].type ==
	    SQLITE_TEXT && v[reasoning].n == 3 && memcmp(v[reasoning].s,
	    "a\nb", 3) == 0, "its reasoning decoded, 3 bytes");
	tap_ok(v != NULL && tokens >= 0 && v[tokens].type == SQLITE_INTEGER &&
	    v[tokens].i == 56, "its tokens a whole number");
	tp_jmap_release(&m);
	tp_rec_release(&r);
}

static void
test_keys(void)
{
	/* RFC 8032, 7.1, TEST 1: SECRET KEY and PUBLIC KEY. */
	static const unsigned char seed[32] = {
		0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84,
		0x4a, 0xf4, 0x92, 0xec, 0x2c, 0xc4, 0x44, 0x49, 0xc5, 0x69,
		0x7b, 0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae,
		0x7f, 0x60
	};
	static const char pub[] = "d75a980182b10ab7d54bfed3c964073a"
	    "0ee172f3daa62325af021a68f707511a";
	unsigned char sk[crypto_sign_SECRETKEYBYTES];
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	struct tp_err err = TP_ERR_INIT;
	char path[] = "/tmp/tp-test-keyXXXXXX";
	char text[600];
	int fd = mkstemp(path);
	ssize_t n;

	close(fd);
	unlink(path);
	setenv(TP_SECRET_ENV, "correct horse battery staple", 1);
	tap_ok(tp_secret_write(path, seed, sizeof(seed), &err) == 0,
	    "seal key: written encrypted");
	fd = open(path, O_RDONLY);
	n = fd < 0 ? -1 : read(fd, text, sizeof(text) - 1);
	close(fd);
	text[n > 0 ? n : 0] = '\0';
	tap_ok(n > 0 && strncmp(text, "tp-secret 1 ", 12) == 0 &&
	    strstr(text, "9d61b19d") == NULL, "seal key: the file does not "
	    "hold the seed in plain text");
	tap_ok(tp_journal_secret_key(path, sk, &err) == 0 &&
	    hex_is(sk + 32, 32, pub), "seal key: RFC 8032's public key from "
	    "its seed, through the file");
	tap_ok(tp_journal_public_key(pub, pk, &err) == 0 &&
	    memcmp(pk, sk + 32, 32) == 0, "public key from hex");
	setenv(TP_SECRET_ENV, "wrong", 1);
	tap_ok(tp_journal_secret_key(path, sk, &err) < 0 &&
	    err.code == TP_EX_CONFIG && strstr(err.msg, "wrong passphrase"),
	    "a wrong passphrase is refused");
	tp_err_clear(&err);
	setenv(TP_SECRET_ENV, "correct horse battery staple", 1);
	chmod(path, 0640);
	tap_ok(tp_journal_secret_key(path, sk, &err) < 0 &&
	    err.code == TP_EX_CONFIG, "a key file others can read is refused");
	unlink(path);
	tp_err_clear(&err);
	tap_ok(tp_journal_public_key("abc", pk, &err) < 0, "a short key is "
	    "refused");
}

int
main(void)
{
	if (sodium_init() < 0)
		return 1;
	tp_names_init(&names);
	test_canon();
	test_numbers();
	test_hash();
	test_rows();
	test_llm_rows();
	test_keys();
	tp_names_release(&names);
	return tap_done();
}
