import { randomUUID } from 'node:crypto';
import {
  AckPolicy,
  ConsumerMessages,
  DeliverPolicy,
  JsMsg,
  NatsConnection,
  connect,
  headers as natsHeaders,
  nanos,
} from 'nats';
import { Headers } from '@app/contracts';
import { ensureStreams } from '@app/messaging';

export const STUB_SERVICES = ['order', 'inventory', 'payment', 'shipping'] as const;
export type StubService = (typeof STUB_SERVICES)[number];

const COMMANDS_STREAM = 'SAGA_COMMANDS';

/** One command as the stub received it. */
export interface StubCommand {
  /** The `message-type` header, e.g. `inventory.reserve`. */
  type: string;
  subject: string;
  messageId: string;
  sagaId: string;
  correlationId: string;
  payload: Record<string, unknown>;
  headers: Record<string, string>;
  /** 1 for the first distinct command of this type in this saga, 2 for the next one (a retry), … */
  attempt: number;
  /** JetStream's delivery count: above 1 when the same message came again. */
  deliveryCount: number;
}

export interface StubReply {
  outcome: 'SUCCESS' | 'BUSINESS_FAILURE' | 'TRANSIENT_FAILURE';
  /** Defaults to a contract-valid result for the command type on SUCCESS. */
  result?: object;
  error?: { code: string; message: string };
  /** Publish the reply this long after the command arrived. */
  delayMs?: number;
}

export type StubAnswer = StubReply | 'no-reply';
export type StubScript = (command: StubCommand) => StubAnswer | Promise<StubAnswer>;

export interface StubParticipants {
  /** Every delivery, redeliveries included, in arrival order. */
  readonly received: readonly StubCommand[];
  /** The first delivery of each message id, in arrival order. */
  distinct(): StubCommand[];
  /** How many distinct command messages of `type` the stub saw for `orderId`. */
  timesSeen(type: string, orderId: string): number;
  /** Replies published so far. */
  readonly repliesSent: number;
  stop(): Promise<void>;
}

export const succeed: StubScript = () => ({ outcome: 'SUCCESS' });

/**
 * Scripted stand-ins for the four participants: a durable consumer per service on
 * `SAGA_COMMANDS` answers each command per `script` on `saga.reply.<service>.<action>`.
 * Like a real participant it answers each message id once; a redelivered message is recorded
 * and acknowledged without a second reply.
 */
export async function startStubParticipants(
  natsUrl: string,
  script: StubScript = succeed,
): Promise<StubParticipants> {
  const nc = await connect({ servers: natsUrl, name: 'stub-participants' });
  await ensureStreams(nc, { replicas: 1 });
  const received: StubCommand[] = [];
  const firstByMessageId = new Map<string, StubCommand>();
  const attemptsBySagaAndType = new Map<string, number>();
  const pending = new Set<Promise<void>>();
  let repliesSent = 0;

  const answer = async (msg: JsMsg): Promise<void> => {
    const known = firstByMessageId.get(messageIdOf(msg));
    const command = known ? { ...known, deliveryCount: msg.info.deliveryCount } : firstReceipt(msg);
    received.push(command);
    if (known) {
      msg.ack();
      return;
    }
    firstByMessageId.set(command.messageId, command);
    const reply = await script(command);
    if (reply !== 'no-reply') {
      if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      await publishReply(nc, command, reply);
      repliesSent += 1;
    }
    msg.ack();
  };

  const firstReceipt = (msg: JsMsg): StubCommand => {
    const headers = headersOf(msg);
    const type = headers[Headers.messageType] ?? msg.subject.replace(/^saga\.cmd\./, '');
    const sagaId = headers[Headers.sagaId] ?? '';
    const key = `${sagaId}/${type}`;
    const attempt = (attemptsBySagaAndType.get(key) ?? 0) + 1;
    attemptsBySagaAndType.set(key, attempt);
    return {
      type,
      subject: msg.subject,
      messageId: messageIdOf(msg),
      sagaId,
      correlationId: headers[Headers.correlationId] ?? sagaId,
      payload: JSON.parse(new TextDecoder().decode(msg.data)) as Record<string, unknown>,
      headers,
      attempt,
      deliveryCount: msg.info.deliveryCount,
    };
  };

  const subscriptions = await Promise.all(STUB_SERVICES.map((service) => subscribe(nc, service)));
  const loops = subscriptions.map(async (messages) => {
    for await (const msg of messages) {
      const work = answer(msg).catch(() => msg.nak());
      pending.add(work);
      void work.finally(() => pending.delete(work));
    }
  });

  return {
    received,
    distinct: () => [...firstByMessageId.values()],
    timesSeen: (type, orderId) =>
      [...firstByMessageId.values()].filter((c) => c.type === type && c.payload.orderId === orderId).length,
    get repliesSent() {
      return repliesSent;
    },
    stop: async () => {
      subscriptions.forEach((messages) => messages.stop());
      await Promise.all(loops);
      await Promise.allSettled([...pending]);
      await nc.drain();
    },
  };
}

async function subscribe(nc: NatsConnection, service: StubService): Promise<ConsumerMessages> {
  const durable = `stub-${service}`;
  const jsm = await nc.jetstreamManager();
  await jsm.consumers.add(COMMANDS_STREAM, {
    durable_name: durable,
    filter_subject: `saga.cmd.${service}.>`,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(30_000),
    max_ack_pending: 20_000,
  });
  const consumer = await nc.jetstream().consumers.get(COMMANDS_STREAM, durable);
  return consumer.consume({ max_messages: 512 });
}

async function publishReply(nc: NatsConnection, command: StubCommand, reply: StubReply): Promise<void> {
  const body = {
    outcome: reply.outcome,
    ...(reply.outcome === 'SUCCESS' ? { result: reply.result ?? defaultResult(command) } : {}),
    ...(reply.error ? { error: reply.error } : {}),
  };
  const messageId = randomUUID();
  const headers = natsHeaders();
  headers.set(Headers.sagaId, command.sagaId);
  headers.set(Headers.correlationId, command.correlationId);
  headers.set(Headers.causationId, command.messageId);
  headers.set(Headers.messageType, `${command.type}.reply`);
  headers.set(Headers.messageVersion, command.headers[Headers.messageVersion] ?? '1');
  headers.set(Headers.occurredAt, new Date().toISOString());
  await nc
    .jetstream()
    .publish(`saga.reply.${command.type}`, JSON.stringify(body), { msgID: messageId, headers });
}

/** A result that passes the reply contract of each command type. */
function defaultResult(command: StubCommand): object {
  const orderId = command.payload.orderId;
  switch (command.type) {
    case 'order.create':
      return { orderId, status: 'PENDING' };
    case 'order.cancel':
      return { orderId, status: 'CANCELLED' };
    case 'order.approve':
      return { orderId, status: 'APPROVED' };
    case 'inventory.reserve':
      return { reservationId: randomUUID() };
    case 'inventory.release':
      return { status: 'RELEASED' };
    case 'payment.authorize':
      return { paymentId: randomUUID(), authorizationCode: 'AUTH-STUB' };
    case 'payment.void':
      return { status: 'VOIDED' };
    case 'payment.capture':
      return { paymentId: randomUUID(), status: 'CAPTURED' };
    case 'shipping.schedule':
      return { shipmentId: randomUUID(), trackingNumber: 'TRK-STUB' };
    default:
      return {};
  }
}

function messageIdOf(msg: JsMsg): string {
  return msg.headers?.get(Headers.messageId) || `${msg.info.stream}:${msg.seq}`;
}

function headersOf(msg: JsMsg): Record<string, string> {
  const result: Record<string, string> = {};
  if (!msg.headers) return result;
  for (const key of msg.headers.keys()) result[key] = msg.headers.get(key);
  return result;
}
