import { describe, expect, it } from 'vitest';
import { drawing } from '../../fixtures/drawings/builder';
import { codes, edgeList, graphOf, node } from './read-drawing';

/** A bucket icon at (x, y): an ellipse rim, two side lines and a bottom line, grouped with its caption. */
function bucket(d: ReturnType<typeof drawing>, x: number, y: number, caption: string, group: string): { rim: string; caption: string } {
  const icon = `${group}-icon`;
  const rim = d.shape('ellipse', { x, y, w: 70, h: 18, id: `${group}-rim` }, { groupIds: [icon, group] });
  d.path([[x, y + 9], [x + 12, y + 70]], { type: 'line', bind: false, id: `${group}-left`, end: null });
  d.set(`${group}-left`, { groupIds: [icon, group] });
  d.path([[x + 70, y + 9], [x + 58, y + 70]], { type: 'line', bind: false, id: `${group}-right`, end: null });
  d.set(`${group}-right`, { groupIds: [icon, group] });
  d.path([[x + 12, y + 70], [x + 58, y + 70]], { type: 'line', bind: false, id: `${group}-bottom`, end: null });
  d.set(`${group}-bottom`, { groupIds: [icon, group] });
  const text = d.text(caption, { x: x - 70, y: y + 30, id: `${group}-caption` }, { groupIds: [group] });
  return { rim, caption: text };
}

describe('groups and icons', () => {
  it('an icon and its caption, grouped, are one node named by the caption; its strokes are no edges', () => {
    const d = drawing();
    const panel = d.rect({ x: -200, y: -100, w: 700, h: 500, id: 'panel' });
    d.label(panel, 'Lakehouse');
    const raw = bucket(d, 0, 0, 'raw', 'gRaw');
    const bronze = bucket(d, 0, 200, 'bronze', 'gBronze');
    // Bound to the caption at one end and to a part of the icon at the other, as Excalidraw binds.
    d.path([[35, 75], [35, 195]], { from: raw.caption, to: bronze.rim, bind: 'v1', id: 'flow' });
    const g = graphOf(d);
    expect(g.nodes.map((n) => [n.id, n.name, n.role])).toEqual([['gRaw', 'raw', 'source'], ['gBronze', 'bronze', 'processor']]);
    expect(edgeList(g)).toEqual(['gRaw->gBronze']);
    expect(codes(g)).not.toContain('dangling-edge');
  });

  it('a group as large as a pipeline is read element by element', () => {
    const d = drawing();
    const q = d.rect({ x: 0, y: 0, id: 'q' }, { groupIds: ['all'] });
    d.label(q, 'orders\nA B');
    const p = d.rect({ x: 400, y: 0, id: 'p' }, { groupIds: ['all'] });
    d.label(p, 'count');
    d.arrow(q, p, { type: 'line', end: null, id: 'l' });
    d.set('l', { groupIds: ['all'] });
    const g = graphOf(d);
    expect(edgeList(g)).toEqual(['q->p']);
    expect(node(g, 'q').events.map((e) => e.key)).toEqual(['B', 'A']);
  });
});

describe('what is not an edge', () => {
  it('an arrow from a panel into a shape drawn inside it is a callout', () => {
    const d = drawing();
    const q = d.rect({ x: 0, y: 0, id: 'q' });
    d.label(q, 'orders\nA B');
    const panel = d.rect({ x: 300, y: -100, w: 400, h: 300, id: 'panel' });
    d.label(panel, 'Tables');
    const inner = d.rect({ x: 400, y: 0, w: 120, h: 60, id: 'inner' });
    d.label(inner, 'counter');
    d.arrow(q, panel, { bind: 'v1' });
    const callout = d.path([[310, -90], [400, 0]], { from: panel, to: inner, bind: 'v1', id: 'callout' });
    const g = graphOf(d);
    expect(edgeList(g)).toEqual(['q->panel']);
    expect(g.diagnostics).toContainEqual(expect.objectContaining({ code: 'callout-edge', severity: 'info', elementId: callout }));
  });

  it('plain lines between shapes with no text are a picture; a lifeline between same-named boxes is no edge', () => {
    const d = drawing();
    const a = d.shape('ellipse', { x: 0, y: 0, w: 40, h: 40, id: 'a' });
    const b = d.shape('ellipse', { x: 200, y: 0, w: 40, h: 40, id: 'b' });
    d.arrow(a, b, { type: 'line', end: null, id: 'side' });
    const top = d.rect({ x: 0, y: 300, id: 'top' });
    d.label(top, 'Kafka');
    const bottom = d.rect({ x: 0, y: 700, id: 'bottom' });
    d.label(bottom, 'Kafka');
    d.arrow(top, bottom, { type: 'line', end: null, id: 'life' });
    const g = graphOf(d);
    expect(g.edges).toEqual([]);
    expect(codes(g, 'info')).toEqual(expect.arrayContaining(['stroke', 'lifeline']));
  });
});

describe('captions and notes', () => {
  it('a box with no text of its own is named by the caption right under it', () => {
    const d = drawing();
    const q = d.rect({ x: 0, y: 0, id: 'q' });
    d.label(q, 'API Gateway');
    const ep = d.rect({ x: 300, y: 0, w: 80, h: 60, id: 'ep' });
    d.text('Register', { x: 300, y: 75 });
    d.arrow(q, ep, { bind: 'v1' });
    expect(node(graphOf(d), 'ep').name).toBe('Register');
  });

  it('a blank line ends a label\'s name; the paragraph after it is no event unless it reads as events', () => {
    const d = drawing();
    const q = d.rect({ x: 0, y: 0, w: 200, h: 120, id: 'q' });
    d.label(q, 'Product metadata\n\nfrom the catalogue');
    const r = d.rect({ x: 0, y: 300, w: 200, h: 120, id: 'r' });
    d.label(r, 'orders\n\nA B:2');
    const p = d.rect({ x: 400, y: 0, w: 200, h: 120, id: 'p' });
    d.label(p, 'Real-time context\n\nlive-user-profile');
    d.arrow(q, p, { bind: 'v1' });
    d.arrow(r, p, { bind: 'v1' });
    const g = graphOf(d);
    expect(node(g, 'q')).toMatchObject({ name: 'Product metadata', events: [] });
    expect(node(g, 'r').name).toBe('orders');
    expect(node(g, 'r').events).toHaveLength(2);
    expect(node(g, 'p').name).toBe('Real-time context');
  });

  it('a list under a name is the box\'s content, not its name; `+ X` is part of the name', () => {
    const d = drawing();
    const q = d.rect({ x: 0, y: 0, w: 200, h: 120, id: 'q' });
    d.text('Sources\n- Itviec\n- TopCV', { x: 10, y: 10 });
    const p = d.rect({ x: 400, y: 0, w: 200, h: 120, id: 'p' });
    d.label(p, 'dbt\n- stg_jobs (dedup)');
    const r = d.rect({ x: 800, y: 0, w: 200, h: 120, id: 'r' });
    d.label(r, 'Product metadata\n+ ChromaDB');
    d.arrow(q, p, { bind: 'v1' });
    d.arrow(p, r, { bind: 'v1' });
    const g = graphOf(d);
    expect(node(g, 'q')).toMatchObject({ name: 'Sources', events: [] });
    expect(node(g, 'p').name).toBe('dbt');
    expect(node(g, 'r').name).toBe('Product metadata + ChromaDB');
  });

  it('clock times and a sentence that says a word twice are no events', () => {
    const d = drawing();
    const q = d.rect({ x: 0, y: 0, w: 200, h: 80, id: 'q' });
    d.label(q, 'window\n00:00 00:01 00:02');
    const r = d.rect({ x: 0, y: 300, w: 300, h: 80, id: 'r' });
    d.label(r, 'Simulator\nwinged dynamics over multirotor dynamics');
    const p = d.rect({ x: 400, y: 0, id: 'p' });
    d.label(p, 'Planner');
    d.arrow(q, p, { bind: 'v1' });
    d.arrow(r, p, { bind: 'v1' });
    const g = graphOf(d);
    expect(node(g, 'q').events).toEqual([]);
    expect(node(g, 'r').events).toEqual([]);
  });
});
