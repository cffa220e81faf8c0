// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import mfc from './scripts/eslint-plugin-mfc.mjs';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'fixtures/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-control-regex': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // The package layering (docs/CONTRIBUTING.md, scripts/layering.mjs).
    files: ['packages/**/*.ts'],
    plugins: { mfc },
    rules: { 'mfc/no-cross-package-src': 'error', 'mfc/layering': 'error' },
  },
);
