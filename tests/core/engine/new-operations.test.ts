import path from 'node:path';
import { promises as fs } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FlowEngine } from '../../../src/core/engine/engine';
import { buildGraph } from '../../../src/core/graph/build-graph';
import { compilePlan } from '../../../src/core/plan/plan';
import { readScene } from '../../../src/core/scene/read-scene';
import { runFlowsProcess } from '../../helpers/run-cli';
import { listFiles, tempVault } from '../../helpers/temp-vault';

/** A canvas queue → processor → output store, the processor's card holding `lines`. */
function canvas(events: string, ...lines: string[]): string {
  return JSON.stringify({
    nodes: [
      { id: 'q', type: 'text', x: 0, y: 0, width: 200, height: 100, text: `queue\n${events}` },
      { id: 'p', type: 'text', x: 300, y: 0, width: 200, height: 100, text: ['stats', ...lines].join('\n') },
      { id: 's', type: 'text', x: 600, y: 0, width: 200, height: 100, text: 'output' },
    ],
    edges: [{ id: 'e1', fromNode: 'q', toNode: 'p' }, { id: 'e2', fromNode: 'p', toNode: 's' }],
  });
}

function drain(text: string): FlowEngine {
  const engine = new FlowEngine(compilePlan(buildGraph(readScene('ops.canvas', text).scene)));
  const source = engine.plan.nodes.find((n) => n.role === 'source')!;
  engine.append(source.id, source.events);
  engine.run(1000);
  return engine;
}

describe('avg and distinct', () => {
  it('avg keeps the running mean per key, and its counts in a second state so a restore goes on exactly', () => {
    const engine = drain(canvas('A:2 A:4 B:5 A:9', 'avg'));
    expect([...engine.states.get('p')!.values]).toEqual([['A', 5], ['B', 5]]);
    expect(engine.sinks.get('s')!.values).toEqual([2, 3, 5, 5]);
    const cut = engine.cut();
    expect(cut.state['p/count']).toEqual([['A', 3], ['B', 1]]);
    const again = new FlowEngine(engine.plan);
    again.append('q', [{ key: 'A', value: 1 }]);
    again.restore({ ...cut, offsets: { q: 0 } });
    again.run(10);
    expect(again.states.get('p')!.get('A')).toBe(4);
  });

  it('distinct counts the different keys seen and sends their number when it grows', () => {
    const engine = drain(canvas('A B A C B', 'count distinct'));
    expect(engine.plan.nodes.find((n) => n.id === 'p')!.operation.kind).toBe('distinct');
    expect(engine.sinks.get('s')!.keys).toEqual(['distinct', 'distinct', 'distinct']);
    expect(engine.sinks.get('s')!.values).toEqual([1, 2, 3]);
  });
});

describe('flows run exit codes', () => {
  it('a failed assertion exits 3; a refused drawing exits 2 and writes nothing, not even a folder', async () => {
    const vault = await tempVault();
    for (const [name, text] of [['ok', canvas('A B', 'count', 'A = 1')], ['fails', canvas('A B', 'count', 'A = 2')], ['typo', canvas('A B', 'avrage')]]) {
      await fs.writeFile(path.join(vault, `${name}.canvas`), text);
    }
    expect((await runFlowsProcess(['run', path.join(vault, 'ok.canvas')])).code).toBe(0);
    const failed = await runFlowsProcess(['run', path.join(vault, 'fails.canvas')]);
    expect(failed.code).toBe(3);
    expect(failed.stdout).toContain('FAIL stats: A = 2 (got 1)');
    const refused = await runFlowsProcess(['run', path.join(vault, 'typo.canvas')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/element p:text: error: .*did you mean `average`\?/);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect((await listFiles(vault)).filter((f) => f.includes('typo'))).toEqual(['typo.canvas']);
    const everything = await fs.readdir(vault, { recursive: true });
    expect(everything.some((f) => f.includes('fails') && f.startsWith('Flows'))).toBe(true);
    expect(everything.filter((f) => f.includes('typo'))).toEqual(['typo.canvas']);
    await fs.rm(vault, { recursive: true, force: true });
  });
});
