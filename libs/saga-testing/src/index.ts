export * from './manual-clock';
export * from './sequential-id-generator';
export * from './seeded-random';
export * from './saga-expectation-error';
export * from './saga-scenario';
export * from './verify-saga-definition';
export * from './in-memory-saga-store';
export * from './unknown-step-error';
