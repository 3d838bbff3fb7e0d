import { describe, expect, it } from 'vitest';
import type { SinkMode } from '../../../src/core/engine/engine';
import { CommittedOutputError } from '../../../src/core/run/committed-output';
import { FlowSession } from '../../../src/core/run/flow-session';
import { parseUpsertNote } from '../../../src/core/run/upsert-sink';
import { MemoryStore } from '../../helpers/memory-store';
import { fixedClock, instantScheduler } from '../../helpers/temp-vault';
import { countPlan, CrashingStore, expectedCount } from './pipelines';

const KEYS = Array.from({ length: 200 }, (_, i) => `k${(i * 7) % 23}`);
const SINK = 'Flows/flow/sinks/storage.md';

function open(store: MemoryStore | CrashingStore, sinkMode: SinkMode = 'changelog'): Promise<FlowSession> {
  return FlowSession.fromPlan(countPlan(KEYS.map((key) => ({ key, value: 1 }))), { store, clock: fixedClock(), scheduler: instantScheduler, drawingPath: 'flow.excalidraw.md', sliceSize: 10, checkpointEveryEvents: 40, fullCheckpointEvery: 3, retainCheckpoints: 20, sinkMode });
}

/** A whole run on `store`: the vault a person has before they restore or start again. */
async function finishedRun(sinkMode: SinkMode = 'changelog'): Promise<MemoryStore> {
  const store = new MemoryStore();
  await (await open(store, sinkMode)).runUntilDrained();
  return store;
}

/** Runs `action` on a copy of `vault` killed at its `budget`-th write; returns the copy, or null when the action finished first. */
async function killedAt(vault: MemoryStore, budget: number, action: (s: FlowSession) => Promise<unknown>, sinkMode: SinkMode = 'changelog'): Promise<MemoryStore | null> {
  const copy = vault.clone();
  const crashing = new CrashingStore(copy, budget);
  try {
    await action(await open(crashing, sinkMode));
  } catch (err) {
    if (!/^crash /.test((err as Error).message)) throw err;
    return copy;
  }
  return null;
}

const changelogRows = (store: MemoryStore): string[] => (store.files.get(SINK) ?? '').split('\n').filter((l) => /^\| \d+ \|/.test(l));

describe('a restore or a fresh start killed at any write, then resumed, ends as if never interrupted', () => {
  it('--from an older checkpoint (changelog): every record exactly once, in order, whichever write the kill hit', async () => {
    const vault = await finishedRun();
    const want = expectedCount(KEYS);
    let kills = 0;
    for (let budget = 0; ; budget++) {
      const copy = await killedAt(vault, budget, async (s) => {
        await s.restoreFrom('Flows/flow/checkpoints/checkpoint-0002.md');
        await s.runUntilDrained();
      });
      if (!copy) break;
      kills++;
      const resumed = await open(copy);
      await resumed.resume();
      await resumed.runUntilDrained();
      expect(Object.fromEntries(resumed.engine.states.get('counter')!.values), `killed at write ${budget}`).toEqual(want.state);
      expect((await resumed.sinkRecords()).get('storage'), `killed at write ${budget}`).toEqual(want.records);
      expect(changelogRows(copy).map((l) => Number(l.split('|')[1]))).toEqual(KEYS.map((_, i) => i + 1));
    }
    // The copy checkpoint, the cut, then the replay's appends and checkpoints: each one a kill point.
    expect(kills).toBeGreaterThan(5);
  });

  it('a fresh run over a finished one: the finished run is kept whole under previous runs/, and --resume goes on with the fresh run', async () => {
    const vault = await finishedRun();
    const before = new Map([...vault.files].filter(([p]) => p.startsWith('Flows/flow/')));
    const want = expectedCount(KEYS);
    let kills = 0;
    for (let budget = 0; ; budget++) {
      const copy = await killedAt(vault, budget, (s) => s.runUntilDrained());
      if (!copy) break;
      kills++;
      const resumed = await open(copy);
      await resumed.resume();
      await resumed.runUntilDrained();
      expect((await resumed.sinkRecords()).get('storage'), `killed at write ${budget}`).toEqual(want.records);
      if (budget === 0) {
        // Killed before its first write: the fresh run left no trace, so the finished run is what goes on.
        expect(copy.files.has('Flows/flow/previous runs/run-0001.md')).toBe(false);
        expect(resumed.run).toBe('2026-01-02T03:04:05.000Z/1');
        continue;
      }
      // Every note of the finished run, byte for byte, moved aside; the run resumed is the fresh one.
      for (const [p, text] of before) expect(copy.files.get(p.replace('Flows/flow/', 'Flows/flow/previous runs/run-0001/')), `${p}, killed at write ${budget}`).toBe(text);
      expect(copy.files.get('Flows/flow/previous runs/run-0001.md')).toMatch(/^---\nstate: moved\nrun: "2026-01-02T03:04:05\.000Z\/1"\n/);
      expect(resumed.run, `killed at write ${budget}`).toBe('2026-01-02T03:04:05.000Z/2');
    }
    expect(kills).toBeGreaterThan(before.size);
  });

  it('--from a checkpoint of the run a fresh start is moving aside (killed mid-move): refused with where its copy is, nothing written', async () => {
    const vault = await finishedRun();
    const from = 'Flows/flow/checkpoints/checkpoint-0002.md';
    const seen = new Set<string>();
    for (let budget = 0; ; budget++) {
      const copy = await killedAt(vault, budget, (s) => s.runUntilDrained());
      if (!copy) break;
      const note = copy.files.get('Flows/flow/previous runs/run-0001.md') ?? '';
      const files = new Map(copy.files);
      const outcome = await (await open(copy)).restoreFrom(from).then(
        () => 'restored',
        (e: unknown) => (e as Error).message,
      );
      if (note.includes('state: moving')) {
        // Whether or not the kill left the note in place, the restore would take it away: refused, one line, nothing written.
        expect(outcome, `killed at write ${budget}`).toBe(`${from}: this checkpoint belongs to the run that a fresh start began to move aside to Flows/flow/previous runs/run-0001/checkpoints/checkpoint-0002.md (the move was cut short; starting or resuming a run finishes it); to go back to that run, move its folders back in place of the current ones`);
        expect(copy.files, `killed at write ${budget}`).toEqual(files);
        // Nor is it offered: a picker lists only what can be restored from here.
        expect((await (await open(copy)).listCheckpoints()).map((c) => c.path)).not.toContain(from);
        seen.add(files.has(from) ? 'moving, note still in place' : 'moving, note gone');
      } else if (note.includes('state: moved') && !files.has(from)) {
        expect(outcome).toMatch(/^Flows\/flow\/checkpoints\/checkpoint-0002\.md: this checkpoint was moved aside with the run before the current one, to Flows\/flow\/previous runs\/run-0001\/checkpoints\/checkpoint-0002\.md; /);
        expect(copy.files).toEqual(files);
        seen.add('moved');
      } else {
        // No move begun (the finished run goes on), or the fresh run's own checkpoint 2 by now.
        expect(outcome, `killed at write ${budget}`).toBe('restored');
        seen.add(note === '' ? 'no move' : 'the fresh run\u2019s own');
      }
    }
    expect([...seen].sort()).toEqual(['moved', 'moving, note gone', 'moving, note still in place', 'no move', 'the fresh run\u2019s own']);
  });

  it('--from an older checkpoint (upsert): the note ends with the whole table; right after the restore it shows the older table and names the copy', async () => {
    const vault = await finishedRun('upsert');
    const table = (store: MemoryStore): { checkpoint: number | null; rows: Record<string, number> } => {
      const p = parseUpsertNote(store.files.get(SINK)!)!;
      return { checkpoint: p.checkpoint, rows: Object.fromEntries(p.rows.map((r) => [r.key, r.value])) };
    };
    const done = vault.clone();
    const s = await open(done, 'upsert');
    await s.restoreFrom('Flows/flow/checkpoints/checkpoint-0002.md');
    const at80 = expectedCount(KEYS.slice(0, 80)).state;
    expect(table(done)).toEqual({ checkpoint: 6, rows: at80 });
    expect(done.files.get(SINK)).toMatch(/\ncheckpoint: 6\nrestored_from: 2\n/);
    for (let budget = 0; ; budget++) {
      const copy = await killedAt(vault, budget, (x) => x.restoreFrom('Flows/flow/checkpoints/checkpoint-0002.md'), 'upsert');
      if (!copy) break;
      const resumed = await open(copy, 'upsert');
      await resumed.resume();
      await resumed.runUntilDrained();
      expect(table(copy).rows, `killed at write ${budget}`).toEqual(expectedCount(KEYS).state);
    }
  });
});

describe('a sink note that does not hold what its checkpoint committed stops the run, untouched', () => {
  it('changelog: a committed row deleted by hand; a blank line and CRLF are fine', async () => {
    const vault = await finishedRun();
    const ok = vault.clone();
    ok.files.set(SINK, ok.files.get(SINK)!.replace('| 5 |', '\n| 5 |').replace(/\n/g, '\r\n'));
    const resumed = await open(ok);
    await resumed.resume();
    await resumed.runUntilDrained();
    expect((await resumed.sinkRecords()).get('storage')).toEqual(expectedCount(KEYS).records);

    const bad = vault.clone();
    const damaged = bad.files.get(SINK)!.replace(/\n\| 17 \|[^\n]*/, '');
    bad.files.set(SINK, damaged);
    const files = new Map(bad.files);
    const err = await (await open(bad)).restoreFrom('Flows/flow/checkpoints/checkpoint-0003.md').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommittedOutputError);
    expect((err as Error).message).toMatch(/^Flows\/flow\/sinks\/storage\.md: row 17 is missing \(line \d+\) of the 120 rows checkpoint 3 committed; the note was left as it is/);
    expect(bad.files).toEqual(files);
    await expect((await open(bad)).resume()).rejects.toThrow(/row 17 is missing/);
    expect(bad.files).toEqual(files);
  });

  it('upsert: a note edited by hand is never written over (CRLF is not an edit)', async () => {
    const vault = await finishedRun('upsert');
    const crlf = vault.clone();
    crlf.files.set(SINK, crlf.files.get(SINK)!.replace(/\n/g, '\r\n'));
    await (await open(crlf, 'upsert')).resume();
    const edited = vault.clone();
    edited.files.set(SINK, edited.files.get(SINK)!.replace('| k0 | 9 |', '| k0 | 10 |'));
    const files = new Map(edited.files);
    await expect((await open(edited, 'upsert')).resume()).rejects.toThrow(/^Flows\/flow\/sinks\/storage\.md: it was edited since the run wrote it/);
    expect(edited.files).toEqual(files);
  });
});
