import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layer table (ARCHITECTURE.md): app → components → lib; server → lib; lab → lib.
 * `forbid(...folders)` refuses imports of those top-level folders, by relative path or `@/` alias.
 */
function forbid(...folders) {
  const patterns = folders.map((f) => ({
    group: [`@/${f}`, `@/${f}/**`, `**/../${f}`, `**/../${f}/**`],
    message: `This layer may not import ${f}/ (see the layer table in ARCHITECTURE.md).`,
  }));
  return { 'no-restricted-imports': ['error', { patterns }] };
}

export default tseslint.config(
  { ignores: ['node_modules/', '.next/', 'test-results/', 'playwright-report/', 'next-env.d.ts', 'public/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', window: 'readonly', document: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-undef': 'off',
    },
  },
  { files: ['lib/**'], rules: forbid('app', 'components', 'server', 'lab') },
  { files: ['components/**'], rules: forbid('app', 'server', 'lab') },
  { files: ['app/**'], rules: forbid('server', 'lab') },
  { files: ['server/**'], rules: forbid('app', 'components', 'lab') },
  { files: ['lab/**'], rules: forbid('app', 'components', 'server') },
);
