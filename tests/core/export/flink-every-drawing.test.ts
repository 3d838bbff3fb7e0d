import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasErrors } from '../../../src/core/diagnostics';
import { exportFlinkSql } from '../../../src/core/export/flink-sql';
import { buildGraph } from '../../../src/core/graph/build-graph';
import { compilePlan, type Plan } from '../../../src/core/plan/plan';
import { readScene } from '../../../src/core/scene/read-scene';
import { expectStatementsParse } from './flink-helpers';

const FIXTURES = path.resolve(__dirname, '..', '..', 'fixtures');
const DRAWING = /\.(excalidraw|canvas|md)$/;

/** Every drawing the tests keep (made for the tests, the seed, and the 32-drawing corpus) that runs. */
function runnableDrawings(): { file: string; plan: Plan }[] {
  const out: { file: string; plan: Plan }[] = [];
  for (const dir of ['seed', 'drawings', 'corpus']) {
    for (const name of readdirSync(path.join(FIXTURES, dir)).sort()) {
      if (!DRAWING.test(name) || name === 'SOURCES.md') continue;
      const file = `${dir}/${name}`;
      try {
        const { scene } = readScene(file, readFileSync(path.join(FIXTURES, file), 'utf8'));
        const graph = buildGraph(scene);
        if (hasErrors(graph.diagnostics)) continue;
        out.push({ file, plan: compilePlan(graph) });
      } catch {
        // Not readable or not runnable: the reader's own tests cover those.
      }
    }
  }
  return out;
}

describe('the Flink export of every runnable test drawing', () => {
  const drawings = runnableDrawings();

  it('finds the runnable drawings (the seed, the format fixtures, part of the corpus)', () => {
    expect(drawings.map((d) => d.file)).toContain('seed/checkpointing.excalidraw.md');
    expect(drawings.length).toBeGreaterThanOrEqual(15);
  });

  for (const { file, plan } of drawings) {
    it(`${file}: every statement parses, or the export refuses with errors naming the elements`, () => {
      const out = exportFlinkSql(plan);
      if (hasErrors(out.diagnostics)) {
        const errors = out.diagnostics.filter((d) => d.severity === 'error');
        // Each error names the file, and the element unless it is about the drawing as a whole.
        for (const d of errors) {
          expect(d.file).toBe(plan.file);
          if (d.code !== 'flink-nothing-to-run') expect(d.elementId, d.message).toEqual(expect.any(String));
        }
        return;
      }
      expect(out.statements.length).toBeGreaterThan(0);
      expectStatementsParse(out.statements);
    });
  }
});
