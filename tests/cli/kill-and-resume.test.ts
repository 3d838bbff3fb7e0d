import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFlowsProcess } from '../helpers/run-cli';
import { tempVault } from '../helpers/temp-vault';
import { countPipelineDrawing } from './pipeline-drawing';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Starts `flows <args>` as one node process (no tsx wrapper process in between, so SIGKILL
 * really kills the run), waits until `ready` holds, lets it run a little longer, and kills it.
 */
async function killMidRun(args: string[], cwd: string, ready: () => Promise<boolean>, extraMs: number): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/flows.ts'), ...args], { cwd: ROOT, env: { ...process.env, INIT_CWD: cwd } });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const closed = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
  for (let i = 0; i < 600 && child.exitCode === null && !(await ready()); i++) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, extraMs));
  child.kill('SIGKILL');
  const signal = await closed;
  if (signal !== 'SIGKILL') throw new Error(`the run ended before it could be killed: ${stderr}`);
  return signal;
}

describe('a real `flows run` killed with SIGKILL, then resumed', () => {
  it('ends with the exact counts and every sink record exactly once (--changelog)', async () => {
    const dir = await tempVault();
    await fs.writeFile(path.join(dir, 'flow.excalidraw'), countPipelineDrawing());
    const keys = Array.from({ length: 20_000 }, (_, i) => `k${(i * 7919) % 301}`);
    await fs.writeFile(path.join(dir, 'events.md'), `# Orders\n\n${keys.map((k) => `- ${k}`).join('\n')}\n`);
    const checkpoints = path.join(dir, 'Flows/flow.excalidraw/checkpoints');
    const count = async (): Promise<number> => (await fs.readdir(checkpoints).catch(() => [])).filter((f) => f.endsWith('.md')).length;

    const fresh = ['run', 'flow.excalidraw', '--events', 'events.md', '--checkpoint-every', '500', '--rate', '5000', '--retain', '4', '--changelog'];
    // A killed run leaves its run lock behind (fresh heartbeat, no one to remove it). The lock
    // names the process and the machine, so the next run sees the process is gone and takes it
    // over at once instead of waiting 30 s for the heartbeat to go stale.
    const lock = path.join(dir, 'Flows/flow.excalidraw/run-lock.md');
    const lockHolder = async (): Promise<string> => /holder: "(.*)"/.exec(await fs.readFile(lock, 'utf8'))![1];
    expect(await killMidRun(fresh, dir, async () => (await count()) >= 2, 700)).toBe('SIGKILL');
    expect(await lockHolder()).toMatch(/^command line \(pid \d+ on .+\) #\w+$/);
    const before = await count();
    expect(await killMidRun(['run', 'flow.excalidraw', '--resume', '--checkpoint-every', '500', '--rate', '5000', '--retain', '4', '--changelog'], dir, async () => (await count()) !== before, 450)).toBe('SIGKILL');
    await expect(fs.stat(lock)).resolves.toBeTruthy();

    const r = await runFlowsProcess(['run', path.join(dir, 'flow.excalidraw'), '--resume', '--json', '--checkpoint-every', '500', '--changelog']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.restored.path).toMatch(/^Flows\/flow\.excalidraw\/checkpoints\/checkpoint-\d{4}\.md$/);
    expect(report.offsets).toEqual({ orders: 20_000 });
    const want: Record<string, number> = {};
    const records = keys.map((key) => ({ key, value: (want[key] = (want[key] ?? 0) + 1) }));
    expect(report.state).toEqual({ count: want });
    expect(report.sinks.storage).toEqual(records);
    // Straight from the note on disk: rows 1..20000, each once, in order.
    const rows = (await fs.readFile(path.join(dir, 'Flows/flow.excalidraw/sinks/storage.md'), 'utf8')).split('\n').filter((l) => /^\| \d+ \|/.test(l));
    expect(rows.map((l) => Number(l.split('|')[1]))).toEqual(keys.map((_, i) => i + 1));

    // Nothing half-written is left behind: no temporary files of writes the kills cut short.
    const leftovers = (await fs.readdir(path.join(dir, 'Flows/flow.excalidraw'), { recursive: true })).filter((f) => String(f).endsWith('.tmp'));
    expect(leftovers).toEqual([]);

    const listed = await runFlowsProcess(['checkpoints', path.join(dir, 'flow.excalidraw'), '--json']);
    const cps = JSON.parse(listed.stdout).checkpoints as { kind: string; valid: boolean; sizeBytes: number; durationMs: number; offsets: Record<string, number> }[];
    expect(cps.length).toBeGreaterThanOrEqual(1);
    expect(cps.every((c) => c.valid && c.sizeBytes > 0 && c.durationMs >= 0)).toBe(true);
    expect(cps.at(-1)!.offsets).toEqual({ orders: 20_000 });
  });

  it('ends with the exact counts, and the upsert sink note shows exactly the table of the checkpoint it names (default sink)', async () => {
    const dir = await tempVault();
    await fs.writeFile(path.join(dir, 'flow.excalidraw'), countPipelineDrawing());
    const keys = Array.from({ length: 20_000 }, (_, i) => `k${(i * 7919) % 301}`);
    await fs.writeFile(path.join(dir, 'events.md'), `# Orders\n\n${keys.map((k) => `- ${k}`).join('\n')}\n`);
    const checkpoints = path.join(dir, 'Flows/flow.excalidraw/checkpoints');
    const count = async (): Promise<number> => (await fs.readdir(checkpoints).catch(() => [])).filter((f) => f.endsWith('.md')).length;
    const sinkNote = path.join(dir, 'Flows/flow.excalidraw/sinks/storage.md');
    expect(await killMidRun(['run', 'flow.excalidraw', '--events', 'events.md', '--checkpoint-every', '500', '--rate', '5000', '--retain', '4'], dir, async () => (await count()) >= 2, 700)).toBe('SIGKILL');
    // Killed mid-run: the note is the whole table of a checkpoint that was complete (it names it).
    const killed = await fs.readFile(sinkNote, 'utf8');
    const named = Number(/\ncheckpoint: (\d+)\n/.exec(killed)![1]);
    const cp = await fs.readFile(path.join(checkpoints, `checkpoint-${String(named).padStart(4, '0')}.md`), 'utf8').catch(() => null);
    if (cp !== null) {
      const processed = Number(/\nevents_processed: (\d+)\n/.exec(cp)![1]);
      const at: Record<string, number> = {};
      for (const k of keys.slice(0, processed)) at[k] = (at[k] ?? 0) + 1;
      const rows = killed.split('\n').filter((l) => /^\| k\d+ \|/.test(l)).map((l) => l.split(' | '));
      expect(Object.fromEntries(rows.map(([k, v]) => [k.slice(2), Number(v.slice(0, -2))]))).toEqual(at);
    }

    const r = await runFlowsProcess(['run', path.join(dir, 'flow.excalidraw'), '--resume', '--json', '--checkpoint-every', '500']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    const want: Record<string, number> = {};
    for (const k of keys) want[k] = (want[k] ?? 0) + 1;
    expect(report.state).toEqual({ count: want });
    expect(Object.fromEntries(report.sinks.storage.map((x: { key: string; value: number }) => [x.key, x.value]))).toEqual(want);
    const final = await fs.readFile(sinkNote, 'utf8');
    expect(final).toContain(`\ncheckpoint: ${report.checkpoints.at(-1).id}\n`);
    expect(final.split('\n').filter((l) => /^\| k\d+ \|/.test(l))).toHaveLength(301);
  });

  // Issue 17: a windowed drawing (open windows, the watermark and late events in every checkpoint) killed twice.
  it('a windowed drawing ends with the windows and late clicks of an uninterrupted run (--changelog)', async () => {
    const drawing = countPipelineDrawing('count by ad per 1 min allow 10s late');
    // 20,000 clicks over about 11 hours of event time, 2 s apart; every 50th comes 40 s back in time.
    const rows = Array.from({ length: 20_000 }, (_, i) => `${Math.max(0, i * 2000 - (i % 50 === 49 ? 40_000 : 0))},u${i % 37},${(i * 7919) % 13}`);
    const events = `# Clicks\n\n\`\`\`csv\ntime,user,ad\n${rows.join('\n')}\n\`\`\`\n`;
    const straightDir = await tempVault();
    await fs.writeFile(path.join(straightDir, 'flow.excalidraw'), drawing);
    await fs.writeFile(path.join(straightDir, 'events.md'), events);
    const straight = await runFlowsProcess(['run', 'flow.excalidraw', '--events', 'events.md', '--json', '--changelog'], straightDir);
    expect(straight.code).toBe(0);
    const want = JSON.parse(straight.stdout);

    const dir = await tempVault();
    await fs.writeFile(path.join(dir, 'flow.excalidraw'), drawing);
    await fs.writeFile(path.join(dir, 'events.md'), events);
    const checkpoints = path.join(dir, 'Flows/flow.excalidraw/checkpoints');
    const count = async (): Promise<number> => (await fs.readdir(checkpoints).catch(() => [])).filter((f) => f.endsWith('.md')).length;
    const opts = ['--checkpoint-every', '500', '--rate', '5000', '--retain', '4', '--changelog'];
    expect(await killMidRun(['run', 'flow.excalidraw', '--events', 'events.md', ...opts], dir, async () => (await count()) >= 2, 700)).toBe('SIGKILL');
    const before = await count();
    expect(await killMidRun(['run', 'flow.excalidraw', '--resume', ...opts], dir, async () => (await count()) !== before, 450)).toBe('SIGKILL');

    const r = await runFlowsProcess(['run', path.join(dir, 'flow.excalidraw'), '--resume', '--json', '--checkpoint-every', '500', '--changelog']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.restored.path).toMatch(/checkpoint-\d{4}\.md$/);
    expect(report.offsets).toEqual({ orders: 20_000 });
    const late = 'count by ad per 1 min allow 10s late late';
    // Not vacuous: many minutes closed, the late clicks went to the late sink; every record once, in order.
    expect(want.sinks.storage.length).toBeGreaterThan(5000);
    // A click 40 s back arrives when the newest time is 38 s past it, so the watermark (10 s behind) is 28 s past
    // it: it is late exactly when its minute ends within those 28 s, i.e. it lies in the minute's last 28 s.
    const lateClicks = rows.filter((_, i) => i % 50 === 49 && Number(rows[i].split(',')[0]) % 60_000 >= 32_000).length;
    expect(lateClicks).toBeGreaterThan(100);
    expect(want.sinks[late].length).toBe(lateClicks);
    expect(report.sinks).toEqual(want.sinks);
    expect(report.state).toEqual(want.state);
  });
});
