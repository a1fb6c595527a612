export * from './messaging-retention';
export * from './prune-batches';
export * from './prune-table';
export * from './retention-schedule';
export * from './retention-settings';
