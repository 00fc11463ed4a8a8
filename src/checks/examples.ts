/**
 * GEN-EXAMPLES: every example written in the spec validates against the schema it illustrates: media-type and
 * parameter/header `example`/`examples` (Example objects, `$ref`s followed) against their `schema`, and schema
 * `examples`/`example` at any depth against the schema that holds them.
 */
import { escapePointer as escape, exampleObjects, type JsonSchema, type Spec } from '../openapi';
import { isObj, type Obj } from './schema-facts';
import { failure, summarise } from './failure';
import type { CheckFailure } from './types';

interface ExampleItem {
  pointer: string;
  value: unknown;
  schema: JsonSchema;
  schemaPointer: string;
}

/** Keywords whose value is one subschema, and those whose value is a map or a list of subschemas. */
const SUBSCHEMA = ['items', 'not', 'if', 'then', 'else', 'additionalProperties', 'unevaluatedProperties', 'unevaluatedItems', 'contains', 'propertyNames'];
const SUBSCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'dependentSchemas'];
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
/** Keys of the document whose values are data or vendor metadata, never spec objects holding examples. */
const isDataKey = (k: string) => k === 'example' || k === 'examples' || k.startsWith('x-');

function schemaExamples(schema: unknown, pointer: string, out: ExampleItem[]): void {
  if (!isObj(schema)) return;
  if (Array.isArray(schema.examples)) schema.examples.forEach((value, i) => out.push({ pointer: `${pointer}/examples/${i}`, value, schema, schemaPointer: pointer }));
  if ('example' in schema) out.push({ pointer: `${pointer}/example`, value: schema.example, schema, schemaPointer: pointer });
  for (const k of SUBSCHEMA) schemaExamples(schema[k], `${pointer}/${k}`, out);
  for (const k of SUBSCHEMA_MAPS) if (isObj(schema[k])) for (const [name, sub] of Object.entries(schema[k])) schemaExamples(sub, `${pointer}/${k}/${escape(name)}`, out);
  for (const k of SUBSCHEMA_LISTS) if (Array.isArray(schema[k])) schema[k].forEach((sub, i) => schemaExamples(sub, `${pointer}/${k}/${i}`, out));
}

/** `example` and each Example object of a Media Type, Parameter or Header object (a node with a `schema`). */
function holderExamples(spec: Spec, holder: Obj, pointer: string, out: ExampleItem[]): void {
  const schema = holder.schema as JsonSchema;
  const schemaPointer = `${pointer}/schema`;
  if ('example' in holder) out.push({ pointer: `${pointer}/example`, value: holder.example, schema, schemaPointer });
  for (const ex of exampleObjects(spec.document, holder.examples, pointer)) out.push({ pointer: ex.pointer, value: ex.value, schema, schemaPointer });
}

function documentExamples(spec: Spec, node: unknown, pointer: string, out: ExampleItem[]): void {
  if (Array.isArray(node)) node.forEach((child, i) => documentExamples(spec, child, `${pointer}/${i}`, out));
  if (!isObj(node)) return;
  if (pointer === '#/components/schemas') {
    for (const [name, schema] of Object.entries(node)) schemaExamples(schema, `${pointer}/${escape(name)}`, out);
    return;
  }
  if (isObj(node.schema) || typeof node.schema === 'boolean') {
    holderExamples(spec, node, pointer, out);
    schemaExamples(node.schema, `${pointer}/schema`, out);
  }
  for (const [k, v] of Object.entries(node)) if (k !== 'schema' && !isDataKey(k)) documentExamples(spec, v, `${pointer}/${escape(k)}`, out);
}

function exampleFailures(spec: Spec, item: ExampleItem): CheckFailure[] {
  const diagnostics = spec.validators.validateAt(item.schemaPointer, item.schema, item.value, { label: 'example' });
  if (diagnostics.length === 0) return [];
  return [failure('GEN-EXAMPLES', 'Example does not match its schema', { received: `the example at ${item.pointer}: ${summarise(diagnostics)}`, documented: `the schema at ${item.schemaPointer}`, pointer: item.pointer, diagnostics })];
}

/** Every example of the spec, checked against the schema it illustrates (where it is written, not where used). */
export function checkExamples(spec: Spec): CheckFailure[] {
  const items: ExampleItem[] = [];
  documentExamples(spec, spec.document, '#', items);
  return items.flatMap((it) => exampleFailures(spec, it));
}
