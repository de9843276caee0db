export { buildProgram, runCli } from './program.js';
export { readyLine } from './commands/node.js';
