export * from './order-fulfillment.data';
export * from './order-fulfillment.saga';
export * from './order-fulfillment.start';
export * from './order-fulfillment.saga-module';
