import { tracingResourceFromEnv } from './resource-from-env';

describe('tracingResourceFromEnv', () => {
  it("names the service after the app by default, beside the SDK's own attributes", () => {
    expect(tracingResourceFromEnv('payment', {}).attributes).toMatchObject({
      'service.name': 'payment',
      'telemetry.sdk.language': 'nodejs',
      'telemetry.sdk.name': 'opentelemetry',
    });
  });

  it('takes OTEL_SERVICE_NAME over service.name in OTEL_RESOURCE_ATTRIBUTES over the app name', () => {
    const attributes = 'service.name=from-attributes,deployment.environment=staging,service.namespace=shop';
    expect(
      tracingResourceFromEnv('payment', { OTEL_RESOURCE_ATTRIBUTES: attributes }).attributes,
    ).toMatchObject({
      'service.name': 'from-attributes',
      'deployment.environment': 'staging',
      'service.namespace': 'shop',
    });
    expect(
      tracingResourceFromEnv('payment', {
        OTEL_RESOURCE_ATTRIBUTES: attributes,
        OTEL_SERVICE_NAME: ' payments-eu ',
      }).attributes,
    ).toMatchObject({ 'service.name': 'payments-eu', 'deployment.environment': 'staging' });
  });

  it('ignores a blank OTEL_SERVICE_NAME', () => {
    expect(tracingResourceFromEnv('order', { OTEL_SERVICE_NAME: ' ' }).attributes['service.name']).toBe(
      'order',
    );
  });

  it('refuses malformed OTEL_RESOURCE_ATTRIBUTES, naming the variable', () => {
    expect(() => tracingResourceFromEnv('order', { OTEL_RESOURCE_ATTRIBUTES: 'team' })).toThrow(
      /^OTEL_RESOURCE_ATTRIBUTES must be a list of key=value pairs/,
    );
  });
});
