import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const obsidianStub = fileURLToPath(new URL('./tests/obsidian-stub/obsidian.ts', import.meta.url));

// Two projects: the core and the hosts in Node (fast, no browser), and the UI in Chromium.
export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias: { obsidian: obsidianStub } },
        test: {
          name: 'node',
          environment: 'node',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/browser/**', 'node_modules/**'],
          testTimeout: 60_000,
          setupFiles: ['tests/obsidian-stub/node-globals.ts'],
        },
      },
    ],
  },
});
