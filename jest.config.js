// Tests are compiled by `tsc -b` (npm test builds first) and jest runs the emitted ES modules,
// so what is tested is exactly what `kuhiro` runs, and no second TypeScript transform is needed.
export default {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{packages/*,cli,compat-tests,scripts}/dist/test/**/*.test.js'],
  transform: {},
  testTimeout: 30000,
  // Networked tests start real nodes; two workers keep a 2-core machine responsive.
  maxWorkers: 2,
};
