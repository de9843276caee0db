import { parse, type Tags, type YAMLMap, type YAMLSeq } from 'yaml';

/**
 * CloudFormation's short forms (`!Ref X`, `!GetAtt A.B`, `!Sub ...`) as YAML tags that turn into
 * the long forms (`{Ref: X}`, `{"Fn::GetAtt": [A, B]}`), so the rest of the code sees one shape.
 */
const SHORT_FORMS = [
  'Ref', 'Condition', 'GetAtt', 'Sub', 'Join', 'Select', 'Split', 'If', 'Equals', 'Not', 'And', 'Or',
  'FindInMap', 'Base64', 'GetAZs', 'ImportValue', 'Cidr', 'Transform', 'ToJsonString', 'Length',
] as const;

function longName(short: string): string {
  return short === 'Ref' || short === 'Condition' ? short : `Fn::${short}`;
}

/** `!GetAtt Table.Arn` is the one short form whose scalar means a list: split at the first dot. */
function scalarValue(short: string, text: string): unknown {
  if (short !== 'GetAtt') return text;
  const dot = text.indexOf('.');
  return dot < 0 ? [text] : [text.slice(0, dot), text.slice(dot + 1)];
}

function cloudFormationTags(): Tags {
  const tags: Tags = [];
  for (const short of SHORT_FORMS) {
    const long = longName(short);
    tags.push({ tag: `!${short}`, resolve: (text: string) => ({ [long]: scalarValue(short, text) }) });
    tags.push({ tag: `!${short}`, collection: 'seq', resolve: (seq) => ({ [long]: (seq as YAMLSeq).toJSON() }) } as Tags[number]);
    tags.push({ tag: `!${short}`, collection: 'map', resolve: (map) => ({ [long]: (map as YAMLMap).toJSON() }) } as Tags[number]);
  }
  return tags;
}

/** Parses a CloudFormation / SAM template (YAML or JSON, which is YAML too). */
export function parseCloudFormationYaml(text: string): unknown {
  return parse(text, { customTags: cloudFormationTags(), uniqueKeys: true, maxAliasCount: 100 });
}
