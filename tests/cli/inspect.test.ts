import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectCommand } from '../../src/cli/commands/inspect';
import { FIXTURES, tempVault } from '../helpers/temp-vault';

const DRAWINGS = path.join(FIXTURES, 'drawings');

/** Runs `flows inspect` in-process against real files copied into a temporary vault. */
async function inspect(file: string, json: boolean): Promise<{ code: number; out: string; err: string }> {
  const dir = await tempVault({ [file]: path.join(DRAWINGS, file) });
  let out = '';
  let err = '';
  const code = await inspectCommand.run([file, ...(json ? ['--json'] : [])], { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: dir });
  return { code, out, err };
}

describe('flows inspect shows how a drawing was understood', () => {
  it('lists nodes, events, edges, interval and the diagnostics with file and element', async () => {
    const { code, out, err } = await inspect('small-pipeline.canvas', false);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toContain('small-pipeline.canvas: 6 nodes, 4 edges');
    expect(out).toContain('  source    orders (queue) events: C B:2 A');
    expect(out).toContain('  processor big ones (filt) [filter value >= 2]');
    expect(out).toContain('  source    orders events (note) events: (none) + [[notes/orders events.md]]');
    expect(out).toContain('  small-pipeline.canvas, element e5: warning: arrow e5: its end does not touch a box;');
  });

  it('--json carries the same diagnostics', async () => {
    const { code, out } = await inspect('new-layout-json.excalidraw.md', true);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.nodes.map((n: { role: string }) => n.role)).toEqual(['source', 'processor', 'sink']);
    expect(report.checkpointIntervalMs).toBe(5000);
    expect(report.diagnostics).toEqual([]);
  });

  it('shows a truncated drawing block as a diagnostic and exits 2', async () => {
    const { code, out, err } = await inspect('truncated-block.excalidraw.md', true);
    expect(code).toBe(2);
    expect(err).toBe('truncated-block.excalidraw.md: the drawing block has no closing ``` (the file was cut short); restore the file from a backup or sync conflict copy\n');
    const report = JSON.parse(out);
    expect(report.nodes).toEqual([]);
    expect(report.diagnostics).toEqual([expect.objectContaining({ severity: 'error', code: 'truncated-drawing', file: 'truncated-block.excalidraw.md' })]);
    const text = await inspect('truncated-block.excalidraw.md', false);
    expect(text.out).toMatch(/^truncated-block\.excalidraw\.md: 0 nodes, 0 edges\n {2}truncated-block\.excalidraw\.md: error: the drawing block has no closing ```/);
  });

  it('a reading with an error (an operation word the language lacks) exits 2 with that one line on stderr, as run refuses it', async () => {
    const seed = await fs.readFile(path.join(FIXTURES, 'seed', 'checkpointing.excalidraw.md'), 'utf8');
    const dir = await tempVault({});
    await fs.writeFile(path.join(dir, 'misspelt.excalidraw.md'), seed.replaceAll('C = 1', 'cout'));
    let out = '';
    let err = '';
    const code = await inspectCommand.run(['misspelt.excalidraw.md'], { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: dir });
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(/^misspelt\.excalidraw\.md, element \w+: error: .*did you mean `count`\?/);
    expect(out).toContain('misspelt.excalidraw.md:');
  });
});
