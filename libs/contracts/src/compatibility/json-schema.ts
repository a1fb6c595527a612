/** The subset of JSON Schema (draft-07 style, as class-validator-jsonschema writes it) the checks read. */
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  $ref?: string;
  enum?: unknown[];
  definitions?: Record<string, JsonSchema>;
  [keyword: string]: unknown;
}
