/** One line of a Prometheus text exposition. */
export interface PrometheusSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** The samples of a `/metrics` text, comments skipped. */
export function parsePrometheusText(text: string): PrometheusSample[] {
  return text.split('\n').flatMap((line) => {
    const match = SAMPLE_LINE.exec(line);
    if (!match || line.startsWith('#')) return [];
    const labels: Record<string, string> = {};
    for (const [, name, value] of (match[2] ?? '').matchAll(LABEL)) labels[name] = JSON.parse(`"${value}"`);
    return [{ name: match[1], labels, value: Number(match[3]) }];
  });
}

/**
 * The sum of the samples named `name` whose labels include `labels` (label order does not
 * matter), or undefined when there is none.
 */
export function sampleSum(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const matching = parsePrometheusText(text).filter(
    (sample) =>
      sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
  return matching.length === 0 ? undefined : matching.reduce((total, sample) => total + sample.value, 0);
}
