import { Parser } from 'node-sql-parser';
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import { expect } from 'vitest';
import type { FlinkExport, FlinkStatement } from '../../../src/core/export/flink-sql';
import type { EventSpec, FlowEdge, FlowNode, Operation, Role } from '../../../src/core/graph/flow-graph';
import { compilePlan, type Plan } from '../../../src/core/plan/plan';
import { FlowEngine } from '../../../src/core/engine/engine';

export type NodeSpec = [id: string, role: Role, op?: Operation, events?: EventSpec[]];

/** A plan built by hand: nodes named after their ids. */
export function planOf(nodes: NodeSpec[], edges: Array<[string, string]>, checkpointIntervalMs?: number): Plan {
  const flowNodes: FlowNode[] = nodes.map(([id, role, op, events]) => ({
    id, name: id, role, operation: op ?? { kind: 'count' }, events: events ?? [], assertions: [],
  }));
  const flowEdges: FlowEdge[] = edges.map(([from, to], i) => ({ id: `e${i}`, from, to }));
  return compilePlan({ file: 'Flows/test.excalidraw.md', nodes: flowNodes, edges: flowEdges, checkpointIntervalMs, diagnostics: [] });
}

const parser = new Parser();
const astify = (sql: string) => parser.astify(sql, { database: 'flinksql' });
export const SET_FORM = /^SET '(?:[^']|'')+' = '(?:[^']|'')*';$/;

/**
 * A fast first pass, in the Node tests: every statement is valid SQL for node-sql-parser's Flink
 * dialect. The real check is Flink's own parser and planner, over every drawing and shape checked
 * here, in tests/flink (project `flink`, needs Java and Maven). That grammar lacks two Flink
 * forms we emit: `CREATE VIEW name AS <query>` (checked by pattern, its query parsed) and a
 * `PRIMARY KEY (key) NOT ENFORCED` column constraint (checked by pattern, the rest parsed).
 */
export function expectStatementsParse(statements: FlinkStatement[]): void {
  for (const s of statements) {
    const body = s.sql.replace(/;$/, '');
    if (s.kind === 'set') {
      expect(s.sql).toMatch(SET_FORM);
    } else if (s.kind === 'create-view') {
      const m = /^CREATE VIEW `(?:[^`]|``)+` AS (SELECT [\s\S]+)$/.exec(body);
      expect(m, s.sql).not.toBeNull();
      expect(() => astify(m![1]), s.sql).not.toThrow();
    } else if (s.kind === 'create-table' && body.includes('PRIMARY KEY')) {
      const pk = ', PRIMARY KEY (`key`) NOT ENFORCED)';
      expect(body).toContain(pk);
      expect(() => astify(body.replace(pk, ')')), s.sql).not.toThrow();
    } else {
      expect(() => astify(body), s.sql).not.toThrow();
    }
  }
}

let sqlJs: SqlJsStatic | undefined;

/** Table name → key → value, the final state of each sink table. */
export type Tables = Map<string, Map<string, number>>;

const tableName = (s: FlinkStatement) => /^CREATE TABLE `((?:[^`]|``)+)`/.exec(s.sql)![1].replace(/``/g, '`');

/** Flink SQL → SQLite, minimally: plain tables instead of connectors, SQLite's names for two functions. */
function toSqlite(sql: string): string {
  return sql.replace(/CHAR_LENGTH\(/g, 'LENGTH(').replace(/ AS STRING\)/g, ' AS TEXT)').replace(/^INSERT INTO/, 'INSERT OR REPLACE INTO');
}

/**
 * Runs the exported job as a batch in SQLite over the drawn events: for the insert-only and
 * upsert results the job produces, the batch answer is the streaming job's final state.
 */
export async function runInSqlite(exported: FlinkExport, events: Map<string, EventSpec[]>): Promise<Tables> {
  sqlJs ??= await initSqlJs();
  const db = new sqlJs.Database();
  // Flink's TRUNCATE(x): toward zero, so `a - b * TRUNCATE(a / b)` is JavaScript's truncated %.
  db.create_function('TRUNCATE', (x: number) => (x === null ? null : Math.trunc(x)));
  const sinks: string[] = [];
  try {
    for (const s of exported.statements) {
      if (s.kind === 'set') continue;
      if (s.kind === 'create-table') {
        const name = tableName(s);
        const isSink = s.sql.includes('PRIMARY KEY');
        db.run(`CREATE TABLE "${name}" ("key" TEXT ${isSink ? 'PRIMARY KEY' : ''}, "value" REAL)`);
        if (isSink) sinks.push(name);
        for (const e of events.get(s.elementId!) ?? []) {
          if (!isSink) db.run(`INSERT INTO "${name}" VALUES (?, ?)`, [e.key, e.value]);
        }
        continue;
      }
      db.run(toSqlite(s.sql));
    }
    const out: Tables = new Map();
    for (const name of sinks) {
      const rows = db.exec(`SELECT "key", "value" FROM "${name}"`)[0]?.values ?? [];
      out.set(name, new Map(rows.map(([k, v]) => [String(k), Number(v)])));
    }
    return out;
  } finally {
    db.close();
  }
}

/**
 * The lead's engine over the same events: a drawn sink's final value per key is its last record;
 * a sink table the exporter added after a processor holds that processor's state.
 */
export function runInEngine(plan: Plan, exported: FlinkExport, events: Map<string, EventSpec[]>): Tables {
  const engine = new FlowEngine(plan);
  for (const [id, evs] of events) engine.append(id, evs);
  engine.run(Number.MAX_SAFE_INTEGER);
  const out: Tables = new Map();
  for (const s of exported.statements.filter((x) => x.kind === 'create-table' && x.sql.includes('PRIMARY KEY'))) {
    const node = plan.nodes.find((n) => n.id === s.elementId)!;
    const table = new Map<string, number>();
    if (node.role === 'sink') {
      const { keys, values } = engine.takeSinkRecords(node.id);
      keys.forEach((k, i) => table.set(k, values[i]));
    } else {
      for (const [k, v] of engine.states.get(node.id)!.values) table.set(k, v);
    }
    out.set(tableName(s), table);
  }
  return out;
}

export const ev = (text: string): EventSpec[] =>
  text.split(/\s+/).filter(Boolean).map((t) => {
    const [key, value] = t.split(':');
    return { key, value: value === undefined ? 1 : Number(value) };
  });
