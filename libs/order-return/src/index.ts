export * from './contracts';
export * from './order-return.business-key';
export * from './order-return.data';
export * from './order-return.saga';
export * from './order-return.start';
export * from './order-return.module';
