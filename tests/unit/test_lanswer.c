/*
 * test_lanswer.c: a model's answer read strictly (lib/llm/tp_lanswer.h).
 *
 * The bodies are shaped as OpenAI's chat completions reference gives a
 * response (platform.openai.com/docs/api-reference/chat/object: choices[].
 * message.content, finish_reason, usage.prompt_tokens and completion_tokens)
 * and OpenRouter's error (openrouter.ai/docs/api-reference/errors:
 * {"error": {"code": 429, "message": ...}}, also with status 200); what is
 * an answer and what abstains is issue 25's rule (a JSON object with
 * decision BUY, SELL or HOLD, confidence in 0..1, reasoning) as
 * tp_lanswer.h spells it out.  The reasons that quote jansson are its
 * messages as its src/load.c (2.14, Debian's) words them: the message,
 * then " near '%s'" with the text of the token it stopped at.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "llm/tp_lanswer.h"

#define GOOD "{\"decision\": \"BUY\", \"confidence\": 0.7, " \
	"\"reasoning\": \"RSI 28, oversold above the 200 EMA\"}"

static char why[256];

/* A chat completions body whose message content is content (NULL: a null
 * content), with usage when prompt >= 0. */
static char *
body(const char *content, long prompt, long completion, const char *finish)
{
	json_t *msg = json_pack("{s:s, s:o}", "role", "assistant", "content",
	    content ? json_string(content) : json_null());
	json_t *root = json_pack("{s:s, s:s, s:[{s:i, s:o, s:s}]}", "id",
	    "gen-1", "model", "deepseek/deepseek-chat-v3.1", "choices",
	    "index", 0, "message", msg, "finish_reason", finish);
	char *s;

	if (prompt >= 0)
		json_object_set_new(root, "usage", json_pack("{s:i, s:i, s:i}",
		    "prompt_tokens", (json_int_t)prompt, "completion_tokens",
		    (json_int_t)completion, "total_tokens",
		    (json_int_t)(prompt + completion)));
	s = json_dumps(root, JSON_COMPACT);
	json_decref(root);
	return s;
}

static int
parse(const char *b, struct tp_lanswer *a)
{
	why[0] = '\0';
	return tp_lanswer_parse(b, strlen(b), a, why, sizeof(why));
}

/* The content text alone abstains, with exactly reason r. */
static void
refused(const char *content, const char *r, const char *what)
{
	struct tp_lanswer a;
	int rc;

	why[0] = '\0';
	rc = tp_lanswer_content(content, strlen(content), &a, why,
	    sizeof(why));
	if (!tap_ok(rc == -1 && strcmp(why, r) == 0 && a.reasoning == NULL &&
	    a.dec == TP_LLM_HOLD, "%s: abstains, \"%s\"", what, r))
		printf("# rc %d, why \"%s\"\n", rc, why);
	tp_lanswer_release(&a);
}

/* The body b abstains with a reason starting with r. */
static void
body_refused(const char *b, const char *r, const char *what)
{
	struct tp_lanswer a;
	int rc = parse(b, &a);

	if (!tap_ok(rc == -1 && strncmp(why, r, strlen(r)) == 0 &&
	    a.reasoning == NULL, "%s: abstains, \"%s...\"", what, r))
		printf("# rc %d, why \"%s\"\n", rc, why);
	tp_lanswer_release(&a);
}

static void
test_good(void)
{
	struct tp_lanswer a;
	char *b = body(GOOD, 1234, 56, "stop");

	tap_ok(parse(b, &a) == 0 && a.dec == TP_LLM_BUY && a.conf == 0.7 &&
	    !a.has_sentiment && strcmp(a.reasoning,
	    "RSI 28, oversold above the 200 EMA") == 0,
	    "a good answer: BUY 0.7 and its reasoning");
	tap_ok(a.prompt_tokens == 1234 && a.completion_tokens == 56,
	    "usage: 1234 prompt tokens, 56 completion tokens");
	tap_ok(a.content != NULL && strcmp(a.content, GOOD) == 0,
	    "the content as sent, for the cache");
	tp_lanswer_release(&a);
	tp_lanswer_release(&a);
	tap_ok(a.reasoning == NULL && a.content == NULL,
	    "released (twice is harmless)");
	free(b);

	b = body(GOOD, -1, 0, "stop");
	tap_ok(parse(b, &a) == 0 && a.prompt_tokens == -1 &&
	    a.completion_tokens == -1, "no usage: tokens unknown (-1)");
	tp_lanswer_release(&a);
	free(b);

	/* usage is bookkeeping: a bad count is unknown, not an abstention */
	b = "{\"choices\":[{\"message\":{\"content\":\"{\\\"decision\\\":"
	    "\\\"SELL\\\",\\\"confidence\\\":1,\\\"reasoning\\\":\\\"\\\"}\"}}],"
	    "\"usage\":{\"prompt_tokens\":\"12\",\"completion_tokens\":-3}}";
	tap_ok(parse(b, &a) == 0 && a.dec == TP_LLM_SELL && a.conf == 1 &&
	    strcmp(a.reasoning, "") == 0 && a.prompt_tokens == -1 &&
	    a.completion_tokens == -1,
	    "usage \"12\" and -3: unknown; confidence 1 (an integer); "
	    "reasoning \"\"");
	tp_lanswer_release(&a);
}

static void
test_content(void)
{
	struct tp_lanswer a;
	const char *s;

	s = " \n\t{\"decision\":\"hold\",\"confidence\":0,\"reasoning\":\"flat"
	    "\",\"sentiment\":-0.3,\"horizon\":\"1h\"}\r\n ";
	tap_ok(tp_lanswer_content(s, strlen(s), &a, why, sizeof(why)) == 0 &&
	    a.dec == TP_LLM_HOLD && a.conf == 0 && a.has_sentiment &&
	    a.sentiment == -0.3 && a.content == NULL &&
	    a.prompt_tokens == -1, "white space around, \"hold\" in lower "
	    "case, sentiment -0.3, other keys ignored");
	tp_lanswer_release(&a);
	s = "{\"decision\":\"Sell\",\"confidence\":0.55,\"reasoning\":\"x\","
	    "\"sentiment\":null}";
	tap_ok(tp_lanswer_content(s, strlen(s), &a, why, sizeof(why)) == 0 &&
	    a.dec == TP_LLM_SELL && !a.has_sentiment,
	    "\"Sell\": SELL; sentiment null: none");
	tp_lanswer_release(&a);
	s = "{\"decision\":\"BUY\",\"confidence\":1,\"reasoning\":\"x\","
	    "\"sentiment\":1}";
	tap_ok(tp_lanswer_content(s, strlen(s), &a, why, sizeof(why)) == 0 &&
	    a.conf == 1 && a.sentiment == 1, "confidence 1 and sentiment 1: "
	    "the ends of their ranges");
	tp_lanswer_release(&a);
}

static void
test_refused(void)
{
	refused("Here is my answer: " GOOD, "not a JSON object",
	    "prose before the object");
	refused(GOOD " Hope this helps!", "not a JSON object: end of file "
	    "expected near 'Hope'", "prose after the object");
	refused("```json\n" GOOD "\n```", "not a JSON object (a ``` block)",
	    "a fenced block");
	refused("BUY", "not a JSON object", "a bare word");
	refused("[" GOOD "]", "not a JSON object", "an array");
	refused(" \n ", "empty answer", "white space only");
	refused("{\"decision\": \"BUY\", \"confidence\": 0.7, \"reason",
	    "not a JSON object: premature end of input near '\"reason'",
	    "truncated JSON");
	refused("{\"action\":\"BUY\",\"confidence\":0.7,\"reasoning\":\"x\"}",
	    "no \"decision\"", "\"action\" for \"decision\"");
	refused("{\"decision\":\"BUY\",\"conf\":0.7,\"reasoning\":\"x\"}",
	    "no \"confidence\"", "\"conf\" for \"confidence\"");
	refused("{\"decision\":\"BUY\",\"confidence\":0.7}",
	    "no \"reasoning\"", "no reasoning");
	refused("{\"decision\":\"BUY\",\"confidence\":0.7,\"reasoning\":5}",
	    "\"reasoning\" is not a string", "reasoning 5");
	refused("{\"decision\":\"BUY \",\"confidence\":0.7,\"reasoning\":\"x\"}",
	    "decision \"BUY \" is not BUY, SELL or HOLD", "\"BUY \"");
	refused("{\"decision\":\"STRONG_BUY\",\"confidence\":0.7,"
	    "\"reasoning\":\"x\"}",
	    "decision \"STRONG_BUY\" is not BUY, SELL or HOLD", "STRONG_BUY");
	refused("{\"decision\":1,\"confidence\":0.7,\"reasoning\":\"x\"}",
	    "\"decision\" is not a string", "decision 1");
	refused("{\"decision\":\"BUY\",\"confidence\":1.7,\"reasoning\":\"x\"}",
	    "confidence 1.7 is outside 0..1", "confidence 1.7");
	refused("{\"decision\":\"BUY\",\"confidence\":-0.1,\"reasoning\":"
	    "\"x\"}", "confidence -0.1 is outside 0..1", "confidence -0.1");
	refused("{\"decision\":\"BUY\",\"confidence\":1.0000001,\"reasoning\":"
	    "\"x\"}", "confidence 1.0000001 is outside 0..1",
	    "confidence 1.0000001, written in full");
	refused("{\"decision\":\"BUY\",\"confidence\":\"0.7\",\"reasoning\":"
	    "\"x\"}", "\"confidence\" is not a number", "confidence \"0.7\"");
	refused("{\"decision\":\"BUY\",\"confidence\":NaN,\"reasoning\":\"x\"}",
	    "not a JSON object: invalid token near 'NaN'", "confidence NaN");
	refused("{\"decision\":\"BUY\",\"confidence\":null,\"reasoning\":"
	    "\"x\"}", "\"confidence\" is not a number", "confidence null");
	refused("{\"decision\":\"BUY\",\"confidence\":0.7,\"reasoning\":\"x\","
	    "\"sentiment\":1.5}", "sentiment 1.5 is outside -1..1",
	    "sentiment 1.5");
	refused("{\"decision\":\"BUY\",\"confidence\":0.7,\"reasoning\":\"x\","
	    "\"sentiment\":\"up\"}", "\"sentiment\" is not a number",
	    "sentiment \"up\"");
	refused("{\"decision\":\"BUY\",\"decision\":\"SELL\",\"confidence\":"
	    "0.7,\"reasoning\":\"x\"}", "not a JSON object: duplicate object "
	    "key near '\"decision\"'", "decision twice");
}

static void
test_bodies(void)
{
	struct tp_lanswer a;
	char *b, *big, msg[400];

	body_refused("{\"error\":{\"message\":\"Rate limit exceeded: free-"
	    "models-per-day\",\"code\":429}}", "API error 429: Rate limit "
	    "exceeded: free-models-per-day", "OpenRouter's error object");
	body_refused("{\"id\":\"x\",\"error\":{\"message\":\"Provider returned "
	    "error\",\"code\":\"502\"},\"choices\":[{\"message\":{\"content\":"
	    "\"{}\"}}]}", "API error 502: Provider returned error",
	    "an error with choices too (status 200)");
	body_refused("{\"error\":\"overloaded\"}", "API error: overloaded",
	    "an error string");
	body_refused("{\"error\":{\"code\":500}}", "API error 500: no message",
	    "an error without message");
	snprintf(msg, sizeof(msg), "{\"error\":{\"message\":\"a\\nb\\u001b[31m"
	    "c\\u009bd%0300d\"}}", 0);
	parse(msg, &a);
	/* 200 bytes of the message: "a\nb", ESC, "[31mc", U+009B (2 bytes
	 * in UTF-8), "d" are 12, then 188 zeros; the two bytes of U+009B
	 * become one space: 199 */
	tap_ok(strncmp(why, "API error: a b [31mc d000", 25) == 0 &&
	    strlen(why) == strlen("API error: ") + 199,
	    "an error's message: controls (C0, ESC, C1) become spaces, cut "
	    "to 200 bytes");
	tp_lanswer_release(&a);

	b = body(NULL, 20, 0, "stop");
	body_refused(b, "choices[0].message.content is not a string",
	    "a null content");
	free(b);
	body_refused("{\"choices\":[{\"message\":{\"content\":null,\"refusal\":"
	    "\"I can't help with that\"}}]}",
	    "refused: I can't help with that", "a refusal");
	body_refused("{\"choices\":[]}", "no choices[0].message",
	    "no choices");
	body_refused("{\"object\":\"chat.completion\"}",
	    "no choices[0].message", "no choices key");
	body_refused("[{\"choices\":[]}]", "response is not a JSON object",
	    "an array");
	body_refused("<html>502 Bad Gateway</html>", "response is not JSON: ",
	    "an HTML page");
	body_refused("{\"choices\":[{\"message\":{\"content\":\"{\\\"decision"
	    "\\\":\\\"BUY\\\"", "response is not JSON: ", "a truncated body");
	body_refused("", "response is not JSON: ", "an empty body");

	/* cut at max_tokens: the tokens and the text kept, the reason said */
	b = body("{\"decision\":\"BUY\",\"confidence\":0.7,\"reasoning\":\"The"
	    " RSI", 900, 600, "length");
	tap_ok(parse(b, &a) == -1 && strcmp(why, "answer cut at max_tokens "
	    "(finish_reason length)") == 0 && a.prompt_tokens == 900 &&
	    a.completion_tokens == 600 && a.content != NULL &&
	    a.reasoning == NULL && a.dec == TP_LLM_HOLD,
	    "finish_reason length: abstains, usage and content kept");
	tp_lanswer_release(&a);
	free(b);
	/* refused content keeps usage too */
	b = body("{\"decision\":\"BUY\",\"confidence\":1.7,\"reasoning\":\"x\"}",
	    100, 10, "stop");
	tap_ok(parse(b, &a) == -1 && strcmp(why, "confidence 1.7 is outside "
	    "0..1") == 0 && a.prompt_tokens == 100 && a.conf == 0,
	    "confidence 1.7 in a body: abstains, its usage kept");
	tp_lanswer_release(&a);
	free(b);

	/* over 1 MiB: refused before it is read */
	big = malloc(TP_LANSWER_MAX + 2);
	memset(big, ' ', TP_LANSWER_MAX + 1);
	big[0] = '{';
	big[TP_LANSWER_MAX] = '}';
	tap_ok(tp_lanswer_parse(big, TP_LANSWER_MAX + 1, &a, why,
	    sizeof(why)) == -1 && strcmp(why, "response over 1 MiB") == 0,
	    "a body over 1 MiB");
	tp_lanswer_release(&a);
	tap_ok(tp_lanswer_content(big, TP_LANSWER_MAX + 1, &a, why,
	    sizeof(why)) == -1 && strcmp(why, "answer over 1 MiB") == 0,
	    "content over 1 MiB");
	tp_lanswer_release(&a);
	free(big);
}

/* A reason cut to its room never ends inside a UTF-8 sequence. */
static void
test_why(void)
{
	struct tp_lanswer a;
	const char *s = "{\"decision\":\"\xc3\xa9\xc3\xa9\",\"confidence\":0.7,"
	    "\"reasoning\":\"x\"}";
	char small[16];

	/* "decision \"" is 10 bytes, then the first byte of U+00E9 */
	tap_ok(tp_lanswer_content(s, strlen(s), &a, small, 12) ==
	    -1 && strcmp(small, "decision \"") == 0,
	    "a reason cut inside U+00E9 drops its first byte");
	tp_lanswer_release(&a);
	tap_ok(tp_lanswer_content(s, strlen(s), &a, small, 13) == -1 &&
	    strcmp(small, "decision \"\xc3\xa9") == 0, "room for all of it: "
	    "kept");
	tp_lanswer_release(&a);
	tap_ok(tp_lanswer_content(s, strlen(s), &a, NULL, 0) == -1,
	    "no room for a reason at all");
	tp_lanswer_release(&a);
}

int
main(void)
{
	test_good();
	test_content();
	test_refused();
	test_bodies();
	test_why();
	return tap_done();
}
