import path from 'node:path';
import { promises as fs } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FlowInputError } from '../../../src/core/diagnostics';
import { FlowEngine } from '../../../src/core/engine/engine';
import { buildGraph } from '../../../src/core/graph/build-graph';
import { compilePlan } from '../../../src/core/plan/plan';
import { readScene } from '../../../src/core/scene/read-scene';
import { runFlowsProcess } from '../../helpers/run-cli';
import { tempVault } from '../../helpers/temp-vault';

const CANVAS = JSON.stringify({
  nodes: [
    { id: 'q', type: 'text', x: 0, y: 0, width: 200, height: 100, text: 'queue\nB:2 A:0' },
    { id: 'p', type: 'text', x: 300, y: 0, width: 200, height: 100, text: 'ratio\nmap 10 / value' },
    { id: 's', type: 'text', x: 600, y: 0, width: 200, height: 100, text: 'output' },
  ],
  edges: [
    { id: 'e1', fromNode: 'q', toNode: 'p' },
    { id: 'e2', fromNode: 'p', toNode: 's' },
  ],
});

describe('an expression that fails on one event', () => {
  it('stops the run with a message naming the file, the processor element, the expression and the event', () => {
    const engine = new FlowEngine(compilePlan(buildGraph(readScene('div.canvas', CANVAS).scene)));
    const source = engine.plan.nodes.find((n) => n.role === 'source')!;
    engine.append(source.id, source.events);
    expect(engine.step()).toBe(true);
    expect(engine.sinks.get('s')!.values).toEqual([5]);
    let thrown: unknown;
    try {
      engine.step();
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(FlowInputError);
    expect((thrown as FlowInputError).elementId).toBe('p');
    expect((thrown as Error).message).toBe('div.canvas, element p: processor "ratio" could not evaluate "map 10 / value" for the event A:0: division by zero at column 4 (key "A", value 0)');
  });

  it('is bad input for the command line: exit 2, one line', async () => {
    const dir = await tempVault();
    await fs.writeFile(path.join(dir, 'div.canvas'), CANVAS);
    const r = await runFlowsProcess(['run', path.join(dir, 'div.canvas')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('flows run: div.canvas, element p: processor "ratio" could not evaluate "map 10 / value" for the event A:0: division by zero at column 4 (key "A", value 0)\n');
  });
});
