import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/*
 * A throwaway PostgreSQL for the JDBC sink option of the Flink test: Debian's server binaries,
 * a cluster made by initdb in a temporary folder, listening on 127.0.0.1 only (a free port and
 * a socket in that folder), trust authentication for the one user `flows`, removed on stop().
 * initdb and postgres refuse to run as root, so as root they run as the `postgres` user the
 * Debian package creates.
 */

const USER = 'flows';

/** The folder holding initdb and postgres: PG_BINDIR, Debian's /usr/lib/postgresql/<newest>/bin, or PATH. */
export function findPostgresBin(): string | null {
  const has = (dir: string) => existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'postgres'));
  if (process.env.PG_BINDIR) return has(process.env.PG_BINDIR) ? process.env.PG_BINDIR : null;
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (has(path.join(debian, v, 'bin'))) return path.join(debian, v, 'bin');
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) if (dir && has(dir)) return dir;
  return null;
}

/**
 * The binaries, installing Debian's `postgresql` with apt-get when they are missing and this is
 * a Debian-like machine run as root (as scripts/ensure-browser.ts does for Chromium), unless
 * FLOWS_NO_POSTGRES_INSTALL is set. Returns why not, in one line, when there are none.
 */
export function ensurePostgres(): { bin: string } | { missing: string } {
  const found = findPostgresBin();
  if (found) return { bin: found };
  const why = 'PostgreSQL is not installed (no initdb/postgres; Debian: apt-get install postgresql, or set PG_BINDIR)';
  if (process.env.FLOWS_NO_POSTGRES_INSTALL || process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return { missing: why };
  const logDir = mkdtempSync(path.join(os.tmpdir(), 'flows-postgres-apt-'));
  const log = path.join(logDir, 'apt-get.log');
  const out = openSync(log, 'a');
  process.stderr.write(`tests/flink: no PostgreSQL found; installing Debian's postgresql with apt-get (log: ${log})\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args: string[]) => spawnSync('apt-get', args, { stdio: ['ignore', out, out], env }).status === 0;
  if (!(run(['update']) && run(['install', '-y', '--no-install-recommends', 'postgresql']))) return { missing: `${why}; apt-get failed, see ${log}` };
  const bin = findPostgresBin();
  return bin ? { bin } : { missing: why };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/**
 * As root: run as `postgres` (Debian's package creates it), owning the data folder. setpriv
 * execs in place (runuser would stay as a parent), so signals reach postgres itself.
 */
function asServerUser(dir: string): string[] {
  if (process.getuid?.() !== 0) return [];
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  if (!Number.isInteger(uid) || uid <= 0) throw new Error('running as root, and there is no postgres user to run PostgreSQL as');
  chownSync(dir, uid, id('-g'));
  return ['setpriv', `--reuid=${uid}`, `--regid=${id('-g')}`, '--clear-groups', '--'];
}

export class Postgres {
  private exited = false;

  private constructor(private readonly child: ChildProcess, private readonly dir: string, readonly port: number) {
    child.once('exit', () => (this.exited = true));
  }

  /** JDBC url of the `postgres` database as the trusted user. */
  get jdbcUrl(): string {
    return `jdbc:postgresql://127.0.0.1:${this.port}/postgres?user=${USER}`;
  }

  static async start(bin: string): Promise<{ pg: Postgres; ms: number }> {
    const started = Date.now();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'flows-postgres-'));
    const prefix = asServerUser(dir);
    const data = path.join(dir, 'data');
    const cmd = (exe: string, args: string[]) => [...prefix, path.join(bin, exe), ...args];
    const [initExe, ...initArgs] = cmd('initdb', ['-D', data, '-U', USER, '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    const init = spawnSync(initExe, initArgs, { encoding: 'utf8' });
    if (init.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`initdb failed (exit ${init.status}): ${`${init.stdout}${init.stderr}`.trim().split('\n').slice(-5).join(' ')}`);
    }
    const port = await freePort();
    // fsync off: a throwaway cluster; nothing in it outlives the test.
    const [exe, ...args] = cmd('postgres', ['-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`, '-c', 'fsync=off', '-c', 'max_connections=40']);
    const child = spawn(exe, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.removeListener('exit', killOnExit));
    let log = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`PostgreSQL did not start in 60 s: ${log.slice(-500)}`)), 60_000);
      child.stderr.on('data', (d: Buffer) => {
        log = (log + d.toString()).slice(-4000);
        if (log.includes('database system is ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`PostgreSQL exited (${code}) before it was ready: ${log.slice(-500)}`));
      });
    });
    return { pg: new Postgres(child, dir, port), ms: Date.now() - started };
  }

  /** Fast shutdown (SIGINT), then the folder goes. */
  async stop(): Promise<void> {
    if (!this.exited) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
      this.child.kill('SIGINT');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
