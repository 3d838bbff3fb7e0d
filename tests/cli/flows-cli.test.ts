import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFlowsProcess } from '../helpers/run-cli';
import { countPipelineDrawing } from './pipeline-drawing';
import { SEED, listFiles, tempVault } from '../helpers/temp-vault';

describe('flows run (a real process)', () => {
  it('runs the seed and prints exactly one JSON object', async () => {
    const dir = await tempVault({ 'drawings/checkpointing.excalidraw.md': SEED });
    const r = await runFlowsProcess(['run', path.join(dir, 'drawings/checkpointing.excalidraw.md'), '--vault', dir, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toEqual({
      drawing: 'drawings/checkpointing.excalidraw.md',
      state: { 'processing service': { A: 1, B: 1, C: 1 } },
      sinks: {},
      sinkCounts: {},
      offsets: { queue: 3 },
      checkpoints: [{ id: 1, path: 'Flows/drawings/checkpointing/checkpoints/checkpoint-0001.md' }],
      assertions: ['A', 'B', 'C'].map((key) => ({ node: 'processing service', key, expected: 1, actual: 1, ok: true })),
      restored: null,
      problems: [],
      drawingChanges: [],
    });
    expect(await listFiles(dir)).toEqual(['Flows/drawings/checkpointing/checkpoints/checkpoint-0001.data.md', 'Flows/drawings/checkpointing/checkpoints/checkpoint-0001.md', 'drawings/checkpointing.excalidraw.md']);
  });

  it('defaults the vault to the drawing folder and prints a human summary', async () => {
    const dir = await tempVault({ 'checkpointing.excalidraw.md': SEED });
    const r = await runFlowsProcess(['run', 'checkpointing.excalidraw.md'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('processing service: A = 1, B = 1, C = 1');
    expect(r.stdout).toContain('checkpoint 1: Flows/checkpointing/checkpoints/checkpoint-0001.md');
    await expect(fs.stat(path.join(dir, 'Flows/checkpointing/checkpoints/checkpoint-0001.md'))).resolves.toBeTruthy();
  });

  it('inspect --json shows nodes, roles, operation and edges', async () => {
    const dir = await tempVault({ 'checkpointing.excalidraw.md': SEED });
    const r = await runFlowsProcess(['inspect', path.join(dir, 'checkpointing.excalidraw.md'), '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.nodes.map((n: { name: string; role: string }) => [n.name, n.role])).toEqual([['processing service', 'processor'], ['queue', 'source']]);
    expect(out.edges).toEqual([{ id: '8KkKS4A9aYHiNKtDOPSIr', from: 'wQEIdo2SRbHu7CySrp7Gc', to: '-9utWw0b6K18W12aV9wko' }]);
  });
});

describe('bad input: exit code 2, one line naming the file, no stack trace', () => {
  const cases: [string, (dir: string) => Promise<string[]>, RegExp][] = [
    ['a missing file', async (dir) => ['run', path.join(dir, 'nope.excalidraw.md')], /nope\.excalidraw\.md: file not found/],
    ['a file that is not a drawing', async (dir) => {
      await fs.writeFile(path.join(dir, 'plain.md'), '# Just a note\n');
      return ['run', path.join(dir, 'plain.md')];
    }, /plain\.md: not a drawing/],
    ['a drawing block that is not JSON', async (dir) => {
      await fs.writeFile(path.join(dir, 'broken.excalidraw.md'), '---\nexcalidraw-plugin: parsed\n---\n# Drawing\n```json\n{"elements": [ {"id": \n```\n');
      return ['run', path.join(dir, 'broken.excalidraw.md')];
    }, /broken\.excalidraw\.md: the drawing data is not valid JSON/],
    ['a drawing without a queue', async (dir) => {
      await fs.writeFile(path.join(dir, 'empty.excalidraw'), JSON.stringify({ type: 'excalidraw', elements: [] }));
      return ['run', path.join(dir, 'empty.excalidraw')];
    }, /empty\.excalidraw: error: the drawing has no boxes/],
    ['an unknown option', async (dir) => ['run', path.join(dir, 'x.excalidraw'), '--frobnicate'], /Unknown option '--frobnicate'/],
    ['two drawings where one is expected', async (dir) => {
      await fs.writeFile(path.join(dir, 'a.excalidraw'), JSON.stringify({ type: 'excalidraw', elements: [] }));
      return ['inspect', path.join(dir, 'a.excalidraw'), 'b.excalidraw'];
    }, /^flows inspect: unexpected argument "b\.excalidraw": give one drawing/],
    ['a rate of 0', async (dir) => ['run', path.join(dir, 'x.excalidraw'), '--rate', '0'], /^flows run: bad value for --rate: "0" \(write a number above 0\)$/m],
    ['an interval without a unit', async (dir) => ['run', path.join(dir, 'x.excalidraw'), '--interval', '5'], /bad value for --interval: "5" \(write a duration such as 500ms, 5s or 2m\)/],
    ['a fractional checkpoint count', async (dir) => ['run', path.join(dir, 'x.excalidraw'), '--checkpoint-every', '2.5'], /bad value for --checkpoint-every: "2\.5"/],
    ['a missing checkpoint note for --from', async (dir) => {
      await fs.copyFile(SEED, path.join(dir, 'seed.excalidraw.md'));
      return ['run', path.join(dir, 'seed.excalidraw.md'), '--from', 'Flows/seed/checkpoints/checkpoint-0009.md'];
    }, /Flows\/seed\/checkpoints\/checkpoint-0009\.md: checkpoint note not found/],
    ['a missing events file', async (dir) => {
      await fs.copyFile(SEED, path.join(dir, 'seed.excalidraw.md'));
      return ['run', path.join(dir, 'seed.excalidraw.md'), '--events', path.join(dir, 'nope.txt')];
    }, /nope\.txt: events file not found/],
    ['an events file that is not events', async (dir) => {
      await fs.copyFile(SEED, path.join(dir, 'seed.excalidraw.md'));
      await fs.writeFile(path.join(dir, 'bad.md'), '- A\n- this is: not an event\n');
      return ['run', path.join(dir, 'seed.excalidraw.md'), '--events', path.join(dir, 'bad.md')];
    }, /bad\.md, line 2: list item "this is: not an event" is not an event; write KEY, KEY: NUMBER or KEY=NUMBER \(one per item\); the file was not imported \(fix that item, then run again\)/],
  ];
  for (const [what, args, message] of cases) {
    it(what, async () => {
      const dir = await tempVault();
      const r = await runFlowsProcess(await args(dir));
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('names the element when the problem is one element', async () => {
    const dir = await tempVault();
    const box = (id: string, x: number) => ({ id, type: 'rectangle', x, y: 0, width: 100, height: 50 });
    const arrow = (id: string, x1: number, x2: number) => ({ id, type: 'arrow', x: x1, y: 25, width: x2 - x1, height: 0, points: [[0, 0], [x2 - x1, 0]], endArrowhead: 'arrow' });
    const back = { id: 'back', type: 'arrow', x: 200, y: 40, width: 100, height: 0, points: [[0, 0], [-100, 0]], endArrowhead: 'arrow' };
    await fs.writeFile(path.join(dir, 'loop.excalidraw'), JSON.stringify({ type: 'excalidraw', elements: [box('q', -200), arrow('in', -100, 0), box('a', 0), arrow('ab', 100, 200), box('b', 200), back] }));
    const r = await runFlowsProcess(['run', path.join(dir, 'loop.excalidraw')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/loop\.excalidraw, element (ab|back): error: the edges form a cycle/);
  });
});

describe('flows run refuses a box with two operation lines', () => {
  it.each([
    ['two operations', 'count\nmax', /two\.excalidraw, element counter-label: error: processor .* has 2 operations \("count", "max"\); draw one processor per operation/],
    ['an operation and a misspelt one', 'count\nsmu', /two\.excalidraw, element counter-label: error: "smu" in processor .* did you mean `sum`\?/],
  ])('%s: exit 2, one line naming the element, nothing written', async (_what, label, message) => {
    const dir = await tempVault();
    await fs.writeFile(path.join(dir, 'two.excalidraw'), countPipelineDrawing(label));
    const r = await runFlowsProcess(['run', path.join(dir, 'two.excalidraw'), '--vault', dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(await listFiles(dir)).toEqual(['two.excalidraw']);
  });
});

describe('flows run --resume / --from and flows checkpoints', () => {
  it('resumes the seed from its checkpoint, restores an older one on request, and lists them', async () => {
    const dir = await tempVault({ 'seed.excalidraw.md': SEED });
    const drawing = path.join(dir, 'seed.excalidraw.md');
    expect((await runFlowsProcess(['run', drawing])).code).toBe(0);
    const resumed = await runFlowsProcess(['run', drawing, '--resume', '--json']);
    expect(resumed.code).toBe(0);
    const report = JSON.parse(resumed.stdout);
    expect(report).toMatchObject({ state: { 'processing service': { A: 1, B: 1, C: 1 } }, restored: { id: 1, path: 'Flows/seed/checkpoints/checkpoint-0001.md' }, problems: [], drawingChanges: [], checkpoints: [] });

    const fromOld = await runFlowsProcess(['run', drawing, '--from', path.join(dir, 'Flows/seed/checkpoints/checkpoint-0001.md')]);
    expect(fromOld.stdout).toContain('resumed from checkpoint 1: Flows/seed/checkpoints/checkpoint-0001.md');

    const human = await runFlowsProcess(['checkpoints', drawing]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^seed\.excalidraw\.md: 1 checkpoint in Flows\/seed\/checkpoints\n {5}1 {2}full {9}\S+Z {2}queue=3 {2}\d+ B {2}\d+ ms\n$/);
    const json = JSON.parse((await runFlowsProcess(['checkpoints', drawing, '--json'])).stdout);
    expect(json.checkpoints).toEqual([expect.objectContaining({ id: 1, kind: 'full', offsets: { queue: 3 }, valid: true, sizeBytes: expect.any(Number), durationMs: expect.any(Number) })]);
  });
});
