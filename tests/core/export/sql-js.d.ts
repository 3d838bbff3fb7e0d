// Minimal types for the parts of sql.js the Flink export tests use (no @types/sql.js installed).
declare module 'sql.js' {
  export interface QueryExecResult {
    columns: string[];
    values: Array<Array<number | string | Uint8Array | null>>;
  }
  export interface Database {
    run(sql: string, params?: Array<number | string | null>): Database;
    exec(sql: string): QueryExecResult[];
    create_function(name: string, fn: (...args: never[]) => unknown): Database;
    close(): void;
  }
  export interface SqlJsStatic {
    Database: new () => Database;
  }
  export default function initSqlJs(config?: object): Promise<SqlJsStatic>;
}
