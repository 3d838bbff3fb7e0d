import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countPipelineDrawing } from '../cli/pipeline-drawing';
import { listFiles, tempVault } from '../helpers/temp-vault';
import { runFlows } from './support/run-flows';

const SINK = 'Flows/flow.excalidraw/sinks/storage.md';

async function finishedRun(mode: string[]): Promise<string> {
  const dir = await tempVault();
  await fs.writeFile(path.join(dir, 'flow.excalidraw'), countPipelineDrawing());
  await fs.writeFile(path.join(dir, 'ev.md'), Array.from({ length: 600 }, (_, i) => `- k${i % 7}: 1`).join('\n') + '\n');
  const r = await runFlows(['run', 'flow.excalidraw', '--events', 'orders=ev.md', '--checkpoint-every', '100', ...mode], dir);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return dir;
}

async function files(dir: string): Promise<Map<string, string>> {
  return new Map(await Promise.all((await listFiles(dir)).map(async (f) => [f, await fs.readFile(path.join(dir, f), 'utf8')] as const)));
}

describe('a sink value edited by hand is never accepted without a word', () => {
  for (const [mode, args, edit] of [
    // The changelog's first row of k0 holds its count 1; made 5.
    ['changelog', ['--changelog'], (t: string) => t.replace('| 1 | k0 | 1 |', '| 1 | k0 | 5 |')],
    // The upsert table's row of k0 holds its final count; made 999.
    ['latest value per key', [], (t: string) => t.replace(/^\| k0 \| \d+ \|$/m, '| k0 | 999 |')],
  ] as const) {
    it(`${mode}: a restore from an earlier checkpoint stops with one line, exit 1, and changes no file`, { timeout: 60_000 }, async () => {
      const dir = await finishedRun([...args]);
      const note = path.join(dir, SINK);
      const text = await fs.readFile(note, 'utf8');
      const edited = edit(text);
      expect(edited).not.toBe(text);
      await fs.writeFile(note, edited);
      const before = await files(dir);
      const r = await runFlows(['run', 'flow.excalidraw', '--from', 'Flows/flow.excalidraw/checkpoints/checkpoint-0002.md', '--checkpoint-every', '100', ...args], dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^flows run: ${SINK.replace(/[./]/g, '\\$&')}: [^\\n]*(differ|edited)[^\\n]*; the note was left as it is and the run stopped\\. [^\\n]*\\n$`));
      expect(await files(dir)).toEqual(before);
    });
  }
});
