export * from './engine-input';
export * from './saga-engine';
