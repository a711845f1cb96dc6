/*
 * fuzz_expr.c: rule expressions (lib/decide/tp_expr.c) and the --rule arguments
 * of tp-predict that carry them (lib/decide/tp_predict.c).
 *
 * The input is an expression.  A refusal must be a configuration error
 * "col N: ..." with N within the text (one past its end at most); out of
 * memory is the only other error.  A compiled expression must name fields
 * that were interned, read no deeper than TP_EXPR_LAG_MAX, and evaluate
 * deterministically: over a fixed sequence of records, two histories, and
 * a second compilation of the same text, give the same bits.  Then the
 * same text goes through the built-in signal expansion and, as
 * "enter_long: TEXT", through tp-predict's --rule parser; their errors
 * must be of their documented codes.  Any breach aborts; the sanitizers
 * catch the rest (reads past the text, leaks).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decide/tp_expr.h"
#include "decide/tp_predict.h"
#include "decide/tp_signal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAXLEN 4096
#define NROW 6
#define NVAL 7

/* Values a field can take: ordinary numbers, 0, a negative, a missing
 * value, the extremes; record r gives field id f vals[(f + r) % NVAL]. */
static const double vals[NVAL] = { 1, 2.5, 0, -4, NAN, 1e308, -0.0 };

static const char *const cols[] = {
	"close", "open", "rsi_14", "ema_200", "a", "b", "x"
};

static int
same(double a, double b)
{
	return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof(a)) == 0;
}

/* Check the error of a failed compilation: "col N: ..." within the text. */
static void
check_compile_error(const struct tp_err *err, size_t len)
{
	unsigned long col;
	char *end;

	if (err->code == TP_EX_SOFTWARE)
		return;
	if (err->code != TP_EX_CONFIG || strncmp(err->msg, "col ", 4) != 0)
		abort();
	col = strtoul(err->msg + 4, &end, 10);
	if (end == err->msg + 4 || *end != ':' || col < 1 || col > len + 1)
		abort();
}

/* Evaluate e over the fixed records into out[NROW]. */
static int
run(const struct tp_expr *e, double *out)
{
	int n = tp_expr_nfields(e), r, i;
	double *v = malloc(((size_t)n + 1) * sizeof(*v));
	void *st = malloc(tp_expr_state_size(e));

	if (v == NULL || st == NULL) {
		free(v);
		free(st);
		return -1;
	}
	tp_expr_state_init(e, st);
	for (r = 0; r < NROW; r++) {
		for (i = 0; i < n; i++)
			v[i] = vals[((unsigned)tp_expr_field(e, i) +
			    (unsigned)r) % NVAL];
		out[r] = tp_expr_eval(e, st, v);
	}
	free(v);
	free(st);
	return 0;
}

static void
fuzz_compile(const char *src, size_t len)
{
	struct tp_names names;
	struct tp_err err = TP_ERR_INIT;
	struct tp_expr *e = NULL, *e2 = NULL;
	double a[NROW], b[NROW], c[NROW];
	size_t k;
	int i, ok;

	tp_names_init(&names);
	for (k = 0; k < sizeof(cols) / sizeof(cols[0]); k++)
		if (tp_names_intern(&names, cols[k], strlen(cols[k])) < 0)
			goto out;
	if (tp_expr_compile(&e, src, &names, &err) < 0) {
		if (e != NULL)
			abort();
		check_compile_error(&err, len);
		goto out;
	}
	if (tp_expr_depth(e) < 0 || tp_expr_depth(e) > TP_EXPR_LAG_MAX ||
	    tp_expr_state_size(e) == 0)
		abort();
	for (i = 0; i < tp_expr_nfields(e); i++)
		if (tp_expr_field(e, i) < 0 || tp_expr_field(e, i) >= names.n)
			abort();
	if (tp_expr_compile(&e2, src, &names, &err) < 0)
		goto out;	/* only out of memory can get here */
	ok = run(e, a) == 0 && run(e, b) == 0 && run(e2, c) == 0;
	for (i = 0; ok && i < NROW; i++)
		if (!same(a[i], b[i]) || !same(a[i], c[i]))
			abort();
out:
	tp_expr_free(e);
	tp_expr_free(e2);
	tp_names_release(&names);
}

static void
fuzz_signals(const char *src, size_t len)
{
	struct tp_buf out = { 0 };
	struct tp_err err = TP_ERR_INIT;
	size_t *map = NULL, i;

	if (tp_signal_expand(src, &out, &map, &err) < 0) {
		if (err.code != TP_EX_CONFIG && err.code != TP_EX_SOFTWARE)
			abort();
	} else {
		/* each byte of the expansion comes from a byte of src */
		for (i = 0; map != NULL && i <= out.len; i++)
			if (map[i] > len)
				abort();
	}
	free(map);
	tp_buf_release(&out);
}

static void
fuzz_rule(const char *src, size_t len)
{
	static const char head[] = "enter_long: ";
	char arg[sizeof(head) + MAXLEN];
	struct tp_names names;
	struct tp_pred p;
	struct tp_err err = TP_ERR_INIT;

	memcpy(arg, head, sizeof(head) - 1);
	memcpy(arg + sizeof(head) - 1, src, len + 1);
	tp_names_init(&names);
	tp_pred_init(&p, &names);
	if (tp_pred_add_arg(&p, arg, &err) < 0 || tp_pred_prepare(&p,
	    &err) < 0) {
		if (err.code != TP_EX_USAGE && err.code != TP_EX_SOFTWARE)
			abort();
	}
	tp_pred_release(&p);
	tp_names_release(&names);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char src[MAXLEN + 1];

	/* the text is a C string: a NUL would end it early */
	if (size > MAXLEN || memchr(data, '\0', size) != NULL)
		return 0;
	memcpy(src, data, size);
	src[size] = '\0';
	fuzz_compile(src, size);
	fuzz_signals(src, size);
	fuzz_rule(src, size);
	return 0;
}
