import { describe, expect, it } from 'vitest';
import { drawing } from '../../fixtures/drawings/builder';
import { codes, edgeList, eventKeys, graphOf, node, withProcessor } from './read-drawing';

describe('a box\'s own label is its name, all of its lines', () => {
  it('joins the lines of a multi-line label; events need evidence', () => {
    const d = drawing();
    const q = d.rect({ x: 0, y: 0, w: 200, h: 80, id: 'q' });
    d.label(q, 'Amazon\nSQS queue');
    const p = d.rect({ x: 400, y: 0, w: 200, h: 80, id: 'p' });
    d.label(p, 'Order\nService');
    const s = d.rect({ x: 800, y: 0, w: 200, h: 80, id: 's' });
    d.label(s, 'Orders\nDB');
    d.arrow(q, p, { bind: 'v1' });
    d.arrow(p, s, { bind: 'v1' });
    const g = graphOf(d);
    expect(g.nodes.map((n) => [n.name, n.role, n.events.length])).toEqual([['Amazon SQS queue', 'source', 0], ['Order Service', 'processor', 0], ['Orders DB', 'sink', 0]]);
    expect(codes(g)).toEqual(['empty-source']);
  });

  it('never reads bracketed words as event keys', () => {
    const d = drawing();
    const q = d.rect({ x: 0, y: 0, w: 200, h: 80, id: 'q' });
    d.label(q, 'Gateway\n(REST\nAPI)');
    d.arrow(q, d.rect({ x: 400, y: 0, id: 'p' }), { bind: 'v1' });
    const g = graphOf(d);
    expect(node(g, 'q')).toMatchObject({ name: 'Gateway (REST API)', events: [] });
  });

  it('still reads events after a name line, a stack, and values', () => {
    const d = drawing();
    const a = d.rect({ x: 0, y: 0, w: 200, h: 80, id: 'a' });
    d.label(a, 'clicks\nlogin:2 logout');
    const b = d.rect({ x: 0, y: 200, w: 200, h: 100, id: 'b' });
    d.label(b, 'orders\nA\nB\nA');
    const p = d.rect({ x: 400, y: 100, id: 'p' });
    d.arrow(a, p, { bind: 'v1' });
    d.arrow(b, p, { bind: 'v1' });
    const g = graphOf(d);
    expect(node(g, 'a').name).toBe('clicks');
    expect(eventKeys(g, 'a').sort()).toEqual(['login:2', 'logout']);
    expect(node(g, 'b').name).toBe('orders');
    expect(eventKeys(g, 'b').sort()).toEqual(['A', 'A', 'B']);
  });
});

describe('a free text names a box only when it is clearly that box\'s', () => {
  const pipeline = () => {
    const d = drawing();
    const q = d.rect({ x: 0, y: 100, w: 120, h: 60, id: 'q' });
    d.label(q, 'A B');
    const p = d.rect({ x: 300, y: 100, w: 160, h: 60, id: 'p' });
    d.label(p, 'Counter');
    d.arrow(q, p, { bind: 'v1', id: 'qp' });
    return d;
  };

  it('the box\'s own label beats a text above it', () => {
    const d = pipeline();
    d.text('stream', { x: 330, y: 60 });
    expect(node(graphOf(d), 'p').name).toBe('Counter');
  });

  it('a step number, a heading over several boxes, a note on an arrow name nothing', () => {
    const d = drawing();
    const q = d.rect({ x: 0, y: 100, w: 120, h: 60, id: 'q' });
    d.label(q, 'A B');
    const p = d.rect({ x: 300, y: 100, w: 160, h: 60, id: 'p' });
    const r = d.rect({ x: 300, y: 300, w: 160, h: 60, id: 'r' });
    d.text('max', { x: 330, y: 120 });
    d.text('count', { x: 330, y: 320 });
    d.text('2', { x: 370, y: 265 });
    d.text('Clickstream analytics pipeline', { x: -20, y: 50 });
    d.arrow(q, p, { bind: 'v1' });
    d.path([[60, 164], [60, 330], [296, 330]], { from: q, to: r, bind: 'v1' });
    d.text('events', { x: 150, y: 104 });
    const g = graphOf(d);
    expect(node(g, 'p').name).toBe('max');
    expect(node(g, 'r').name).toBe('count');
    expect(node(g, 'q').name).toBe('queue');
  });

  it('a lane\'s caption is the lane\'s, not the first box\'s', () => {
    const d = drawing();
    d.rect({ x: -50, y: 0, w: 700, h: 200, id: 'lane' });
    d.text('Ingest', { x: -30, y: 10 });
    const q = d.rect({ x: -30, y: 50, w: 120, h: 60, id: 'q' });
    d.text('A B', { x: -10, y: 70 });
    const p = d.rect({ x: 300, y: 50, w: 160, h: 60, id: 'p' });
    d.text('sum', { x: 330, y: 70 });
    d.arrow(q, p);
    const g = graphOf(d);
    expect(node(g, 'q').name).toBe('queue');
    expect(eventKeys(g, 'q')).toEqual(['B', 'A']);
  });

  it('respects a rotated box when finding its title', () => {
    const d = drawing();
    // 200×40 turned a quarter: stands 40 wide, 200 tall around (100, 20), top at y = -80.
    d.rect({ x: 0, y: 0, w: 200, h: 40, angle: Math.PI / 2, id: 'q' });
    d.text('E F', { x: 85, y: 0 });
    d.text('tall queue', { x: 50, y: -115 });
    d.rect({ x: 300, y: 0, id: 'p' });
    d.path([[122, 20], [296, 20]], { end: 'arrow' });
    const g = graphOf(d);
    expect(node(g, 'q').name).toBe('tall queue');
  });
});

describe('plain lines are not read backwards', () => {
  it('a processor labelled with an operation word holds no events', () => {
    const d = drawing();
    const p = d.rect({ x: 0, y: 0, id: 'p' });
    d.label(p, 'count');
    const q = d.rect({ x: 300, y: 0, id: 'q' });
    d.label(q, 'C B A');
    d.arrow(p, q, { type: 'line', bind: 'v1', end: null });
    const g = graphOf(d);
    expect(edgeList(g)).toEqual(['q->p']);
    expect(eventKeys(g, 'q')).toEqual(['C', 'B', 'A']);
  });
});

describe('refusing what would only be a guess', () => {
  it('a wrong-way arrow (the processor would become an empty queue)', () => {
    const d = drawing();
    const q = d.rect({ x: 0, y: 0, id: 'q' });
    d.label(q, 'C B A');
    const p = d.rect({ x: 300, y: 0, id: 'p' });
    d.label(p, 'count');
    d.path([[124, 30], [296, 30]], { from: q, to: p, bind: 'v1', start: 'arrow', end: null, id: 'back' });
    const g = graphOf(d);
    const e = g.diagnostics.find((x) => x.code === 'wrong-way-edge')!;
    expect(e).toMatchObject({ severity: 'error', elementId: 'back' });
    expect(e.message).toMatch(/reverse the arrow/);
  });

  it.each([['avrage', 'average'], ['cout', 'count'], ['median', 'avg'], ['top 5', 'max']])('an unknown operation word "%s" (did you mean %s?)', (line, suggestion) => {
    const g = graphOf(withProcessor('latency', line));
    const e = g.diagnostics.find((x) => x.code === 'unknown-operation-word')!;
    expect(e).toMatchObject({ severity: 'error', elementId: 'pLabel' });
    expect(e.message).toContain(`did you mean \`${suggestion}\``);
  });

  it('an unknown operation word as the only label is refused too; a name is not', () => {
    expect(codes(graphOf(withProcessor('median')), 'error')).toEqual(['unknown-operation-word']);
    expect(codes(graphOf(withProcessor('Join Service')), 'error')).toEqual([]);
    expect(codes(graphOf(withProcessor('Counter')), 'error')).toEqual([]);
  });

  it('an expression typo in the label, and two operations in the label', () => {
    const typo = graphOf(withProcessor('filter value >> 3'));
    expect(typo.diagnostics.find((x) => x.code === 'bad-expression')).toMatchObject({ severity: 'error', elementId: 'pLabel' });
    expect(codes(graphOf(withProcessor('count', 'sum')), 'error')).toEqual(['several-operations']);
  });

  it('an unconnected queue holding events', () => {
    const d = withProcessor('count');
    const lonely = d.rect({ x: 0, y: 300, id: 'lonely' });
    d.label(lonely, 'orders\nX Y:2');
    const g = graphOf(d);
    const e = g.diagnostics.find((x) => x.code === 'unconnected-queue')!;
    expect(e).toMatchObject({ severity: 'error', elementId: 'lonely' });
    expect(e.message).toContain('"orders"');
  });
});

describe('more operations', () => {
  it.each([['avg', 'avg'], ['average of latency', 'avg'], ['mean', 'avg'], ['distinct', 'distinct'], ['count distinct users', 'distinct']])('"%s" → %s', (line, kind) => {
    const g = graphOf(withProcessor('stats', line));
    expect(node(g, 'p').operation).toMatchObject({ kind });
    expect(codes(g, 'error')).toEqual([]);
  });
});
