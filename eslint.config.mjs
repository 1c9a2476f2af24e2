// ESLint flat config: typescript-eslint's type-aware recommended rules, with Prettier owning formatting.
// Run with `npm run lint` (eslint "{src,test}/**/*.ts").
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['dist/', 'node_modules/', 'coverage/', 'data/', 'examples/', 'scripts/', '*.js', '*.mjs', '*.cjs']),
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // NestJS modules are classes that only carry decorators (`@Module({...}) export class AppModule {}`).
      '@typescript-eslint/no-extraneous-class': 'off',
      // `_` marks a parameter kept for its position (Nest handlers, the `never` checks of the domain).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      // Nest lifecycle hooks and handlers may be declared async to satisfy an interface without awaiting.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Specs read HTTP answers as untyped JSON on purpose: the contract, not the types, is under test.
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off', // expect(mock.method).toHaveBeenCalled()
    },
  },
  // Last, so that it turns off every stylistic rule Prettier handles.
  prettier,
);
