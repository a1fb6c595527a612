/** What the console's script needs to know about this deployment, served as `/admin/ui/config.json`. */
export interface AdminUiConfig {
  /** Where a trace opens: a URL with `{traceId}` in it (Jaeger, Tempo, …); null: no trace links. */
  traceUrl: string | null;
}

export const ADMIN_UI_TRACE_URL = 'ADMIN_UI_TRACE_URL';
export const ADMIN_UI_CONFIG = Symbol('ADMIN_UI_CONFIG');

const TRACE_ID_PLACEHOLDER = '{traceId}';

/**
 * Reads `ADMIN_UI_TRACE_URL`, e.g. `http://jaeger:16686/trace/{traceId}`. A value that is not an
 * http(s) URL holding `{traceId}` throws one line naming the variable, so a typo stops the start
 * instead of leaving the console with links that lead nowhere.
 */
export function adminUiConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AdminUiConfig {
  const raw = env[ADMIN_UI_TRACE_URL]?.trim();
  if (raw === undefined || raw === '') return { traceUrl: null };
  const refuse = (why: string) =>
    new Error(`Invalid configuration: ${ADMIN_UI_TRACE_URL}: ${why} (got '${raw}')`);
  if (!raw.includes(TRACE_ID_PLACEHOLDER)) throw refuse(`must contain ${TRACE_ID_PLACEHOLDER}`);
  let url: URL;
  try {
    url = new URL(raw.replaceAll(TRACE_ID_PLACEHOLDER, '0'));
  } catch {
    throw refuse('must be an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuse('must be an http or https URL');
  return { traceUrl: raw };
}
