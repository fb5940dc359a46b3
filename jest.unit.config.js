const shared = require('./jest.shared');

module.exports = { ...shared, roots: ['<rootDir>/src'], testRegex: '\\.spec\\.ts$' };
