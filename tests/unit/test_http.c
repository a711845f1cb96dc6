/*
 * test_http.c: tp_http_printable, the exchange's words made safe to quote.
 *
 * Expected values: the byte values of UTF-8 from RFC 3629 (section 3's
 * table, and its section 4 syntax: C0 and C1 as lead bytes, F5 to FF, and
 * the surrogates ED A0..BF are not UTF-8); the C0 and C1 control ranges
 * and DEL from ISO/IEC 6429 (U+0000-U+001F, U+007F, U+0080-U+009F).
 */
#include <string.h>

#include "tap.h"
#include "feed/tp_http.h"

static int
is(const char *in, size_t n, size_t m, const char *want)
{
	char out[64];

	tp_http_printable(in, n, out, m);
	if (strcmp(out, want) != 0) {
		printf("# got \"%s\", want \"%s\"\n", out, want);
		return 0;
	}
	return 1;
}

int
main(void)
{
	tap_ok(is("Invalid symbol.", 15, 64, "Invalid symbol."),
	    "printable: plain ASCII is kept");
	tap_ok(is("a\x1b[2Jb\n\t\x7f", 9, 64, "a\\x1b[2Jb\\x0a\\x09\\x7f"),
	    "printable: C0 controls and DEL as \\xNN");
	tap_ok(is("\xc2\x9b" "31m", 5, 64, "\\u009b31m"),
	    "printable: a C1 control (U+009B, C2 9B) as \\u009b");
	tap_ok(is("\xc2\xa0\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 11, 64,
	    "\xc2\xa0\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"),
	    "printable: U+00A0, U+00E9, U+20AC and U+1F600 are kept");
	tap_ok(is("\x9b\xc0\x80\xed\xa0\x80\xf5\xff", 8, 64,
	    "\\x9b\\xc0\\x80\\xed\\xa0\\x80\\xf5\\xff"),
	    "printable: a lone continuation byte, an overlong NUL, a "
	    "surrogate and F5, FF are not UTF-8: each byte as \\xNN");
	tap_ok(is("\xe2\x82", 2, 64, "\\xe2\\x82"),
	    "printable: a character cut short at the end as \\xNN");
	tap_ok(is("ab\x1b", 3, 6, "ab"),
	    "printable: an escape that does not fit is left out whole");
	tap_ok(is("a\xe2\x82\xac", 4, 4, "a"),
	    "printable: a character that does not fit is left out whole");
	tap_ok(is("abc", 3, 1, ""), "printable: room for the NUL only");
	tap_ok(is("a\0b", 3, 64, "a\\x00b"), "printable: a NUL as \\x00");
	return tap_done();
}
