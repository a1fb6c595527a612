import { Column, ColumnOptions } from 'typeorm';

/**
 * A `bigint` column read back as a JavaScript number (pg returns bigint as a string).
 * Used for cents and unit counts, which the contracts bound far below 2^53.
 */
export function BigIntColumn(options: Omit<ColumnOptions, 'type' | 'transformer'> = {}): PropertyDecorator {
  return Column({
    ...options,
    type: 'bigint',
    transformer: {
      to: (value: number | undefined) => value,
      from: (value: string | null) => (value === null ? null : Number(value)),
    },
  });
}
