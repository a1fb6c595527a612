import type { IncomingMessage, ServerResponse } from 'node:http';
import { jsonDepthProblem } from '@app/contracts';

export const JSON_BODY_LIMIT = '100kb';

type Next = (error?: unknown) => void;

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Rejects a request body that is not `application/json` with 415 before any parser reads it, so
 * a form or text body cannot slip past validation as an empty object.
 */
export function requireJsonContentType(req: IncomingMessage, res: ServerResponse, next: Next): void {
  if (!METHODS_WITH_BODY.has(req.method ?? '') || !hasBody(req) || isJson(req.headers['content-type'])) {
    next();
    return;
  }
  sendError(res, 415, 'Content-Type must be application/json');
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function isJson(contentType: string | undefined): boolean {
  return contentType?.split(';')[0].trim().toLowerCase() === 'application/json';
}

interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
  message?: string;
}

/**
 * Express error handler placed right after the JSON parser: its failures (malformed JSON,
 * oversized body, unsupported charset) answer as `{statusCode, message}` JSON instead of
 * Express's HTML error page. Anything else goes on to Nest.
 */
export function bodyParserErrors(
  error: unknown,
  _req: IncomingMessage,
  res: ServerResponse,
  next: Next,
): void {
  const failure = error as BodyParserError | undefined;
  if (failure?.type === 'entity.parse.failed') {
    sendError(res, 400, 'Malformed JSON in request body');
  } else if (failure?.type === 'entity.too.large') {
    sendError(res, 413, `Request body exceeds the ${JSON_BODY_LIMIT} limit`);
  } else if (failure?.expose && typeof failure.status === 'number' && failure.status < 500) {
    sendError(res, failure.status, failure.message ?? 'Bad request body');
  } else {
    next(error);
  }
}

/**
 * Placed right after the JSON parser: a body nested deeper than `MAX_JSON_DEPTH` is refused with
 * 400 before validation transforms it recursively (which would overflow the stack and answer 500).
 */
export function rejectDeepJson(
  req: IncomingMessage & { body?: unknown },
  res: ServerResponse,
  next: Next,
): void {
  const tooDeep = jsonDepthProblem(req.body);
  if (tooDeep) sendError(res, 400, `Request body ${tooDeep}`);
  else next();
}

function sendError(res: ServerResponse, statusCode: number, message: string): void {
  res.statusCode = statusCode;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ statusCode, message }));
}
