/**
 * Drawings the benchmark runs, generated as Obsidian Excalidraw notes so they go through the
 * same reader a user's file does (file → scene → graph → plan).
 */

type Element = Record<string, unknown>;

const base = (id: string, type: string, x: number, y: number, width: number, height: number): Element => ({
  id, type, x, y, width, height, angle: 0, strokeColor: '#1e1e1e', backgroundColor: 'transparent', fillStyle: 'solid',
  strokeWidth: 1, strokeStyle: 'solid', roughness: 1, opacity: 100, groupIds: [], seed: 1, version: 1, isDeleted: false,
});

const text = (id: string, x: number, y: number, value: string, containerId: string | null = null): Element => ({
  ...base(id, 'text', x, y, 8 * Math.max(...value.split('\n').map((l) => l.length)), 25 * value.split('\n').length),
  text: value, originalText: value, fontSize: 20, fontFamily: 1, textAlign: 'center', verticalAlign: 'middle', containerId,
});

const box = (id: string, x: number, y: number, label: Element): Element => ({
  ...base(id, 'rectangle', x, y, 160, 100), boundElements: [{ type: 'text', id: label.id }],
});

const arrow = (id: string, from: Element, to: Element): Element => {
  const x = (from.x as number) + (from.width as number);
  const y = (from.y as number) + (from.height as number) / 2;
  const dx = (to.x as number) - x;
  return {
    ...base(id, 'arrow', x, y, dx, 0), points: [[0, 0], [dx, 0]],
    startBinding: { elementId: from.id, focus: 0, gap: 1 }, endBinding: { elementId: to.id, focus: 0, gap: 1 },
    startArrowhead: null, endArrowhead: 'arrow',
  };
};

/** queue → processor → sink at (x, y); `prefix` keeps ids unique. `eventsText` is what the queue holds. */
function pipeline(prefix: string, x: number, y: number, eventsText: string, opts: { assertion?: string; title?: string } = {}): Element[] {
  const qLabel = text(`${prefix}-ql`, x + 10, y + 35, eventsText);
  const queue = box(`${prefix}-q`, x, y, qLabel);
  qLabel.containerId = queue.id;
  const pLabel = text(`${prefix}-pl`, x + 250, y + 10, 'count by key');
  const proc = box(`${prefix}-p`, x + 240, y, pLabel);
  pLabel.containerId = proc.id;
  const sLabel = text(`${prefix}-sl`, x + 490, y + 35, 'output store');
  const sink = box(`${prefix}-s`, x + 480, y, sLabel);
  sLabel.containerId = sink.id;
  const out = [queue, qLabel, proc, pLabel, sink, sLabel, arrow(`${prefix}-a1`, queue, proc), arrow(`${prefix}-a2`, proc, sink)];
  // Free texts (not bound): an assertion inside the processor and a title above the queue, as people draw them.
  if (opts.assertion) out.push(text(`${prefix}-as`, x + 265, y + 60, opts.assertion));
  if (opts.title) out.push(text(`${prefix}-t`, x + 20, y - 40, opts.title));
  return out;
}

export function excalidrawNote(elements: Element[]): string {
  const scene = { type: 'excalidraw', version: 2, source: 'excalidraw-flows bench', elements, appState: { gridSize: null, viewBackgroundColor: '#ffffff' }, files: {} };
  return `---\n\nexcalidraw-plugin: parsed\ntags: [excalidraw]\n\n---\n\n# Drawing\n\`\`\`json\n${JSON.stringify(scene, null, '\t')}\n\`\`\`\n%%\n`;
}

/**
 * The benchmark's flow: an empty queue `events` → `count by key` → `output store`. Events are
 * appended to the queue by the benchmark through the engine, not drawn. `checkpointText` adds a
 * free text such as `checkpoint every 1s` (the drawing's own interval).
 */
export const BENCH_SOURCE_ID = 'b-q';

export function countPipelineDrawing(options: { withSink?: boolean; checkpointText?: string } = {}): string {
  let elements = pipeline('b', 0, 0, 'events');
  if (options.withSink === false) elements = elements.filter((e) => !String(e.id).startsWith('b-s') && e.id !== 'b-a2');
  if (options.checkpointText) elements.push(text('b-ckpt', 0, 200, options.checkpointText));
  return excalidrawNote(elements);
}

/** A drawing of exactly `count` elements (a multiple of 10): pipelines of 10 elements each in a grid. */
export function largeDrawing(count: number): string {
  if (count % 10 !== 0) throw new Error(`largeDrawing: ${count} is not a multiple of 10`);
  const elements: Element[] = [];
  for (let i = 0; i < count / 10; i++) {
    const x = (i % 20) * 800;
    const y = Math.floor(i / 20) * 260;
    elements.push(...pipeline(`p${i}`, x, y, 'C B A B', { assertion: 'B = 2', title: `flow ${i}` }));
  }
  return excalidrawNote(elements);
}
