import { stringifyWithNumbers } from '../numbers';

/** A number as `stringifyWithNumbers` prints it: -0 as `-0`, NaN and the infinities as strings. */
function jsonNumber(v: number): string {
  if (Object.is(v, -0)) return '-0';
  return Number.isFinite(v) ? JSON.stringify(v) : JSON.stringify(String(v));
}

/** Output pieces are flushed at about this size, so what is held is one piece, not the whole output. */
const PIECE_CHARS = 1 << 16;

/**
 * Writes `report` as the JSON `stringifyWithNumbers(report)` would give (same fields, same
 * order), except that the `sinks` field is streamed: each sink's records come from
 * `eachRecord`, one at a time, and are written out in pieces of about 64 K characters. A
 * changelog sink of millions of rows is printed without holding its records or the whole text
 * (`flows run --json` on a 192 MB heap); after each piece it waits for `drained`.
 */
export async function writeReportJson(
  report: Record<string, unknown>,
  sinks: readonly { name: string; id: string }[],
  eachRecord: (sinkId: string, visit: (key: string, value: number) => void | Promise<void>) => Promise<void>,
  write: (text: string) => void,
  /** Resolves once what was written has gone out (a pipe keeps unsent text in memory); omitted: never waits. */
  drained: () => Promise<void> = () => Promise.resolve(),
): Promise<void> {
  let piece = '{';
  let firstField = true;
  const flush = (): void => {
    if (piece.length > 0) write(piece);
    piece = '';
  };
  for (const [field, value] of Object.entries(report)) {
    if (value === undefined) continue;
    piece += `${firstField ? '' : ','}${JSON.stringify(field)}:`;
    firstField = false;
    if (field !== 'sinks') {
      piece += stringifyWithNumbers(value);
      continue;
    }
    piece += '{';
    // Two sinks may share a name; the report object keeps the last one, at the first one's place.
    const byName = new Map<string, string>();
    for (const s of sinks) byName.set(s.name, s.id);
    let i = 0;
    for (const [name, id] of byName) {
      piece += `${i++ === 0 ? '' : ','}${JSON.stringify(name)}:[`;
      let first = true;
      await eachRecord(id, (key, v) => {
        piece += `${first ? '' : ','}{"key":${JSON.stringify(key)},"value":${jsonNumber(v)}}`;
        first = false;
        if (piece.length < PIECE_CHARS) return;
        flush();
        return drained();
      });
      piece += ']';
    }
    piece += '}';
  }
  piece += '}\n';
  flush();
}
