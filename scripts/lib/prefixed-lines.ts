import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

const COLORS = [36, 35, 33, 32, 34, 91, 96, 95];

/** `[name]` padded to `width` so the lines of several processes line up, colored by `index` on a terminal. */
export function linePrefix(name: string, index: number, width: number, color: boolean): string {
  const label = `[${name}]`;
  const padding = ' '.repeat(Math.max(0, width + 2 - label.length));
  return color ? `\x1b[${COLORS[index % COLORS.length]}m${label}\x1b[0m${padding} ` : `${label}${padding} `;
}

/** Copies `input` to `output` line by line, each line behind `prefix`; resolves when `input` ends. */
export function pipePrefixedLines(
  input: Readable,
  output: NodeJS.WritableStream,
  prefix: string,
): Promise<void> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  lines.on('line', (line) => output.write(`${prefix}${line}\n`));
  return new Promise((resolve) => lines.once('close', () => resolve()));
}

/** Whether to color output: a terminal, and the user has not asked for no color (https://no-color.org). */
export function wantsColor(stream: NodeJS.WritableStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean((stream as { isTTY?: boolean }).isTTY) && !env.NO_COLOR;
}
