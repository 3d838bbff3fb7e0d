import esbuild from 'esbuild';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import process from 'node:process';
import { builtinModules } from 'node:module';

const prod = process.argv[2] === 'production';

// styles/*.css → styles.css, the one stylesheet Obsidian loads.
const css = readdirSync('styles').filter((f) => f.endsWith('.css')).sort()
  .map((f) => `/* ${f} */\n${readFileSync(`styles/${f}`, 'utf8')}`).join('\n');
writeFileSync('styles.css', css);

const context = await esbuild.context({
  entryPoints: ['src/main.ts'],
  bundle: true,
  // Provided by Obsidian at run time; @excalidraw/excalidraw is reached through the Excalidraw
  // plugin's API, never bundled (it would add about 8 MB).
  external: ['obsidian', 'electron', '@codemirror/*', '@lezer/*', '@excalidraw/excalidraw', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
  format: 'cjs',
  target: 'es2020',
  logLevel: 'info',
  sourcemap: prod ? false : 'inline',
  treeShaking: true,
  minify: prod,
  outfile: 'main.js',
  platform: 'browser',
});

// The command line, prebuilt next to main.js so `node flows.mjs` starts without a TypeScript
// loader (`npm run flows` keeps running it from source through tsx). Node only: never loaded
// by Obsidian, so it may use Node built-ins and the CLI-only packages.
const cli = {
  entryPoints: ['src/cli/flows.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: 'flows.mjs',
  // The Kafka client (two thirds of the bundle) is loaded from node_modules, and only by `push`
  // and `pull` (a dynamic import): parsing it on every `flows run` cost start-up time.
  external: ['kafkajs'],
  logLevel: 'info',
  minify: false,
  sourcemap: false,
  // Bundled CommonJS packages may call require() for Node built-ins; ESM output has none.
  banner: { js: "import { createRequire as __flowsCreateRequire } from 'node:module'; const require = __flowsCreateRequire(import.meta.url);" },
};

if (prod) {
  const result = await context.rebuild();
  await context.dispose();
  const cliResult = await esbuild.build(cli);
  if (result.errors.length || cliResult.errors.length) process.exit(1);
} else {
  await context.watch();
}
