/*
 * fuzz_prompt.c: prompt templates (lib/llm/tp_lprompt.c, tp-predict(1)
 * LLM DECIDERS), parsed from any bytes, then filled.
 *
 * A refusal must be a configuration error (78) naming the template, or
 * out of memory.  A template taken must hold what tp_lprompt.h promises:
 * pieces within its text, the system part's before the user's, each
 * placeholder a known one; filling it gives two NUL-ended parts whose
 * length is the sum of their pieces', and a hash of 64 hex digits.  Any
 * breach aborts; the sanitizers catch the rest (leaks included).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "llm/tp_lprompt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NAME "fuzz.txt"

static void
want(int ok)
{
	if (!ok)
		abort();
}

/* The length the pieces from..to fill to, each placeholder as "<k>". */
static size_t
expect(const struct tp_ltemplate *t, int from, int to)
{
	size_t n = 0;
	int i;

	for (i = from; i < to; i++) {
		want((unsigned)t->p[i].what < TP_LPH_N);
		if (t->p[i].what == TP_LPH_TEXT) {
			want(t->p[i].len > 0 && t->p[i].off + t->p[i].len <=
			    strlen(t->text));
			n += t->p[i].len;
		} else
			n += 3;
	}
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const v[TP_LPH_N] = {
		"", "<1>", "<2>", "<3>", "<4>", "<5>", "<6>", "<7>", "<8>", "<9>"
	};
	struct tp_ltemplate t;
	struct tp_err err = TP_ERR_INIT;
	struct tp_lvals vals;
	struct tp_buf sys = { NULL, 0, 0 }, user = { NULL, 0, 0 };
	char hash[TP_LPROMPT_HASHLEN];
	int k;

	if (size > 65536)
		return 0;
	if (tp_ltemplate_parse(&t, NAME, (const char *)data, size, &err) < 0) {
		want((err.code == TP_EX_CONFIG && err.file != NULL &&
		    strcmp(err.file, NAME) == 0) || err.code == TP_EX_SOFTWARE);
		want(err.msg[0] != '\0' && t.text == NULL && t.p == NULL);
		return 0;
	}
	want(t.nsys >= 0 && t.nsys <= t.np);
	for (k = 0; k < TP_LPH_N; k++) {
		vals.v[k] = v[k];
		vals.n[k] = strlen(v[k]);
	}
	want(tp_lprompt_fill(&t, &vals, &sys, &user) == 0);
	want(sys.len == expect(&t, 0, t.nsys) && sys.p[sys.len] == '\0');
	want(user.len == expect(&t, t.nsys, t.np) &&
	    user.p[user.len] == '\0');
	tp_lprompt_hash(&sys, &user, hash);
	want(strlen(hash) == 64 && strspn(hash, "0123456789abcdef") == 64);
	tp_buf_release(&sys);
	tp_buf_release(&user);
	tp_ltemplate_release(&t);
	return 0;
}
