/*
 * tp_rand.h: a seeded random generator, the same numbers on every machine:
 * xoshiro256** (Blackman and Vigna, 2018), its state filled from the seed
 * by splitmix64, as its authors recommend.
 */
#ifndef TP_RAND_H
#define TP_RAND_H

#include <stdint.h>

struct tp_rand {
	uint64_t s[4];
};

void tp_rand_seed(struct tp_rand *r, uint64_t seed);
uint64_t tp_rand_next(struct tp_rand *r);
/* Uniform in [0, 1) with 53 random bits. */
double tp_rand_uniform(struct tp_rand *r);
/* Uniform in [0, n), n > 0, without modulo bias (Lemire's method). */
uint64_t tp_rand_below(struct tp_rand *r, uint64_t n);

#endif
