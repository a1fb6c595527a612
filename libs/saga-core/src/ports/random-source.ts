/** Uniform random numbers in [0, 1), for backoff jitter. */
export interface RandomSource {
  next(): number;
}
