import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../src/core/graph/build-graph';
import { compilePlan } from '../../../src/core/plan/plan';
import { readScene } from '../../../src/core/scene/read-scene';
import { SEED } from '../../helpers/temp-vault';

describe('the seed drawing, read as a person reads it', () => {
  const { scene, diagnostics } = readScene('checkpointing.excalidraw.md', readFileSync(SEED, 'utf8'));
  const graph = buildGraph(scene);

  it('is a queue holding A, B, C (A nearest the line) feeding the processing service', () => {
    expect(diagnostics).toEqual([]);
    expect(graph.diagnostics).toEqual([]);
    expect(graph.nodes.map((n) => [n.role, n.name, n.operation.kind])).toEqual([['processor', 'processing service', 'count'], ['source', 'queue', 'count']]);
    expect(graph.nodes[1].events).toEqual([{ key: 'A', value: 1 }, { key: 'B', value: 1 }, { key: 'C', value: 1 }]);
    expect(graph.nodes[0].assertions.map((a) => `${a.key}=${a.expected}`)).toEqual(['A=1', 'B=1', 'C=1']);
  });

  it('plans the queue before the processor', () => {
    expect(compilePlan(graph).nodes.map((n) => n.name)).toEqual(['queue', 'processing service']);
  });
});
