import { compareSchemas } from './compare-schemas';
import type { JsonSchema } from './json-schema';

const uuid: JsonSchema = { type: 'string', format: 'uuid' };
const skuQuantity: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    sku: { type: 'string', pattern: '^[A-Z0-9-]{1,32}$' },
    quantity: { type: 'integer', minimum: 1, maximum: 1000 },
  },
  required: ['quantity', 'sku'],
};

/** Shaped like class-validator-jsonschema output: nested classes under `definitions`. */
function reserveSchema(change: (schema: JsonSchema) => void = () => undefined): JsonSchema {
  const schema: JsonSchema = structuredClone({
    type: 'object',
    additionalProperties: false,
    properties: {
      orderId: uuid,
      status: { type: 'string', enum: ['RESERVED', 'RELEASED'] },
      items: { type: 'array', items: { $ref: '#/definitions/SkuQuantity' }, minItems: 1, maxItems: 100 },
    },
    required: ['items', 'orderId'],
    definitions: { SkuQuantity: skuQuantity },
  });
  change(schema);
  return schema;
}

function problemsOf(change: (schema: JsonSchema) => void): string[] {
  const result = compareSchemas(reserveSchema(), reserveSchema(change));
  expect(result.compatible).toBe(result.problems.length === 0);
  return result.problems;
}

describe('compareSchemas', () => {
  it('accepts an identical schema', () => {
    expect(compareSchemas(reserveSchema(), reserveSchema())).toEqual({ compatible: true, problems: [] });
  });

  it('accepts a new optional field', () => {
    expect(problemsOf((schema) => (schema.properties!.note = { type: 'string', maxLength: 200 }))).toEqual(
      [],
    );
  });

  it('accepts widened bounds, a widened enum and integer becoming number', () => {
    const problems = problemsOf((schema) => {
      schema.properties!.status.enum!.push('EXPIRED');
      schema.properties!.items.maxItems = 500;
      schema.definitions!.SkuQuantity.properties!.quantity = { type: 'number', minimum: 0 };
    });
    expect(problems).toEqual([]);
  });

  it('rejects a removed field, even an optional one', () => {
    expect(problemsOf((schema) => delete schema.properties!.status)).toEqual(["field 'status' was removed"]);
  });

  it('rejects a changed type', () => {
    expect(problemsOf((schema) => (schema.properties!.orderId = { type: 'integer' }))).toEqual([
      "field 'orderId' changed type from string to integer",
    ]);
  });

  it('rejects an optional field becoming required', () => {
    expect(problemsOf((schema) => schema.required!.push('status'))).toEqual([
      "field 'status' became required",
    ]);
  });

  it('rejects a new required field', () => {
    const problems = problemsOf((schema) => {
      schema.properties!.customerId = { type: 'string' };
      schema.required!.push('customerId');
    });
    expect(problems).toEqual(["field 'customerId' was added as required"]);
  });

  it('detects changes inside nested classes and array items', () => {
    const problems = problemsOf((schema) => {
      const nested = schema.definitions!.SkuQuantity;
      delete nested.properties!.sku;
      nested.properties!.quantity.maximum = 10;
    });
    expect(problems).toEqual([
      "field 'items[].sku' was removed",
      "field 'items[].quantity' lowered maximum from 1000 to 10",
    ]);
  });

  it('follows a nested class into a differently named definition', () => {
    const problems = problemsOf((schema) => {
      schema.definitions = { Line: { ...skuQuantity, required: ['quantity', 'sku', 'price'] } };
      schema.properties!.items.items = { $ref: '#/definitions/Line' };
    });
    expect(problems).toEqual(["field 'items[].price' was added as required"]);
  });

  it('rejects a narrowed enum', () => {
    expect(problemsOf((schema) => (schema.properties!.status.enum = ['RESERVED']))).toEqual([
      `field 'status' no longer accepts "RELEASED"`,
    ]);
  });

  it('rejects an enum put on a field that had none', () => {
    expect(problemsOf((schema) => (schema.properties!.orderId.enum = ['a']))).toEqual([
      `field 'orderId' is now restricted to "a"`,
    ]);
  });

  it('rejects tightened bounds, a new pattern or format, and newly unique items', () => {
    const problems = problemsOf((schema) => {
      schema.properties!.items.minItems = 2;
      schema.properties!.items.uniqueItems = true;
      schema.definitions!.SkuQuantity.properties!.sku.pattern = '^[A-Z]{1,8}$';
      schema.properties!.status.format = 'date';
    });
    expect(problems).toEqual([
      `field 'status' changed format from none to "date"`,
      "field 'items' raised minItems from 1 to 2",
      "field 'items' now requires unique items",
      `field 'items[].sku' changed pattern from "^[A-Z0-9-]{1,32}$" to "^[A-Z]{1,8}$"`,
    ]);
  });

  it('rejects a narrowed value type of a record', () => {
    const record = (values: JsonSchema): JsonSchema => ({
      type: 'object',
      properties: { headers: { type: 'object', additionalProperties: values } },
    });
    expect(compareSchemas(record({}), record({ type: 'string' })).problems).toEqual([
      "field 'headers.*' changed type from any to string",
    ]);
  });

  it('terminates on a recursive class', () => {
    const tree = (maxLength: number): JsonSchema => ({
      $ref: '#/definitions/Node',
      definitions: {
        Node: {
          type: 'object',
          properties: {
            name: { type: 'string', maxLength },
            children: { type: 'array', items: { $ref: '#/definitions/Node' } },
          },
        },
      },
    });
    expect(compareSchemas(tree(10), tree(5)).problems).toEqual([
      "field 'name' lowered maxLength from 10 to 5",
    ]);
  });
});
