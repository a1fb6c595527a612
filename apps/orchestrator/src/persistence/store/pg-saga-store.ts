import { DEFAULT_IDEMPOTENCY_KEY_TTL_MS, SERVICE_SCHEMAS } from '@app/config';
import type { OutboxRecord } from '@app/persistence';
import type {
  IdempotencyKeyRef,
  MessageKey,
  SagaAttributes,
  SagaChange,
  SagaLoad,
  SagaStore,
  SaveOutcome,
  StoredSaga,
} from '@app/saga-core';
import { isUuid, sagaBatchInput } from './saga-batch-input';
import { SagaBatchStatements } from './saga-batch-statements';
import { type InstanceRow, toInstance } from './saga-rows';
import type { SagaSql } from '../saga-sql';

/** The rows a caller published itself after a save committed, to be deleted by a later save. */
export interface PublishedOutboxRows {
  /** Hands each id out once (`OutboxFastPath.takeForSweep`). */
  takeForSweep(): readonly string[];
}

export interface PgSagaStoreOptions {
  schema?: string;
  /** A new saga takes over a key whose lifetime (from its first use) has ended. Default 24 h. */
  idempotencyKeyTtlMs?: number;
  /**
   * Given when the caller publishes committed outbox rows itself (`OutboxFastPath`): saves then
   * wake no relay, and each save deletes the rows published since the previous one.
   */
  publishedAfterCommit?: PublishedOutboxRows;
}

type LoadRow = Partial<InstanceRow> & {
  handled: string[];
  idempotency_key: string | null;
  idempotency_key_at: Date | null;
  business_key: string | null;
};

interface SaveRow {
  written: string[];
  handled: string[];
}

/**
 * The saga store on PostgreSQL: a batch load is one prepared statement, a batch save is one
 * prepared statement (atomic on its own, see `SagaBatchStatements`). Give it a pool for
 * autocommit, or a transaction's client to work inside that transaction. It never publishes.
 */
export class PgSagaStore implements SagaStore<OutboxRecord> {
  private readonly statements: SagaBatchStatements;
  private readonly keyTtlMs: number;

  constructor(
    private readonly sql: SagaSql,
    private readonly options: PgSagaStoreOptions = {},
  ) {
    this.statements = new SagaBatchStatements(options.schema ?? SERVICE_SCHEMAS.orchestrator);
    this.keyTtlMs = options.idempotencyKeyTtlMs ?? DEFAULT_IDEMPOTENCY_KEY_TTL_MS;
  }

  async load(
    sagaIds: readonly string[],
    messages: readonly MessageKey[] = [],
    keys: readonly IdempotencyKeyRef[] = [],
  ): Promise<SagaLoad> {
    // An id that is no uuid names no saga; it must not fail the others' load.
    const ids = [...new Set(sagaIds.filter(isUuid).map((id) => id.toLowerCase()))];
    const rows = await this.sql.rows<LoadRow>({
      name: this.statements.loadName,
      text: this.statements.load,
      values: [
        ids,
        messages.map((message) => message.consumer),
        messages.map((message) => message.messageId),
        keys.map((key) => key.sagaType),
        keys.map((key) => key.idempotencyKey),
      ],
    });
    const sagas = new Map<string, StoredSaga>();
    for (const row of rows) if (row.id) sagas.set(row.id, storedSaga(row));
    // Callers look sagas up by the ids they passed, whatever their case.
    for (const id of sagaIds) {
      const saga = sagas.get(id.toLowerCase());
      if (saga && !sagas.has(id)) sagas.set(id, saga);
    }
    return { sagas, handled: new Set(rows[0]?.handled ?? []) };
  }

  async save(changes: readonly SagaChange<OutboxRecord>[]): Promise<ReadonlyMap<string, SaveOutcome>> {
    if (changes.length === 0) return new Map();
    const input = sagaBatchInput(changes);
    const sweep = this.options.publishedAfterCommit?.takeForSweep() ?? [];
    const [row] = await this.sql.rows<SaveRow>({
      name: this.statements.saveName,
      text: this.statements.save,
      values: [
        JSON.stringify(input.sagas),
        JSON.stringify(input.steps),
        JSON.stringify(input.timeline),
        JSON.stringify(input.outbox),
        JSON.stringify(input.messages),
        sweep,
        this.options.publishedAfterCommit === undefined,
        this.keyTtlMs,
        this.statements.channel,
      ],
    });
    const written = new Set(row.written);
    const handled = new Set(row.handled);
    return new Map(
      changes.map((change): [string, SaveOutcome] => {
        const id = change.after.sagaId.toLowerCase();
        return [
          change.after.sagaId,
          written.has(id) ? 'written' : handled.has(id) ? 'duplicate' : 'conflict',
        ];
      }),
    );
  }
}

function storedSaga(row: LoadRow): StoredSaga {
  const attributes: SagaAttributes = {
    correlationId: row.correlation_id!,
    ...(row.trace_parent ? { traceParent: row.trace_parent } : {}),
    idempotencyKey: row.idempotency_key,
    ...(row.idempotency_key_at ? { idempotencyKeyAt: row.idempotency_key_at } : {}),
    businessKey: row.business_key,
  };
  return { instance: toInstance(row as InstanceRow), revision: row.row_version!, attributes };
}
