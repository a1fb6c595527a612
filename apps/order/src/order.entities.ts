import { PARTICIPANT_ENTITIES } from '@app/participant';
import { Order } from './order.entity';
import { OrderReturn } from './returns/order-return.entity';

export const ORDER_ENTITIES = [...PARTICIPANT_ENTITIES, Order, OrderReturn];
