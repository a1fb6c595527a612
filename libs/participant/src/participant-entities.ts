import { ProcessedCommand } from './processed-command.entity';

/** Entities every participant registers beside its own: the command ledger's memory. */
export const PARTICIPANT_ENTITIES = [ProcessedCommand];
