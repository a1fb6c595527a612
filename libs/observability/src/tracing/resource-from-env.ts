import { Resource, defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { parseKeyValueList } from './key-value-list';

/** The semantic-conventions name, spelled out: one string is not worth another dependency. */
const ATTR_SERVICE_NAME = 'service.name';

/**
 * What every span of this process is about, as the standard variables describe it:
 * `OTEL_RESOURCE_ATTRIBUTES` (`key=value,…`, percent-encoded values) merged into the SDK's own
 * attributes, and `service.name` from `OTEL_SERVICE_NAME`, else from `service.name` in
 * `OTEL_RESOURCE_ATTRIBUTES`, else the app's name, so Jaeger or Tempo never show `unknown_service`.
 */
export function tracingResourceFromEnv(app: string, env: NodeJS.ProcessEnv = process.env): Resource {
  const attributes = parseKeyValueList('OTEL_RESOURCE_ATTRIBUTES', env.OTEL_RESOURCE_ATTRIBUTES);
  const serviceName = env.OTEL_SERVICE_NAME?.trim() || attributes[ATTR_SERVICE_NAME] || app;
  return defaultResource()
    .merge(resourceFromAttributes(attributes))
    .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }));
}
