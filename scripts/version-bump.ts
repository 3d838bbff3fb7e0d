/**
 * `npm version <patch|minor|major>` runs this (the "version" script): it copies the new
 * package.json version into manifest.json and records which Obsidian it needs in versions.json,
 * so the three stay in step; npm then commits and tags.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const version = process.env.npm_package_version;
if (!version) {
  process.stderr.write('version-bump: run through `npm version <patch|minor|major>`\n');
  process.exit(2);
}
const manifest = JSON.parse(readFileSync('manifest.json', 'utf8')) as { version: string; minAppVersion: string };
manifest.version = version;
writeFileSync('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
const versions = JSON.parse(readFileSync('versions.json', 'utf8')) as Record<string, string>;
versions[version] = manifest.minAppVersion;
writeFileSync('versions.json', `${JSON.stringify(versions, null, 2)}\n`);
