/**
 * Parses the `key=value,key=value` lists of the OpenTelemetry environment variables
 * (`OTEL_RESOURCE_ATTRIBUTES`, `OTEL_EXPORTER_OTLP_HEADERS`): values are percent-decoded,
 * blanks around keys and values dropped. An entry without a key or `=`, or a value that is not
 * valid percent-encoding, is refused with an error naming the variable: a half-read list would
 * send traces somewhere unexpected, or unauthenticated, without anyone noticing.
 */
export function parseKeyValueList(variable: string, value: string | undefined): Record<string, string> {
  const entries: Record<string, string> = {};
  if (!value?.trim()) return entries;
  for (const entry of value.split(',')) {
    if (!entry.trim()) continue;
    const separator = entry.indexOf('=');
    const key = separator > 0 ? entry.slice(0, separator).trim() : '';
    if (!key) {
      throw new Error(
        `${variable} must be a list of key=value pairs separated by commas, got "${entry.trim()}"`,
      );
    }
    entries[key] = percentDecoded(variable, entry.slice(separator + 1).trim());
  }
  return entries;
}

function percentDecoded(variable: string, value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new Error(`${variable} has a value that is not valid percent-encoding: "${value}"`);
  }
}
