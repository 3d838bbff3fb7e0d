/**
 * Durations as written in a drawing (`5s`, `10 s`, `1 min`, `500ms`, `2 hours`, `minute`), read
 * from already split words without regular expressions. Used by the operation line grammar.
 */

const UNITS: [string[], number][] = [
  [['ms', 'msec', 'msecs', 'millisecond', 'milliseconds'], 1],
  [['s', 'sec', 'secs', 'second', 'seconds'], 1000],
  [['m', 'min', 'mins', 'minute', 'minutes'], 60_000],
  [['h', 'hr', 'hrs', 'hour', 'hours'], 3_600_000],
  [['d', 'day', 'days'], 86_400_000],
];

function unitMs(word: string): number | null {
  const w = word.toLowerCase();
  for (const [names, ms] of UNITS) if (names.includes(w)) return ms;
  return null;
}

/** Leading decimal number of a word (`10` of `10s`, `1.5` of `1.5min`): its length, 0 when none. */
function numberLength(word: string): number {
  let i = 0;
  let digits = 0;
  while (i < word.length && word.charCodeAt(i) >= 48 && word.charCodeAt(i) <= 57) {
    i++;
    digits++;
  }
  if (word[i] === '.') {
    let j = i + 1;
    while (j < word.length && word.charCodeAt(j) >= 48 && word.charCodeAt(j) <= 57) j++;
    if (j > i + 1) {
      digits += j - i - 1;
      i = j;
    }
  }
  return digits > 0 ? i : 0;
}

/**
 * Reads a duration starting at `words[at]`: `10s`, `10 s`, `1 min`, or a bare unit (`minute` = 1 min).
 * Returns the milliseconds and how many words it used, or null.
 */
export function readDuration(words: readonly string[], at: number): { ms: number; used: number } | null {
  const w = words[at];
  if (w === undefined) return null;
  const n = numberLength(w);
  if (n === 0) {
    const bare = unitMs(w);
    // Only whole unit words stand alone (`per minute`), not `m` or `s`.
    return bare !== null && w.length > 2 ? { ms: bare, used: 1 } : null;
  }
  const value = Number(w.slice(0, n));
  if (n < w.length) {
    const unit = unitMs(w.slice(n));
    return unit === null ? null : { ms: value * unit, used: 1 };
  }
  const unit = words[at + 1] === undefined ? null : unitMs(words[at + 1]);
  return unit === null ? null : { ms: value * unit, used: 2 };
}

/** `90000` → `1.5 min`, `5000` → `5s`: how a duration is shown back to the person. */
export function formatDuration(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000} d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
