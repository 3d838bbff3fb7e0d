import { describe, expect, it } from 'vitest';
import { largeDrawing } from '../../../bench/lib/drawings';
import { attachTexts } from '../../../src/core/graph/attach-texts';
import { buildGraph } from '../../../src/core/graph/build-graph';
import { connectEdges } from '../../../src/core/graph/connect-edges';
import { ShapeIndex } from '../../../src/core/graph/spatial-index';
import { readScene } from '../../../src/core/scene/read-scene';

const SHAPES = new Set(['rectangle', 'ellipse', 'diamond']);

/**
 * The reader's geometric work (queries of the shape index plus the candidates they return),
 * counted rather than timed: the texts are attached and the edges connected as buildGraph does.
 */
function indexWork(elements: number): { work: number; nodes: number } {
  const { scene } = readScene('large.excalidraw.md', largeDrawing(elements));
  const shapes = scene.elements.filter((e) => SHAPES.has(e.type));
  const texts = scene.elements.filter((e) => e.type === 'text');
  const lines = scene.elements.filter((e) => e.type === 'arrow');
  const others = new Set(scene.elements.filter((e) => !SHAPES.has(e.type)).map((e) => e.id));
  const index = new ShapeIndex(shapes);
  const { ownerOf } = attachTexts(shapes, texts, others, index, lines);
  connectEdges(scene.file, lines, shapes, ownerOf, index);
  return { work: index.work, nodes: buildGraph(scene).nodes.length };
}

describe('reading a drawing is linear in its elements', () => {
  it('does ten times the index work for ten times the elements, not more', () => {
    const small = indexWork(500);
    const large = indexWork(5000);
    // Both read whole: 3 nodes per 10-element pipeline.
    expect(small.nodes).toBe(150);
    expect(large.nodes).toBe(1500);
    // A grid returning every shape (or a scan per text) would grow ×100 here.
    expect(large.work / small.work).toBeLessThanOrEqual(10.5);
    // And a bounded amount per element: a few queries, each with a few candidates.
    expect(large.work / 5000).toBeLessThan(12);
  });

  it('a query box too big for the grid counts every shape, so the measure can see a scan', () => {
    const { scene } = readScene('large.excalidraw.md', largeDrawing(500));
    const shapes = scene.elements.filter((e) => SHAPES.has(e.type));
    const index = new ShapeIndex(shapes);
    index.near(0, 0, 10);
    const one = index.work;
    index.query(-1e15, -1e15, 1e15, 1e15);
    expect(index.work - one).toBe(1 + shapes.length);
  });
});
