import { isUUID } from 'class-validator';
import type { SagaListPosition } from '../../persistence/queries/saga-catalog';

/** Where a page of the saga list ends, as the API hands it out and takes it back. */
export type SagaCursor = SagaListPosition;

const CREATED_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** Opaque to clients: base64url of a small JSON array. */
export function encodeSagaCursor(cursor: SagaCursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt, cursor.sagaId])).toString('base64url');
}

/** The cursor, or undefined when `text` is not one this API handed out. */
export function decodeSagaCursor(text: string): SagaCursor | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
  const [createdAt, sagaId] = parsed as unknown[];
  if (typeof createdAt !== 'string' || !CREATED_AT.test(createdAt) || !isRealInstant(createdAt))
    return undefined;
  if (typeof sagaId !== 'string' || !isUUID(sagaId)) return undefined;
  return { createdAt, sagaId };
}

/** Rejects dates JavaScript would roll over (February 30th) but PostgreSQL refuses. */
function isRealInstant(createdAt: string): boolean {
  const parsed = new Date(createdAt);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 19) === createdAt.slice(0, 19);
}
