/* rng.c - splitmix64 and xoshiro256** (public-domain algorithms by Vigna and Blackman). */
#include <math.h>

#include "sim/rng.h"

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t sim_hash(uint64_t a, uint64_t b)
{
	uint64_t x = a * 0xd6e8feb86659fd93ULL ^ b;
	splitmix64(&x);
	return splitmix64(&x);
}

void sim_rng_init(struct sim_rng *r, uint64_t seed, uint64_t key)
{
	uint64_t x = sim_hash(seed, key);
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t sim_rng_next(struct sim_rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

double sim_rng_unit(struct sim_rng *r)
{
	return (double)(sim_rng_next(r) >> 11) * 0x1.0p-53;
}

uint64_t sim_rng_below(struct sim_rng *r, uint64_t n)
{
	/* Lemire's multiply-shift; the tiny bias is irrelevant for a market simulation. */
	return (uint64_t)(((unsigned __int128)sim_rng_next(r) * n) >> 64);
}

int64_t sim_rng_range(struct sim_rng *r, int64_t lo, int64_t hi)
{
	return lo + (int64_t)sim_rng_below(r, (uint64_t)(hi - lo) + 1);
}

double sim_rng_normal(struct sim_rng *r)
{
	double u = 1.0 - sim_rng_unit(r), v = sim_rng_unit(r);
	return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

uint32_t sim_rng_poisson(struct sim_rng *r, double mean)
{
	if (mean <= 0)
		return 0;
	if (mean > 40) {
		double x = mean + sqrt(mean) * sim_rng_normal(r) + 0.5;
		return x < 0 ? 0 : (uint32_t)x;
	}
	double limit = exp(-mean), p = 1.0;
	uint32_t k = 0;
	for (;;) {
		p *= sim_rng_unit(r);
		if (p <= limit)
			return k;
		k++;
	}
}
