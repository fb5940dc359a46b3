// NestJS 12 ships ESM-only packages: @swc/jest compiles both our TypeScript and those
// packages' JavaScript to CommonJS so Jest can require them.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const esmOnly = [
  '@nestjs',
  'file-type',
  'strtok3',
  'token-types',
  '@tokenizer',
  '@borewit',
  'uint8array-extras',
  '@apidevtools',
  '@stablelib', // standardwebhooks' base64 (tests only)
];

module.exports = {
  rootDir: __dirname,
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: [`node_modules/(?!(${esmOnly.join('|')})/)`],
  testEnvironment: 'node',
};
