/*
 * tp_qrun.h: tp-qvalidate run: simulate an OpenQASM 2.0 circuit and write
 * what it gives as records (tp-qvalidate(1)).
 */
#ifndef TP_QRUN_H
#define TP_QRUN_H

#include <stdint.h>

#include "core/tp_err.h"
#include "quantum/tp_qasm.h"
#include "rec/tp_rec.h"
#include "rec/tp_write.h"

enum tp_qrun_out {
	TP_QRUN_PROB,		/* {"state", "probability"} per basis state */
	TP_QRUN_STATE,		/* {"state", "re", "im"} per amplitude */
	TP_QRUN_SHOTS		/* {"state", "count"} per outcome seen */
};

struct tp_qrun_opts {
	const char *path;	/* the circuit ("-": standard input) */
	enum tp_qrun_out out;
	long shots;
	uint64_t seed;
	int all;		/* write zero probabilities and amplitudes */
	int gpu;		/* run the gates with CUDA when it can */
	/* Told why the GPU could not be used (the CPU is then); or NULL. */
	void (*warn)(const struct tp_err *err);
};

/* Read the circuit at o->path, simulate it and write what o asks for to
 * w; -1 with err. */
int tp_qrun(const struct tp_qrun_opts *o, struct tp_writer *w,
    struct tp_names *names, struct tp_err *err);
/* The same for the circuit c, already read (o->path unused). */
int tp_qrun_circuit(const struct tp_qrun_opts *o, const struct tp_qcircuit *c,
    struct tp_writer *w, struct tp_names *names, struct tp_err *err);

#endif
