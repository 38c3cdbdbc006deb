/* rng.h - the simulator's seedable random streams (splitmix64 seeding, xoshiro256**).
 *
 * Every market draws from its own stream derived from (seed, market key), so what a
 * market does depends only on the seed and how far it has been simulated, never on the
 * order in which clients happen to ask for things. sim_hash() gives stateless draws for
 * details that are re-derived at render time (an auction's bonus lists, a pet's breed).
 */
#ifndef WOWAH_SIM_RNG_H
#define WOWAH_SIM_RNG_H

#include <stdint.h>

struct sim_rng {
	uint64_t s[4];
};

/* Seeds a stream from a seed and a key naming the stream (market, purpose). */
void sim_rng_init(struct sim_rng *r, uint64_t seed, uint64_t key);

uint64_t sim_rng_next(struct sim_rng *r);
double sim_rng_unit(struct sim_rng *r);                           /* [0, 1) */
uint64_t sim_rng_below(struct sim_rng *r, uint64_t n);            /* [0, n), n > 0 */
int64_t sim_rng_range(struct sim_rng *r, int64_t lo, int64_t hi); /* [lo, hi] */
double sim_rng_normal(struct sim_rng *r);                         /* mean 0, sd 1 */
uint32_t sim_rng_poisson(struct sim_rng *r, double mean);

/* A well-mixed 64-bit hash of a and b (splitmix64 finaliser). */
uint64_t sim_hash(uint64_t a, uint64_t b);

#endif
