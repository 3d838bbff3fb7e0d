/**
 * Deterministic workloads: the same seed gives the same events in every run and every peer,
 * so engine, loop, RxJS and Node-RED count exactly the same thing.
 */

/** mulberry32: a small, fast, seeded PRNG (good enough to spread keys, not for cryptography). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function keyNames(count: number, prefix = 'k'): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i}`);
}

/** `n` events over `keys` keys drawn at random; the strings are shared, as an engine's interned keys would be. */
export function randomKeyEvents(n: number, keys: readonly string[], seed = 42): string[] {
  const rnd = seededRandom(seed);
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = keys[Math.floor(rnd() * keys.length)];
  return out;
}
