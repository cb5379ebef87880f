/**
 * The JSON Schema of `<stem>.metadata.json` (schemas/metadata.schema.json) and a validator
 * for it. The CLI validates what it writes, so a parser bug never ships a file that breaks
 * a reader's pipeline.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import schema from '../../schemas/metadata.schema.json' with { type: 'json' };
import type { DescriptionMetadata } from './types.js';

/** The schema object itself (for documentation or other validators). */
export const descriptionMetadataSchema: Readonly<Record<string, unknown>> = schema;

// ajv-formats is CommonJS with a `default` property; under NodeNext the import is the module object.
type AddFormats = (ajv: Ajv2020) => unknown;
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats);

let compiled: ValidateFunction | null = null;
function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    compiled = ajv.compile(schema);
  }
  return compiled;
}

/** Validate a metadata document; `errors` are readable one-liners ("/links/0/kind must be equal to one of the allowed values"). */
export function validateDescriptionMetadata(data: unknown): { valid: boolean; errors: string[] } {
  const validate = validator();
  const valid = validate(data) as boolean;
  const errors = (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
  return { valid, errors };
}

/** Type guard form of validateDescriptionMetadata. */
export function isDescriptionMetadata(data: unknown): data is DescriptionMetadata {
  return validateDescriptionMetadata(data).valid;
}
