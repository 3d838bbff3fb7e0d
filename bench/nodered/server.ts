import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { benchFlows, benchSettings, PING_PATH } from './flow';
import { NODE_RED_MAIN } from './install';

export const HOST = '127.0.0.1';

/** A free TCP port on loopback (the OS picks one; closed again before Node-RED takes it). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export function httpRequest(port: number, method: string, urlPath: string, body?: string, agent?: http.Agent): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: HOST, port, method, path: urlPath, agent, headers: body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(60_000, () => req.destroy(new Error(`${method} ${urlPath} timed out after 60 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

export interface NodeRedServer {
  port: number;
  userDir: string;
  stop(): Promise<void>;
}

/** Starts Node-RED 4 from bench/peers on loopback with the bench flow and waits until it answers. */
export async function startNodeRed(userDir: string): Promise<NodeRedServer> {
  const port = await freePort();
  await fs.mkdir(userDir, { recursive: true });
  await fs.writeFile(path.join(userDir, 'flows.json'), JSON.stringify(benchFlows(), null, 2));
  const settingsFile = path.join(userDir, 'settings.cjs');
  await fs.writeFile(settingsFile, benchSettings({ port, userDir }));
  const child = spawn(process.execPath, [NODE_RED_MAIN, '--settings', settingsFile, '--userDir', userDir], { stdio: ['ignore', 'pipe', 'pipe'], cwd: userDir });
  let log = '';
  const keep = (c: Buffer): void => void (log = (log + c.toString('utf8')).slice(-4000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Node-RED exited with code ${child.exitCode} while starting:\n${log}`);
    try {
      if ((await httpRequest(port, 'GET', PING_PATH)).status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stopChild(child, exited);
      throw new Error(`Node-RED did not answer on ${HOST}:${port} within 60 s:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { port, userDir, stop: () => stopChild(child, exited) };
}

/** SIGINT lets Node-RED stop its flows and flush the context store; SIGKILL only if it hangs. */
async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
