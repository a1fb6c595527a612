import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  FailureCodes,
  GetShipmentResult,
  ScheduleShipmentPayload,
  ScheduleShipmentReplyResult,
  ShipmentScheduledEvent,
} from '@app/contracts';
import { Decision, declined, domainEvent, succeeded } from '@app/participant';
import { insertAtCommit } from '@app/persistence';
import { Shipment } from './shipment.entity';
import { servesCountry } from './shipping-coverage';

/**
 * Schedules one shipment per order to the countries the carrier serves; a resend gets the first
 * reply from the command table's ledger (shipping-commands).
 */
@Injectable()
export class ShippingService {
  async schedule(
    manager: EntityManager,
    command: ScheduleShipmentPayload,
  ): Promise<Decision<ScheduleShipmentReplyResult>> {
    const country = command.address.country;
    if (!servesCountry(country)) {
      return declined(FailureCodes.SHIPPING_UNAVAILABLE, `shipping to ${country} is not available`);
    }
    const shipment = manager.create(Shipment, {
      id: randomUUID(),
      orderId: command.orderId,
      status: 'SCHEDULED',
      trackingNumber: `TRK${randomBytes(6).toString('hex').toUpperCase()}`,
      country,
      address: command.address,
      items: command.items,
    });
    await insertAtCommit(manager, Shipment, shipment);
    const { id: shipmentId, trackingNumber, orderId } = shipment;
    return succeeded({ shipmentId, trackingNumber }, [
      domainEvent(ShipmentScheduledEvent, { orderId, shipmentId, trackingNumber, country }),
    ]);
  }

  async shipmentOf(manager: EntityManager, orderId: string): Promise<GetShipmentResult | null> {
    const shipment = await manager.findOneBy(Shipment, { orderId });
    return (
      shipment && {
        shipmentId: shipment.id,
        status: shipment.status,
        trackingNumber: shipment.trackingNumber,
        country: shipment.country,
      }
    );
  }
}
