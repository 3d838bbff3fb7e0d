// Obsidian always runs with a `window`; Node tests of the plugin get the global object as one.
(globalThis as { window?: unknown }).window ??= globalThis;
