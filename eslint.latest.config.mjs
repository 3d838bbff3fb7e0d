// The plugin's source linted against the newest `obsidian` typings (npm alias
// @obsidian-latest/obsidian), so `no-unsupported-api` sees their `@since` tags: the pinned
// typings carry almost none. Run by `npm run typecheck:latest` (part of `npm test`).
import base from './eslint.config.mjs';

export default [
  ...base,
  {
    files: ['src/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: false, project: './tsconfig.latest.json', tsconfigRootDir: import.meta.dirname },
    },
  },
];
