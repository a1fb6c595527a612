import { ADMIN_UI_TRACE_URL, adminUiConfigFromEnv } from './admin-ui-config';

describe('adminUiConfigFromEnv', () => {
  it('has no trace links when ADMIN_UI_TRACE_URL is unset or blank', () => {
    expect(adminUiConfigFromEnv({})).toEqual({ traceUrl: null });
    expect(adminUiConfigFromEnv({ [ADMIN_UI_TRACE_URL]: '  ' })).toEqual({ traceUrl: null });
  });

  it('takes an http(s) template holding {traceId}', () => {
    for (const template of [
      'http://jaeger:16686/trace/{traceId}',
      'https://grafana.example/explore?left={"queries":[{"query":"{traceId}"}]}',
      ' http://tempo:3200/trace/{traceId} ',
    ]) {
      expect(adminUiConfigFromEnv({ [ADMIN_UI_TRACE_URL]: template })).toEqual({ traceUrl: template.trim() });
    }
  });

  it.each([
    ['http://jaeger:16686/trace/', 'must contain {traceId}'],
    ['jaeger/trace/{traceId}', 'must be an absolute URL'],
    ['javascript:alert({traceId})', 'must be an http or https URL'],
    ['file:///etc/{traceId}', 'must be an http or https URL'],
  ])('refuses %s, naming the variable', (template, why) => {
    expect(() => adminUiConfigFromEnv({ [ADMIN_UI_TRACE_URL]: template })).toThrow(
      `Invalid configuration: ${ADMIN_UI_TRACE_URL}: ${why} (got '${template}')`,
    );
  });
});
