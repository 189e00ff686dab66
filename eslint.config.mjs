import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import vitest from '@vitest/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** What domain code may never import: it stays pure TypeScript. */
const frameworkImports = [
  '@nestjs/*',
  '@prisma/*',
  '@switchyard/prisma',
  '@switchyard/queue',
  'bullmq',
  'ioredis',
  'stripe',
  'drachtio-srf',
  'pg',
  'fastify',
];

/** Which kind of project may depend on which; tests may also use the testing library. */
const layers = {
  'type:app': ['type:platform', 'type:contracts', 'type:context', 'type:adapter'],
  'type:context': ['type:platform', 'type:contracts', 'type:context'],
  'type:adapter': ['type:platform', 'type:contracts', 'type:context'],
  'type:platform': ['type:platform', 'type:contracts'],
  'type:contracts': ['type:contracts'],
  'type:testing': ['*'],
};

const boundaries = (extraTags) => [
  'error',
  {
    allow: [],
    depConstraints: Object.entries(layers).map(([sourceTag, allowed]) => ({
      sourceTag,
      onlyDependOnLibsWithTags: allowed.includes('*') ? ['*'] : [...allowed, ...extraTags],
    })),
  },
];

const testFiles = ['**/*.spec.ts', '**/*.int-spec.ts', 'apps/*/test/**/*.ts'];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.nx/**',
      'libs/platform/prisma/src/generated/**',
      'var/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through @switchyard/config.' },
      ],
      '@nx/enforce-module-boundaries': boundaries([]),
    },
  },
  {
    files: ['libs/*/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: frameworkImports, message: 'Domain code stays free of frameworks and vendors.' },
          ],
        },
      ],
    },
  },
  {
    // The config library is the one reader of the environment; scripts, tests and tools set it up.
    files: [
      'libs/platform/config/src/**/*.ts',
      'libs/testing/**/*.ts',
      'scripts/**',
      'bench/**',
      'prisma.config.ts',
      ...testFiles,
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: testFiles,
    plugins: { vitest },
    rules: {
      '@nx/enforce-module-boundaries': boundaries(['type:testing']),
      'vitest/no-focused-tests': 'error',
      'vitest/no-disabled-tests': 'error',
      // Tests read JSON answers whose shape the assertions themselves check.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        URL: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
