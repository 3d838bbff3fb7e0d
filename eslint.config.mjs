import { defineConfig, globalIgnores } from 'eslint/config';
import obsidianmd from 'eslint-plugin-obsidianmd';
import regexp from 'eslint-plugin-regexp';
import { DEFAULT_BRANDS } from 'eslint-plugin-obsidianmd/dist/lib/rules/ui/brands.js';

export default defineConfig([
  globalIgnores(['node_modules/', 'main.js', 'flows.mjs', 'styles.css', 'bench/peers/', 'bench/.work/', 'tests/artifacts/', 'examples/', '.vitest-attachments/']),
  ...obsidianmd.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.mjs', 'eslint.latest.config.mjs', 'esbuild.config.mjs'] },
      },
    },
    rules: {
      // Apache Flink is a product name, like the brands the rule already knows.
      'obsidianmd/ui/sentence-case': ['warn', { brands: [...DEFAULT_BRANDS, 'Flink'] }],
    },
  },
  {
    // The core must not know Obsidian or Node: it runs in the plugin (desktop and mobile), the
    // command line and the benchmark alike, reaching the world only through src/core/ports.ts.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['obsidian', 'obsidian/*'], message: 'src/core must not import obsidian; add a port in src/core/ports.ts instead.' },
          { group: ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'util', 'stream'], message: 'src/core must not use Node built-ins (the plugin runs on mobile).' },
          { group: ['../../obsidian/*', '../obsidian/*', '../../cli/*', '../cli/*', '../../main', '../main'], message: 'src/core must not reach into a host.' },
        ],
      }],
    },
  },
  {
    // Everything under src reads text people wrote (drawings, notes, links, names): no regular
    // expression may backtrack super-linearly or be retried at every position of a long line
    // (issue 13: one 60,000-character list item took 14 s). Expressions built from strings are
    // beyond these rules, so readers write their expressions as literals or scan by hand.
    files: ['src/**/*.ts'],
    plugins: { regexp },
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
    },
  },
  {
    // The command line, tests, benchmark and build scripts run in Node, not in Obsidian.
    files: ['src/cli/**/*.ts', 'tests/**/*.ts', 'tests/**/*.tsx', 'bench/**/*.ts', 'scripts/**/*.ts', '*.config.ts', '*.config.mjs'],
    rules: {
      'import/no-nodejs-modules': 'off',
      'obsidianmd/no-nodejs-modules': 'off',
      'obsidianmd/prefer-window-timers': 'off',
      'obsidianmd/no-global-this': 'off',
      'obsidianmd/prefer-create-el': 'off',
      'no-undef': 'off',
      'no-console': 'off',
      'obsidianmd/no-static-styles-assignment': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // What the storage port removes is the plugin's own data (pruned checkpoints, its temporary
    // files, the run lock): deleted for good so it never fills the user's trash. User notes are
    // never removed, so nothing else may skip FileManager.trashFile.
    files: ['src/obsidian/ObsVaultStore.ts'],
    rules: { 'obsidianmd/prefer-file-manager-trash-file': 'off' },
  },
  {
    // The stand-in *is* Obsidian's Vault: it implements delete/trash and narrows its own types.
    files: ['tests/obsidian-stub/**/*.ts'],
    rules: {
      'obsidianmd/no-tfile-tfolder-cast': 'off',
      'obsidianmd/prefer-file-manager-trash-file': 'off',
    },
  },
]);
