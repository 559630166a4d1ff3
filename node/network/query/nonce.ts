/** Issues strictly increasing nonces for this sender's messages. */
export interface NonceSource {
  next(): bigint;
}

/**
 * Nonces start at the wall clock in microseconds and then count up, so they keep increasing
 * across restarts without storing anything on the sender's side (receivers do store the last
 * nonce they saw per peer).
 */
export function createNonceSource(now: () => number = Date.now): NonceSource {
  let last = 0n;
  return {
    next() {
      const clock = BigInt(Math.floor(now())) * 1000n;
      last = clock > last ? clock : last + 1n;
      return last;
    },
  };
}
