/*
 * test_json.c: unit tests for lib/feed/tp_json.c.
 *
 * What is JSON and what is not comes from RFC 8259's grammar (sections 2
 * to 7); the two documents navigated are the examples of its section 13.
 * The refused texts are the kinds nst/JSONTestSuite lists under n_
 * (trailing commas, leading zeros, bare control bytes, bad escapes, text
 * after the value, unclosed containers).
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "tap.h"
#include "feed/tp_json.h"

/* s with control bytes as '?', for a one-line test name. */
static const char *
shown(const char *s)
{
	static char buf[64];
	size_t k;

	for (k = 0; s[k] && k + 1 < sizeof(buf); k++)
		buf[k] = (unsigned char)s[k] < 0x20 ? '?' : s[k];
	buf[k] = '\0';
	return buf;
}

static void
test_grammar(void)
{
	static const char *const good[] = {
		"null", " true ", "[]", "{}", "[[]]", "-0", "0.5e+3", "1E-2",
		"\"\"", "\"\\u00e9\\n\\\"\\\\\\/\"", "[1,\"a\",null,{\"k\":[]}]",
		"{\"a\":{\"b\":{}}}", "\t[\r\n1 , 2\n]\n", "\"\xc3\xa9\"",
	};
	static const char *const bad[] = {
		"", " ", "[", "]", "[1,]", "[,1]", "{\"a\":1,}", "{\"a\"}",
		"{\"a\":}", "{1:2}", "[1 2]", "01", "1.", ".5", "-", "+1",
		"1e", "tru", "nul", "\"a", "\"\\x\"", "\"\\u12g4\"", "[1]x",
		"[\"\t\"]", "NaN", "[Infinity]", "'a'", "{\"a\" 1}",
	};
	struct tp_json j = { 0 };
	size_t k;

	for (k = 0; k < sizeof(good) / sizeof(good[0]); k++)
		tap_ok(tp_json_parse(&j, good[k], strlen(good[k])) == 0,
		    "JSON: %s", shown(good[k]));
	for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++)
		tap_ok(tp_json_parse(&j, bad[k], strlen(bad[k])) < 0 &&
		    j.why != NULL, "not JSON: \"%s\" (%s)", shown(bad[k]),
		    j.why != NULL ? j.why : "accepted");
	/* 65 levels of nesting is refused, 64 read */
	{
		char deep[140];

		memset(deep, '[', 64);
		memset(deep + 64, ']', 64);
		tap_ok(tp_json_parse(&j, deep, 128) == 0, "64 levels");
		memset(deep, '[', 65);
		memset(deep + 65, ']', 65);
		tap_ok(tp_json_parse(&j, deep, 130) < 0, "65 levels refused");
	}
	tp_json_release(&j);
}

/* RFC 8259, section 13, the first example (an object). */
static const char image[] =
"{\n"
"  \"Image\": {\n"
"      \"Width\":  800,\n"
"      \"Height\": 600,\n"
"      \"Title\":  \"View from 15th Floor\",\n"
"      \"Thumbnail\": {\n"
"          \"Url\":    \"http://www.example.com/image/481989943\",\n"
"          \"Height\": 125,\n"
"          \"Width\":  100\n"
"      },\n"
"      \"Animated\" : false,\n"
"      \"IDs\": [116, 943, 234, 38793]\n"
"    }\n"
"}";

/* The second example (an array of two objects). */
static const char places[] =
"[\n"
"  {\n"
"     \"precision\": \"zip\",\n"
"     \"Latitude\":  37.7668,\n"
"     \"Longitude\": -122.3959,\n"
"     \"Address\":   \"\",\n"
"     \"City\":      \"SAN FRANCISCO\",\n"
"     \"State\":     \"CA\",\n"
"     \"Zip\":       \"94107\",\n"
"     \"Country\":   \"US\"\n"
"  },\n"
"  {\n"
"     \"precision\": \"zip\",\n"
"     \"Latitude\":  37.371991,\n"
"     \"Longitude\": -122.026020,\n"
"     \"Address\":   \"\",\n"
"     \"City\":      \"SUNNYVALE\",\n"
"     \"State\":     \"CA\",\n"
"     \"Zip\":       \"94085\",\n"
"     \"Country\":   \"US\"\n"
"  }\n"
"]";

static void
test_navigate(void)
{
	struct tp_json j = { 0 };
	char buf[64];
	double v;
	int64_t x;
	int img, ids, e, n;

	tap_ok(tp_json_parse(&j, image, strlen(image)) == 0, "RFC example 1");
	img = tp_json_get(&j, 0, "Image");
	tap_ok(tp_json_size(&j, img) == 6, "Image has 6 members");
	tap_ok(tp_json_int(&j, tp_json_get(&j, img, "Width"), &x) == 0 &&
	    x == 800, "Image.Width 800");
	tap_ok(tp_json_int(&j, tp_json_get(&j, tp_json_get(&j, img,
	    "Thumbnail"), "Height"), &x) == 0 && x == 125,
	    "Image.Thumbnail.Height 125 (not Image.Height)");
	tap_ok(strcmp(tp_json_str(&j, tp_json_get(&j, img, "Title"), buf,
	    sizeof(buf)), "View from 15th Floor") == 0, "Image.Title");
	tap_ok(tp_json_type(&j, tp_json_get(&j, img, "Animated")) ==
	    TP_JSON_BOOL, "Image.Animated is a boolean");
	ids = tp_json_get(&j, img, "IDs");
	tap_ok(tp_json_int(&j, tp_json_at(&j, ids, 3), &x) == 0 &&
	    x == 38793, "IDs[3] 38793");
	tap_ok(tp_json_at(&j, ids, 4) == -1, "IDs[4] absent");
	for (n = 0, e = tp_json_first(&j, ids); e >= 0;
	    e = tp_json_next(&j, ids, e))
		n++;
	tap_ok(n == 4, "4 IDs walked");
	tap_ok(tp_json_get(&j, tp_json_get(&j, 0, "nope"), "Width") == -1,
	    "a lookup through an absent member is absent");
	tap_ok(tp_json_get(&j, ids, "Width") == -1, "an array has no members");

	tap_ok(tp_json_parse(&j, places, strlen(places)) == 0,
	    "RFC example 2 into the same tokens");
	tap_ok(tp_json_size(&j, 0) == 2, "two places");
	e = tp_json_at(&j, 0, 1);
	tap_ok(tp_json_num(&j, tp_json_get(&j, e, "Longitude"), &v) == 0 &&
	    v == -122.026020, "places[1].Longitude -122.026020");
	/* a string holding a number reads as one, as exchanges send them */
	tap_ok(tp_json_num(&j, tp_json_get(&j, e, "Zip"), &v) == 0 &&
	    v == 94085, "places[1].Zip \"94085\" as a number");
	tap_ok(tp_json_num(&j, tp_json_get(&j, e, "City"), &v) < 0,
	    "\"SUNNYVALE\" is no number");
	tap_ok(tp_json_is(&j, tp_json_get(&j, e, "Address"), ""),
	    "an empty string");
	tap_ok(tp_json_time(&j, tp_json_get(&j, e, "Zip"), 1000, &x) == 0 &&
	    x == 94085000, "a time in seconds from a string of digits");
	tp_json_release(&j);
}

static void
test_strings(void)
{
	static const char doc[] = "[\"a\\tb\\u00e9\\u20ac\\/\", \"x\\ny\"]";
	struct tp_json j = { 0 };
	char buf[32], small[4];
	int64_t x;

	tap_ok(tp_json_parse(&j, doc, strlen(doc)) == 0, "escapes");
	/* U+00E9 is C3 A9 in UTF-8, U+20AC is E2 82 AC (RFC 3629) */
	tap_ok(strcmp(tp_json_str(&j, tp_json_at(&j, 0, 0), buf, sizeof(buf)),
	    "a\tb\xc3\xa9\xe2\x82\xac/") == 0, "escapes undone");
	tap_ok(strcmp(tp_json_str(&j, tp_json_at(&j, 0, 1), small,
	    sizeof(small)), "x\ny") == 0, "cut to the buffer");
	/* RFC 8259 section 7: "\ud834\udd1e" is U+1D11E, F0 9D 84 9E in
	 * UTF-8 (RFC 3629); a lone half becomes U+FFFD, EF BF BD */
	tap_ok(tp_json_parse(&j, "[\"\\ud834\\udd1e\\ud834x\\udd1e\"]",
	    29) == 0 && strcmp(tp_json_str(&j, tp_json_at(&j, 0, 0), buf,
	    sizeof(buf)), "\xf0\x9d\x84\x9e\xef\xbf\xbdx\xef\xbf\xbd") == 0,
	    "a surrogate pair is one character, a lone half U+FFFD");
	tap_ok(tp_json_parse(&j, doc, strlen(doc)) == 0, "escapes again");
	tap_ok(!tp_json_is(&j, tp_json_at(&j, 0, 1), "x\\ny"),
	    "an escaped string is compared undone");
	tap_ok(tp_json_str(NULL, 0, buf, sizeof(buf)) == NULL &&
	    tp_json_type(NULL, 0) == -1, "no document has no values");
	tap_ok(tp_json_parse(&j, "[\"1e400\", 7.5, \"99999999999999999\"]",
	    35) == 0, "numbers");
	tap_ok(tp_json_num(&j, tp_json_at(&j, 0, 0), &(double){ 0 }) < 0,
	    "1e400 is out of range");
	tap_ok(tp_json_int(&j, tp_json_at(&j, 0, 1), &x) < 0,
	    "7.5 is not an integer");
	tap_ok(tp_json_time(&j, tp_json_at(&j, 0, 2), 1, &x) < 0,
	    "a time after 2200 is refused");
	tp_json_release(&j);
}

int
main(void)
{
	test_grammar();
	test_navigate();
	test_strings();
	return tap_done();
}
