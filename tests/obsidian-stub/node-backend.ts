import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FileBackend } from './file-backend';

export class NodeFileBackend implements FileBackend {
  constructor(readonly root: string) {}

  static async temporary(prefix = 'flows-vault-'): Promise<NodeFileBackend> {
    return new NodeFileBackend(await fs.mkdtemp(path.join(os.tmpdir(), prefix)));
  }

  private abs(p: string): string {
    return path.join(this.root, ...p.split('/'));
  }

  read(p: string): Promise<string> {
    return fs.readFile(this.abs(p), 'utf8');
  }

  async write(p: string, text: string): Promise<void> {
    await fs.mkdir(path.dirname(this.abs(p)), { recursive: true });
    await fs.writeFile(this.abs(p), text, 'utf8');
  }

  async append(p: string, text: string): Promise<void> {
    await fs.mkdir(path.dirname(this.abs(p)), { recursive: true });
    await fs.appendFile(this.abs(p), text, 'utf8');
  }

  rename(from: string, to: string): Promise<void> {
    return fs.rename(this.abs(from), this.abs(to));
  }

  remove(p: string): Promise<void> {
    return fs.rm(this.abs(p), { recursive: true, force: true });
  }

  async mkdir(p: string): Promise<void> {
    await fs.mkdir(this.abs(p), { recursive: true });
  }

  async scan(): Promise<{ path: string; folder: boolean }[]> {
    const out: { path: string; folder: boolean }[] = [];
    const walk = async (rel: string): Promise<void> => {
      for (const e of await fs.readdir(this.abs(rel) || this.root, { withFileTypes: true })) {
        const p = rel ? `${rel}/${e.name}` : e.name;
        out.push({ path: p, folder: e.isDirectory() });
        if (e.isDirectory()) await walk(p);
      }
    };
    await walk('');
    return out;
  }
}
