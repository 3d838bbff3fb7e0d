import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { findBrowser } from './scripts/find-browser';
import { vaultCommands } from './tests/obsidian-stub/server-commands';

const obsidianStub = fileURLToPath(new URL('./tests/obsidian-stub/obsidian.ts', import.meta.url));
const root = fileURLToPath(new URL('.', import.meta.url));

// Three projects: the core and the hosts in Node (fast, no browser), the UI in Chromium, and the
// Flink + Kafka differential test (tests/flink: a JVM, minutes; `--project node` leaves it out).
export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias: { obsidian: obsidianStub } },
        test: {
          name: 'node',
          environment: 'node',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/browser/**', 'tests/flink/**', 'node_modules/**'],
          testTimeout: 60_000,
          setupFiles: ['tests/obsidian-stub/node-globals.ts'],
        },
      },
      {
        test: {
          name: 'flink',
          environment: 'node',
          include: ['tests/flink/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 900_000,
        },
      },
      {
        resolve: { alias: { obsidian: obsidianStub } },
        // The stand-in vault lives in a real temporary folder, reached through the file commands.
        server: { fs: { allow: [root, os.tmpdir()] } },
        // Pre-bundled up front: discovering them mid-run makes Vite reload the page under a test.
        optimizeDeps: { include: ['lz-string', 'react', 'react-dom', 'react-dom/client', 'react/jsx-runtime', '@excalidraw/excalidraw'] },
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts', 'tests/browser/**/*.test.tsx'],
          testTimeout: 60_000,
          setupFiles: ['tests/obsidian-stub/browser-setup.ts'],
          browser: {
            enabled: true,
            headless: true,
            // A Chromium already on the machine (scripts/ensure-browser.ts installs Debian's
            // when allowed); nothing here downloads a browser.
            provider: playwright({
              launchOptions: {
                executablePath: findBrowser() ?? '/usr/bin/chromium',
                args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
              },
            }),
            instances: [{ browser: 'chromium' }],
            viewport: { width: 1100, height: 900 },
            commands: vaultCommands,
            screenshotFailures: false,
          },
        },
      },
    ],
  },
});
