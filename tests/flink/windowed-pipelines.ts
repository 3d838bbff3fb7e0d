import type { EventSpec, Operation } from '../../src/core/graph/flow-graph';
import { readOperationLine } from '../../src/core/graph/operation-line';
import { kafkaMessage } from '../../src/core/export/flink-sql/record-columns';
import { decodeRecordKey, parseRecordText } from '../../src/core/records/record-text';
import { planOf, type NodeSpec } from '../core/export/flink-helpers';
import type { TestPipeline } from './test-pipelines';

/*
 * Windowed pipelines for the differential test (issue 17): clicks with fields and event times,
 * counted, summed and averaged per ad in tumbling, sliding and session windows. The events
 * come out of order within the allowed lateness and some come too late: the engine sends those to
 * its late sink, Flink drops them (the export leaves the late sink out and says so), so the
 * windows' results are the same on both. Times are whole seconds: the engine closes a window
 * when the watermark reaches its end, Flink at its end - 1 ms, which whole seconds cannot tell apart.
 * The last click is far ahead, so every earlier window has closed on both (Kafka is unbounded:
 * neither side reaches end of input).
 */

const op = (line: string): Operation => {
  const r = readOperationLine(line);
  if (!r.operation || r.problem) throw new Error(`not an operation: ${line}`);
  return r.operation;
};

function clicks(lines: string[]): EventSpec[] {
  return lines.map((l) => {
    const r = parseRecordText(l);
    if (!r || !('event' in r)) throw new Error(`not a record: ${l}`);
    return r.event;
  });
}

const CLICKS = clicks([
  '{ad: 7, amount: 2} @12:00:05', '{ad: 8, amount: 4} @12:00:20', '{ad: 7, amount: 6} @12:00:58', '{ad: 7, amount: 1} @12:01:02',
  // Out of order but within 5 s: still counted in 12:00.
  '{ad: 8, amount: 3} @12:00:59', '{ad: 8, amount: 5} @12:01:30', '{ad: 7, amount: 3} @12:02:10',
  // 12:00 closed when the watermark passed it (12:02:10 - 5 s): late.
  '{ad: 7, amount: 9} @12:00:30', '{ad: 8, amount: 1} @12:02:11', '{ad: 7, amount: 4} @12:02:40', '{ad: 8, amount: 2} @12:03:05',
  '{ad: 9, amount: 1} @13:00:00',
]);

function windowed(line: string): TestPipeline {
  const nodes: NodeSpec[] = [['clicks', 'source'], ['per ad', 'processor', op(line)], ['per minute', 'sink'], ['late clicks', 'sink']];
  return { name: `windowed: ${line}`, plan: planOf(nodes, [['clicks', 'per ad'], ['per ad', 'per minute'], ['per ad', 'late clicks']]), events: new Map([['clicks', CLICKS]]) };
}

export function windowedPipelines(): TestPipeline[] {
  const filtered: NodeSpec[] = [['clicks', 'source'], ['big', 'processor', op('filter amount > 1')], ['per ad', 'processor', op('sum amount by ad per 1 min allow 5s late')], ['sums', 'sink']];
  return [
    windowed('count by ad per 1 min allow 5s late'),
    windowed('sum amount by ad per 30s allow 5s late'),
    windowed('max amount by ad over 2 min every 1 min allow 5s late'),
    windowed('avg amount by ad per 1 min allow 5s late'),
    windowed('count by ad with gap 30s allow 5s late'),
    {
      name: 'windowed (warned): a filter on a field before the window (fields and time carried through the view)',
      plan: planOf(filtered, [['clicks', 'big'], ['big', 'per ad'], ['per ad', 'sums']]),
      events: new Map([['clicks', CLICKS]]),
      // The filter drops the last click (amount 1 at 13:00): Flink's watermark, made at the source, still
      // reaches 13:00 and closes ad 8's 12:03 window; the engine's window never sees that click.
      flinkDiffers: { sums: { '7 @12:00:00': 8, '7 @12:02:00': 7, '8 @12:00:00': 7, '8 @12:01:00': 5, '8 @12:03:00': 2 } },
    },
    windowed('count by ad'),
  ];
}

/** The events as the harness produces them: an event with fields or a time as its whole Kafka message. */
export function asMessages(events: readonly EventSpec[]): Array<EventSpec & { message?: Record<string, unknown> }> {
  return events.map((e) => (decodeRecordKey(e.key) ? { ...e, message: kafkaMessage(e) } : e));
}
