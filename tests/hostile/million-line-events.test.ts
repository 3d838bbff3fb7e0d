import { createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempVault } from '../helpers/temp-vault';
import { bundles, runFlows, runNode } from './support/run-flows';

const LINES = 1_000_000;
const KEYS = 1000;
let dir: string;

/**
 * An events note of a million list items, written at test time (never committed): every
 * 1000th item is not an event. Keys k0…k999, each item value 1.
 */
async function writeHugeNote(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write('---\ntags: [events]\n---\n# A very long events note\n\n');
  let buf = '';
  for (let i = 0; i < LINES; i++) {
    buf += i % 1000 === 999 ? `- this line is not an event ${i}\n` : `- k${i % KEYS}: 1\n`;
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

function drawingLinkingTo(note: string): string {
  const el = [
    { id: 'queue', type: 'rectangle', x: 0, y: 0, width: 200, height: 60, angle: 0, isDeleted: false, link: `[[${note}]]`, boundElements: [{ type: 'text', id: 'queueName' }] },
    { id: 'queueName', type: 'text', x: 10, y: 20, width: 60, height: 25, angle: 0, text: 'orders', originalText: 'orders', containerId: 'queue', isDeleted: false },
    { id: 'proc', type: 'rectangle', x: 400, y: 0, width: 200, height: 60, angle: 0, isDeleted: false, boundElements: [{ type: 'text', id: 'procName' }] },
    { id: 'procName', type: 'text', x: 410, y: 20, width: 60, height: 25, angle: 0, text: 'count', originalText: 'count', containerId: 'proc', isDeleted: false },
    { id: 'qp', type: 'arrow', x: 204, y: 30, width: 192, height: 0, angle: 0, isDeleted: false, points: [[0, 0], [192, 0]], startBinding: { elementId: 'queue', focus: 0, gap: 4 }, endBinding: { elementId: 'proc', focus: 0, gap: 4 }, endArrowhead: 'arrow' },
  ];
  return JSON.stringify({ type: 'excalidraw', version: 2, elements: el });
}

describe('an events note of 1,000,000 lines', () => {
  beforeAll(async () => {
    dir = await tempVault();
    await writeHugeNote(path.join(dir, 'orders.md'));
    await fs.writeFile(path.join(dir, 'flow.excalidraw'), drawingLinkingTo('orders'));
  });

  it('streams through the parser in a process whose heap is capped at 48 MB (the note itself is 11 MB)', async () => {
    const { streamEvents } = await bundles();
    const r = await runNode(['--max-old-space-size=48', streamEvents, 'orders.md'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      events: LINES - LINES / 1000,
      sum: LINES - LINES / 1000,
      diagnostics: 51, // 50 shown, then one line counting the rest
      lastDiagnostic: '950 more list items are not events (not shown)',
      firstLine: 6 + 999, // five header lines, then item 999
    });
  });

  it('runs end to end from the command line under a 192 MB heap, every event counted once', async () => {
    // The engine holds the queue's events in memory (it replays them after a restore), so memory
    // grows with the events, not with the text: about 150 bytes per event here, not the whole note several times.
    const r = await runFlows(['run', 'flow.excalidraw', '--json'], dir, undefined, ['--max-old-space-size=192']);
    // The bad items are skipped with the promised warnings: the first 50 by line, then one counting the rest.
    const warnings = r.stderr.trim().split('\n');
    expect(warnings).toHaveLength(51);
    expect(warnings[0]).toBe('flows run: orders.md, line 1005: warning: list item "this line is not an event 999" is not an event; write KEY, KEY: NUMBER or KEY=NUMBER (one per item), or it is skipped');
    expect(warnings[50]).toBe('flows run: orders.md: warning: 950 more list items are not events (not shown)');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { state: { count: Record<string, number> }; offsets: Record<string, number> };
    expect(report.offsets).toEqual({ orders: LINES - LINES / 1000 });
    // Item i is k(i mod 1000) unless i mod 1000 = 999: keys k0…k998, each seen 1000 times.
    const counts = Object.entries(report.state.count);
    expect(counts).toHaveLength(KEYS - 1);
    expect(counts.every(([, n]) => n === LINES / KEYS)).toBe(true);
    expect(report.state.count.k999).toBeUndefined();
  });
});
