/**
 * Node lines that know `--allow-inspector` keep the permission sandbox while debugging; Node 20
 * turns the inspector off under the permission model, so there a debugged function runs without
 * it (the runtime makes the same check; the CLI does not import the runtime's internals).
 */
export function inspectorWithoutSandboxNote(): string {
  return process.allowedNodeEnvironmentFlags.has('--allow-inspector')
    ? 'debugged functions: one invocation at a time, timeout lifted, source maps on'
    : `debugged functions: one invocation at a time, timeout lifted, source maps on, and NO permission sandbox (Node ${process.versions.node} turns the inspector off under it)`;
}
