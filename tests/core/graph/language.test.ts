import { describe, expect, it } from 'vitest';
import { compilePlan } from '../../../src/core/plan/plan';
import { drawing } from '../../fixtures/drawings/builder';
import { codes, eventKeys, graphOf, node, withProcessor } from './read-drawing';

describe('roles', () => {
  it.each(['storage', 'sink', 'store', 'db', 'database', 'output', 'file', 'log', 'Audit Logs', 'Postgres DB'])('a last box named "%s" is a sink', (name) => {
    const d = withProcessor('count');
    const s = d.rect({ x: 600, y: 0, id: 's' });
    d.label(s, name);
    d.arrow('p', s, { bind: 'v1' });
    expect(node(graphOf(d), 's').role).toBe('sink');
  });

  it('a last box with another name is a processor (it keeps state), as in the seed', () => {
    const d = withProcessor('count');
    const s = d.rect({ x: 600, y: 0, id: 's' });
    d.label(s, 'dashboard');
    d.arrow('p', s, { bind: 'v1' });
    expect(node(graphOf(d), 's').role).toBe('processor');
  });

  it('a box named like a store that sends events on stays a processor', () => {
    const d = withProcessor('store cache');
    const s = d.rect({ x: 600, y: 0, id: 's' });
    d.arrow('p', s, { bind: 'v1' });
    expect(node(graphOf(d), 'p').role).toBe('processor');
  });
});

describe('events', () => {
  it('reads KEY, KEY:NUMBER and KEY=NUMBER (spaces allowed around : and =)', () => {
    const d = drawing();
    const q = d.rect({ x: 0, y: 0, w: 300, id: 'q' });
    d.label(q, 'A, B:3 C = 2.5 D: -1');
    d.arrow(q, d.rect({ x: 400, y: 0 }), { bind: 'v1' });
    expect(new Set(node(graphOf(d), 'q').events.map((e) => `${e.key}=${e.value}`))).toEqual(new Set(['A=1', 'B=3', 'C=2.5', 'D=-1']));
  });

  it('consumes the event drawn nearest the outgoing edge first, whichever side it leaves from', () => {
    const right = drawing();
    const q = right.rect({ x: 0, y: 0, w: 300, id: 'q' });
    right.label(q, 'C B A');
    right.arrow(q, right.rect({ x: 400, y: 0 }), { bind: 'v1' });
    expect(eventKeys(graphOf(right), 'q')).toEqual(['A', 'B', 'C']);

    const left = drawing();
    const p = left.rect({ x: 0, y: 0, id: 'p' });
    const q2 = left.rect({ x: 300, y: 0, w: 300, id: 'q' });
    left.label(q2, 'C B A');
    left.arrow(p, q2, { bind: 'v1', start: 'arrow', end: null });
    expect(eventKeys(graphOf(left), 'q')).toEqual(['C', 'B', 'A']);
  });

  it('stacked events leaving downwards: the bottom one first', () => {
    const d = drawing();
    const q = d.rect({ x: 0, y: 0, w: 100, h: 120, id: 'q' });
    d.text('first?', { x: 10, y: -40 });
    d.text('X', { x: 40, y: 10 });
    d.text('Y', { x: 40, y: 45 });
    d.text('Z', { x: 40, y: 80 });
    const p = d.rect({ x: 0, y: 300, id: 'p' });
    d.path([[50, 124], [50, 296]], { from: q, to: p, bind: 'v2' });
    const g = graphOf(d);
    expect(node(g, 'q').name).toBe('first?');
    expect(eventKeys(g, 'q')).toEqual(['Z', 'Y', 'X']);
  });

  it('names a queue by a one-word label, by a label line that is not events, or by its title', () => {
    const d = drawing();
    const a = d.rect({ x: 0, y: 0, id: 'a' });
    d.label(a, 'orders');
    const b = d.rect({ x: 0, y: 200, id: 'b' });
    d.label(b, 'kafka topic\nX Y');
    const p = d.rect({ x: 400, y: 100, id: 'p' });
    d.arrow(a, p, { bind: 'v1' });
    d.arrow(b, p, { bind: 'v1' });
    const g = graphOf(d);
    expect(node(g, 'a')).toMatchObject({ name: 'orders', events: [] });
    expect(node(g, 'b')).toMatchObject({ name: 'kafka topic' });
    expect(eventKeys(g, 'b').sort()).toEqual(['X', 'Y']);
    expect(g.diagnostics).toContainEqual(expect.objectContaining({ code: 'empty-source', elementId: 'a' }));
  });

  it('reads a lone label as the name when it reads like one, and as events otherwise', () => {
    const d = drawing();
    const sources: [string, string][] = [['a', 'Browser Client'], ['b', 'C B A'], ['c', 'user1 user2 user1'], ['d', 'click:2 view']];
    const p = d.rect({ x: 600, y: 0, id: 'p' });
    sources.forEach(([id, text], i) => {
      d.label(d.rect({ x: 0, y: i * 100, w: 200, id }), text);
      d.arrow(id, p, { bind: 'v1' });
    });
    const g = graphOf(d);
    expect(node(g, 'a')).toMatchObject({ name: 'Browser Client', events: [] });
    expect(eventKeys(g, 'b')).toEqual(['A', 'B', 'C']);
    expect(eventKeys(g, 'c')).toEqual(['user1', 'user2', 'user1']);
    expect(eventKeys(g, 'd')).toEqual(['view', 'click:2']);
  });

  it('takes a loose text over a box as its label when nothing is bound (drawings made without binding)', () => {
    const d = drawing();
    const q = d.rect({ x: 0, y: 0, w: 200, h: 80, id: 'q' });
    d.text('Clickstream\nA B', { x: 20, y: 10 });
    const p = d.rect({ x: 300, y: 0, w: 200, h: 100, id: 'p' });
    d.text('Flink job\nsum', { x: 320, y: 10 });
    d.text('A = 2', { x: 320, y: 70 });
    const s = d.rect({ x: 600, y: 0, w: 200, h: 100, id: 's' });
    d.text('OLAP DB', { x: 620, y: 30 });
    d.arrow(q, p);
    d.arrow(p, s);
    const g = graphOf(d);
    expect(g.nodes.map((n) => [n.name, n.role])).toEqual([['Clickstream', 'source'], ['Flink job', 'processor'], ['OLAP DB', 'sink']]);
    expect(eventKeys(g, 'q')).toEqual(['B', 'A']);
    expect(node(g, 'p')).toMatchObject({ operation: { kind: 'sum' }, assertions: [expect.objectContaining({ key: 'A', expected: 2 })] });
  });

  it('keeps a [[note]] link on the source as where its events come from (no empty-source warning)', () => {
    const d = drawing();
    const q = d.rect({ x: 0, y: 0, id: 'q' }, { link: '[[clicks today]]' });
    d.label(q, 'clicks');
    d.arrow(q, d.rect({ x: 300, y: 0 }), { bind: 'v1' });
    const g = graphOf(d);
    expect(node(g, 'q')).toMatchObject({ link: '[[clicks today]]', events: [] });
    expect(codes(g)).not.toContain('empty-source');
  });

  it('also takes the events-note link from the queue\'s label text', () => {
    const d = drawing();
    const q = d.rect({ x: 0, y: 0, id: 'q' });
    d.set(d.label(q, 'clicks'), { link: '[[clicks today]]' });
    d.arrow(q, d.rect({ x: 300, y: 0 }), { bind: 'v1' });
    expect(node(graphOf(d), 'q').link).toBe('[[clicks today]]');
  });

  it('warns about a line in a queue that is not events', () => {
    const d = drawing();
    const q = d.rect({ x: 0, y: 0, w: 200, h: 100, id: 'q' });
    d.text('incoming', { x: 10, y: -40 });
    d.text('A B', { x: 10, y: 10 });
    const bad = d.text('n/a ???: x', { x: 10, y: 50 });
    d.arrow(q, d.rect({ x: 300, y: 0 }), { bind: 'v1' });
    const g = graphOf(d);
    expect(eventKeys(g, 'q')).toEqual(['B', 'A']);
    expect(g.diagnostics).toContainEqual(expect.objectContaining({ code: 'not-an-event', elementId: bad }));
  });
});

describe('pipelines people draw', () => {
  it('several processors in a row, fan-out and fan-in plan in order', () => {
    const d = drawing();
    const q = d.rect({ x: 0, y: 100, id: 'q' });
    d.label(q, 'A B');
    const f = d.rect({ x: 200, y: 100, id: 'f' });
    d.label(f, 'filter value > 0');
    const c = d.rect({ x: 400, y: 0, id: 'c' });
    d.label(c, 'count');
    const s = d.rect({ x: 400, y: 200, id: 's' });
    d.label(s, 'sum');
    const m = d.rect({ x: 600, y: 100, id: 'm' });
    d.label(m, 'max');
    const out = d.rect({ x: 800, y: 100, id: 'out' });
    d.label(out, 'output');
    for (const [a, b] of [[q, f], [f, c], [f, s], [c, m], [s, m], [m, out]]) d.arrow(a, b, { bind: 'v1' });
    const g = graphOf(d);
    expect(codes(g)).toEqual([]);
    const plan = compilePlan(g);
    expect(plan.nodes.map((n) => n.id)).toEqual(['q', 'f', 'c', 's', 'm', 'out']);
    expect(plan.nodes.find((n) => n.id === 'f')!.outputs).toEqual(['c', 's']);
    expect(plan.nodes.find((n) => n.id === 'm')!.inputs).toEqual(['c', 's']);
  });

  it('a queue feeding two processors sends every event to both, ordered by its first edge, and says so', () => {
    const d = drawing();
    const q = d.rect({ x: 0, y: 100, w: 200, id: 'q' });
    d.label(q, 'C B A');
    d.arrow(q, d.rect({ x: 400, y: 0, id: 'p1' }), { bind: 'v1', id: 'first' });
    d.arrow(q, d.rect({ x: 400, y: 200, id: 'p2' }), { bind: 'v1' });
    const g = graphOf(d);
    expect(eventKeys(g, 'q')).toEqual(['A', 'B', 'C']);
    expect(compilePlan(g).nodes.find((n) => n.id === 'q')!.outputs).toEqual(['p1', 'p2']);
    expect(g.diagnostics).toEqual([expect.objectContaining({ code: 'several-exits', severity: 'info', elementId: 'q' })]);
    expect(g.diagnostics[0].message).toMatch(/edge first/);
  });

  it('reads the checkpoint interval from any text', () => {
    for (const [text, ms] of [['checkpoint every 5s', 5000], ['interval: 2 min', 120_000], ['checkpoints every 500 ms', 500]] as const) {
      const d = withProcessor('count');
      d.text(text, { x: 0, y: 400 });
      expect(graphOf(d).checkpointIntervalMs).toBe(ms);
    }
    expect(graphOf(withProcessor('count')).checkpointIntervalMs).toBeUndefined();
  });
});
