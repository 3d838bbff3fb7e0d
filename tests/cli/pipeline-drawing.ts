/**
 * A drawing of `orders → count → storage` as an .excalidraw file: three boxes with bound labels
 * and two arrows (the middle box's label is `operation`). The queue holds no drawn events; tests feed it with `--events`.
 */
export function countPipelineDrawing(operation = 'count'): string {
  const box = (id: string, x: number, label: string): object[] => [
    { id, type: 'rectangle', x, y: 0, width: 120, height: 60, boundElements: [{ type: 'text', id: `${id}-label` }] },
    { id: `${id}-label`, type: 'text', x: x + 10, y: 20, width: 100, height: 20, text: label, containerId: id },
  ];
  const arrow = (id: string, x1: number, x2: number, from: string, to: string): object => ({
    id,
    type: 'arrow',
    x: x1,
    y: 30,
    width: x2 - x1,
    height: 0,
    points: [[0, 0], [x2 - x1, 0]],
    endArrowhead: 'arrow',
    startBinding: { elementId: from },
    endBinding: { elementId: to },
  });
  const elements = [...box('orders', 0, 'orders'), arrow('a1', 120, 200, 'orders', 'counter'), ...box('counter', 200, operation), arrow('a2', 320, 400, 'counter', 'storage'), ...box('storage', 400, 'storage')];
  return JSON.stringify({ type: 'excalidraw', version: 2, elements });
}
