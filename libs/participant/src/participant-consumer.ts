import { STREAMS, type JetStreamServerConsumer } from '@app/messaging';
import type { ParticipantService } from '@app/contracts';

/**
 * The largest valid command (100 order lines with prices and an address) is well under 32 KiB;
 * anything bigger is dead-lettered unread.
 */
export const MAX_COMMAND_BODY_BYTES = 64 * 1024;

/** The durable pull consumer a participant's replicas share: every command sent to the service. */
export function participantConsumer(service: ParticipantService): JetStreamServerConsumer {
  return {
    stream: STREAMS.SAGA_COMMANDS.name,
    durable: service,
    filterSubject: `saga.cmd.${service}.>`,
    maxBodyBytes: MAX_COMMAND_BODY_BYTES,
  };
}
