import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles, tempVault } from '../helpers/temp-vault';
import { runFlows } from './support/run-flows';

// The vault's config folder, spelt in parts: here it is hostile data, not a path we use.
const CONFIG = ['.obs', 'idian'].join('');

/** Sink names as a shared drawing could carry them (each says "store", "sink", "db", "log" or "output", so it is a sink). */
const HOSTILE_SINKS = [
  `../../${CONFIG}/plugins/x/main.js store`,
  '/etc/passwd sink',
  'C:\\Windows\\system32 db',
  'a: b | c # d ^ e [[x]] output',
  `${'é'.repeat(300)} store`,
  'Café store', // composed é
  'Cafe\u0301 store', // e + combining accent: the same name to a person and to macOS
  'OUT log',
  'out log',
  '.hidden store',
  '~/home store',
  '%2e%2e%2f escaped store',
  'CON log',
  'tab\tand   spaces store',
  `${'x'.repeat(100)} one store`, // the same first 80 characters…
  `${'x'.repeat(100)} two store`, // …must still give two notes
];

function drawingWithSinks(names: string[], queueLabel = 'A B C'): string {
  const el: Record<string, unknown>[] = [];
  const rect = (id: string, x: number, y: number, label: string): void => {
    el.push({ id, type: 'rectangle', x, y, width: 200, height: 60, angle: 0, isDeleted: false, boundElements: [{ type: 'text', id: `${id}-label` }] });
    el.push({ id: `${id}-label`, type: 'text', x: x + 10, y: y + 20, width: 180, height: 25, angle: 0, text: label, originalText: label, containerId: id, isDeleted: false });
  };
  const arrow = (id: string, from: string, to: string, y0: number, y1: number, x0: number, x1: number): void => {
    el.push({ id, type: 'arrow', x: x0, y: y0, width: x1 - x0, height: y1 - y0, angle: 0, isDeleted: false, points: [[0, 0], [x1 - x0, y1 - y0]], startBinding: { elementId: from, focus: 0, gap: 4 }, endBinding: { elementId: to, focus: 0, gap: 4 }, endArrowhead: 'arrow' });
  };
  rect('q', 0, 0, queueLabel);
  rect('p', 400, 0, 'count');
  arrow('qp', 'q', 'p', 30, 30, 204, 396);
  names.forEach((name, i) => {
    rect(`s${i}`, 900, i * 100, name);
    arrow(`ps${i}`, 'p', `s${i}`, 30, i * 100 + 30, 604, 896);
  });
  return JSON.stringify({ type: 'excalidraw', version: 2, elements: el });
}

describe('names from drawings never write outside Flows/ and never collide (real CLI, real vault)', () => {
  it('sixteen hostile sink names in a drawing in a strangely named folder', async () => {
    const dir = await tempVault();
    const drawing = 'weird: folder #1/[[flow]] ^x.excalidraw';
    await fs.mkdir(path.join(dir, path.dirname(drawing)), { recursive: true });
    await fs.writeFile(path.join(dir, drawing), drawingWithSinks(HOSTILE_SINKS));
    // Something the run must not touch, where a climbing name would land.
    await fs.mkdir(path.join(dir, CONFIG, 'plugins', 'x'), { recursive: true });
    await fs.writeFile(path.join(dir, CONFIG, 'plugins', 'x', 'main.js'), 'original');
    const r = await runFlows(['run', drawing, '--vault', '.', '--json'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);

    const report = JSON.parse(r.stdout) as { sinks: Record<string, { key: string }[]> };
    // Names are read as a person sees them: runs of spaces and tabs are one space.
    expect(Object.keys(report.sinks).sort()).toEqual(HOSTILE_SINKS.map((n) => n.replace(/\s+/g, ' ')).sort());
    for (const records of Object.values(report.sinks)) expect(records.map((x) => x.key)).toEqual(['C', 'B', 'A']);

    const files = await listFiles(dir);
    const written = files.filter((f) => f !== drawing && !f.startsWith(`${CONFIG}/`));
    expect(written.filter((f) => !f.startsWith('Flows/weird- folder -1 1x8ht/--flow-- -x.excalidraw 1rygl/'))).toEqual([]);
    expect(await fs.readFile(path.join(dir, CONFIG, 'plugins', 'x', 'main.js'), 'utf8')).toBe('original');

    const sinkNotes = written.filter((f) => f.includes('/sinks/'));
    expect(sinkNotes).toHaveLength(HOSTILE_SINKS.length); // one note each: nothing collided
    const folded = new Set(sinkNotes.map((f) => f.normalize('NFC').toLowerCase()));
    expect(folded.size).toBe(HOSTILE_SINKS.length); // not even on a case-insensitive, normalising disk
    for (const f of sinkNotes) {
      const name = f.split('/').pop()!;
      expect(name).not.toMatch(/[\\/:*?"<>|#^[\]\p{Cc}]/u);
      expect(name.startsWith('.')).toBe(false);
      expect([...name].length).toBeLessThanOrEqual(90);
    }
    // Readable: a person finds each sink's note by its name.
    expect(sinkNotes).toContain('Flows/weird- folder -1 1x8ht/--flow-- -x.excalidraw 1rygl/sinks/C--Windows-system32 db.md');
    expect(sinkNotes).toContain('Flows/weird- folder -1 1x8ht/--flow-- -x.excalidraw 1rygl/sinks/a- b - c - d - e --x-- output.md');
  });

  it('a queue named like a path: its durable log (written for --events) stays inside Flows/', async () => {
    const dir = await tempVault();
    await fs.writeFile(path.join(dir, 'flow.excalidraw'), drawingWithSinks(['out store'], `../../${CONFIG}/evil:queue\nA B`));
    await fs.writeFile(path.join(dir, 'more.md'), '- C\n- D: 2\n');
    const r = await runFlows(['run', 'flow.excalidraw', '--events', 'more.md', '--json'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { offsets: unknown }).offsets).toEqual({ [`../../${CONFIG}/evil:queue`]: 4 });
    const written = (await listFiles(dir)).filter((f) => f !== 'flow.excalidraw' && f !== 'more.md');
    expect(written.filter((f) => !f.startsWith('Flows/flow.excalidraw/'))).toEqual([]);
    expect(written).toContain(`Flows/flow.excalidraw/queues/-..-${CONFIG}-evil-queue.md`);
  });

  it('a --from checkpoint path outside the flows folder is refused before anything is written', async () => {
    const dir = await tempVault();
    await fs.writeFile(path.join(dir, 'flow.excalidraw'), drawingWithSinks(['out store']));
    await fs.writeFile(path.join(dir, 'secret.md'), 'not a checkpoint');
    const r = await runFlows(['run', 'flow.excalidraw', '--from', '../../etc/passwd'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const r2 = await runFlows(['run', 'flow.excalidraw', '--from', 'secret.md'], dir);
    expect(r2.code).toBe(2);
    expect(await listFiles(dir)).toEqual(['flow.excalidraw', 'secret.md']);
  });
});
