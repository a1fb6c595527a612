import { PARTICIPANT_ENTITIES } from '@app/participant';
import { Reservation } from './reservation.entity';
import { Restock } from './restock/restock.entity';
import { StockItem } from './stock-item.entity';

export const INVENTORY_ENTITIES = [...PARTICIPANT_ENTITIES, StockItem, Reservation, Restock];
