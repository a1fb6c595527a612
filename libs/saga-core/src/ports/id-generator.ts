/** Source of command ids (they become the outbox id and `Nats-Msg-Id`). */
export interface IdGenerator {
  next(): string;
}
