import { sourceColumnsSql, type RecordSchema } from './record-columns';
import { ident, stringLiteral } from './sql-text';

export type SinkConnector = 'upsert-kafka' | 'jdbc';

export interface ConnectorSettings {
  sinkConnector: SinkConnector;
  bootstrapServers: string;
  jdbcUrl: string;
}

const COLUMNS = `${ident('key')} STRING, ${ident('value')} DOUBLE`;

function withClause(options: Array<[string, string]>): string {
  return `WITH (\n${options.map(([k, v]) => `  ${stringLiteral(k)} = ${stringLiteral(v)}`).join(',\n')}\n)`;
}

/**
 * A drawn source: a Kafka topic of JSON events `{"key": "A", "value": 1}`, read from the start;
 * with the fields and event time the drawing reads (record-columns.ts). A watermark is emitted
 * with every event (`on-event`), as the engine moves its watermark per event, not every 200 ms.
 */
export function sourceTableSql(name: string, s: ConnectorSettings, schema?: RecordSchema): string {
  return `CREATE TABLE ${ident(name)} (${COLUMNS}${schema ? sourceColumnsSql(schema) : ''}) ${withClause([
    ['connector', 'kafka'],
    ['topic', name],
    ['properties.bootstrap.servers', s.bootstrapServers],
    ['properties.group.id', 'excalidraw-flows'],
    ['scan.startup.mode', 'earliest-offset'],
    ['format', 'json'],
    ...(schema?.eventTime ? ([['scan.watermark.emit.strategy', 'on-event']] as Array<[string, string]>) : []),
  ])};`;
}

/**
 * A sink: an upsert table keyed by `key`, so each key holds its latest value — what the drawing's
 * sink shows as "the value per key" and what an aggregation's updates need (retractions included).
 */
export function sinkTableSql(name: string, s: ConnectorSettings): string {
  const connector: Array<[string, string]> = s.sinkConnector === 'jdbc'
    ? [['connector', 'jdbc'], ['url', s.jdbcUrl], ['table-name', name]]
    : [
        ['connector', 'upsert-kafka'],
        ['topic', name],
        ['properties.bootstrap.servers', s.bootstrapServers],
        ['key.format', 'json'],
        ['value.format', 'json'],
      ];
  return `CREATE TABLE ${ident(name)} (${COLUMNS}, PRIMARY KEY (${ident('key')}) NOT ENFORCED) ${withClause(connector)};`;
}

export function insertSql(sinkName: string, from: string): string {
  return `INSERT INTO ${ident(sinkName)} SELECT ${ident('key')}, ${ident('value')} FROM ${from};`;
}
