import { describe, expect, it } from 'vitest';
import { addLateSinks } from '../../../../src/core/engine/windows/late-sinks';
import type { Operation } from '../../../../src/core/graph/flow-graph';
import { readOperationLine } from '../../../../src/core/graph/operation-line';
import { parseAssertion } from '../../../../src/core/graph/texts';
import type { Plan } from '../../../../src/core/plan/plan';
import { FlowSession } from '../../../../src/core/run/flow-session';
import { MemoryStore } from '../../../helpers/memory-store';
import { fixedClock, instantScheduler } from '../../../helpers/temp-vault';
import { node } from '../../run/pipelines';

describe("a windowed processor's KEY = NUMBER lines", () => {
  it('read a window key written with a time (`7@12:00`, `7 @12:00:00`) in the form the window writes', () => {
    expect(parseAssertion('7@12:00 = 2', 't')).toEqual({ key: '7 @12:00:00', expected: 2, elementId: 't' });
    expect(parseAssertion('u1 @2026-03-01T12:00:05Z = 1.5', 't')).toEqual({ key: 'u1 @2026-03-01T12:00:05Z', expected: 1.5, elementId: 't' });
    expect(parseAssertion('A = 1', 't')).toEqual({ key: 'A', expected: 1, elementId: 't' });
    // No time after the @: an ordinary key, as before windows existed.
    expect(parseAssertion('a@b = 2', 't')).toEqual({ key: 'a@b', expected: 2, elementId: 't' });
    expect(parseAssertion('7@25:00 = 2', 't')).toBeNull();
  });

  async function runClicks(line: string, endOfInput: boolean, assertions: string[]) {
    const operation = readOperationLine(line).operation as Operation;
    const clicks = ['{ad: 7} @12:00:05', '{ad: 7} @12:00:40', '{ad: 8} @12:00:50', '{ad: 7} @12:01:20', '{ad: 7} @12:00:10', '{ad: 8} @12:01:30'];
    const plan: Plan = {
      file: 'clicks.excalidraw.md',
      nodes: addLateSinks([
        node('q', 'source', ['p'], { kind: 'count' }, { events: clicks.map((key) => ({ key, value: 1 })) }),
        node('p', 'processor', ['out'], operation, { inputs: ['q'], assertions: assertions.map((a) => parseAssertion(a, 'p')!) }),
        node('out', 'sink', [], { kind: 'count' }, { inputs: ['p'] }),
      ]),
    };
    const s = await FlowSession.fromPlan(plan, { store: new MemoryStore(), clock: fixedClock(), scheduler: instantScheduler, drawingPath: 'clicks.excalidraw.md' });
    await s.runUntilDrained({ endOfInput });
    return (await s.report()).assertions.map((a) => [a.key, a.actual, a.ok]);
  }

  it('check the windows the processor closed, as its sink holds them, and `late` its late events', async () => {
    const lines = ['7@12:00 = 2', '8@12:00 = 1', '7@12:01 = 1', '8@12:01 = 1', 'late = 1'];
    // 12:00:10 comes after 12:01:20 closed the 12:00 minute: late.
    expect(await runClicks('count by ad per 1 min', true, lines)).toEqual([
      ['7 @12:00:00', 2, true], ['8 @12:00:00', 1, true], ['7 @12:01:00', 1, true], ['8 @12:01:00', 1, true], ['late', 1, true],
    ]);
    // Without end of input the 12:01 minute is still open: nothing holds its result yet.
    expect(await runClicks('count by ad per 1 min', false, lines)).toEqual([
      ['7 @12:00:00', 2, true], ['8 @12:00:00', 1, true], ['7 @12:01:00', null, false], ['8 @12:01:00', null, false], ['late', 1, true],
    ]);
  });

  it('match a session by its start', async () => {
    expect(await runClicks('count by ad with gap 1 min allow 1 min late', true, ['7@12:00:05 = 4', '8@12:00:50 = 2', 'late = 0'])).toEqual([
      ['7 @12:00:05', 4, true], ['8 @12:00:50', 2, true], ['late', 0, true],
    ]);
  });
});
