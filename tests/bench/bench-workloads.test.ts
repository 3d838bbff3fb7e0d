import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BenchUsage, parseBenchArgs } from '../../bench/lib/cli-args';
import { BENCH_SOURCE_ID, countPipelineDrawing, largeDrawing } from '../../bench/lib/drawings';
import { keyNames, randomKeyEvents } from '../../bench/lib/events';
import { summarizePeers } from '../../bench/lib/derive';
import { judgeGoals } from '../../bench/lib/goals';
import { largestFileIn, largestWritten, mergeLargest } from '../../bench/lib/written-files';
import { appendKeys, benchVault, openSession } from '../../bench/lib/session';
import { pairedOverheadPct } from '../../bench/lib/stats';
import { countLoop } from '../../bench/measure/count-1k';
import { countWithRx } from '../../bench/measure/rxjs';
import { understandDrawing } from '../../src/core/run/load-flow';
import { instantScheduler } from '../helpers/temp-vault';

// The benchmark is only worth its figures if its workloads are what it says they are.
describe('benchmark workloads', () => {
  it('the count drawing reads as queue → count by key → output store, with and without the sink', async () => {
    const vault = await benchVault('test');
    try {
      await vault.store.writeAtomic('with.excalidraw.md', countPipelineDrawing());
      await vault.store.writeAtomic('without.excalidraw.md', countPipelineDrawing({ withSink: false }));
      const withSink = await understandDrawing(vault.store, 'with.excalidraw.md');
      expect(withSink.graph.nodes.map((n) => [n.id, n.role, n.operation.kind])).toEqual([[BENCH_SOURCE_ID, 'source', 'count'], ['b-p', 'processor', 'count'], ['b-s', 'sink', 'count']]);
      expect(withSink.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const without = await understandDrawing(vault.store, 'without.excalidraw.md');
      expect(without.graph.nodes.map((n) => n.role)).toEqual(['source', 'processor']);
    } finally {
      await vault.remove();
    }
  });

  it('the engine, the Map loop and RxJS count the same events to the same state; the sink holds every key\'s latest count', async () => {
    const events = randomKeyEvents(5000, keyNames(50), 3);
    const expected = countLoop(events);
    expect(countWithRx(events).counts).toEqual(expected);
    const vault = await benchVault('test');
    try {
      const session = await openSession({ vault, drawing: countPipelineDrawing(), intervalMs: 1000, scheduler: instantScheduler });
      appendKeys(session, events);
      await session.runUntilDrained();
      expect(new Map(session.engine.states.get('b-p')!.values)).toEqual(expected);
      expect(new Map((await session.sinkRecords()).get('b-s')!.map((r) => [r.key, r.value]))).toEqual(expected);
    } finally {
      await vault.remove();
    }
  });

  it('the large drawing has exactly the elements asked for and reads as that many pipelines', async () => {
    const vault = await benchVault('test');
    try {
      const text = largeDrawing(200);
      expect((JSON.parse(/```json\n([\s\S]*?)\n```/.exec(text)![1]) as { elements: unknown[] }).elements).toHaveLength(200);
      await vault.store.writeAtomic('large.excalidraw.md', text);
      const { graph } = await understandDrawing(vault.store, 'large.excalidraw.md');
      expect(graph.nodes).toHaveLength(60);
      expect(graph.edges).toHaveLength(40);
      expect(graph.nodes.filter((n) => n.role === 'processor').every((n) => n.assertions.length === 1)).toBe(true);
    } finally {
      await vault.remove();
    }
  });
});

describe('benchmark report', () => {
  it('judges goals, and reports an unmeasured or not-yet-real figure as pending instead of passing it', () => {
    const goals = judgeGoals({
      count_1k: { ratio_to_loop: 0.85, checkpoints_per_run: 4 },
      checkpoint_overhead_pct: 7,
      incremental: { ckpt_ms: 3, status: "pending: checkpoint('incremental') still writes the whole state" },
    });
    const outcome = Object.fromEntries(goals.map((g) => [g.figure, g.outcome]));
    expect(outcome['count_1k.ratio_to_loop']).toBe('pass');
    expect(outcome.checkpoint_overhead_pct).toBe('miss');
    expect(outcome['incremental.ckpt_ms']).toBe('pending');
    expect(outcome.max_stall_ms).toBe('pending');
    expect(outcome.max_stall_p99_ms).toBe('pending');
    expect(outcome['count_1k.ratio_to_loop']).toBe('pass');
    // 0.79 of the loop is not 0.8.
    expect(judgeGoals({ count_1k: { ratio_to_loop: 0.79 } }).find((g) => g.figure === 'count_1k.ratio_to_loop')!.outcome).toBe('miss');
  });

  it('judges checkpoint overhead only with at least 3 periodic checkpoints per run, and says why not otherwise', () => {
    const overhead = (checkpoints: number | undefined) =>
      judgeGoals({ count_1k: { checkpoints_per_run: checkpoints }, checkpoint_overhead_pct: 1 }).find((g) => g.figure === 'checkpoint_overhead_pct')!;
    expect(overhead(3).outcome).toBe('pass');
    expect(overhead(2).outcome).toBe('pending');
    expect(overhead(2).note).toContain('fewer than 3 periodic checkpoints');
    expect(overhead(2).value).toBe(1);
    expect(overhead(undefined).outcome).toBe('pending');
  });

  it('checkpoint overhead pairs each run with the one beside it: drift between pairs does not count as overhead', () => {
    // The second pair ran while the machine was busier: a ratio of medians would call that 50 % overhead.
    expect(pairedOverheadPct([200, 100, 300], [300, 102, 306])).toBe(2);
    expect(pairedOverheadPct([100, 100, 100], [95, 100, 110])).toBe(0);
    expect(() => pairedOverheadPct([1, 2], [1])).toThrow(/paired runs: 2 against 1/);
  });

  it('takes a target from the run when the goal says so (the scale budget), pending when none is stated', () => {
    const rss = (scale: object) => judgeGoals({ scale }).find((g) => g.figure === 'scale.peak_rss_mib')!;
    expect(rss({ peak_rss_mib: 300, budget_mib: 512 })).toMatchObject({ outcome: 'pass', target: 512 });
    expect(rss({ peak_rss_mib: 600, budget_mib: 512 }).outcome).toBe('miss');
    expect(rss({ peak_rss_mib: 300 })).toMatchObject({ outcome: 'pending', note: 'no scale.budget_mib stated' });
  });

  it('compares the engine with the fastest peer variant, and the ratio is pending while a peer is not measured', () => {
    const all = summarizePeers({
      count_1k: { engine_eps: 20e6 },
      rxjs: { events: 5, reduce_eps: 10e6, group_by_eps: 2e6 },
      most: { reduce_eps: 25e6 },
      nodered: { batch_eps: 1e6, per_message_eps: 5e4 },
    })!;
    expect(all).toMatchObject({ best_peer: 'most.reduce_eps', best_peer_eps: 25e6, engine_over_best_peer: 0.8 });
    expect(all.status).toBeUndefined();
    expect(judgeGoals({ peers: all }).find((g) => g.figure === 'peers.engine_over_best_peer')!.outcome).toBe('miss');
    const some = summarizePeers({ count_1k: { engine_eps: 20e6 }, rxjs: { reduce_eps: 10e6 } })!;
    expect(some.engine_over_best_peer).toBe(2);
    expect(some.status).toBe('pending: not measured in this run: most, nodered');
    expect(judgeGoals({ peers: some }).find((g) => g.figure === 'peers.engine_over_best_peer')!.outcome).toBe('pending');
    expect(judgeGoals({ peers: all }, { nodered: 'Node-RED exited' }).find((g) => g.figure === 'peers.engine_over_best_peer')!.outcome).toBe('failed');
    expect(summarizePeers({ rxjs: { reduce_eps: 1 } })).toBeUndefined();
  });

  it('finds the largest file a run wrote, across vaults, leaving out the drawings the bench put there', async () => {
    const root = await fs.mkdtemp(path.join(os.tmpdir(), 'max-file-'));
    try {
      const vault = path.join(root, 'v');
      await fs.mkdir(path.join(vault, 'Flows', 'run', 'checkpoints'), { recursive: true });
      await fs.writeFile(path.join(vault, 'big.excalidraw.md'), Buffer.alloc(9000));
      await fs.writeFile(path.join(vault, 'Flows', 'run', 'checkpoints', 'checkpoint-0001.data.md'), Buffer.alloc(3000));
      await fs.writeFile(path.join(vault, 'Flows', 'run', 'queue.md'), Buffer.alloc(700));
      const found = await largestFileIn(vault);
      expect(found).toEqual({ bytes: 3000, path: path.join('v', 'Flows', 'run', 'checkpoints', 'checkpoint-0001.data.md'), files: 2 });
      expect(mergeLargest(found, { bytes: 5000, path: 'w/x', files: 1 })).toEqual({ bytes: 5000, path: 'w/x', files: 3 });
      expect(await largestFileIn(path.join(root, 'gone'))).toEqual({ bytes: 0, path: '', files: 0 });
    } finally {
      await fs.rm(root, { recursive: true, force: true });
    }
  });

  it('a bench vault is measured when removed, and one still on disk at the end is measured too', async () => {
    const removed = await benchVault('scan-test');
    await fs.writeFile(path.join(removed.dir, 'note.md'), Buffer.alloc(123_457));
    await removed.remove();
    const kept = await benchVault('scan-test');
    await fs.writeFile(path.join(kept.dir, 'other.md'), Buffer.alloc(223_457));
    try {
      const largest = (await largestWritten())!;
      expect(largest.bytes).toBe(223_457);
      expect(largest.path).toBe(path.join(path.basename(kept.dir), 'other.md'));
    } finally {
      await fs.rm(kept.dir, { recursive: true, force: true });
    }
  });

  it('accepts --quick --json --only and refuses anything else with the usage', () => {
    expect(parseBenchArgs(['--quick', '--json', '--only', 'count_1k,nodered'])).toEqual({ quick: true, json: true, only: ['count_1k', 'nodered'] });
    expect(() => parseBenchArgs(['--fast'])).toThrow(BenchUsage);
    expect(() => parseBenchArgs(['--fast'])).toThrow(/unknown option --fast/);
  });
});
