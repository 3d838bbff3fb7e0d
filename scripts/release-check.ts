/**
 * What a release must hold before it is published: the versions agree (package.json,
 * manifest.json, versions.json, the tag) and the three files Obsidian installs from a release
 * exist. `npm run release:check [-- <tag>]` runs it; the release workflow runs it after building.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** What Obsidian downloads from a GitHub release to install or update a plugin. */
export const RELEASE_FILES = ['main.js', 'manifest.json', 'styles.css'] as const;

function readJson(root: string, file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Record<string, unknown>;
}

/** Problems that would make a broken release, one line each; empty when it may go out. */
export function releaseProblems(root: string, options: { tag?: string; built?: boolean } = {}): string[] {
  const problems: string[] = [];
  const manifest = readJson(root, 'manifest.json');
  const pkg = readJson(root, 'package.json');
  const versions = readJson(root, 'versions.json');
  const version = String(manifest.version);
  if (pkg.version !== version) problems.push(`package.json version ${String(pkg.version)} differs from manifest.json ${version}`);
  if (versions[version] === undefined) problems.push(`versions.json has no entry for ${version}`);
  else if (versions[version] !== manifest.minAppVersion)
    problems.push(`versions.json says ${version} needs Obsidian ${JSON.stringify(versions[version])}, manifest.json says ${String(manifest.minAppVersion)}`);
  if (options.tag !== undefined && options.tag !== version) problems.push(`tag ${options.tag} differs from manifest.json version ${version} (Obsidian looks the release up by version)`);
  if (options.built) for (const f of RELEASE_FILES) if (!existsSync(path.join(root, f))) problems.push(`${f} is missing: run npm run build`);
  return problems;
}

function main(): void {
  const tag = process.argv[2];
  const problems = releaseProblems(process.cwd(), { tag, built: true });
  for (const p of problems) process.stderr.write(`release: ${p}\n`);
  if (problems.length > 0) process.exit(1);
  process.stdout.write(`release: ${RELEASE_FILES.join(', ')} ready${tag ? ` for ${tag}` : ''}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) main();
