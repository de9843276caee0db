import type { ProjectionAst } from './ast.js';
import { pathText } from './ast.js';
import { resolvePath, type SubstitutionContext } from './context.js';
import { Problems } from './problems.js';
import { parseRawProjection } from './syntaxParser.js';
import { comparePaths } from './updateChecker.js';

const PRIORITY = ['reserved', 'undefinedName', 'pathOverlap', 'pathConflict'] as const;

/** Parses a ProjectionExpression into its document paths. */
export function parseProjection(source: string, context: SubstitutionContext): ProjectionAst {
  const problems = new Problems<(typeof PRIORITY)[number]>(PRIORITY);
  const paths: ProjectionAst = [];
  for (const raw of parseRawProjection(source)) {
    const path = resolvePath(raw.elements, context, (problem) =>
      problems.add(problem.category === 'reserved' ? 'reserved' : 'undefinedName', problem.message),
    );
    // Like UpdateExpression, AWS refuses overlapping projection paths ("a, a.b").
    for (const earlier of paths) {
      const relation = comparePaths(earlier, path);
      if (relation) {
        problems.add(
          relation === 'overlap' ? 'pathOverlap' : 'pathConflict',
          `Two document paths ${relation === 'overlap' ? 'overlap' : 'conflict'} with each other; must remove or rewrite one of these paths; path one: ${pathText(earlier)}, path two: ${pathText(path)}`,
        );
      }
    }
    paths.push(path);
  }
  problems.throwFirst('ProjectionExpression');
  return paths;
}
