import * as nodeFs from 'node:fs';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { summarizePeers } from '../../bench/lib/derive';
import { keyNames, randomKeyEvents } from '../../bench/lib/events';
import { readCounts, writeCountsFsynced } from '../../bench/lib/peer-output';
import { countLoop, sessionRun } from '../../bench/measure/count-1k';
import { countWithMost, loadMost } from '../../bench/measure/most';
import { countWithRx, countWithRxReduce } from '../../bench/measure/rxjs';
import { BATCH_COUNT_FUNCTION, COUNT_FUNCTION, FINISH_FUNCTION } from '../../bench/nodered/flow';

type Msg = { payload: unknown };

/** Node-RED's flow and global context, as the function nodes use them: a default store and a named `memory` one. */
function fakeContext(): { flow: object; global: object } {
  const stores: Record<string, Map<string, unknown>> = { default: new Map(), memory: new Map() };
  const store = (name?: string): Map<string, unknown> => stores[name ?? 'default'];
  return {
    flow: {
      get: (k: string, s?: string) => store(s).get(k),
      set: (k: string, v: unknown, s?: string) => void store(s).set(k, v),
      keys: (s?: string) => [...store(s).keys()],
    },
    global: { get: (k: string) => (k === 'fs' ? nodeFs : undefined) },
  };
}

/** Runs a function node's body as Node-RED does: wrapped in a function of msg, in a vm context holding flow and global. */
function functionNode(body: string, ctx: { flow: object; global: object }): (msg: Msg) => Msg {
  const context = vm.createContext({ flow: ctx.flow, global: ctx.global, Map });
  return new vm.Script(`(function (msg) {\n${body}\n})`).runInContext(context) as (msg: Msg) => Msg;
}

// Each peer must count exactly what the loop counts, and write it where the benchmark reads it back.
describe('benchmark peers count what the loop counts', () => {
  const events = randomKeyEvents(5000, keyNames(50), 11);
  const expected = countLoop(events);

  it('RxJS reduce into a Map and groupBy/scan give the loop\'s counts', () => {
    expect(countWithRxReduce(events)).toEqual(expected);
    const grouped = countWithRx(events);
    expect(grouped.counts).toEqual(expected);
    expect(grouped.outputs).toBe(events.length);
  });

  // @most/core lives in bench/peers (never a plugin dependency), installed by the first bench run;
  // CI runs the tests before the bench smoke, so on a fresh clone it is not there yet.
  it.skipIf(!existsSync(path.join(__dirname, '../../bench/peers/node_modules/@most/core')))('@most/core scan into a Map gives the loop\'s counts', async () => {
    const most = loadMost()!;
    expect(await countWithMost(most, events)).toEqual(expected);
  });

  it('the Node-RED batch and per-message function nodes count like the loop, and the finish node writes that to its file', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nodered-fn-'));
    try {
      const ctx = fakeContext();
      const batch = functionNode(BATCH_COUNT_FUNCTION, ctx);
      const perMessage = functionNode(COUNT_FUNCTION, ctx);
      const finish = functionNode(FINISH_FUNCTION, ctx);
      for (let at = 0; at < events.length; at += 700) expect(batch({ payload: events.slice(at, at + 700) }).payload).toBe(Math.min(700, events.length - at));
      for (const k of events) perMessage({ payload: k });
      const batchFile = path.join(dir, 'batch.tsv');
      expect(finish({ payload: { variant: 'batch', file: batchFile } }).payload).toEqual({ keys: expected.size, total: events.length });
      expect(await readCounts(batchFile)).toEqual(expected);
      // The batch Map starts afresh after each finish; per-message counts stay in flow context.
      expect(finish({ payload: { variant: 'batch', file: batchFile } }).payload).toEqual({ keys: 0, total: 0 });
      const perMessageFile = path.join(dir, 'per-message.tsv');
      expect(finish({ payload: { variant: 'per_message', file: perMessageFile } }).payload).toEqual({ keys: expected.size, total: events.length });
      expect(await readCounts(perMessageFile)).toEqual(expected);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('a peer\'s counts file reads back as written, keys with spaces and tabs included', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'peer-out-'));
    try {
      const counts = new Map([['a b', 3], ['x\ty', 1], ['k0', 12]]);
      const file = path.join(dir, 'sub', 'counts.tsv');
      expect(await writeCountsFsynced(file, counts)).toBe((await fs.stat(file)).size);
      expect(await readCounts(file)).toEqual(counts);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('a peer measured interleaved with the engine is compared with those engine runs, the others with count_1k\'s', () => {
    const s = summarizePeers({
      count_1k: { engine_eps: 30e6 },
      rxjs: { events: 9, engine_eps: 20e6, reduce_eps: 18e6, group_by_eps: 4e6 },
      most: { engine_eps: 40e6, scan_eps: 25e6, version: '1.6.1' },
      nodered: { batch_eps: 1e6, per_message_eps: 5e4 },
    })!;
    // rxjs.reduce: 20/18 = 1.11 is the smallest lead (most: 40/25 = 1.6, nodered: 30/1 = 30).
    expect(s).toMatchObject({ best_peer: 'rxjs.reduce_eps', best_peer_eps: 18e6, engine_eps: 20e6, engine_over_best_peer: 1.11 });
    expect(s.status).toBeUndefined();
  });

  it('a fed count_1k run (events appended as it goes, run ones dropped) counts each pass, as the loop over the same passes', async () => {
    const few = randomKeyEvents(150_000, keyNames(40), 5);
    const run = await sessionRun(few, 1000, true, 3);
    expect(run.counts).toEqual(countLoop(few, 3));
    expect(run.counts.get('k0')).toBe(3 * countLoop(few).get('k0')!);
    expect(run.processingMs + run.flushMs).toBeCloseTo(run.ms, 6);
  });
});
