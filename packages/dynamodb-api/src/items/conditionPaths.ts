import type { ConditionAst, DocumentPath, Operand } from '@kuhiro/expressions';

/** Every document path a condition reads, for AWS's "non-primary key attributes" rule. */
export function conditionPaths(ast: ConditionAst): DocumentPath[] {
  const paths: DocumentPath[] = [];
  const operand = (o: Operand): void => {
    if (o.kind === 'path') paths.push(o.path);
    else if (o.kind === 'size') operand(o.operand);
  };
  const walk = (node: ConditionAst): void => {
    switch (node.kind) {
      case 'comparison': operand(node.left); operand(node.right); break;
      case 'between': operand(node.operand); operand(node.lower); operand(node.upper); break;
      case 'in': operand(node.operand); node.candidates.forEach(operand); break;
      case 'and': case 'or': walk(node.left); walk(node.right); break;
      case 'not': walk(node.condition); break;
      case 'attribute_exists': case 'attribute_not_exists': paths.push(node.path); break;
      case 'attribute_type': paths.push(node.path); operand(node.type); break;
      case 'begins_with': case 'contains': operand(node.subject); operand(node.operand); break;
    }
  };
  walk(ast);
  return paths;
}
