import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeVaultStore } from '../../src/cli/node-vault-store';
import { FlowSession } from '../../src/core/run/flow-session';
import { loadCheckpoint } from '../helpers/checkpoint-files';
import { FIXTURES, fixedClock, instantScheduler, tempVault } from '../helpers/temp-vault';

const BAD = path.join(FIXTURES, 'bad');

async function session(dir: string, drawingPath: string): Promise<FlowSession> {
  return FlowSession.open({ store: new NodeVaultStore(dir), clock: fixedClock(), scheduler: instantScheduler, drawingPath, checkpointEveryEvents: 2, fullCheckpointEvery: 1 });
}

/** The exact data of a checkpoint, read back as restore reads it (plain objects, so toEqual compares them). */
async function snapshot(dir: string, note: string): Promise<Record<string, unknown>> {
  const data = await loadCheckpoint(dir, note);
  return JSON.parse(JSON.stringify({ ...data, state: { ...data.state }, offsets: { ...data.offsets } })) as Record<string, unknown>;
}

describe('keys and ids named like JavaScript internals are ordinary keys, end to end', () => {
  it('events keyed __proto__, constructor, toString, valueOf: drawing → run → report JSON → checkpoint → restore', async () => {
    const dir = await tempVault({ 'keys.excalidraw': path.join(BAD, 'keys-named-like-javascript.excalidraw') });
    const first = await session(dir, 'keys.excalidraw');
    await first.runUntilDrained();
    // (An object literal would turn `__proto__: 2` into a prototype: the expectation is a list of pairs.)
    const expected: [string, number][] = [['constructor', 1], ['toString', 1], ['__proto__', 2], ['valueOf', 1]];
    const json = JSON.parse(JSON.stringify(await first.report())) as { state: Record<string, Record<string, number>> };
    expect(Object.entries(json.state.count)).toEqual(expected);
    const last = first.written.at(-1)!;
    const snap = await snapshot(dir, last.path);
    expect(snap.state).toEqual({ proc: expected });

    const second = await session(dir, 'keys.excalidraw');
    const outcome = await second.resume();
    expect(outcome.problems).toEqual([]);
    expect(outcome.restored?.id).toBe(last.id);
    expect([...second.engine.states.get('proc')!.values]).toEqual(expected);
    await second.runUntilDrained();
    expect(second.engine.processed).toBe(5); // nothing replayed twice
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('element ids __proto__ (the queue) and constructor (the processor): offsets survive the checkpoint and restore', async () => {
    const dir = await tempVault({ 'ids.excalidraw': path.join(BAD, 'drawing-hostile-ids.excalidraw') });
    const first = await session(dir, 'ids.excalidraw');
    await first.runUntilDrained();
    const report = JSON.parse(JSON.stringify(await first.report())) as { state: Record<string, Record<string, number>>; offsets: Record<string, number> };
    expect(Object.entries(report.state.count)).toEqual([['constructor', 1], ['toString', 1], ['__proto__', 2]]);
    expect(report.offsets).toEqual({ queue: 4 });
    const snap = await snapshot(dir, first.written.at(-1)!.path);
    expect(Object.entries(snap.offsets as object)).toEqual([['__proto__', 4]]);
    expect(Object.keys(snap.nodes as object).sort()).toEqual(['__proto__', 'constructor']);

    const second = await session(dir, 'ids.excalidraw');
    const outcome = await second.resume();
    expect(outcome.problems).toEqual([]);
    expect(second.engine.offsets.get('__proto__')).toBe(4);
    await second.runUntilDrained();
    expect(second.engine.processed).toBe(4);
    expect([...second.engine.states.get('constructor')!.values]).toEqual([['constructor', 1], ['toString', 1], ['__proto__', 2]]);
  });

  it('a processor renamed to id "constructor" after a checkpoint starts empty (no inherited Object.prototype.constructor)', async () => {
    const dir = await tempVault({ 'keys.excalidraw': path.join(BAD, 'keys-named-like-javascript.excalidraw') });
    const first = await session(dir, 'keys.excalidraw');
    await first.runUntilDrained();
    const file = path.join(dir, 'keys.excalidraw');
    await fs.writeFile(file, (await fs.readFile(file, 'utf8')).replaceAll('"proc"', '"constructor"'));
    const second = await session(dir, 'keys.excalidraw');
    const outcome = await second.resume();
    expect(outcome.changes?.empty).toEqual([{ id: 'constructor', name: 'count' }]);
    expect([...second.engine.states.get('constructor')!.values]).toEqual([]);
    expect(second.engine.offsets.get('queue')).toBe(5);
  });

  it('filter and map see such keys as plain strings (a filter on key == "__proto__" keeps exactly those events)', async () => {
    const dir = await tempVault();
    const box = (id: string, x: number, text: string): Record<string, unknown>[] => [
      { id, type: 'rectangle', x, y: 0, width: 200, height: 80, angle: 0, isDeleted: false, boundElements: [{ type: 'text', id: `${id}T` }] },
      { id: `${id}T`, type: 'text', x: x + 10, y: 10, width: 180, height: 50, angle: 0, text, originalText: text, containerId: id, isDeleted: false },
    ];
    const arrow = (id: string, from: string, to: string, x0: number, x1: number): Record<string, unknown> => ({ id, type: 'arrow', x: x0, y: 40, width: x1 - x0, height: 0, angle: 0, isDeleted: false, points: [[0, 0], [x1 - x0, 0]], startBinding: { elementId: from, focus: 0, gap: 4 }, endBinding: { elementId: to, focus: 0, gap: 4 }, endArrowhead: 'arrow' });
    const elements = [
      ...box('q', 0, '__proto__ constructor __proto__ toString'),
      ...box('f', 300, 'only protos\nfilter key == "__proto__" or key == "toString"'),
      ...box('m', 600, 'doubled\nmap value * 2'),
      ...box('c', 900, 'sum'),
      arrow('a1', 'q', 'f', 204, 296), arrow('a2', 'f', 'm', 504, 596), arrow('a3', 'm', 'c', 804, 896),
    ];
    await fs.writeFile(path.join(dir, 'filter.excalidraw'), JSON.stringify({ type: 'excalidraw', elements }));
    const s = await session(dir, 'filter.excalidraw');
    await s.runUntilDrained();
    expect(s.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // Events nearest the queue's arrow go first: toString, then __proto__, constructor, __proto__.
    expect([...s.engine.states.get('c')!.values]).toEqual([['toString', 2], ['__proto__', 4]]);
  });
});
