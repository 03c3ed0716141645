// Lint for the whole repository. Type-aware rules come from typescript-eslint; the process
// boundaries (what each folder may import) are enforced here so that a wrong import fails CI
// instead of failing at run time inside the wrong process.
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'http',
  'https',
  'net',
  'child_process',
];
const serverOnly = ['fastify', 'fastify/*', 'better-sqlite3', 'pg', 'pino'];
const electronOnly = ['electron', 'electron-updater'];
const rendererOnly = ['react', 'react-dom', 'react-dom/*', 'dexie', 'rxjs', 'rxjs/*'];

function banned(names, message) {
  return names.map((name) => ({ group: [name], message }));
}

function folderBan(folders, message) {
  return folders.map((folder) => ({ group: [`**/${folder}/**`, `../${folder}/*`], message }));
}

export default tseslint.config(
  {
    ignores: ['node_modules', 'dist', 'out', 'data', 'coverage', 'build/output'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...banned(nodeBuiltins, 'shared/ runs in every process: no Node built-ins.'),
            ...banned(serverOnly, 'shared/ must not depend on server libraries.'),
            ...banned(electronOnly, 'shared/ must not depend on Electron.'),
            ...banned(rendererOnly, 'shared/ must not depend on the UI or the browser store.'),
            ...folderBan(['server', 'renderer', 'electron'], 'shared/ imports only shared/.'),
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'window', message: 'shared/ has no DOM.' },
        { name: 'document', message: 'shared/ has no DOM.' },
        { name: 'process', message: 'shared/ has no Node process.' },
        { name: 'Buffer', message: 'shared/ has no Node Buffer.' },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...banned(electronOnly, 'The server runs without Electron.'),
            ...banned(rendererOnly, 'The server does not use the UI libraries.'),
            ...folderBan(['renderer', 'electron'], 'The server imports only server/ and shared/.'),
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...banned(nodeBuiltins, 'The renderer is sandboxed: no Node built-ins.'),
            ...banned(serverOnly, 'The renderer talks to the server over HTTP only.'),
            ...banned(electronOnly, 'The renderer reaches the host through the preload API.'),
            ...folderBan(
              ['server', 'electron'],
              'The renderer imports only renderer/ and shared/.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...banned(rendererOnly, 'Main and preload do not use the UI libraries.'),
            ...folderBan(['renderer'], 'Main and preload import only electron/ and shared/.'),
          ],
        },
      ],
    },
  },
  {
    files: ['tests/**/*.ts', 'scripts/**/*.ts', '**/*.test.ts', '*.config.ts'],
    languageOptions: { globals: globals.node },
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: globals.node,
    },
  },
);
