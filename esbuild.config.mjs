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

if (prod) {
  const result = await context.rebuild();
  await context.dispose();
  if (result.errors.length) process.exit(1);
} else {
  await context.watch();
}
