/**
 * The text edits that show live state on a drawing, computed without touching Excalidraw:
 * `KEY = NUMBER` lines get the current value, other lines stay as drawn.
 */
const KEY_LINE = /^(\s*)(\S+?)(\s*=\s*)(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|—|NaN)(\s*)$/i;

export function formatLiveValue(v: number | undefined): string {
  if (v === undefined) return '—';
  if (Number.isNaN(v)) return 'NaN';
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

/** `original` with every `KEY = NUMBER` line rewritten to the key's live value (`—` while it has none). */
export function paintKeyLines(original: string, state: ReadonlyMap<string, number>): string {
  return original
    .split('\n')
    .map((line) => {
      const m = KEY_LINE.exec(line);
      if (!m) return line;
      return `${m[1]}${m[2]}${m[3]}${formatLiveValue(state.get(m[2]))}${m[5]}`;
    })
    .join('\n');
}

/** The marker above a queue: where the processor stands in it and what comes next. */
export function queueMarkerText(offset: number, length: number, next: readonly { key: string }[]): string {
  const upcoming = next.slice(0, 5).map((e) => e.key).join(' ');
  return offset >= length ? `▶ ${offset}/${length} drained` : `▶ ${offset}/${length} next: ${upcoming}`;
}
