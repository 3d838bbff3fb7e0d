import { describe, expect, it } from 'vitest';
import { exportFlinkSql } from '../../../src/core/export/flink-sql';
import { kafkaMessage } from '../../../src/core/export/flink-sql/record-columns';
import { intervalSql } from '../../../src/core/export/flink-sql/sql-text';
import type { Operation } from '../../../src/core/graph/flow-graph';
import { readOperationLine } from '../../../src/core/graph/operation-line';
import { expectStatementsParse, planOf, type NodeSpec } from './flink-helpers';

const op = (line: string): Operation => readOperationLine(line).operation!;
const clicks = (line: string, extra: NodeSpec[] = [], edges: Array<[string, string]> = []) =>
  planOf([['clicks', 'source'], ['per ad', 'processor', op(line)], ['out', 'sink'], ...extra], [['clicks', 'per ad'], ['per ad', 'out'], ...edges]);

/*
 * What the export writes for records and windows (issue 17). That Flink's own planner accepts
 * these statements and computes what the engine computes is checked on real Flink in
 * tests/flink (windowed-pipelines.ts); here: the shape, and what is refused or warned.
 */
describe('Flink export of windows', () => {
  it('a tumbling window: the source gets the field, the time and a WATERMARK delayed by the lateness; the view a TUMBLE', () => {
    const out = exportFlinkSql(clicks('count by ad per 1 min allow 5s late'));
    expect(out.sql).toContain("SET 'table.local-time-zone' = 'UTC';");
    expect(out.sql).toContain("CREATE TABLE `clicks` (`key` STRING, `value` DOUBLE, `ad` STRING, `time` BIGINT, `event_time` AS TO_TIMESTAMP_LTZ(`time`, 3), WATERMARK FOR `event_time` AS `event_time` - INTERVAL '5' SECOND)");
    expect(out.sql).toContain("'scan.watermark.emit.strategy' = 'on-event'");
    expect(out.sql).toContain("FROM TABLE(TUMBLE(TABLE `clicks`, DESCRIPTOR(`event_time`), INTERVAL '1' MINUTE)) GROUP BY `window_start`, `window_end`, COALESCE(`ad`, `key`)");
    expect(out.sql).toContain('-- Processor "per ad": count by ad per 1 min allow 5s late.');
    // The plan's added late sink is left out, with a warning: Flink drops late events.
    expect(out.diagnostics.map((d) => [d.code, d.elementId])).toEqual([['flink-late-dropped', 'per ad-late']]);
    expect(out.sql).not.toContain('per_ad_late');
    // node-sql-parser's Flink grammar lacks window functions and computed columns: only the SET and INSERT statements parse there.
    expectStatementsParse(out.statements.filter((s) => s.kind === 'set' || s.kind === 'insert'));
  });

  it('sliding windows as HOP, sessions as SESSION partitioned by the group, avg and sums of a field', () => {
    expect(exportFlinkSql(clicks('max amount by ad over 5 min every 1 min')).sql).toContain("SELECT CONCAT(COALESCE(`ad`, `key`), ' @', CASE WHEN `window_start` < TIMESTAMP '1970-01-02 00:00:00' THEN DATE_FORMAT(`window_start`, 'HH:mm:ss') ELSE DATE_FORMAT(`window_start`, 'yyyy-MM-dd''T''HH:mm:ss''Z''') END) AS `key`, MAX(COALESCE(`amount`, `value`)) AS `value` FROM TABLE(HOP(TABLE `clicks`, DESCRIPTOR(`event_time`), INTERVAL '1' MINUTE, INTERVAL '5' MINUTE))");
    const session = exportFlinkSql(clicks('avg amount by user with gap 30s')).sql;
    expect(session).toContain("FROM TABLE(SESSION(TABLE `clicks` PARTITION BY `user`, DESCRIPTOR(`event_time`), INTERVAL '30' SECOND)) GROUP BY `window_start`, `window_end`, `user`");
    expect(session).toContain("' to ', CASE WHEN `window_end`");
    expect(session).toContain('AVG(COALESCE(`amount`, `value`))');
    // No lateness: the watermark is the event time itself.
    expect(session).toContain('WATERMARK FOR `event_time` AS `event_time`)');
  });

  it('a field-keyed aggregate without a window groups by the field; fields ride through a filter to the window', () => {
    expect(exportFlinkSql(clicks('sum amount by ad')).sql).toContain('CREATE VIEW `per_ad` AS SELECT COALESCE(`ad`, `key`) AS `key`, SUM(COALESCE(`amount`, `value`)) AS `value` FROM `clicks` GROUP BY COALESCE(`ad`, `key`);');
    const plan = planOf([['clicks', 'source'], ['big', 'processor', op('filter amount > 1')], ['w', 'processor', op('count by ad per 10s')], ['out', 'sink']], [['clicks', 'big'], ['big', 'w'], ['w', 'out']]);
    const out = exportFlinkSql(plan);
    expect(out.sql).toContain('CREATE VIEW `big` AS SELECT `key`, `value`, `amount`, `ad`, `time`, `event_time` FROM `clicks` WHERE (`amount` > 1E0);');
    expect(out.sql).toContain('TUMBLE(TABLE `big`');
    // Flink's watermark comes from the source, before the filter: said, as the engine's comes from what reaches the window.
    expect(out.diagnostics.map((d) => d.code)).toEqual(['flink-watermark-from-source', 'flink-late-dropped']);
    expect(out.sql).toContain('`amount` DOUBLE, `ad` STRING, `time` BIGINT');
  });

  it('a drawn late sink is left out too; an undrawn main sink is added beside the late one', () => {
    const drawn = exportFlinkSql(clicks('count per 1 min', [['late clicks', 'sink']], [['per ad', 'late clicks']]));
    expect(drawn.diagnostics.map((d) => [d.code, d.elementId])).toEqual([['flink-late-dropped', 'late clicks']]);
    const alone = exportFlinkSql(planOf([['clicks', 'source'], ['per ad', 'processor', op('count per 1 min')]], [['clicks', 'per ad']]));
    expect(alone.sql).toContain('INSERT INTO `per_ad_sink` SELECT `key`, `value` FROM `per_ad`;');
  });

  it('refuses what it cannot write faithfully, naming the element', () => {
    const errors = (line: string, extra: NodeSpec[] = [], edges: Array<[string, string]> = []) =>
      exportFlinkSql(clicks(line, extra, edges)).diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.elementId]);
    expect(errors('count per 500ms')).toContainEqual(['flink-window-not-exported', 'per ad']);
    expect(errors('count by ad per 1 min allow 5s late', [['w2', 'processor', op('count per 1 min allow 10s late')], ['o2', 'sink']], [['clicks', 'w2'], ['w2', 'o2']])).toEqual([['flink-two-latenesses', undefined]]);
    expect(errors('count by ad per 1 min', [['s2', 'processor', op('sum ad')], ['o2', 'sink']], [['clicks', 's2'], ['s2', 'o2']])).toEqual([['flink-record-schema', 's2']]);
    expect(errors('count per 1 min', [['again', 'processor', op('count per 1 min')], ['o2', 'sink']], [['per ad', 'again'], ['again', 'o2']])).toEqual([['flink-fields-after-aggregate', 'again']]);
  });

  it('writes the Kafka message of an event: its key, value, fields and time in ms', () => {
    expect(kafkaMessage({ key: '{user: u1, ad: 7, amount: 2.5} @12:00:05', value: 1 })).toEqual({ key: '{user: u1, ad: 7, amount: 2.5}', value: 1, user: 'u1', ad: 7, amount: 2.5, time: 43_205_000 });
    expect(kafkaMessage({ key: '{key: u1, ad: 7}', value: 3 })).toEqual({ key: 'u1', value: 3, ad: 7 });
    expect(kafkaMessage({ key: 'A @00:00:01', value: 2 })).toEqual({ key: 'A', value: 2, time: 1000 });
    expect(kafkaMessage({ key: 'A', value: 2 })).toEqual({ key: 'A', value: 2 });
  });

  it('writes intervals Flink reads: a unit while it fits two digits, else day to second', () => {
    expect([5000, 60_000, 90 * 60_000, 7_200_000, 500, 100 * 3_600_000 + 1].map(intervalSql)).toEqual([
      "INTERVAL '5' SECOND", "INTERVAL '1' MINUTE", "INTERVAL '90' MINUTE", "INTERVAL '2' HOUR", "INTERVAL '0 00:00:00.500' DAY TO SECOND(3)", "INTERVAL '4 04:00:00.001' DAY TO SECOND(3)",
    ]);
  });
});
