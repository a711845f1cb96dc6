/*
 * tp_rand.c: xoshiro256** seeded by splitmix64 (tp_rand.h), from the
 * authors' published definitions (prng.di.unimi.it).
 */
#include "core/tp_rand.h"

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

void
tp_rand_seed(struct tp_rand *r, uint64_t seed)
{
	int k;

	for (k = 0; k < 4; k++)
		r->s[k] = splitmix64(&seed);
}

uint64_t
tp_rand_next(struct tp_rand *r)
{
	uint64_t *s = r->s, v = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return v;
}

double
tp_rand_uniform(struct tp_rand *r)
{
	return (double)(tp_rand_next(r) >> 11) * 0x1p-53;
}

uint64_t
tp_rand_below(struct tp_rand *r, uint64_t n)
{
	__extension__ typedef unsigned __int128 u128;
	u128 m = (u128)tp_rand_next(r) * n;
	uint64_t low = (uint64_t)m, t;

	/* Reject the few products that would favour small results. */
	if (low < n) {
		t = (0 - n) % n;
		while (low < t) {
			m = (u128)tp_rand_next(r) * n;
			low = (uint64_t)m;
		}
	}
	return (uint64_t)(m >> 64);
}
