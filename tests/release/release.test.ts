import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RELEASE_FILES, releaseProblems } from '../../scripts/release-check';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A copy of the sources in a temp folder (node_modules linked), so building here cannot race other tests. */
function copyOfRepo(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flows-release-'));
  for (const entry of ['src', 'styles', 'manifest.json', 'package.json', 'versions.json', 'esbuild.config.mjs', 'tsconfig.json']) cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

describe('cutting a release', () => {
  it('package.json, manifest.json and versions.json agree on the version and its minimum Obsidian', () => {
    expect(releaseProblems(ROOT)).toEqual([]);
  });

  it('a tag other than the version, or a versions.json out of step, is refused with a reason', () => {
    const dir = copyOfRepo();
    try {
      expect(releaseProblems(dir, { tag: '9.9.9' })).toEqual([expect.stringContaining('tag 9.9.9 differs from manifest.json version')]);
      const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Record<string, string>;
      expect(releaseProblems(dir, { built: true })).toEqual(RELEASE_FILES.filter((f) => f !== 'manifest.json').map((f) => `${f} is missing: run npm run build`));
      manifest.minAppVersion = '0.0.1';
      execFileSync(process.execPath, ['-e', `require('fs').writeFileSync('manifest.json', ${JSON.stringify(JSON.stringify(manifest))})`], { cwd: dir });
      expect(releaseProblems(dir)).toEqual([expect.stringContaining('manifest.json says 0.0.1')]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the workflow builds on a tag and publishes exactly the three files Obsidian installs', () => {
    const wf = parse(readFileSync(path.join(ROOT, '.github', 'workflows', 'release.yml'), 'utf8')) as {
      on: { push: { tags: string[] } };
      jobs: { build: { steps: { run?: string }[] } };
    };
    expect(wf.on.push.tags).toEqual(['*']);
    const script = wf.jobs.build.steps.map((s) => s.run ?? '').join('\n');
    expect(script).toMatch(/npm ci\s*\n\s*npm run build/);
    expect(script).toContain('npm run release:check');
    const create = script.slice(script.indexOf('gh release create'));
    expect(create.split(/\s+/).filter((w) => /\.(js|json|css)$/.test(w))).toEqual([...RELEASE_FILES]);
  });

  it('npm run build writes those files, and the prebuilt command line runs the seed', () => {
    const dir = copyOfRepo();
    try {
      execFileSync(process.execPath, ['esbuild.config.mjs', 'production'], { cwd: dir, stdio: 'pipe' });
      expect(releaseProblems(dir, { built: true })).toEqual([]);
      expect(statSync(path.join(dir, 'main.js')).size).toBeGreaterThan(10_000);
      // The plugin bundle has no Node built-ins (isDesktopOnly: false) and no Excalidraw inside.
      const main = readFileSync(path.join(dir, 'main.js'), 'utf8');
      expect(main).not.toMatch(/require\("(node:)?(fs|path|child_process|os)"\)/);
      // The Kafka client of flows push/pull is the command line's alone: flows.mjs loads it from
      // node_modules when push or pull runs (not bundled, not parsed by `run`), the plugin never.
      const cli = readFileSync(path.join(dir, 'flows.mjs'), 'utf8');
      expect(cli).toMatch(/await import\(["']kafkajs["']\)/);
      expect(cli).not.toContain('KafkaJS');
      expect(main).not.toContain('KafkaJS');
      expect(main).not.toContain('kafkajs');
      const vault = mkdtempSync(path.join(os.tmpdir(), 'flows-release-vault-'));
      cpSync(path.join(ROOT, 'examples', 'checkpointing.excalidraw.md'), path.join(vault, 'checkpointing.excalidraw.md'));
      // As a person runs it from a shell: no INIT_CWD from an enclosing npm script.
      const env = { ...process.env };
      delete env.INIT_CWD;
      const out = execFileSync(process.execPath, [path.join(dir, 'flows.mjs'), 'run', 'checkpointing.excalidraw.md'], { cwd: vault, encoding: 'utf8', env });
      expect(out).toContain('processing service: A = 1, B = 1, C = 1');
      expect(existsSync(path.join(vault, 'Flows', 'checkpointing', 'checkpoints', 'checkpoint-0001.md'))).toBe(true);
      rmSync(vault, { recursive: true, force: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
