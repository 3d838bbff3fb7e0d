export { exportFlinkSql, type FlinkExport, type FlinkExportOptions, type FlinkStatement, type FlinkStatementKind } from './export-flink-sql';
export type { SinkConnector } from './tables';
