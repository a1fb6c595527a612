import { EventPattern } from '@nestjs/microservices';
import type { MessageContract } from '@app/contracts';
import { JETSTREAM_TRANSPORT } from './jetstream-transport';
import { recordHandlerError } from './original-handler-error';

type Method = (...args: unknown[]) => unknown;

/**
 * Declares a controller method as the handler of `contract`: `@EventPattern(contract.type)` on
 * the JetStream transport, with the contract attached so the server validates the payload.
 * The method receives `(envelope: Envelope<P>, context: JetStreamContext)`; throwing
 * `TransientError` retries, `PermanentError` dead-letters.
 */
export function HandlesMessage(contract: MessageContract): MethodDecorator {
  return (target, key, descriptor) => {
    const original = descriptor.value as unknown as Method;
    const handler = async function (this: unknown, ...args: unknown[]): Promise<unknown> {
      try {
        return await original.apply(this, args);
      } catch (error) {
        recordHandlerError(error);
        throw error;
      }
    };
    // Keep what other method decorators (guards, interceptors...) stored on the original function.
    for (const metadataKey of Reflect.getOwnMetadataKeys(original)) {
      Reflect.defineMetadata(metadataKey, Reflect.getOwnMetadata(metadataKey, original), handler);
    }
    Object.defineProperty(handler, 'name', { value: original.name });
    descriptor.value = handler as typeof descriptor.value;
    return EventPattern(contract.type, JETSTREAM_TRANSPORT, { contract })(target, key, descriptor);
  };
}
