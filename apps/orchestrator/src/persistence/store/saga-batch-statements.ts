import { outboxChannel, qualifiedTable } from '@app/persistence';
import { STEP_RECORD_COLUMNS } from './saga-rows';

/**
 * The two statements of the batch saga store. Their text depends on the schema only, so each
 * connection prepares them once (named statements); the batch travels as JSON and arrays.
 */
export class SagaBatchStatements {
  readonly loadName: string;
  readonly saveName: string;
  readonly channel: string;
  readonly load: string;
  readonly save: string;

  constructor(schema: string) {
    this.loadName = `saga-batch-load:${schema}`;
    this.saveName = `saga-batch-save:${schema}`;
    this.channel = outboxChannel(schema);
    const tables = {
      instances: qualifiedTable(schema, 'saga_instance'),
      steps: qualifiedTable(schema, 'saga_step'),
      timeline: qualifiedTable(schema, 'saga_timeline'),
      inbox: qualifiedTable(schema, 'inbox'),
      outbox: qualifiedTable(schema, 'outbox'),
    };
    this.load = loadStatement(tables);
    this.save = saveStatement(tables);
  }
}

interface Tables {
  instances: string;
  steps: string;
  timeline: string;
  inbox: string;
  outbox: string;
}

/**
 * $1 saga ids, $2/$3 the messages' consumers and ids, $4/$5 (type, idempotency key) pairs.
 * One row per saga found with its steps; the handled message ids are on every row, and on a
 * single row of nulls when no saga was found.
 */
function loadStatement({ instances, steps, inbox }: Tables): string {
  return `SELECT h."handled", i."id", i."type", i."version", i."status", i."current_step", i."data",
      i."next_deadline_at", i."deadline_reason", i."deadline_step", i."row_version", i."correlation_id",
      i."trace_parent", i."idempotency_key", i."idempotency_key_at", i."business_key",
      CASE WHEN i."id" IS NOT NULL THEN
        COALESCE((SELECT jsonb_agg(to_jsonb(s) ORDER BY s."idx") FROM ${steps} s WHERE s."saga_id" = i."id"), '[]'::jsonb)
      END AS "steps"
    FROM (SELECT ARRAY(
        SELECT m."message_id" FROM unnest($2::text[], $3::text[]) AS m("consumer", "message_id")
        WHERE EXISTS (SELECT 1 FROM ${inbox} b WHERE b."consumer" = m."consumer" AND b."message_id" = m."message_id")
      ) AS "handled") h
    LEFT JOIN ${instances} i ON i."id" IN (
      SELECT unnest($1::uuid[])
      UNION
      SELECT t."id" FROM ${instances} t JOIN unnest($4::text[], $5::text[]) AS k("type", "key")
        ON t."type" = k."type" AND t."idempotency_key" = k."key"
    )`;
}

/**
 * One statement writes a whole batch, each saga all or nothing. A saga is written when none of
 * its messages is in the inbox and either its row still has the expected revision (locked in id
 * order, so that two batches sharing sagas cannot deadlock) or, for a new one, neither its id
 * nor its idempotency key is taken — a key past its lifetime is released first and taken over.
 * Steps, timeline, outbox rows and inbox records follow only for the sagas written. Published
 * rows are swept whatever happens; the relay is woken only if asked and rows were written.
 *
 * $1 sagas, $2 steps, $3 timeline, $4 outbox rows, $5 messages (JSON arrays, see
 * `SagaBatchInput`); $6 ids to sweep; $7 wake the relay; $8 key lifetime in ms (null: keys do
 * not expire); $9 the relay's channel. Returns the ids written and the ids with a handled message.
 */
function saveStatement({ instances, steps, timeline, inbox, outbox }: Tables): string {
  return `WITH sagas AS (
      SELECT * FROM jsonb_to_recordset($1::jsonb) AS c("id" uuid, "type" text, "version" integer, "status" text,
        "current_step" text, "data" jsonb, "deadline_at" timestamptz, "deadline_reason" text, "deadline_step" text,
        "revision" integer, "touch" boolean, "idempotency_key" text, "idempotency_key_at" timestamptz,
        "business_key" text, "correlation_id" text, "trace_parent" text)
    ), messages AS (
      SELECT * FROM jsonb_to_recordset($5::jsonb) AS m("saga_id" uuid, "consumer" text, "message_id" text)
    ), handled AS (
      SELECT DISTINCT m."saga_id" FROM messages m
      WHERE EXISTS (SELECT 1 FROM ${inbox} b WHERE b."consumer" = m."consumer" AND b."message_id" = m."message_id")
    ), fresh AS (
      SELECT * FROM sagas c WHERE c."id" NOT IN (SELECT "saga_id" FROM handled)
    ), locked AS (
      SELECT t."id" FROM ${instances} t JOIN fresh c ON c."id" = t."id"
      WHERE c."revision" > 0 AND t."row_version" = c."revision"
      ORDER BY t."id" FOR UPDATE OF t
    ), updated AS (
      UPDATE ${instances} t SET "status" = c."status", "current_step" = c."current_step",
        "data" = COALESCE(c."data", 'null'::jsonb), "next_deadline_at" = c."deadline_at",
        "deadline_reason" = c."deadline_reason", "deadline_step" = c."deadline_step",
        "row_version" = t."row_version" + 1,
        "updated_at" = CASE WHEN c."touch" THEN now() ELSE t."updated_at" END
      FROM fresh c JOIN locked l ON l."id" = c."id"
      WHERE t."id" = c."id" AND t."row_version" = c."revision"
      RETURNING t."id"
    ), released AS (
      UPDATE ${instances} t SET "idempotency_key" = NULL
      FROM fresh c
      WHERE $8::float8 IS NOT NULL AND c."revision" = 0 AND t."type" = c."type"
        AND t."idempotency_key" = c."idempotency_key" AND t."id" <> c."id"
        AND COALESCE(t."idempotency_key_at", t."created_at")
          < COALESCE(c."idempotency_key_at", now()) - $8::float8 * interval '1 millisecond'
        -- A row is changed once per statement: a saga updated in this batch keeps its key this time.
        AND t."id" NOT IN (SELECT "id" FROM sagas WHERE "revision" > 0)
      RETURNING t."id"
    ), inserted AS (
      INSERT INTO ${instances} ("id", "type", "version", "status", "current_step", "data", "next_deadline_at",
        "deadline_reason", "deadline_step", "idempotency_key", "idempotency_key_at", "business_key",
        "correlation_id", "trace_parent")
      SELECT c."id", c."type", c."version", c."status", c."current_step", COALESCE(c."data", 'null'::jsonb),
        c."deadline_at", c."deadline_reason", c."deadline_step", c."idempotency_key",
        CASE WHEN c."idempotency_key" IS NOT NULL THEN COALESCE(c."idempotency_key_at", now()) END,
        c."business_key", c."correlation_id", c."trace_parent"
      -- Reading the released keys first makes them free for these rows.
      FROM fresh c CROSS JOIN (SELECT count(*) FROM released) r
      WHERE c."revision" = 0
      ORDER BY c."id"
      ON CONFLICT DO NOTHING
      RETURNING "id"
    ), written AS (
      SELECT "id" FROM updated UNION ALL SELECT "id" FROM inserted
    ), step_rows AS (
      SELECT * FROM jsonb_to_recordset($2::jsonb) AS s("saga_id" uuid, ${STEP_RECORD_COLUMNS})
    ), new_steps AS (
      INSERT INTO ${steps} ("saga_id", "idx", "name", "kind", "status", "attempts", "compensation_attempts",
        "started_at", "ended_at", "last_error", "last_command_id", "last_command_at", "compensation_input")
      SELECT s."saga_id", s."idx", s."name", s."kind", s."status", s."attempts", s."compensation_attempts",
        s."started_at", s."ended_at", s."last_error", s."last_command_id", s."last_command_at", s."compensation_input"
      FROM step_rows s WHERE s."saga_id" IN (SELECT "id" FROM inserted)
    ), changed_steps AS (
      UPDATE ${steps} AS t SET "status" = s."status", "attempts" = s."attempts",
        "compensation_attempts" = s."compensation_attempts", "started_at" = s."started_at",
        "ended_at" = s."ended_at", "last_error" = s."last_error", "last_command_id" = s."last_command_id",
        "last_command_at" = s."last_command_at", "compensation_input" = s."compensation_input"
      FROM step_rows s
      WHERE t."saga_id" = s."saga_id" AND t."idx" = s."idx" AND s."saga_id" IN (SELECT "id" FROM updated)
    ), timeline_rows AS (
      -- Every timeline writer first passed the revision check, so the last seq read here is current.
      INSERT INTO ${timeline} ("saga_id", "seq", "at", "kind", "step", "detail")
      SELECT e."saga_id", COALESCE(last."seq", 0) + e."ord", e."at", e."kind", e."step", COALESCE(e."detail", '{}'::jsonb)
      FROM jsonb_to_recordset($3::jsonb) AS e("saga_id" uuid, "ord" integer, "at" timestamptz, "kind" text,
        "step" text, "detail" jsonb)
      LEFT JOIN LATERAL (SELECT max(x."seq") AS "seq" FROM ${timeline} x WHERE x."saga_id" = e."saga_id") last ON true
      WHERE e."saga_id" IN (SELECT "id" FROM written)
    ), outbox_rows AS (
      INSERT INTO ${outbox} ("id", "subject", "headers", "payload")
      SELECT o."id", o."subject", COALESCE(o."headers", '{}'::jsonb), COALESCE(o."payload", 'null'::jsonb)
      FROM jsonb_to_recordset($4::jsonb) AS o("saga_id" uuid, "ord" integer, "id" uuid, "subject" text,
        "headers" jsonb, "payload" jsonb)
      WHERE o."saga_id" IN (SELECT "id" FROM written)
      ORDER BY o."ord"
      RETURNING 1
    ), inbox_rows AS (
      INSERT INTO ${inbox} ("consumer", "message_id")
      SELECT m."consumer", m."message_id" FROM messages m WHERE m."saga_id" IN (SELECT "id" FROM written)
      ON CONFLICT DO NOTHING
    ), swept AS (
      DELETE FROM ${outbox} WHERE "id" = ANY($6::uuid[])
    )
    SELECT ARRAY(SELECT "id"::text FROM written) AS "written",
      ARRAY(SELECT "saga_id"::text FROM handled) AS "handled",
      -- PostgreSQL delivers the NOTIFY at commit, so the relay wakes once the rows are visible.
      CASE WHEN $7::boolean AND EXISTS (SELECT 1 FROM outbox_rows) THEN pg_notify($9::text, '') END AS "notified"`;
}
