export * from './order-fulfillment.data';
export * from './order-fulfillment.saga';
