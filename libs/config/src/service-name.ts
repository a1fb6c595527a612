export const SERVICE_NAMES = [
  'gateway',
  'orchestrator',
  'order',
  'payment',
  'inventory',
  'shipping',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Services that own data, and the PostgreSQL schema each owns. */
export const SERVICE_SCHEMAS = {
  orchestrator: 'orchestrator',
  order: 'orders',
  payment: 'payments',
  inventory: 'inventory',
  shipping: 'shipping',
} as const satisfies Partial<Record<ServiceName, string>>;
export type DataOwningService = keyof typeof SERVICE_SCHEMAS;

export const DEFAULT_PORTS: Record<ServiceName, number> = {
  gateway: 3000,
  orchestrator: 3001,
  order: 3002,
  payment: 3003,
  inventory: 3004,
  shipping: 3005,
};

export function ownsData(service: ServiceName): service is DataOwningService {
  return service in SERVICE_SCHEMAS;
}

/** The services that answer saga commands; only they can run as a `web` or `worker` role alone. */
export function isParticipant(service: ServiceName): boolean {
  return service !== 'gateway' && service !== 'orchestrator';
}
