import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlowEngine } from '../../../../src/core/engine/engine';
import { addLateSinks } from '../../../../src/core/engine/windows/late-sinks';
import type { Operation } from '../../../../src/core/graph/flow-graph';
import { readOperationLine } from '../../../../src/core/graph/operation-line';
import { node } from '../../run/pipelines';

/** A windowed count over `events` (`{user: …} @hh:mm:ss`), run to the end of what it was given. */
function windowsAfter(line: string, events: string[]): FlowEngine {
  const operation = readOperationLine(line).operation as Operation;
  const plan = { file: 'w.excalidraw.md', nodes: addLateSinks([node('q', 'source', ['p']), node('p', 'processor', ['out'], operation), node('out', 'sink', [])]) };
  const engine = new FlowEngine(plan, { now: () => 0 });
  engine.append('q', events.map((key) => ({ key, value: 1 })));
  engine.run(1e9);
  return engine;
}

const hms = (s: number): string => `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;

describe('firstOpenWindows: what a view shows, without sorting every window', () => {
  it('is the start of openWindows and counts them all, for any events and limit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 600 })), { maxLength: 80 }),
        fc.integer({ min: 0, max: 12 }),
        fc.constantFrom('count by user per 1 min allow 5 min late', 'count by user over 2 min every 1 min allow 5 min late', 'count by user with gap 30s allow 5 min late'),
        (events, limit, line) => {
          const w = windowsAfter(line, events.map(([u, t]) => `{user: u${u}} @${hms(43_200 + t)}`)).windows.get('p')!;
          const all = w.openWindows();
          expect(w.firstOpenWindows(limit)).toEqual({ open: all.slice(0, limit), count: all.length });
        },
      ),
      { numRuns: 150 },
    );
  });
});
