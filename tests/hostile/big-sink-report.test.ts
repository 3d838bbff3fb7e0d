import { createWriteStream, promises as fs } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countPipelineDrawing } from '../cli/pipeline-drawing';
import { tempVault } from '../helpers/temp-vault';
import { runFlows } from './support/run-flows';

const EVENTS = 1_000_000;
const KEYS = 1000;

describe('flows run --changelog --json over 1,000,000 events on a 192 MB heap', () => {
  it('prints every row of the 27 MB sink note (streamed from the note, not held) and exits 0', { timeout: 120_000 }, async () => {
    const dir = await tempVault();
    const drawing = JSON.parse(countPipelineDrawing()) as { elements: { id: string; link?: string }[] };
    drawing.elements.find((e) => e.id === 'orders')!.link = '[[orders]]';
    await fs.writeFile(path.join(dir, 'flow.excalidraw'), JSON.stringify(drawing));
    const out = createWriteStream(path.join(dir, 'orders.md'));
    let buf = '';
    for (let i = 0; i < EVENTS; i++) {
      buf += `- k${i % KEYS}: ${i % 7 === 0 ? -1 : 1}\n`;
      if (buf.length > 1 << 16) {
        if (!out.write(buf)) await once(out, 'drain');
        buf = '';
      }
    }
    out.end(buf);
    await once(out, 'finish');
    // Before the change the report read the note into a million records and one 28 MB string: V8 died near its heap limit.
    const r = await runFlows(['run', 'flow.excalidraw', '--changelog', '--json'], dir, undefined, ['--max-old-space-size=192']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { sinks: { storage: { key: string; value: number }[] }; sinkCounts: { storage: number }; state: { count: Record<string, number> } };
    const rows = report.sinks.storage;
    expect(rows).toHaveLength(EVENTS);
    expect(report.sinkCounts.storage).toBe(EVENTS);
    // Row i is key k(i mod 1000) with its running count: the last row of each key is the final state.
    expect(rows[0]).toEqual({ key: 'k0', value: 1 });
    expect(rows[KEYS]).toEqual({ key: 'k0', value: 2 });
    const last = new Map(rows.map((x) => [x.key, x.value]));
    expect(Object.fromEntries(last)).toEqual(report.state.count);
  });
});
