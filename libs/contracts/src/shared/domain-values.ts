/** Value sets of the external contract (DESIGN "Gateway HTTP"): each a const object and its union type. */

export const Currency = { USD: 'USD', EUR: 'EUR', GBP: 'GBP' } as const;
export type Currency = (typeof Currency)[keyof typeof Currency];

export const PaymentMethod = { CARD: 'card' } as const;
export type PaymentMethod = (typeof PaymentMethod)[keyof typeof PaymentMethod];

export const OrderStatus = { PENDING: 'PENDING', APPROVED: 'APPROVED', CANCELLED: 'CANCELLED' } as const;
export type OrderStatus = (typeof OrderStatus)[keyof typeof OrderStatus];

export const ReservationStatus = { RESERVED: 'RESERVED', RELEASED: 'RELEASED' } as const;
export type ReservationStatus = (typeof ReservationStatus)[keyof typeof ReservationStatus];

export const PaymentStatus = {
  AUTHORIZED: 'AUTHORIZED',
  CAPTURED: 'CAPTURED',
  VOIDED: 'VOIDED',
  DECLINED: 'DECLINED',
} as const;
export type PaymentStatus = (typeof PaymentStatus)[keyof typeof PaymentStatus];

export const ShipmentStatus = { SCHEDULED: 'SCHEDULED' } as const;
export type ShipmentStatus = (typeof ShipmentStatus)[keyof typeof ShipmentStatus];

export const SagaStatus = {
  RUNNING: 'RUNNING',
  COMPENSATING: 'COMPENSATING',
  COMPLETED: 'COMPLETED',
  COMPENSATED: 'COMPENSATED',
  FAILED: 'FAILED',
} as const;
export type SagaStatus = (typeof SagaStatus)[keyof typeof SagaStatus];
