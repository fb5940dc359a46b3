const shared = require('./jest.shared');

module.exports = {
  ...shared,
  roots: ['<rootDir>/test'],
  testRegex: '\\.e2e-spec\\.ts$',
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  setupFiles: ['<rootDir>/test/setup/env.ts'],
  // Every answer is checked against the OpenAPI document (test/helpers/contract.ts).
  setupFilesAfterEnv: ['<rootDir>/test/setup/contract.ts'],
  testTimeout: 60000,
};
