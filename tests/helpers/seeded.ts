/** The tests' seeded randomness and clock, one copy (the benchmark's PRNG is the same mulberry32). */
export { seededRandom } from '../../bench/lib/events';

/** A clock that moves 1 ms every time it is read, so interval checkpoints happen too. */
export function tickingClock(): { now(): number } {
  let t = Date.parse('2026-01-02T03:04:05.000Z');
  return { now: () => (t += 1) };
}
