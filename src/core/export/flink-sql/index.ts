export { exportFlinkSql, type FlinkExport, type FlinkExportOptions, type FlinkStatement, type FlinkStatementKind, type FlinkTable } from './export-flink-sql';
export type { SinkConnector } from './tables';
