/*
 * fuzz_llm.c: a model's answer (lib/llm/tp_lanswer.c) on any bytes, as a
 * chat completions body and as the message content alone.
 *
 * An answer taken must hold what tp_lanswer.h promises: one of the three
 * decisions, a confidence in [0, 1], a sentiment in [-1, 1] when there is
 * one, a reasoning, and (from a body) the content, which read alone gives
 * the same answer.  An abstention must leave no answer (no reasoning,
 * HOLD) and a reason that is one line of well-formed UTF-8 with no control
 * character (C0, DEL, C1), not empty, within its room; the reason given
 * less room is a prefix of the one given more.  Any breach aborts; the
 * sanitizers catch the rest (leaks included).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "llm/tp_lanswer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define WHY 256

static void
want(int ok)
{
	if (!ok)
		abort();
}

/* s is well-formed UTF-8 without controls. */
static void
clean_line(const char *why)
{
	const unsigned char *s = (const unsigned char *)why;
	size_t k, len;

	for (k = 0; s[k] != '\0'; k += len) {
		want(s[k] >= 0x20 && s[k] != 0x7f && (s[k] < 0x80 ||
		    (s[k] >= 0xc2 && s[k] <= 0xf4)));
		len = s[k] < 0x80 ? 1 : s[k] >= 0xf0 ? 4 : s[k] >= 0xe0 ? 3 :
		    2;
		for (size_t i = 1; i < len; i++)
			want((s[k + i] & 0xc0) == 0x80);
		want(!(s[k] == 0xc2 && s[k + 1] < 0xa0));
	}
}

static void
check_answer(const struct tp_lanswer *a)
{
	want((unsigned)a->dec < TP_LLM_NDEC && a->conf >= 0 &&
	    a->conf <= 1 && a->reasoning != NULL);
	want(!a->has_sentiment || (a->sentiment >= -1 && a->sentiment <= 1));
	want(a->prompt_tokens >= -1 && a->completion_tokens >= -1);
}

static void
check_abstained(const struct tp_lanswer *a, const char *why, size_t room)
{
	want(a->reasoning == NULL && a->dec == TP_LLM_HOLD && a->conf == 0 &&
	    !a->has_sentiment);
	want(memchr(why, '\0', room) != NULL && why[0] != '\0');
	clean_line(why);
}

/* The same text with less room: the same outcome, a prefix of the reason. */
static void
check_cut(const uint8_t *data, size_t size, int body, int rc,
    const char *why)
{
	struct tp_lanswer a;
	char small[WHY];
	size_t room = 1 + size % 48;

	memset(small, 'z', sizeof(small));
	want((body ? tp_lanswer_parse((const char *)data, size, &a, small,
	    room) : tp_lanswer_content((const char *)data, size, &a, small,
	    room)) == rc);
	tp_lanswer_release(&a);
	if (rc == 0)
		return;
	want(memchr(small, '\0', room) != NULL);
	clean_line(small);
	want(strncmp(small, why, strlen(small)) == 0);
}

/* The content of a body taken reads alone to the same answer. */
static void
same_alone(const struct tp_lanswer *a)
{
	struct tp_lanswer b;
	char why[WHY];

	want(a->content != NULL);
	want(tp_lanswer_content(a->content, strlen(a->content), &b, why,
	    sizeof(why)) == 0);
	want(b.dec == a->dec && b.conf == a->conf &&
	    b.has_sentiment == a->has_sentiment &&
	    (!a->has_sentiment || b.sentiment == a->sentiment) &&
	    strcmp(b.reasoning, a->reasoning) == 0 && b.content == NULL &&
	    b.prompt_tokens == -1);
	tp_lanswer_release(&b);
}

static void
run(const uint8_t *data, size_t size, int body)
{
	struct tp_lanswer a;
	char why[WHY];
	int rc;

	why[0] = '\0';
	rc = body ? tp_lanswer_parse((const char *)data, size, &a, why,
	    sizeof(why)) : tp_lanswer_content((const char *)data, size, &a,
	    why, sizeof(why));
	want(rc == 0 || rc == -1);
	if (rc == 0) {
		check_answer(&a);
		if (body)
			same_alone(&a);
		else
			want(a.content == NULL && a.prompt_tokens == -1 &&
			    a.completion_tokens == -1);
	} else {
		check_abstained(&a, why, sizeof(why));
	}
	tp_lanswer_release(&a);
	check_cut(data, size, body, rc, why);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* answers are small; keep each run fast */
	if (size > 65536)
		return 0;
	run(data, size, 1);
	run(data, size, 0);
	return 0;
}
