import { describe, expect, it } from 'vitest';
import { drawing } from '../../fixtures/drawings/builder';
import { codes, edgeList, graphOf, node } from './read-drawing';

describe('nodes are rectangles, ellipses and diamonds with their texts', () => {
  it('takes each shape kind as a node, named by its bound text', () => {
    const d = drawing();
    const q = d.shape('ellipse', { x: 0, y: 0, id: 'q' });
    d.label(q, 'A B');
    const p = d.shape('diamond', { x: 200, y: 0, id: 'p' });
    d.label(p, 'decide\nsum');
    const s = d.rect({ x: 400, y: 0, id: 's' });
    d.label(s, 'results db');
    d.arrow(q, p, { bind: 'v1' });
    d.arrow(p, s, { bind: 'v1' });
    const g = graphOf(d);
    expect(g.nodes.map((n) => [n.id, n.role, n.name])).toEqual([['q', 'source', 'queue'], ['p', 'processor', 'decide'], ['s', 'sink', 'results db']]);
    expect(node(g, 'p').operation).toEqual({ kind: 'sum' });
  });

  it('gives a free text to the smallest shape containing its centre, and a text just above a shape as its title', () => {
    const d = drawing();
    const q = d.rect({ x: 0, y: 0, w: 100, h: 60, id: 'q' });
    d.text('X', { x: 40, y: 20 });
    const outer = d.rect({ x: 200, y: -100, w: 400, h: 300, id: 'panel' });
    const p = d.rect({ x: 250, y: 0, w: 200, h: 100, id: 'p' });
    d.text('stateful counter', { x: 260, y: -35 });
    d.text('max', { x: 280, y: 30 });
    d.arrow(q, p, { bind: 'v1' });
    const g = graphOf(d);
    // The title sits inside the big panel too, but just above the smaller box it names.
    expect(node(g, 'p')).toMatchObject({ name: 'stateful counter', operation: { kind: 'max' } });
    expect(node(g, 'q').events).toEqual([{ key: 'X', value: 1 }]);
    expect(g.nodes.map((n) => n.id)).not.toContain(outer);
  });

  it('ignores frames, unconnected shapes and deleted elements', () => {
    const d = drawing();
    const frame = d.shape('frame', { x: -50, y: -50, w: 800, h: 300, id: 'frame' });
    const q = d.rect({ x: 0, y: 0, id: 'q' }, { frameId: frame });
    d.label(q, 'A');
    const p = d.rect({ x: 300, y: 0, id: 'p' }, { frameId: frame });
    d.rect({ x: 0, y: 400, id: 'lonely' });
    d.rect({ x: 150, y: 0, id: 'ghost' }, { isDeleted: true });
    d.arrow(q, p, { bind: 'v1' });
    const g = graphOf(d);
    expect(g.nodes.map((n) => n.id)).toEqual(['q', 'p']);
  });

  it('is not confused by rotation: a text inside a rotated box, a line ending on its rotated outline', () => {
    const d = drawing();
    // 200×40 box turned a quarter: it now stands 40 wide and 200 tall around (100, 20).
    d.rect({ x: 0, y: 0, w: 200, h: 40, angle: Math.PI / 2, id: 'q' });
    d.text('E', { x: 95, y: 90 });
    d.rect({ x: 300, y: 60, id: 'p' });
    // Starts 2 units right of the rotated box's right side (x = 120), far outside its unrotated box's reach at y = 90.
    d.path([[122, 90], [296, 90]], { end: 'arrow' });
    const g = graphOf(d);
    expect(edgeList(g)).toEqual(['q->p']);
    expect(node(g, 'q').events).toEqual([{ key: 'E', value: 1 }]);
  });
});

describe('edges: bindings first, then ends that touch', () => {
  const pair = () => {
    const d = drawing();
    const q = d.rect({ x: 0, y: 0, id: 'q' });
    d.label(q, 'A B');
    const p = d.rect({ x: 300, y: 0, id: 'p' });
    return { d, q, p };
  };

  it.each(['v1', 'v2'] as const)('uses %s bindings even when the ends are far from the shapes', (bind) => {
    const { d, q, p } = pair();
    d.arrow(q, p, { bind, gap: 80 });
    expect(edgeList(graphOf(d))).toEqual(['q->p']);
  });

  it('connects an unbound end within a small distance of an outline', () => {
    const { d, q, p } = pair();
    d.arrow(q, p, { gap: 20 });
    expect(edgeList(graphOf(d))).toEqual(['q->p']);
  });

  it('reports an end that touches nothing, naming the arrow', () => {
    const { d, q, p } = pair();
    const a = d.arrow(q, p, { gap: 60 });
    const g = graphOf(d);
    expect(g.edges).toEqual([]);
    expect(g.diagnostics).toContainEqual(expect.objectContaining({ code: 'dangling-edge', elementId: a, severity: 'warning', file: 'test.excalidraw' }));
    expect(g.diagnostics.find((x) => x.code === 'dangling-edge')!.message).toMatch(/move its ends onto/);
  });

  it('treats a loose decorative line (touching nothing) as info only', () => {
    const { d, q, p } = pair();
    d.arrow(q, p, { bind: 'v1' });
    d.path([[0, 500], [300, 500]], { type: 'line' });
    expect(codes(graphOf(d), 'warning')).toEqual([]);
    expect(codes(graphOf(d), 'info')).toEqual(['dangling-edge']);
  });

  it('connects an end drawn inside a plain box, but not one deep inside a panel holding other boxes', () => {
    const d = drawing();
    const panel = d.rect({ x: 0, y: 0, w: 600, h: 400, id: 'panel' });
    const inner = d.rect({ x: 40, y: 40, w: 120, h: 60, id: 'inner' });
    d.label(inner, 'A B');
    d.rect({ x: 800, y: 150, w: 120, h: 100, id: 'p' });
    // Starts inside `inner` (touches it), and another arrow starts in the middle of the panel (touches nothing).
    d.path([[100, 70], [796, 200]], { id: 'fromInner' });
    const stray = d.path([[300, 250], [796, 220]], { id: 'fromPanel' });
    const g = graphOf(d);
    expect(edgeList(g)).toEqual(['inner->p']);
    expect(g.nodes.map((n) => n.id)).not.toContain(panel);
    expect(g.diagnostics).toContainEqual(expect.objectContaining({ code: 'dangling-edge', elementId: stray }));
  });

  it('takes an arrow bound to a box\'s label text as bound to the box', () => {
    const { d, q, p } = pair();
    const label = d.label(p, 'sum');
    const a = d.arrow(q, p, { gap: 80 });
    d.set(a, { startBinding: { elementId: q, focus: 0, gap: 1 }, endBinding: { elementId: label, focus: 0, gap: 1 } });
    expect(edgeList(graphOf(d))).toEqual(['q->p']);
  });

  it('follows arrowheads: an arrow drawn backwards runs from its head\'s far end', () => {
    const { d, q, p } = pair();
    d.arrow(q, p, { bind: 'v1', start: 'arrow', end: null });
    const g = graphOf(d);
    expect(edgeList(g)).toEqual(['p->q']);
  });

  it('runs a line without heads from the box holding events, even right to left', () => {
    const d = drawing();
    const p = d.rect({ x: 0, y: 0, id: 'p' });
    const q = d.rect({ x: 300, y: 0, id: 'q' });
    d.label(q, 'C B A');
    d.arrow(p, q, { type: 'line', end: null });
    const g = graphOf(d);
    expect(edgeList(g)).toEqual(['q->p']);
    expect(codes(g)).toEqual([]);
  });

  it('runs an undecidable line left to right, and says it guessed', () => {
    const d = drawing();
    const b = d.rect({ x: 300, y: 0, id: 'b' });
    const a = d.rect({ x: 0, y: 0, id: 'a' });
    // Named boxes: a plain line between two shapes with no word in them is a picture's stroke.
    d.label(a, 'Gateway');
    d.label(b, 'Service');
    const l = d.arrow(a, b, { type: 'line', end: null });
    const g = graphOf(d);
    expect(edgeList(g)).toEqual(['a->b']);
    expect(g.diagnostics).toContainEqual(expect.objectContaining({ code: 'guessed-direction', severity: 'info', elementId: l }));
  });

  it('warns about an arrow with two heads', () => {
    const { d, q, p } = pair();
    const a = d.arrow(q, p, { bind: 'v1', start: 'arrow', end: 'triangle' });
    expect(graphOf(d).diagnostics).toContainEqual(expect.objectContaining({ code: 'two-headed-edge', elementId: a }));
  });
});
