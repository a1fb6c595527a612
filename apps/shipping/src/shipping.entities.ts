import { PARTICIPANT_ENTITIES } from '@app/participant';
import { Shipment } from './shipment.entity';

export const SHIPPING_ENTITIES = [...PARTICIPANT_ENTITIES, Shipment];
