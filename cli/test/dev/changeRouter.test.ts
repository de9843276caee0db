import { describe, expect, it } from '@jest/globals';
import { planReload } from '../../src/dev/changeRouter.js';

const app = {
  templatePath: '/app/template.yaml',
  envFile: '/app/.env.dev',
  functions: [
    { logicalId: 'Orders', codeDir: '/app/src', inputs: [] },
    { logicalId: 'Carts', codeDir: '/app/src', inputs: [] },
    { logicalId: 'Typed', codeDir: '/app/typed', inputs: ['/app/shared/money.ts'] },
  ],
};

describe('planReload', () => {
  it('reloads every function whose code folder holds the changed file', () => {
    expect(planReload(['/app/src/lib/db.js'], app)).toEqual({ kind: 'functions', logicalIds: ['Orders', 'Carts'] });
  });

  it('reloads a TypeScript function when a module it bundles from outside its folder changes', () => {
    expect(planReload(['/app/shared/money.ts'], app)).toEqual({ kind: 'functions', logicalIds: ['Typed'] });
  });

  it('re-plans the app for the template or the env file', () => {
    expect(planReload(['/app/src/a.js', '/app/template.yaml'], app)).toEqual({ kind: 'app', reason: 'template changed' });
    expect(planReload(['/app/.env.dev'], app)).toEqual({ kind: 'app', reason: 'env file changed' });
  });

  it('ignores editor scratch files and files no function uses', () => {
    expect(planReload(['/app/src/.index.js.swp', '/app/src/4913', '/app/src/index.js~', '/app/README.md', '/app/srcs/x.js'], app)).toEqual({ kind: 'none' });
  });
});
