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

/** A drawn source: a Kafka topic of JSON events `{"key": "A", "value": 1}`, read from the start. */
export function sourceTableSql(name: string, s: ConnectorSettings): string {
  return `CREATE TABLE ${ident(name)} (${COLUMNS}) ${withClause([
    ['connector', 'kafka'],
    ['topic', name],
    ['properties.bootstrap.servers', s.bootstrapServers],
    ['properties.group.id', 'excalidraw-flows'],
    ['scan.startup.mode', 'earliest-offset'],
    ['format', 'json'],
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
