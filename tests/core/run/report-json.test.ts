import { describe, expect, it } from 'vitest';
import { stringifyWithNumbers } from '../../../src/core/numbers';
import { writeReportJson } from '../../../src/core/run/report-json';

describe('writeReportJson: the report with its sinks streamed prints what stringifyWithNumbers prints', () => {
  it('for odd numbers and keys, two sinks of one name, and output flushed in many pieces', async () => {
    const records: Record<string, [string, number][]> = {
      a: [['k', 1], ['"quoted"\n', -0], ['__proto__', NaN], ['inf', Infinity], ['ninf', -Infinity]],
      b: [],
      c: Array.from({ length: 20_000 }, (_, i) => [`key ${i}`, i / 3] as [string, number]),
    };
    const sinks = [
      { name: 'out', id: 'a' },
      { name: 'empty', id: 'b' },
      { name: 'out', id: 'c' },
    ];
    const asObjects = (id: string): { key: string; value: number }[] => records[id].map(([key, value]) => ({ key, value }));
    const report = { drawing: 'd.excalidraw.md', state: { p: { x: -0 } }, sinks: {}, offsets: { q: 3 }, restored: null, skipped: undefined };
    // What the whole object prints: the later sink of a name wins, in the earlier one's place.
    const whole = `${stringifyWithNumbers({ ...report, sinks: { out: asObjects('c'), empty: asObjects('b') } })}\n`;
    const pieces: string[] = [];
    let waits = 0;
    await writeReportJson(
      report,
      sinks,
      async (id, visit) => {
        for (const [k, v] of records[id]) await visit(k, v);
      },
      (t) => pieces.push(t),
      () => {
        waits++;
        return Promise.resolve();
      },
    );
    expect(pieces.join('')).toBe(whole);
    expect(pieces.length).toBeGreaterThan(5);
    expect(waits).toBe(pieces.length - 1);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(70_000);
    // And the sink `a`, printed alone, keeps -0, NaN and the infinities as the snapshot rule says.
    const alone: string[] = [];
    await writeReportJson({ sinks: {} }, [sinks[0]], async (id, visit) => records[id].forEach(([k, v]) => void visit(k, v)), (t) => alone.push(t));
    expect(alone.join('')).toBe(`${stringifyWithNumbers({ sinks: { out: asObjects('a') } })}\n`);
  });
});
