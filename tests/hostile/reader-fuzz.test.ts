import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import LZString from 'lz-string';
import { beforeAll, describe, expect, it } from 'vitest';
import { CheckpointStore } from '../../src/core/checkpoint/checkpoint-store';
import { FlowInputError } from '../../src/core/diagnostics';
import { EventsNoteParser, MAX_EVENT_DIAGNOSTICS, parseEventsText } from '../../src/core/events/events-note';
import { buildGraph } from '../../src/core/graph/build-graph';
import { flowPaths } from '../../src/core/paths';
import { compilePlan } from '../../src/core/plan/plan';
import { readEventsFile } from '../../src/core/run/events-input';
import { FlowSession } from '../../src/core/run/flow-session';
import { SinkNote } from '../../src/core/run/sink-note';
import { readScene } from '../../src/core/scene/read-scene';
import { SEED, fixedClock, instantScheduler } from '../helpers/temp-vault';
import { MemoryStore } from '../helpers/memory-store';

/**
 * Fuzzing the three readers of files other people write: drawings, events notes, checkpoint
 * notes. Each property is seeded (fast-check prints the seed and the shrunk case on failure;
 * pass it back as `seed`/`path` to replay) and sized to finish in seconds.
 */
const SEED_TEXT = readFileSync(SEED, 'utf8');
const RUNS = 2000;
/** For properties that read the whole 13 kB seed drawing or hash checkpoint chains each time. */
const HEAVY_RUNS = 1000;

type Mutation = { kind: 'truncate' | 'flip' | 'delete' | 'duplicate' | 'junk'; at: number; len: number; bit: number; junk: string };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('truncate', 'flip', 'delete', 'duplicate', 'junk'),
  at: fc.nat(),
  len: fc.integer({ min: 1, max: 300 }),
  bit: fc.integer({ min: 0, max: 15 }),
  junk: fc.string({ unit: 'binary', maxLength: 40 }),
});

/** What happens to files on the way: cut short, a bit flipped, a range lost, doubled or overwritten. */
function mutate(text: string, m: Mutation): string {
  const at = text.length ? m.at % text.length : 0;
  switch (m.kind) {
    case 'truncate':
      return text.slice(0, at);
    case 'flip':
      return text.slice(0, at) + String.fromCharCode(text.charCodeAt(at) ^ (1 << m.bit)) + text.slice(at + 1);
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.len);
    case 'duplicate':
      return text.slice(0, at + m.len) + text.slice(at, at + m.len) + text.slice(at + m.len);
    case 'junk':
      return text.slice(0, at) + m.junk + text.slice(at + m.junk.length);
  }
}

/** file → scene → graph → plan: either a plan, or a FlowInputError that names the file. Anything else fails. */
function readDrawing(file: string, text: string): 'plan' | 'refused' {
  try {
    compilePlan(buildGraph(readScene(file, text).scene));
    return 'plan';
  } catch (err) {
    if (!(err instanceof FlowInputError)) throw err;
    expect(err.message.startsWith(file)).toBe(true);
    return 'refused';
  }
}

describe('fuzz: drawings', () => {
  const files = fc.constantFrom('d.excalidraw.md', 'd.excalidraw', 'd.canvas', 'd.md', 'd.json');

  it('random text in any drawing format: a plan or a clear refusal', () => {
    fc.assert(fc.property(files, fc.string({ unit: 'binary', maxLength: 3000 }), (file, text) => void readDrawing(file, text)), { seed: 701, numRuns: RUNS });
  });

  it('the seed drawing truncated, bit-flipped, cut, doubled or overwritten', () => {
    fc.assert(fc.property(mutation, (m) => void readDrawing('checkpointing.excalidraw.md', mutate(SEED_TEXT, m))), { seed: 702, numRuns: HEAVY_RUNS });
  });

  it('a damaged compressed-json block (LZ-String) never hangs or escapes', () => {
    const json = /```json\n([\s\S]*?)\n```/.exec(SEED_TEXT)![1];
    const block = LZString.compressToBase64(json);
    const note = (b: string): string => SEED_TEXT.replace(/```json\n[\s\S]*?\n```/, `\`\`\`compressed-json\n${b}\n\`\`\``);
    expect(readDrawing('c.excalidraw.md', note(block))).toBe('plan');
    fc.assert(fc.property(mutation, (m) => void readDrawing('c.excalidraw.md', note(mutate(block, m)))), { seed: 703, numRuns: HEAVY_RUNS });
  });

  it('elements with missing and wrong-typed fields, and non-elements, in the list', () => {
    const anyValue = fc.oneof(fc.string({ maxLength: 8 }), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.double(), { maxLength: 3 }), fc.constant({}));
    const element = fc.record(
      {
        id: fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('__proto__', 'constructor'), anyValue),
        type: fc.oneof(fc.constantFrom('rectangle', 'ellipse', 'diamond', 'text', 'arrow', 'line', 'frame', 'image'), anyValue),
        x: anyValue, y: anyValue, width: anyValue, height: anyValue, angle: anyValue,
        text: fc.oneof(fc.constantFrom('A B C', 'count', 'filter value > 1', 'map value * 2', 'orders db', 'A = 1', 'checkpoint every 5s'), anyValue),
        containerId: anyValue, points: fc.oneof(fc.array(fc.array(fc.double(), { maxLength: 3 }), { maxLength: 4 }), anyValue),
        startBinding: fc.oneof(fc.record({ elementId: fc.string({ maxLength: 4 }) }), anyValue), endBinding: fc.oneof(fc.record({ elementId: fc.string({ maxLength: 4 }) }), anyValue),
        boundElements: fc.oneof(fc.array(fc.record({ id: fc.string({ maxLength: 4 }), type: fc.constantFrom('text', 'arrow') }), { maxLength: 3 }), anyValue),
        isDeleted: anyValue, endArrowhead: anyValue, link: anyValue,
      },
      { requiredKeys: [] },
    );
    const list = fc.array(fc.oneof({ weight: 6, arbitrary: element }, { weight: 1, arbitrary: anyValue }), { maxLength: 12 });
    fc.assert(fc.property(list, (elements) => void readDrawing('e.excalidraw', JSON.stringify({ type: 'excalidraw', elements }))), { seed: 704, numRuns: RUNS });
  });
});

describe('fuzz: events notes', () => {
  it('the streaming parser never throws, gives the same events however the text is chunked, and keeps diagnostics bounded', () => {
    const line = fc.oneof(fc.constantFrom('- A', '- B: 3', '* C=2', '1. D', '- not an event', '---', '```', '# h', '- [ ] task', ''), fc.string({ unit: 'binary', maxLength: 30 }));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 120 }), fc.array(fc.nat(), { maxLength: 6 }), fc.constantFrom('\n', '\r\n'), (lines, cuts, eol) => {
        const text = lines.join(eol);
        const whole = parseEventsText(text, 'e.md');
        const parser = new EventsNoteParser('e.md');
        const events = [];
        let from = 0;
        for (const c of [...cuts.map((n) => n % (text.length + 1))].sort((a, b) => a - b)) {
          events.push(...parser.push(text.slice(from, c)));
          from = c;
        }
        events.push(...parser.push(text.slice(from)), ...parser.end());
        expect(events).toEqual(whole.events);
        expect(parser.diagnostics).toEqual(whole.diagnostics);
        expect(whole.diagnostics.length).toBeLessThanOrEqual(MAX_EVENT_DIAGNOSTICS + 1);
        for (const d of whole.diagnostics) if (d.line !== undefined) expect(d.line).toBeLessThanOrEqual(text.split('\n').length);
        for (const e of whole.events) expect(Number.isFinite(e.value)).toBe(true);
      }),
      { seed: 705, numRuns: RUNS },
    );
  });

  it('the --events / linked-note reader gives events or one error naming the file and line', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 500 }), (text) => {
        try {
          for (const e of readEventsFile(text, 'events.md')) expect(Number.isFinite(e.value)).toBe(true);
        } catch (err) {
          expect(err).toBeInstanceOf(FlowInputError);
          expect((err as Error).message).toMatch(/^events\.md, line \d+: /);
        }
      }),
      { seed: 706, numRuns: RUNS },
    );
  });
});

describe('fuzz: checkpoint notes', () => {
  const DRAWING = 'checkpointing.excalidraw.md';
  const paths = flowPaths('Flows', DRAWING);
  let store: MemoryStore;
  let notes: { path: string; text: string }[];
  /** The notes and their data files: damage may hit either. */
  let files: { path: string; text: string }[];

  beforeAll(async () => {
    // A real run: a full checkpoint, then incremental ones on top (base + deltas).
    store = new MemoryStore();
    store.files.set(DRAWING, SEED_TEXT);
    const session = await FlowSession.open({ store, clock: fixedClock(), scheduler: instantScheduler, drawingPath: DRAWING, checkpointEveryEvents: 1, fullCheckpointEvery: 10 });
    await session.runUntilDrained();
    files = [...store.files].filter(([p]) => p.startsWith(paths.checkpoints)).map(([path, text]) => ({ path, text }));
    notes = files.filter((f) => /checkpoint-\d+\.md$/.test(f.path));
    expect(notes.length).toBeGreaterThanOrEqual(3);
  });

  it('a damaged note is refused with a message naming it, or (damage outside the snapshot) reads exactly as written', async () => {
    const checkpoints = new CheckpointStore(store, paths, fixedClock());
    const originals = new Map<string, unknown>();
    for (const n of notes) {
      const r = await checkpoints.load(n.path);
      expect(r.ok).toBe(true);
      if (r.ok) originals.set(n.path, JSON.parse(JSON.stringify(r.data)));
    }
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: files.length - 1 }), mutation, async (which, m) => {
        const { path, text } = files[which];
        store.files.set(path, mutate(text, m));
        try {
          const r = await checkpoints.loadChain(notes.at(-1)!.path);
          if (!r.ok) {
            expect(r.problem.message).toContain('checkpoint note Flows/checkpointing/checkpoints/checkpoint-');
            expect(r.problem.file).toBe(notes.at(-1)!.path);
          } else {
            for (const d of r.chain) expect(JSON.parse(JSON.stringify(d))).toEqual(originals.get(paths.checkpointNote(d.id)));
          }
          const fallback = await checkpoints.latestValidWithProblems();
          if (which > 0 && fallback.found) expect(fallback.found.info.id).toBeGreaterThanOrEqual(1);
        } finally {
          store.files.set(path, text);
        }
      }),
      { seed: 707, numRuns: HEAVY_RUNS },
    );
  });

  it('random text as a checkpoint note is refused, never thrown', async () => {
    const checkpoints = new CheckpointStore(store, paths, fixedClock());
    const path = paths.checkpointNote(99);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ unit: 'binary', maxLength: 2000 }), fc.constantFrom('', '---\n---\n', '## Snapshot\n```json\n{}\n```\n')), async (text) => {
        store.files.set(path, text);
        const r = await checkpoints.load(path);
        expect(r.ok).toBe(false);
      }),
      { seed: 708, numRuns: RUNS },
    );
    store.files.delete(path);
  });
});

describe('fuzz: sink notes (the exactly-once record of a sink)', () => {
  it('any keys, including | \\ __proto__ and line breaks, and any numbers read back exactly as written, and cut back to exactly what a checkpoint committed', async () => {
    const key = fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }), fc.constantFrom('__proto__', 'a|b', 'trailing\\', '| 9 | x | 1 |', 'line\nbreak'));
    const value = fc.oneof(fc.integer(), fc.double());
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 30 }), fc.boolean(), async (records, toStart) => {
        const store = new MemoryStore();
        const note = new SinkNote(store, 'Flows/d/sinks/out.md', 'out | store', 'd.excalidraw.md');
        note.startEmpty();
        const half = Math.ceil(records.length / 2);
        await note.appendRecords(0, records.slice(0, half).map(([k]) => k), records.slice(0, half).map(([, v]) => v), 1, 'run');
        const first = note.proof();
        await note.appendRecords(half, records.slice(half).map(([k]) => k), records.slice(half).map(([, v]) => v), 2, 'run');
        const asWritten = records.map(([k, v]) => ({ key: k, value: v }));
        expect(await note.read()).toEqual(asWritten);
        // Back to checkpoint 1 (or to before any): exactly its rows stay.
        await note.cutBack(toStart ? { checkpoint: 0, rows: 0, run: 'run' } : { checkpoint: 1, rows: half, proof: first, run: 'run' });
        expect(await note.read()).toEqual(asWritten.slice(0, toStart ? 0 : half));
      }),
      { seed: 709, numRuns: RUNS },
    );
  });
});

