// Tests are compiled by `tsc -b` (npm test builds first) and jest runs the emitted ES modules,
// so what is tested is exactly what `kuhiro` runs, and no second TypeScript transform is needed.
export default {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{packages/*,cli,compat-tests,scripts}/dist/test/**/*.test.js'],
  transform: {},
  // Node data folders (`npm start`, `kuhiro dev`) hold the store's own *.snap files: jest would
  // count them as obsolete test snapshots, so it does not look there at all.
  modulePathIgnorePatterns: ['/\\.kuhiro/'],
  testTimeout: 30000,
  // Networked tests start real nodes; two workers keep a 2-core machine responsive.
  maxWorkers: 2,
};
