import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  FailureCodes,
  GetShipmentResult,
  ScheduleShipmentCommand,
  ScheduleShipmentPayload,
  ScheduleShipmentReplyResult,
  ShipmentScheduledEvent,
} from '@app/contracts';
import { CommandLedger, Decision, declined, domainEvent, succeeded } from '@app/participant';
import { insertAtCommit } from '@app/persistence';
import { Shipment } from './shipment.entity';
import { servesCountry } from './shipping-coverage';

/** Schedules one shipment per order to the countries the carrier serves. */
@Injectable()
export class ShippingService {
  private readonly ledger = new CommandLedger();

  schedule(
    manager: EntityManager,
    command: ScheduleShipmentPayload,
  ): Promise<Decision<ScheduleShipmentReplyResult>> {
    const key = { orderId: command.orderId, action: ScheduleShipmentCommand.type };
    return this.ledger.command(manager, key, async () => {
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
    });
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
