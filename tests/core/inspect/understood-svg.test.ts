import { XMLParser } from 'fast-xml-parser';
import { SyntaxValidator } from 'fast-xml-validator';
import { describe, expect, it } from 'vitest';
import { understoodSvg } from '../../../src/core/inspect/understood-svg';
import { readScene } from '../../../src/core/scene/read-scene';
import { buildGraph } from '../../../src/core/graph/build-graph';
import { drawing } from '../../fixtures/drawings/builder';

describe('the understood picture', () => {
  it('stays well-formed XML whatever the names hold, and carries them unchanged', () => {
    const d = drawing();
    const q = d.rect({ x: 0, y: 0, id: 'q"<&' });
    d.label(q, 'a <b> & "c" \'d\'\u0001\nA B:2');
    const p = d.rect({ x: 400, y: 0, id: 'p' });
    d.label(p, 'count');
    d.arrow(q, p, { bind: 'v1', id: 'e]]>' });
    const { scene } = readScene('x.excalidraw', d.excalidraw());
    const graph = buildGraph(scene);
    const svg = understoodSvg(scene, graph, graph.diagnostics);
    expect(SyntaxValidator.validate(svg)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(svg) as { svg: { g: { g?: { 'data-name': string; 'data-node-id': string }[] }[] } };
    const nodes = doc.svg.g.flatMap((g) => g.g ?? []).filter((n) => n['data-name'] !== undefined);
    expect(nodes.map((n) => [n['data-node-id'], n['data-name']])).toEqual([['q"<&', 'a <b> & "c" \'d\''], ['p', 'count']]);
  });
});
