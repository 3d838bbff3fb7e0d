/**
 * The chaos test's pipeline as an .excalidraw file: two queues fed by linked events notes,
 * two stateful processors and three sinks (one processor feeds two of them):
 *
 *   orders ─▶ count ─▶ order store
 *                  └─▶ order log
 *   clicks ─▶ sum   ─▶ click store
 */
export function chaosDrawing(): string {
  const box = (id: string, x: number, y: number, label: string, link?: string): object[] => [
    { id, type: 'rectangle', x, y, width: 120, height: 60, boundElements: [{ type: 'text', id: `${id}-label` }], ...(link ? { link } : {}) },
    { id: `${id}-label`, type: 'text', x: x + 10, y: y + 20, width: 100, height: 20, text: label, containerId: id },
  ];
  const arrow = (id: string, from: string, to: string, x1: number, y1: number, x2: number, y2: number): object => ({
    id,
    type: 'arrow',
    x: x1,
    y: y1,
    width: x2 - x1,
    height: y2 - y1,
    points: [[0, 0], [x2 - x1, y2 - y1]],
    endArrowhead: 'arrow',
    startBinding: { elementId: from },
    endBinding: { elementId: to },
  });
  const elements = [
    ...box('orders', 0, 0, 'orders', '[[orders events]]'),
    ...box('counter', 200, 0, 'count'),
    ...box('counts', 400, 0, 'order store'),
    ...box('log', 400, 100, 'order log'),
    ...box('clicks', 0, 300, 'clicks', '[[clicks events]]'),
    ...box('summer', 200, 300, 'sum'),
    ...box('totals', 400, 300, 'click store'),
    arrow('a1', 'orders', 'counter', 120, 30, 200, 30),
    arrow('a2', 'counter', 'counts', 320, 30, 400, 30),
    arrow('a3', 'counter', 'log', 320, 40, 400, 130),
    arrow('a4', 'clicks', 'summer', 120, 330, 200, 330),
    arrow('a5', 'summer', 'totals', 320, 330, 400, 330),
  ];
  return JSON.stringify({ type: 'excalidraw', version: 2, elements });
}

/** A seeded pseudo-random generator: the same seed, the same chaos. */
export { seededRandom as seeded } from '../helpers/seeded';
