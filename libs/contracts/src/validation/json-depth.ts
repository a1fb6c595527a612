/**
 * How deeply a message or request body may nest arrays and objects. The deepest contract (a
 * dead-letter record's headers, an order's items) is 3 levels; anything far deeper is hostile,
 * and the recursive transforms behind validation (class-transformer, class-validator) would
 * exhaust the stack on it.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Why a parsed JSON value nests too deeply, or undefined when it does not. Walks with an explicit
 * stack, so the check itself cannot overflow, and stops at the first value past the limit.
 */
export function jsonDepthProblem(value: unknown, maxDepth: number = MAX_JSON_DEPTH): string | undefined {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const { value: current, depth } = pending.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth + 1 > maxDepth) return `nests arrays and objects deeper than ${maxDepth} levels`;
    const children: unknown[] = Array.isArray(current) ? current : Object.values(current);
    for (const child of children) {
      if (typeof child === 'object' && child !== null) pending.push({ value: child, depth: depth + 1 });
    }
  }
  return undefined;
}
