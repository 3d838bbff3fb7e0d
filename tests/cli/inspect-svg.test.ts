import { promises as fs } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { SyntaxValidator } from 'fast-xml-validator';
import { describe, expect, it } from 'vitest';
import { inspectCommand } from '../../src/cli/commands/inspect';
import { FIXTURES, SEED, tempVault } from '../helpers/temp-vault';

const CORPUS = path.join(FIXTURES, 'corpus');

async function inspectSvg(files: Record<string, string>, file: string, extra: string[] = []): Promise<{ code: number; out: string; err: string; dir: string }> {
  const dir = await tempVault(files);
  let out = '';
  let err = '';
  const code = await inspectCommand.run([file, '--svg', ...extra], { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: dir });
  return { code, out, err, dir };
}

type El = Record<string, unknown>;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (_name, _path, _leaf, isAttribute) => !isAttribute, textNodeName: '#text' });

/** Every element named `tag` anywhere under `node`, depth first. */
function all(node: unknown, tag: string): El[] {
  const out: El[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    for (const [k, v] of Object.entries(n as El)) {
      if (k === tag && Array.isArray(v)) out.push(...(v as El[]));
      if (typeof v === 'object') walk(v);
    }
  };
  walk(node);
  return out;
}

function parse(svg: string): El {
  expect(SyntaxValidator.validate(svg)).toBe(true);
  const doc = parser.parse(svg) as El;
  expect(doc.svg).toHaveLength(1);
  return doc;
}

describe('flows inspect --svg draws how a drawing was understood', () => {
  it('the seed: a source with its events, a processor with its assertions, the edge between them', async () => {
    const { code, out, err } = await inspectSvg({ 'seed.excalidraw.md': SEED }, 'seed.excalidraw.md');
    expect(code).toBe(0);
    expect(err).toBe('');
    const doc = parse(out);
    const nodes = all(doc, 'g').filter((g) => g.class === 'node');
    expect(nodes.map((n) => [n['data-role'], n['data-name'], n['data-events']])).toEqual([
      ['processor', 'processing service', ''],
      ['source', 'queue', 'A B C'],
    ]);
    const edges = all(doc, 'line').filter((l) => l.class === 'edge');
    expect(edges).toHaveLength(1);
    const [source, processor] = [nodes[1]['data-node-id'], nodes[0]['data-node-id']];
    expect([edges[0]['data-from'], edges[0]['data-to']]).toEqual([source, processor]);
    // The edge is drawn from the queue towards the processor, which stands to its right.
    expect(Number(edges[0].x2)).toBeGreaterThan(Number(edges[0].x1));
    const tags = nodes.flatMap((n) => all(n, 'text')).map((t) => String(t['#text']));
    expect(tags).toContain('processor · processing service · count · A = 1, B = 1, C = 1');
    expect(tags).toContain('source · queue · A B C');
    // The drawing itself is there too: every element of the scene, by id.
    expect(all(doc, 'rect').some((r) => r['data-element-id'] === source)).toBe(true);
  });

  it('an icon group is outlined as one node, and each diagnostic is listed and marked at its element', async () => {
    const file = 'databricks-medallion-pipeline__alecsandergr-Deezer-Databricks.excalidraw';
    const { code, out } = await inspectSvg({ [file]: path.join(CORPUS, file) }, file);
    expect(code).toBe(0);
    const doc = parse(out);
    const nodes = all(doc, 'g').filter((g) => g.class === 'node');
    expect(nodes.map((n) => n['data-name']).sort()).toEqual(['api', 'bronze', 'raw', 'silver']);
    const listed = all(doc, 'text').filter((t) => t.class === 'diagnostic');
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.map((t) => t['data-code'])).toContain('empty-source');
    const markers = all(doc, 'g').filter((g) => g.class === 'marker');
    const empty = listed.find((t) => t['data-code'] === 'empty-source')!;
    const marker = markers.find((m) => m['data-diagnostic'] === empty['data-diagnostic'])!;
    expect(marker['data-element-id']).toBe(nodes.find((n) => n['data-name'] === 'api')!['data-node-id']);
  });

  it('a refused drawing still gets its picture, with the error listed; --out writes the file', async () => {
    const box = (id: string, x: number, label: string) => [
      { id, type: 'rectangle', x, y: 0, width: 120, height: 60 },
      { id: `${id}-t`, type: 'text', x: x + 10, y: 20, width: 100, height: 20, text: label, containerId: id },
    ];
    const arrow = { id: 'wrong', type: 'arrow', x: 120, y: 30, width: 180, height: 0, points: [[0, 0], [180, 0]], endArrowhead: 'arrow', startBinding: { elementId: 'p' }, endBinding: { elementId: 'q' } };
    const dir0 = await tempVault();
    const drawing = path.join(dir0, 'wrong.excalidraw');
    await fs.writeFile(drawing, JSON.stringify({ type: 'excalidraw', elements: [...box('p', 0, 'count'), ...box('q', 300, 'orders\nA B:2'), arrow] }));
    const { code, out, err, dir } = await inspectSvg({ 'wrong.excalidraw': drawing }, 'wrong.excalidraw', ['--out', 'understood.svg']);
    // The picture is written, and the exit code says what `flows run` would: refused (2), with its one line.
    expect(code).toBe(2);
    expect(err).toMatch(/^wrong\.excalidraw, element wrong: error: /);
    expect(out).toBe('wrong.excalidraw: wrote understood.svg (2 nodes, 1 edges, 2 diagnostics)\n');
    const doc = parse(await fs.readFile(path.join(dir, 'understood.svg'), 'utf8'));
    const listed = all(doc, 'text').filter((t) => t.class === 'diagnostic');
    const wrong = listed.find((t) => t['data-code'] === 'wrong-way-edge')!;
    expect(wrong).toMatchObject({ 'data-severity': 'error', 'data-element-id': 'wrong' });
  });

  it('a file that is no drawing: exit 2, its one line, and a picture holding only that diagnostic', async () => {
    const { code, out, err } = await inspectSvg({ 'truncated-block.excalidraw.md': path.join(FIXTURES, 'drawings', 'truncated-block.excalidraw.md') }, 'truncated-block.excalidraw.md');
    expect(code).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    const doc = parse(out);
    expect(all(doc, 'g').filter((g) => g.class === 'node')).toEqual([]);
    expect(all(doc, 'text').filter((t) => t.class === 'diagnostic').map((t) => t['data-code'])).toEqual(['truncated-drawing']);
  });
});
