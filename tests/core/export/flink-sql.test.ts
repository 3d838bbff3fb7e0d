import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportFlinkSql } from '../../../src/core/export/flink-sql';
import { buildGraph } from '../../../src/core/graph/build-graph';
import { compilePlan } from '../../../src/core/plan/plan';
import { readScene } from '../../../src/core/scene/read-scene';
import { ev, expectStatementsParse, planOf, runInEngine, runInSqlite, SET_FORM, type Tables } from './flink-helpers';

const asObject = (t: Tables) => Object.fromEntries([...t].map(([name, m]) => [name, Object.fromEntries(m)]));

describe('seed drawing (source → count, no sink drawn)', () => {
  const file = 'tests/fixtures/seed/checkpointing.excalidraw.md';
  const { scene } = readScene(file, readFileSync(file, 'utf8'));
  const plan = compilePlan(buildGraph(scene));
  const out = exportFlinkSql(plan);

  it('exports parseable statements and says where the added sink comes from', () => {
    expect(out.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expectStatementsParse(out.statements);
    expect(out.sql).toContain('-- No sink is drawn after "processing service": its results go to the added table processing_service_sink.');
    expect(out.sql).toMatch(/^INSERT INTO `processing_service_sink` SELECT `key`, `value` FROM `processing_service`;$/m);
    expect(out.sql).not.toContain('EXECUTE STATEMENT SET');
  });

  it('computes what the engine computes', async () => {
    const source = plan.nodes.find((n) => n.role === 'source')!;
    const events = new Map([[source.id, [...source.events, ...ev('A A B:5')]]]);
    const flink = await runInSqlite(out, events);
    expect(asObject(flink)).toEqual(asObject(runInEngine(plan, out, events)));
    expect(asObject(flink)).toEqual({ processing_service_sink: { A: 3, B: 2, C: 1 } });
  });
});

describe('shapes that translate', () => {
  it('filter → sum and max (fan-out), two sinks in one statement set', async () => {
    const plan = planOf(
      [['orders', 'source'], ['big', 'processor', { kind: 'filter', expression: "value > 1 and key != 'X'" }],
        ['total', 'processor', { kind: 'sum' }], ['largest', 'processor', { kind: 'max' }], ['totals', 'sink'], ['peaks', 'sink']],
      [['orders', 'big'], ['big', 'total'], ['big', 'largest'], ['total', 'totals'], ['largest', 'peaks']],
    );
    const out = exportFlinkSql(plan);
    expectStatementsParse(out.statements);
    expect(out.diagnostics).toEqual([]);
    expect(out.sql).toMatch(/EXECUTE STATEMENT SET\nBEGIN\nINSERT INTO `totals` .*;\nINSERT INTO `peaks` .*;\nEND;\n$/);
    expect(out.sql).toContain("CREATE VIEW `big` AS SELECT `key`, `value` FROM `orders` WHERE ((`value` > 1E0) AND (`key` <> 'X'));");
    const events = new Map([['orders', ev('A:2 B:1 A:5 X:9 B:3 C:4 A:1')]]);
    const flink = await runInSqlite(out, events);
    expect(asObject(flink)).toEqual({ totals: { A: 7, B: 3, C: 4 }, peaks: { A: 5, B: 3, C: 4 } });
    expect(asObject(flink)).toEqual(asObject(runInEngine(plan, out, events)));
  });

  it('fan-in of two event streams is a UNION ALL', async () => {
    const plan = planOf([['web', 'source'], ['app', 'source'], ['clicks', 'processor', { kind: 'count' }], ['out', 'sink']],
      [['web', 'clicks'], ['app', 'clicks'], ['clicks', 'out']]);
    const out = exportFlinkSql(plan);
    expectStatementsParse(out.statements);
    expect(out.sql).toContain('FROM (SELECT `key`, `value` FROM `web` UNION ALL SELECT `key`, `value` FROM `app`) AS `inputs` GROUP BY `key`');
    const events = new Map([['web', ev('A B A')], ['app', ev('B C')]]);
    const flink = await runInSqlite(out, events);
    expect(asObject(flink)).toEqual({ out: { A: 2, B: 2, C: 1 } });
    expect(asObject(flink)).toEqual(asObject(runInEngine(plan, out, events)));
  });

  it('maps (arithmetic, %, booleans) before and after aggregations', async () => {
    const plan = planOf(
      [['s', 'source'], ['scaled', 'processor', { kind: 'map', expression: '-value * 2 + 10 % 4' }], ['lowest', 'processor', { kind: 'min' }],
        ['flag', 'processor', { kind: 'map', expression: 'value >= 3 or key == "Z"' }], ['flags', 'processor', { kind: 'sum' }],
        ['counted', 'processor', { kind: 'count' }], ['halved', 'processor', { kind: 'map', expression: 'value / 2' }], ['half', 'sink']],
      [['s', 'scaled'], ['scaled', 'lowest'], ['s', 'flag'], ['flag', 'flags'], ['s', 'counted'], ['counted', 'halved'], ['halved', 'half']],
    );
    const out = exportFlinkSql(plan);
    expectStatementsParse(out.statements);
    expect(out.diagnostics.map((d) => `${d.code} ${d.elementId}`).sort()).toEqual(['flink-division-by-zero halved', 'flink-division-by-zero scaled']);
    expect(out.sql).toContain("CREATE VIEW `scaled` AS SELECT `key`, (((-`value`) * 2E0) + (10E0 - (4E0 * TRUNCATE(10E0 / 4E0)))) AS `value` FROM `s`;");
    expect(out.sql).toContain("CREATE VIEW `flag` AS SELECT `key`, CAST(((`value` >= 3E0) OR (`key` = 'Z')) AS DOUBLE) AS `value` FROM `s`;");
    const events = new Map([['s', ev('A:1 B:4 A:3 Z:0 B:-2')]]);
    const flink = await runInSqlite(out, events);
    expect(asObject(flink)).toEqual(asObject(runInEngine(plan, out, events)));
    expect(flink.get('lowest_sink')).toEqual(new Map([['A', -4], ['B', -6], ['Z', 2]]));
    expect(flink.get('half')).toEqual(new Map([['A', 1], ['B', 1], ['Z', 0.5]]));
  });
});

describe('untranslatable shapes are diagnostics naming the element', () => {
  const codes = (plan: ReturnType<typeof planOf>) =>
    exportFlinkSql(plan).diagnostics.map((d) => `${d.severity} ${d.code} ${d.elementId}`);

  it('an aggregation of an aggregation', () => {
    const plan = planOf([['s', 'source'], ['c', 'processor', { kind: 'count' }], ['t', 'processor', { kind: 'sum' }], ['k', 'sink']],
      [['s', 'c'], ['c', 't'], ['t', 'k']]);
    expect(codes(plan)).toEqual(['error flink-aggregate-of-aggregate t', 'info flink-left-out k', 'error flink-nothing-to-run undefined']);
    const out = exportFlinkSql(plan);
    expect(out.sql).not.toContain('CREATE VIEW `t`');
    expect(out.diagnostics[0].message).toContain('"t" (sum) aggregates another aggregation');
  });

  it('fan-in of an aggregation with an event stream', () => {
    const plan = planOf([['s', 'source'], ['c', 'processor', { kind: 'count' }], ['f', 'processor', { kind: 'filter', expression: 'value > 0' }], ['k', 'sink']],
      [['s', 'c'], ['s', 'f'], ['c', 'k'], ['f', 'k']]);
    expect(codes(plan)).toContain('error flink-fan-in-of-aggregate k');
  });

  it('a filter of an aggregation (warning), a map to text (error), numbers joined to text (warning)', () => {
    const plan = planOf(
      [['s', 'source'], ['c', 'processor', { kind: 'count' }], ['big', 'processor', { kind: 'filter', expression: 'value > 2' }],
        ['label', 'processor', { kind: 'map', expression: "key + '!'" }], ['tagged', 'processor', { kind: 'filter', expression: "key + value == 'A1'" }]],
      [['s', 'c'], ['c', 'big'], ['s', 'label'], ['s', 'tagged']]);
    expect(codes(plan).sort()).toEqual(['error flink-map-to-text label', 'warning flink-filter-of-aggregate big', 'warning flink-number-as-text tagged']);
  });

  it('nothing runnable', () => {
    expect(codes(planOf([['s', 'source']], []))).toEqual(['info flink-unused-source s', 'error flink-nothing-to-run undefined']);
  });
});

describe('settings', () => {
  const plan = planOf([['s', 'source'], ['c', 'processor', { kind: 'count' }], ['k', 'sink']], [['s', 'c'], ['c', 'k']], 5000);

  it('checkpointing SET lines in the SQL client form, interval from the drawing or the options', () => {
    const sets = (o = {}) => exportFlinkSql(plan, o).statements.filter((s) => s.kind === 'set').map((s) => s.sql);
    for (const line of sets()) expect(line).toMatch(SET_FORM);
    expect(sets()).toContain("SET 'execution.checkpointing.interval' = '5s';");
    expect(sets()).toContain("SET 'execution.checkpointing.mode' = 'EXACTLY_ONCE';");
    expect(sets({ checkpointIntervalMs: 1500 })).toContain("SET 'execution.checkpointing.interval' = '1500ms';");
    expect(sets()).toContain("SET 'pipeline.name' = 'excalidraw-flows: Flows/test.excalidraw.md';");
  });

  it('kafka servers, upsert-kafka by default, jdbc on request', () => {
    const kafka = exportFlinkSql(plan, { bootstrapServers: 'broker:29092' });
    expect(kafka.sql).toContain("'properties.bootstrap.servers' = 'broker:29092'");
    expect(kafka.sql).toContain("'connector' = 'upsert-kafka'");
    expect(kafka.sql).toContain('PRIMARY KEY (`key`) NOT ENFORCED');
    const jdbc = exportFlinkSql(plan, { sinkConnector: 'jdbc', jdbcUrl: 'jdbc:mysql://db/flows' });
    expectStatementsParse(jdbc.statements);
    expect(jdbc.sql).toContain("'connector' = 'jdbc'");
    expect(jdbc.sql).toContain("'url' = 'jdbc:mysql://db/flows'");
    expect(jdbc.sql).not.toContain('upsert-kafka');
  });

  it('unique plain names for tables, views and topics', () => {
    const p = planOf([['count by user', 'source'], ['count-by-user', 'processor', { kind: 'count' }], ['2nd', 'sink']],
      [['count by user', 'count-by-user'], ['count-by-user', '2nd']]);
    const out = exportFlinkSql(p);
    expectStatementsParse(out.statements);
    expect(out.sql).toContain("CREATE TABLE `count_by_user` (`key` STRING, `value` DOUBLE) WITH (\n  'connector' = 'kafka',\n  'topic' = 'count_by_user'");
    expect(out.sql).toContain('CREATE VIEW `count_by_user_2` AS');
    expect(out.sql).toContain('INSERT INTO `n_2nd` SELECT');
  });
});
