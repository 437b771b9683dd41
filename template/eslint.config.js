// eslint (flat config), run by `npm run lint`.
// widget/: the CRM's browser page, AMD modules (define/require from RequireJS) and the CRM's
// globals APP (and the older AMOCRM); no console output, no eval, no debugger.
// tools/ and test/: Node (CommonJS).
'use strict';

const js = require('@eslint/js');
const globals = require('globals');

module.exports = [
  { ignores: ['node_modules/', 'dist/', 'coverage/', 'backend/'] },
  js.configs.recommended,
  {
    rules: {
      // Callback signatures are the platform's documented API: unused arguments stay.
      'no-unused-vars': ['error', { args: 'none' }],
    },
  },
  {
    files: ['widget/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: {
        ...globals.browser,
        define: 'readonly',
        require: 'readonly',
        APP: 'readonly',
        AMOCRM: 'readonly',
      },
    },
    rules: {
      'no-console': 'error',
      'no-debugger': 'error',
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-undef': 'error',
      'no-restricted-globals': ['warn',
        { name: 'AMOCRM', message: 'AMOCRM is the old name of the CRM\'s global: use APP.' }],
    },
  },
  {
    files: ['eslint*.config.js', 'tools/**/*.js', 'test/**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: globals.node,
    },
  },
];
