import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../src/core/diagnostics';
import { compilePlan } from '../../../src/core/plan/plan';
import { drawing } from '../../fixtures/drawings/builder';
import { codes, graphOf } from './read-drawing';

/** Every problem names the file and (where there is one) the element, and says what to change. */
describe('diagnostics that point at the element', () => {
  it('no nodes', () => {
    const d = drawing();
    d.text('just a note', { x: 0, y: 0 });
    const g = graphOf(d);
    expect(g.diagnostics).toEqual([expect.objectContaining({ severity: 'error', code: 'no-nodes', file: 'test.excalidraw' })]);
    expect(g.diagnostics[0].message).toMatch(/draw a queue/);
  });

  it('boxes but no edges, naming a box', () => {
    const d = drawing();
    d.rect({ x: 0, y: 0, id: 'a' });
    d.rect({ x: 300, y: 0, id: 'b' });
    expect(graphOf(d).diagnostics).toEqual([expect.objectContaining({ code: 'no-edges', elementId: 'a' })]);
  });

  it('no source: every connected box has an incoming edge', () => {
    const d = drawing();
    const a = d.rect({ x: 0, y: 0, id: 'a' });
    const b = d.rect({ x: 300, y: 0, id: 'b' });
    d.arrow(a, b, { bind: 'v1', id: 'ab' });
    d.arrow(b, a, { bind: 'v1', id: 'ba' });
    const g = graphOf(d);
    expect(codes(g, 'error')).toEqual(['no-source', 'cycle']);
  });

  it('a cycle names the boxes on it and an edge to reverse', () => {
    const d = drawing();
    const q = d.rect({ x: 0, y: 0, id: 'q' });
    d.label(q, 'A');
    const a = d.rect({ x: 200, y: 0, id: 'a' });
    d.label(a, 'left');
    const b = d.rect({ x: 400, y: 0, id: 'b' });
    d.label(b, 'right');
    d.arrow(q, a, { bind: 'v1' });
    d.arrow(a, b, { bind: 'v1', id: 'ab' });
    d.path([[460, 60], [260, 60]], { from: b, to: a, bind: 'v1', id: 'ba' });
    const g = graphOf(d);
    const cycle = g.diagnostics.find((x) => x.code === 'cycle')!;
    expect(cycle).toMatchObject({ severity: 'error', elementId: 'ba' });
    expect(cycle.message).toBe('the edges form a cycle (left → right → left); remove or reverse edge ba so events cannot loop');
    expect(() => compilePlan(g)).toThrow('test.excalidraw, element ba: error: the edges form a cycle');
  });

  it('formats as one line: file, element, line, column', () => {
    expect(formatDiagnostic({ severity: 'error', code: 'bad-expression', file: 'a.excalidraw.md', elementId: 'x1', column: 9, message: 'm' })).toBe('a.excalidraw.md, element x1, column 9: error: m');
  });

  it('a drawing that only has warnings still plans', () => {
    const d = drawing();
    const q = d.rect({ x: 0, y: 0, id: 'q' });
    d.label(q, 'A B');
    const p = d.rect({ x: 300, y: 0, id: 'p' });
    d.label(p, 'count\nthis is a comment');
    d.arrow(q, p, { bind: 'v1' });
    const g = graphOf(d);
    expect(codes(g)).toEqual(['unknown-operation']);
    expect(compilePlan(g).nodes.map((n) => n.id)).toEqual(['q', 'p']);
  });
});
