import type { FlinkExportOptions } from '../../src/core/export/flink-sql';
import type { Operation } from '../../src/core/graph/flow-graph';
import type { Plan } from '../../src/core/plan/plan';
import { planOf } from '../core/export/flink-helpers';

/**
 * Export shapes the Node tests check only with node-sql-parser (a fast first pass, which lacks
 * Flink's grammar for CREATE VIEW and NOT ENFORCED): here each goes through Flink's own parser
 * and planner as well. Every expression form of tests/core/export/expression-sql.test.ts, as a
 * filter and as a map, the option variants, and the name-folding shape.
 */
export interface PlannerShape {
  name: string;
  plan: Plan;
  options: FlinkExportOptions;
}

const CONDITIONS = ['value * 2 + 1 > 3', "key == 'it\\'s'", "key < 'b' and value <= -1", 'not (value > 1) and key', 'value % 3 != 0 || !value',
  "key + '-' + value == 'A-1'", '- -value > 0', '-7 % 3 < value', '1e21 / 0.5 > value', 'value / 0 > 1', "key != 'B' or value >= 2.5"];
const VALUES = ['value * 2 + 1', '-value / 3', '- -value', '-7 % 3 + value', '1e21 / 0.5 * value', 'value % 2'];

export function plannerShapes(): PlannerShape[] {
  const chain = (name: string, ops: Operation[], options: FlinkExportOptions = {}, interval?: number): PlannerShape => {
    const ids = ['s', ...ops.map((_, i) => `p${i}`), 'k'];
    const nodes = ids.map((id, i): [string, 'source' | 'processor' | 'sink', Operation?] => (i === 0 ? [id, 'source'] : i === ids.length - 1 ? [id, 'sink'] : [id, 'processor', ops[i - 1]]));
    return { name, plan: planOf(nodes, ids.slice(1).map((id, i): [string, string] => [ids[i], id]), interval), options };
  };
  return [
    ...CONDITIONS.map((e) => chain(`filter ${e} → count`, [{ kind: 'filter', expression: e }, { kind: 'count' }])),
    ...VALUES.map((e) => chain(`map ${e} → sum`, [{ kind: 'map', expression: e }, { kind: 'sum' }])),
    chain('drawn interval 5s', [{ kind: 'count' }], {}, 5000),
    chain('interval option 1500ms', [{ kind: 'max' }], { checkpointIntervalMs: 1500 }, 5000),
    chain('jdbc sink', [{ kind: 'min' }], { sinkConnector: 'jdbc', jdbcUrl: 'jdbc:postgresql://db:5432/flows' }),
    {
      name: 'names folded to plain identifiers (count by user, count-by-user, 2nd)',
      plan: planOf([['count by user', 'source'], ['count-by-user', 'processor', { kind: 'count' }], ['2nd', 'sink']], [['count by user', 'count-by-user'], ['count-by-user', '2nd']]),
      options: {},
    },
  ];
}
