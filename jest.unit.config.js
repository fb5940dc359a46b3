const shared = require('./jest.shared');

module.exports = { ...shared, roots: ['<rootDir>/src', '<rootDir>/web/src'], testRegex: '\\.spec\\.ts$' };
