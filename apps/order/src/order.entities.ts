import { PARTICIPANT_ENTITIES } from '@app/participant';
import { Order } from './order.entity';

export const ORDER_ENTITIES = [...PARTICIPANT_ENTITIES, Order];
