/**
 * Lines in a processor that look like an operation the language does not have: a near-miss of
 * a known word (`cout`, `avrage`, `filtr`) or a word from stream processing that this language
 * lacks (`median`, `join`, `top 5`). Running such a box as a counter would only be a guess, so
 * the reader refuses it and says what it would accept.
 */

/** Every operation word the grammar knows, for near-miss suggestions. */
const KNOWN = ['count', 'sum', 'min', 'max', 'avg', 'average', 'mean', 'distinct', 'filter', 'map'];

/** Words people write in pipeline boxes for operations this language lacks, with the nearest one it has. */
const LACKING: Record<string, string> = {
  median: 'avg', percentile: 'max', p50: 'avg', p90: 'max', p95: 'max', p99: 'max', stddev: 'avg', variance: 'avg',
  join: 'one processor per input', reduce: 'sum', aggregate: 'sum', groupby: 'count', dedupe: 'distinct', dedup: 'distinct',
  deduplicate: 'distinct', unique: 'distinct', flatmap: 'map', keyby: 'count', tally: 'count',
};

/** Optimal string alignment distance, stopping early past `limit`. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** `a` is `b` with two neighbouring letters swapped. */
function swapped(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  const i = [...a].findIndex((c, k) => c !== b[k]);
  return i < a.length - 1 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/** Words that only ever name a statistic. */
const STATISTIC = /^(median|percentile|p\d\d|stddev|variance|dedupe?|deduplicate)$/;

export interface OperationAttempt {
  word: string;
  suggestion: string;
}

/**
 * The attempt a line makes at an operation, or null for a line that reads as words (a name, a
 * note). A line is an attempt when its first word is a near-miss of a known operation word of 4+
 * letters (`cout`, `avrage`), or a lacking operation word written in lower case like an
 * operation (`top 5`, `join users`; a statistic such as `Median` in any case), not a
 * capitalised name (`Join Service`, `Aggregate`), nor a noun that is also a name (`product`, `window`).
 */
export function operationAttempt(line: string): OperationAttempt | null {
  const words = line.trim().split(/\s+/);
  const raw = words[0] ?? '';
  const first = raw.toLowerCase().replace(/[:.,]$/, '');
  if (!/^\p{L}[\p{L}\d-]*$/u.test(first)) return null;
  if (KNOWN.includes(first)) return null;
  const alone = words.length === 1;
  const lowercase = raw[0] === raw[0].toLowerCase();
  // `top 5` / `bottom 3`: a ranking, which the language lacks (the words alone are names).
  if (lowercase && (first === 'top' || first === 'bottom') && /^\d+$/.test(words[1] ?? '')) return { word: `${first} ${words[1]}`, suggestion: first === 'top' ? 'max' : 'min' };
  const lacking = LACKING[first.replace(/-/g, '')];
  // `Aggregate`, `Join` alone are names as often as operations; `median` never is.
  if (lacking && (lowercase || STATISTIC.test(first))) return { word: first, suggestion: lacking };
  if (!lowercase && !alone) return null;
  for (const k of KNOWN) {
    // Inflections (`counts`, `filters`, `Counter`) are words, not typos.
    if (k.length >= 4 && first.length >= 3 && !first.startsWith(k) && distance(first, k, 1) <= 1) return { word: first, suggestion: k };
    // Three-letter words only by two swapped letters (`smu`, `mxa`): one changed letter makes a word (`mix`, `sun`).
    if (k.length === 3 && lowercase && alone && swapped(first, k)) return { word: first, suggestion: k };
  }
  return null;
}
