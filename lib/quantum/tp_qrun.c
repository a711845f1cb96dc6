/*
 * tp_qrun.c: tp-qvalidate run (tp_qrun.h).
 *
 * States are written as bit strings with the highest qubit (or classical
 * bit) first, as OpenQASM's tools print them: "01" is q[1] = 0, q[0] = 1.
 */
#include <stdlib.h>
#include <string.h>

#include "quantum/tp_qasm.h"
#include "quantum/tp_qcuda.h"
#include "quantum/tp_qrun.h"
#include "core/tp_rand.h"

/* The longest state written: every classical bit, or every qubit. */
#define MAXBITS TP_QASM_MAX_CLBITS
_Static_assert(TP_QSIM_MAX_QUBITS <= MAXBITS, "a state's bits fit the buffer");

/* i as n bits, highest first, into buf (n + 1 bytes). */
static const char *
bits(uint64_t i, int n, char *buf)
{
	int k;

	for (k = 0; k < n; k++)
		buf[k] = (char)('0' + (int)(i >> (n - 1 - k) & 1));
	buf[n] = '\0';
	return buf;
}

/* Below this a probability is rounding left by the arithmetic. */
#define TINY 1e-15

static int
write_state(const struct tp_qrun_opts *o, const struct tp_qsim *s,
    struct tp_writer *w, struct tp_names *names, struct tp_rec *rec,
    struct tp_err *err)
{
	char buf[MAXBITS + 1];
	struct tp_recb b;
	size_t i;
	double p;

	for (i = 0; i < s->dim; i++) {
		p = tp_qsim_prob(s, i);
		if (!o->all && p < TINY)
			continue;
		b = (struct tp_recb){ names, rec, 0 };
		tp_rec_clear(rec);
		tp_recb_text(&b, "state", bits(i, s->n, buf));
		if (o->out == TP_QRUN_PROB)
			tp_recb_num(&b, "probability", p);
		else {
			tp_recb_num(&b, "re", creal(s->amp[i]));
			tp_recb_num(&b, "im", cimag(s->amp[i]));
		}
		if (b.rc < 0)
			return tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
			    "out of memory");
		if (tp_write(w, rec, err) < 0)
			return -1;
	}
	return 0;
}

/* The classical bits a basis state i gives under c's measurements (all
 * qubits, qubit k into bit k, when nothing is measured). */
static uint64_t
outcome(const struct tp_qcircuit *c, uint64_t i)
{
	const struct tp_qop *op;
	uint64_t out = 0;
	size_t k;

	if (!c->measured)
		return i;
	for (k = 0; k < c->n; k++) {
		op = &c->ops[k];
		if (op->kind == TP_QOP_MEASURE) {
			out &= ~((uint64_t)1 << op->clbit);
			out |= (i >> op->q[0] & 1) << op->clbit;
		}
	}
	return out;
}

static int
by_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/*
 * --shots: draw basis states by inverse transform over the cumulative
 * probabilities (one binary search a shot), map each to its classical
 * bits, and count equal outcomes after sorting them.
 */
static int
write_shots(const struct tp_qrun_opts *o, const struct tp_qcircuit *c,
    const struct tp_qsim *s, struct tp_writer *w, struct tp_names *names,
    struct tp_rec *rec, struct tp_err *err)
{
	double *cum = malloc(s->dim * sizeof(*cum)), acc = 0, u;
	uint64_t *seen = malloc((size_t)o->shots * sizeof(*seen));
	int nbits = c->measured ? c->nclbits : c->nqubits, rc = 0;
	char buf[MAXBITS + 1];
	struct tp_rand rnd;
	struct tp_recb b;
	size_t i, lo, hi, k, n;

	if (cum == NULL || seen == NULL) {
		free(cum);
		free(seen);
		return tp_errf(err, TP_EX_SOFTWARE, NULL, 0, "out of memory");
	}
	for (i = 0; i < s->dim; i++)
		cum[i] = acc += tp_qsim_prob(s, i);
	tp_rand_seed(&rnd, o->seed);
	for (k = 0; k < (size_t)o->shots; k++) {
		u = tp_rand_uniform(&rnd) * acc;
		for (lo = 0, hi = s->dim - 1; lo < hi;) {
			size_t mid = lo + (hi - lo) / 2;

			if (cum[mid] > u)
				hi = mid;
			else
				lo = mid + 1;
		}
		seen[k] = outcome(c, lo);
	}
	qsort(seen, (size_t)o->shots, sizeof(*seen), by_u64);
	for (k = 0; k < (size_t)o->shots && rc == 0; k += n) {
		for (n = 1; k + n < (size_t)o->shots && seen[k + n] == seen[k];)
			n++;
		b = (struct tp_recb){ names, rec, 0 };
		tp_rec_clear(rec);
		tp_recb_text(&b, "state", bits(seen[k], nbits, buf));
		tp_recb_i64(&b, "count", (int64_t)n);
		rc = b.rc < 0 ? tp_errf(err, TP_EX_SOFTWARE, NULL, 0,
		    "out of memory") : tp_write(w, rec, err);
	}
	free(cum);
	free(seen);
	return rc;
}

int
tp_qrun_circuit(const struct tp_qrun_opts *o, const struct tp_qcircuit *c,
    struct tp_writer *w, struct tp_names *names, struct tp_err *err)
{
	struct tp_qsim s = { 0 };
	struct tp_err gerr = TP_ERR_INIT;
	struct tp_rec rec;
	int rc;

	tp_rec_init(&rec);
	if ((rc = tp_qsim_init(&s, c->nqubits, err)) < 0)
		goto out;
	if (!o->gpu || tp_qcuda_run(c, &s, &gerr) < 0) {
		if (o->gpu && o->warn != NULL)
			o->warn(&gerr);
		tp_qasm_run(c, &s);
	}
	rc = o->out == TP_QRUN_SHOTS ?
	    write_shots(o, c, &s, w, names, &rec, err) :
	    write_state(o, &s, w, names, &rec, err);
out:
	tp_qsim_release(&s);
	tp_rec_release(&rec);
	return rc;
}

int
tp_qrun(const struct tp_qrun_opts *o, struct tp_writer *w,
    struct tp_names *names, struct tp_err *err)
{
	struct tp_qcircuit c;
	int rc;

	if (tp_qasm_load(&c, o->path, err) < 0)
		return -1;
	rc = tp_qrun_circuit(o, &c, w, names, err);
	tp_qasm_release(&c);
	return rc;
}
