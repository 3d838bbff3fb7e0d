import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

/*
 * Drives the Java half of the Flink test (flink/, see flink/src/main/java/flows/flink/Harness.java):
 * builds it with Maven once, starts ONE JVM holding a Kafka broker (KRaft, 127.0.0.1) and a Flink
 * MiniCluster, and talks to it one JSON line per request. The JVM is ended in stop(), on the
 * test's failure too, and when this Node process exits.
 */

export const FLINK_DIR = path.resolve(__dirname, '..', '..', 'flink');

/** Null when Java and Maven are both there, otherwise why the Flink test cannot run (one line). */
export function missingJavaOrMaven(): string | null {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error || java.status !== 0) return 'Java is not installed (no `java` on PATH)';
  const mvn = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
  if (mvn.error || mvn.status !== 0) return 'Maven is not installed (no `mvn` on PATH)';
  return null;
}

/** Compiles flink/ and writes its class path; Maven fetches what is missing from its repository. */
export function buildHarness(): { ms: number } {
  const start = Date.now();
  const classpathFile = path.join(FLINK_DIR, 'target', 'classpath.txt');
  const r = spawnSync('mvn', ['-B', '-q', '-f', path.join(FLINK_DIR, 'pom.xml'), 'compile', 'dependency:build-classpath',
    `-Dmdep.outputFile=${classpathFile}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0 || !existsSync(classpathFile)) {
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-30).join('\n');
    throw new Error(`mvn could not build flink/ (exit ${r.status}):\n${out}`);
  }
  return { ms: Date.now() - start };
}

export interface Ready {
  bootstrapServers: string;
  flinkVersion: string;
  kafkaVersion: string;
  startMs: number;
}

export interface CheckedStatement {
  kind: string;
  sql: string;
  ok: boolean;
  error?: string;
}

export interface RunRequest {
  script: string;
  /** Topic → events, in the order the engine consumes them. */
  sources: Record<string, Array<{ key: string; value: number; message?: Record<string, unknown> }>>;
  sinks: string[];
  /** The JDBC sink option: the sink tables' names in PostgreSQL at jdbcUrl (created, read back, dropped by the harness). */
  jdbcUrl?: string;
  jdbcSinks?: string[];
  /** False when the events are in the topics already (flows push). */
  produce?: boolean;
  keepTopics?: boolean;
  timeoutMs?: number;
}

export interface RunReply {
  sinks: Record<string, { table: Record<string, number | string | null>; records: number }>;
  checkpoints: number;
  timings: Record<string, number>;
}

export class JavaHarness {
  private readonly pending: Array<(reply: Record<string, unknown>) => void> = [];
  private exited = false;
  private stderrTail = '';

  private constructor(private readonly child: ChildProcess, readonly ready: Ready) {}

  static async start(): Promise<JavaHarness> {
    const classpath = readFileSync(path.join(FLINK_DIR, 'target', 'classpath.txt'), 'utf8').trim();
    const child = spawn('java', ['-Xmx1536m', '-XX:+UseSerialGC', '-cp', `${path.join(FLINK_DIR, 'target', 'classes')}${path.delimiter}${classpath}`,
      'flows.flink.Harness'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.removeListener('exit', killOnExit));
    let tail = '';
    child.stderr.on('data', (d: Buffer) => { tail = (tail + d.toString()).slice(-4000); });
    const lines = createInterface({ input: child.stdout });
    const first = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`the Flink harness exited (${code}) before it was ready:\n${tail}`)));
    });
    const harness = new JavaHarness(child, JSON.parse(first) as Ready);
    child.stderr.on('data', (d: Buffer) => { harness.stderrTail = (harness.stderrTail + d.toString()).slice(-4000); });
    lines.on('line', (line) => harness.pending.shift()?.(JSON.parse(line) as Record<string, unknown>));
    child.once('exit', () => {
      harness.exited = true;
      for (const p of harness.pending.splice(0)) p({ ok: false, error: `the Flink harness exited:\n${harness.stderrTail}` });
    });
    return harness;
  }

  private request(req: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (this.exited) return Promise.reject(new Error('the Flink harness is not running'));
    return new Promise((resolve, reject) => {
      this.pending.push((reply) => (reply.ok ? resolve(reply) : reject(new Error(String(reply.error)))));
      this.child.stdin!.write(`${JSON.stringify(req)}\n`);
    });
  }

  /** Flink's parser and planner over each statement of the script. */
  async check(script: string): Promise<CheckedStatement[]> {
    return (await this.request({ op: 'check', script })).statements as CheckedStatement[];
  }

  /** The script run on the MiniCluster against the broker; the sink topics read back. */
  async run(req: RunRequest): Promise<RunReply> {
    return (await this.request({ op: 'run', ...req })) as unknown as RunReply;
  }

  /** Closes stdin (the harness stops its job, broker and cluster), then kills it if it lingers. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin!.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }
}
