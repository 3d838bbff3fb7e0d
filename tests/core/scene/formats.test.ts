import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FlowInputError } from '../../../src/core/diagnostics';
import { buildGraph } from '../../../src/core/graph/build-graph';
import { readScene } from '../../../src/core/scene/read-scene';

const DIR = path.resolve(__dirname, '../../fixtures/drawings');
const read = (name: string) => readScene(name, readFileSync(path.join(DIR, name), 'utf8'));

/** What a reader of the small pipeline must understand, whatever layout it was saved in. */
function understood(name: string) {
  const g = buildGraph(read(name).scene);
  return {
    nodes: g.nodes.map((n) => [n.id, n.role, n.name, n.operation.kind]),
    events: g.nodes.find((n) => n.role === 'source')?.events.map((e) => e.key),
    edges: g.edges.map((e) => `${e.from}->${e.to}`),
    interval: g.checkpointIntervalMs,
    errors: g.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.code),
  };
}

const EXPECTED = {
  nodes: [
    ['queue', 'source', 'queue', 'count'],
    ['proc', 'processor', 'processing service', 'count'],
    ['sink', 'sink', 'output store', 'count'],
  ],
  events: ['A', 'B', 'C'],
  edges: ['queue->proc', 'proc->sink'],
  interval: 5000,
  errors: [],
};

describe('every layout the Obsidian plugin and excalidraw.com have written reads the same', () => {
  it.each([
    'new-layout-json.excalidraw.md',
    'new-layout-compressed.excalidraw.md',
    'old-layout-json.excalidraw.md',
    'old-layout-compressed-64.excalidraw.md',
    'old-layout-compressed-1024.excalidraw.md',
    'unfenced-2021.excalidraw.md',
    'drawing-without-the-suffix.md',
    'windows-line-endings.excalidraw.md',
    'plain.excalidraw',
  ])('%s', (name) => {
    expect(understood(name)).toEqual(EXPECTED);
  });

  it('drops deleted elements (the plugin keeps them in the file)', () => {
    const ids = read('new-layout-compressed.excalidraw.md').scene.elements.map((e) => e.id);
    expect(ids).not.toContain('deletedBox');
    expect(ids).not.toContain('deletedArrow');
    expect(ids).toContain('queue');
  });

  it('reads a .md note as a drawing only when its frontmatter says excalidraw-plugin', () => {
    expect(read('drawing-without-the-suffix.md').scene.format).toBe('excalidraw-md');
    expect(() => readScene('notes/shopping.md', '---\ntags: [list]\n---\n- milk\n')).toThrow(/not a drawing/);
  });
});

describe('Obsidian canvas', () => {
  const g = buildGraph(read('small-pipeline.canvas').scene);
  const node = (id: string) => g.nodes.find((n) => n.id === id)!;

  it('takes a card\'s first line as its name (Markdown removed) and the rest as its content', () => {
    expect(node('queue')).toMatchObject({ role: 'source', name: 'orders' });
    expect(node('proc')).toMatchObject({ role: 'processor', name: 'totals', operation: { kind: 'sum' } });
    expect(node('filt')).toMatchObject({ role: 'processor', name: 'big ones', operation: { kind: 'filter', expression: 'value >= 2' } });
    expect(node('store')).toMatchObject({ role: 'sink', name: 'result store' });
  });

  it('reads a source card\'s list items as its events, in written order (Obsidian lays out card text, not the author)', () => {
    expect(node('queue').events).toEqual([{ key: 'C', value: 1 }, { key: 'B', value: 2 }, { key: 'A', value: 1 }]);
  });

  it('gives a file card a link to its note (an events note for a source) and no empty-source warning', () => {
    expect(node('note')).toMatchObject({ role: 'source', name: 'orders events', link: '[[notes/orders events.md]]' });
    expect(g.diagnostics.filter((d) => d.code === 'empty-source')).toEqual([]);
  });

  it('reports an edge to a node that does not exist, naming the edge', () => {
    expect(g.diagnostics).toContainEqual(expect.objectContaining({ code: 'dangling-edge', elementId: 'e5', file: 'small-pipeline.canvas' }));
  });

  it('does not make an unconnected group a node', () => {
    expect(g.nodes.map((n) => n.id)).not.toContain('lane');
  });
});

describe('broken files give one line naming the file, and a diagnostic with a code', () => {
  it.each([
    ['truncated-block.excalidraw.md', 'truncated-drawing', /no closing ```/],
    ['corrupt-compressed.excalidraw.md', /corrupt-drawing|bad-json/, /truncated|corrupt/],
    ['hand-edited-compressed.excalidraw.md', 'corrupt-drawing', /not base64/],
    ['truncated-json.excalidraw', 'bad-json', /not valid JSON/],
    ['no-drawing-section.excalidraw.md', 'no-drawing-section', /no "# Drawing"/],
  ])('%s', (name, code, message) => {
    let caught: unknown;
    try {
      read(name);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(FlowInputError);
    const err = caught as FlowInputError;
    expect(err.message.startsWith(`${name}: `)).toBe(true);
    expect(err.message).not.toContain('\n');
    expect(err.message).toMatch(message);
    expect(err.diagnostics).toHaveLength(1);
    expect(err.diagnostics[0].code).toMatch(code);
    expect(err.diagnostics[0].file).toBe(name);
  });

  it('a file with another extension is not a drawing', () => {
    expect(() => readScene('photo.png', 'x')).toThrow(FlowInputError);
  });
});
