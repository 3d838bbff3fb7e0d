import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sources(p)));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

const importsOf = (text: string): string[] => [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);

describe('the core knows nothing of its hosts', () => {
  it('no file under src/core imports obsidian, a Node built-in or a host folder', async () => {
    const offenders: string[] = [];
    for (const file of await sources(path.join(ROOT, 'src/core'))) {
      for (const spec of importsOf(await fs.readFile(file, 'utf8'))) {
        const resolved = spec.startsWith('.') ? path.relative(path.join(ROOT, 'src'), path.resolve(path.dirname(file), spec)) : spec;
        if (spec === 'obsidian' || spec.startsWith('node:') || /^(fs|path|os|child_process|crypto)$/.test(spec) || /^(obsidian|cli)\//.test(resolved) || resolved === 'main') {
          offenders.push(`${path.relative(ROOT, file)} imports ${spec}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the boundary check itself catches an obsidian import', () => {
    expect(importsOf("import { Notice } from 'obsidian';")).toEqual(['obsidian']);
  });

  it('no eval or new Function anywhere in src', async () => {
    const hits: string[] = [];
    for (const file of await sources(path.join(ROOT, 'src'))) {
      const text = await fs.readFile(file, 'utf8');
      if (/\beval\s*\(|new\s+Function\s*\(/.test(text)) hits.push(path.relative(ROOT, file));
    }
    expect(hits).toEqual([]);
  });
});
