import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planDrawing } from '../../src/core/run/load-flow';
import { FlowSession } from '../../src/core/run/flow-session';
import { NodeVaultStore } from '../../src/cli/node-vault-store';
import { runFlowsProcess } from '../helpers/run-cli';
import { fixedClock, instantScheduler, listFiles, tempVault } from '../helpers/temp-vault';
import { countPipelineDrawing } from './pipeline-drawing';

const KEYS = Array.from({ length: 300 }, (_, i) => `k${i % 17}`);
const counts = (keys: readonly string[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = (out[k] ?? 0) + 1;
  return out;
};

/** A run of `drawing` written where 0.1 wrote it (`Flows/flow/`), stopped as a kill would after a few checkpoints. */
async function killedRunIn(dir: string, drawing: string, root: string): Promise<void> {
  const store = new NodeVaultStore(dir);
  const { plan } = await planDrawing(store, drawing);
  const events = new Map([['orders', KEYS.map((key) => ({ key, value: 1 }))]]);
  const s = await FlowSession.fromPlan(plan, { store, clock: fixedClock(), scheduler: instantScheduler, drawingPath: drawing, flowsRoot: root, checkpointEveryEvents: 50, sliceSize: 10, sinkMode: 'changelog', extraEvents: events, onChange: (c) => c.type === 'checkpoint' && c.info.id === 3 && s.simulateCrash() });
  await s.runUntilDrained();
}

describe('where a run lives', () => {
  it('a 0.1 run of a .excalidraw drawing (old folder Flows/flow/) is found and goes on there on --resume', async () => {
    const dir = await tempVault();
    await fs.writeFile(path.join(dir, 'flow.excalidraw'), countPipelineDrawing());
    await killedRunIn(dir, 'flow.excalidraw', 'Flows/flow');
    const r = await runFlowsProcess(['run', path.join(dir, 'flow.excalidraw'), '--resume', '--json']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(report.restored.path).toBe('Flows/flow/checkpoints/checkpoint-0003.md');
    expect(report.state).toEqual({ count: counts(KEYS) });
    expect(report.sinks.storage).toHaveLength(300);
    expect((await listFiles(dir)).filter((f) => f.startsWith('Flows/flow.excalidraw/'))).toEqual([]);
  });

  it('… but not when the old folder is the run of flow.excalidraw.md, which still owns it', async () => {
    const dir = await tempVault();
    await fs.writeFile(path.join(dir, 'flow.excalidraw'), countPipelineDrawing());
    await fs.writeFile(path.join(dir, 'flow.excalidraw.md'), `---\nexcalidraw-plugin: parsed\n---\n\n# Excalidraw Data\n\n## Drawing\n\`\`\`json\n${countPipelineDrawing()}\n\`\`\`\n`);
    await killedRunIn(dir, 'flow.excalidraw.md', 'Flows/flow');
    const before = new Map(await Promise.all((await listFiles(dir)).map(async (f) => [f, await fs.readFile(path.join(dir, f), 'utf8')] as const)));
    const r = await runFlowsProcess(['run', path.join(dir, 'flow.excalidraw'), '--resume', '--json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).restored).toBeNull();
    for (const [f, text] of before) expect(await fs.readFile(path.join(dir, f), 'utf8'), f).toBe(text);
  });

  it('a fresh run keeps the previous run whole under previous runs/, named, and starts its own', async () => {
    const dir = await tempVault();
    await fs.writeFile(path.join(dir, 'flow.excalidraw'), countPipelineDrawing());
    await fs.writeFile(path.join(dir, 'events.md'), KEYS.map((k) => `- ${k}`).join('\n'));
    const first = await runFlowsProcess(['run', path.join(dir, 'flow.excalidraw'), '--events', path.join(dir, 'events.md'), '--checkpoint-every', '100', '--changelog']);
    expect(first.code).toBe(0);
    const root = path.join(dir, 'Flows/flow.excalidraw');
    const sink = await fs.readFile(path.join(root, 'sinks/storage.md'), 'utf8');
    const second = await runFlowsProcess(['run', path.join(dir, 'flow.excalidraw'), '--json', '--changelog']);
    expect(second.stderr).toBe('');
    expect(JSON.parse(second.stdout).sinks.storage).toEqual([]);
    expect(await fs.readFile(path.join(root, 'previous runs/run-0001/sinks/storage.md'), 'utf8')).toBe(sink);
    expect((await fs.readdir(path.join(root, 'previous runs/run-0001/checkpoints'))).sort()).toEqual(['checkpoint-0001.data.md', 'checkpoint-0001.md', 'checkpoint-0002.data.md', 'checkpoint-0002.md', 'checkpoint-0003.data.md', 'checkpoint-0003.md']);
    expect(await fs.readFile(path.join(root, 'previous runs/run-0001.md'), 'utf8')).toMatch(/^---\nstate: moved\nrun: ".*\/1"\n[\s\S]*- `sinks\/storage\.md`\n/);
    expect((await fs.readdir(path.join(root, 'checkpoints'))).sort()).toEqual(['checkpoint-0001.data.md', 'checkpoint-0001.md']);
  });
});
