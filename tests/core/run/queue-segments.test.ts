import { describe, expect, it } from 'vitest';
import type { VaultStore } from '../../../src/core/ports';
import { FlowSession, type SessionOptions } from '../../../src/core/run/flow-session';
import { parseSegmentIndex } from '../../../src/core/run/queue-file';
import { MemoryStore } from '../../helpers/memory-store';
import { fixedClock, instantScheduler } from '../../helpers/temp-vault';
import type { Plan } from '../../../src/core/plan/plan';
import { SEGMENT_EVENTS } from '../../../src/core/run/queue-segment';
import { countPlan, expectedCount, node } from './pipelines';

const QUEUE_NOTE = 'Flows/flow/queues/queue.md';
const N = 200_000;
const KEYS = Array.from({ length: N }, (_, i) => `key-${(i * 7919) % 1000}`);
const EVENTS = KEYS.map((key) => ({ key, value: 1 }));

/** A store that records every path read. */
class CountingStore implements VaultStore {
  readonly reads: string[] = [];
  constructor(readonly inner: MemoryStore) {}
  read(path: string): Promise<string | null> {
    this.reads.push(path);
    return this.inner.read(path);
  }
  writeAtomic(path: string, text: string): Promise<void> {
    return this.inner.writeAtomic(path, text);
  }
  append(path: string, text: string): Promise<void> {
    return this.inner.append(path, text);
  }
  remove(path: string): Promise<void> {
    return this.inner.remove(path);
  }
  list(folder: string): Promise<string[]> {
    return this.inner.list(folder);
  }
  exists(path: string): Promise<boolean> {
    return this.inner.exists(path);
  }
}

function open(store: VaultStore, opts: Partial<SessionOptions> = {}): Promise<FlowSession> {
  return FlowSession.fromPlan(countPlan(), { store, clock: fixedClock(), scheduler: instantScheduler, drawingPath: 'flow.excalidraw.md', sinkMode: 'upsert', ...opts });
}

/** 200,000 events imported, 150,000 of them processed and checkpointed, then a crash. */
async function crashed(opts: Partial<SessionOptions> = {}): Promise<MemoryStore> {
  const disk = new MemoryStore();
  const s = await open(disk, { extraEvents: new Map([['queue', EVENTS]]), ...opts });
  await s.start();
  let left = 150_000;
  while (left > 0) left -= s.engine.run(Math.min(left, 8192));
  await s.checkpoint('full');
  return disk;
}

describe('queue segments', () => {
  it('an import becomes segment files listed in the queue note, each well under 5 MB, the note small', async () => {
    const disk = await crashed();
    const note = disk.files.get(QUEUE_NOTE)!;
    const segs = parseSegmentIndex(note, QUEUE_NOTE);
    expect(segs.length).toBeGreaterThan(3);
    expect(segs[0]).toMatchObject({ first: 0, file: 'Flows/flow/queues/queue.segments/seg-000000000000.md' });
    expect(note).toContain('[[Flows/flow/queues/queue.segments/seg-000000000000]]');
    expect(note).toMatch(/^segments: \d+$/m);
    // Rows after the last segment: fewer than SEAL_EVENTS of them.
    expect(note.length).toBeLessThan(256 * 1024);
    for (const s of segs) expect(disk.files.get(s.file)!.length).toBeLessThan(1.1 * 1024 * 1024);
    expect(segs.reduce((n, s) => n + s.count, 0) + note.split('\n').filter((l) => /^\| \d+ \| key-/.test(l)).length).toBe(N);
  });

  it('a restore at offset 150,000 reads only the segments holding events from there on, and ends as a straight run', async () => {
    const disk = await crashed();
    const segs = parseSegmentIndex(disk.files.get(QUEUE_NOTE)!, QUEUE_NOTE);
    const store = new CountingStore(disk);
    const s = await open(store);
    const outcome = await s.resume();
    expect(outcome.restored?.id).toBe(1);
    const read = new Set(store.reads);
    const wanted = segs.filter((g) => g.first + g.count > 150_000).map((g) => g.file);
    expect(wanted.length).toBeGreaterThan(0);
    expect(segs.filter((g) => read.has(g.file)).map((g) => g.file)).toEqual(wanted);
    // Events before the checkpoint's offset are not held in memory, nor the backlog all at once:
    // one segment's events at a time, the rest counted as still on disk.
    const log = s.engine.logs.get('queue')!;
    expect(log.base).toBe(150_000);
    expect(log.held).toBeGreaterThan(0);
    expect(log.held).toBeLessThanOrEqual(SEGMENT_EVENTS);
    expect(log.held + log.unloaded).toBe(N - 150_000);
    expect(s.engine.pending()).toBe(N - 150_000);
    let most = 0;
    const watched = await open(store, { sliceSize: 1000, onChange: (c) => c.type === 'slice' && (most = Math.max(most, watched.engine.logs.get('queue')!.held)) });
    await watched.resume();
    await watched.runUntilDrained();
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(SEGMENT_EVENTS);
    expect(watched.engine.processed).toBe(N);
    expect(Object.fromEntries(watched.engine.states.get('counter')!.values)).toEqual(expectedCount(KEYS).state);
  });

  it('events appended behind a restored backlog (rows, then sealed into a new segment) come after it, each once', async () => {
    const disk = await crashed();
    const s = await open(disk);
    await s.resume();
    const more = Array.from({ length: 9000 }, (_, i) => ({ key: `late-${i % 3}`, value: 1 }));
    await s.inject('queue', 'late-0');
    await s.injectMany('queue', more);
    expect(s.engine.pending()).toBe(N - 150_000 + 9001);
    await s.runUntilDrained();
    expect(s.engine.processed).toBe(N + 9001);
    expect(Object.fromEntries(s.engine.states.get('counter')!.values)).toEqual(expectedCount([...KEYS, 'late-0', ...more.map((e) => e.key)]).state);
  });

  it('two queues restored from segments interleave exactly as a straight run does', async () => {
    const twoQueues = (): Plan => ({
      file: 'flow.excalidraw.md',
      nodes: [node('q1', 'source', ['out']), node('q2', 'source', ['out']), node('out', 'sink', [], { kind: 'count' }, { inputs: ['q1', 'q2'] })],
    });
    const q2 = Array.from({ length: 30_000 }, (_, i) => ({ key: `b-${i % 97}`, value: i }));
    const extraEvents = new Map([['q1', EVENTS.slice(0, 50_000)], ['q2', q2]]);
    const openTwo = (store: VaultStore): Promise<FlowSession> => FlowSession.fromPlan(twoQueues(), { store, clock: fixedClock(), scheduler: instantScheduler, drawingPath: 'flow.excalidraw.md', sinkMode: 'changelog', extraEvents });
    const straight = await openTwo(new MemoryStore());
    await straight.start();
    await straight.runUntilDrained();
    const disk = new MemoryStore();
    const first = await openTwo(disk);
    await first.start();
    let left = 25_001;
    while (left > 0) left -= first.engine.run(Math.min(left, 4096));
    await first.checkpoint('full');
    const resumed = await openTwo(disk);
    await resumed.resume();
    expect(resumed.engine.logs.get('q1')!.unloaded).toBeGreaterThan(0);
    await resumed.runUntilDrained();
    expect(resumed.engine.processed).toBe(80_000);
    expect((await resumed.sinkRecords()).get('out')).toEqual((await straight.sinkRecords()).get('out'));
  });

  it('a damaged segment: one line naming the file, and nothing deleted', async () => {
    const disk = await crashed();
    const segs = parseSegmentIndex(disk.files.get(QUEUE_NOTE)!, QUEUE_NOTE);
    const last = segs[segs.length - 1];
    const text = disk.files.get(last.file)!;
    const at = text.indexOf('```flows-data\n') + 40;
    disk.files.set(last.file, text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1));
    const before = new Map(disk.files);
    const err = await (await open(disk)).resume().catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    const message = (err as Error).message;
    expect(message).toMatch(new RegExp(`^${last.file.replace(/\./g, '\\.')}: queue segment does not match its sha256`));
    expect(message).not.toContain('\n');
    expect([...disk.files.keys()].sort()).toEqual([...before.keys()].sort());
    expect(disk.files.get(last.file)).toBe(before.get(last.file));
  });

  it('a segment cut short (written when the process died, never listed) is not trusted: the note without it resumes', async () => {
    const disk = new MemoryStore();
    const s = await open(disk);
    await s.runUntilDrained();
    for (let i = 0; i < 9000; i++) await s.inject('queue', `k${i % 5}`);
    const note = disk.files.get(QUEUE_NOTE)!;
    const segs = parseSegmentIndex(note, QUEUE_NOTE);
    expect(segs).toHaveLength(1);
    // A second seal killed mid-write: its segment file half there, the note not yet rewritten.
    const orphan = segs[0].file.replace(/seg-\d+/, `seg-${String(segs[0].first + segs[0].count).padStart(12, '0')}`);
    disk.files.set(orphan, disk.files.get(segs[0].file)!.slice(0, 500));
    const resumed = await open(disk);
    await resumed.resume();
    await resumed.runUntilDrained();
    expect(resumed.engine.processed).toBe(9000);
    expect(resumed.engine.states.get('counter')!.values.get('k0')).toBe(1800);
  });

  it('with hidden data files, segments go in the queues folder\'s .data folder, as checkpoint data does', async () => {
    const disk = await crashed({ hiddenData: true });
    const segs = parseSegmentIndex(disk.files.get(QUEUE_NOTE)!, QUEUE_NOTE);
    expect(segs[0].file).toBe('Flows/flow/queues/.data/queue.segments/seg-000000000000.md');
    expect(disk.files.get(QUEUE_NOTE)).toContain('`Flows/flow/queues/.data/queue.segments/seg-000000000000.md`');
    const s = await open(disk, { hiddenData: true });
    expect((await s.resume()).restored?.id).toBe(1);
    await s.runUntilDrained();
    expect(Object.fromEntries(s.engine.states.get('counter')!.values)).toEqual(expectedCount(KEYS).state);
  });
});
