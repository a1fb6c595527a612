import { BaseRpcContext } from '@nestjs/microservices';
import type { HandlerContext } from '../message-handler';

/** The second argument of a `@HandlesMessage` method (also available with `@Ctx()`). */
export class JetStreamContext extends BaseRpcContext<[string, HandlerContext]> {
  getSubject(): string {
    return this.args[0];
  }

  /** 1 on the first delivery. */
  getDeliveryCount(): number {
    return this.args[1].deliveryCount;
  }

  /** Resets the message's ack timer during long work. */
  working(): void {
    this.args[1].working();
  }
}
