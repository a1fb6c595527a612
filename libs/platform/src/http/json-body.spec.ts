import type { IncomingMessage, ServerResponse } from 'node:http';
import { bodyParserErrors, rejectDeepJson, requireJsonContentType } from './json-body';

function request(method: string, headers: Record<string, string>): IncomingMessage {
  return { method, headers } as unknown as IncomingMessage;
}

function response() {
  const res = { statusCode: 200, headers: {} as Record<string, string>, body: '' };
  return Object.assign(res, {
    setHeader: (name: string, value: string) => (res.headers[name.toLowerCase()] = value),
    end: (body: string) => (res.body = body),
  });
}

describe('requireJsonContentType', () => {
  it.each([
    ['a JSON body', 'POST', { 'content-type': 'application/json', 'content-length': '2' }],
    [
      'a JSON body with a charset',
      'PUT',
      { 'content-type': 'Application/JSON; charset=utf-8', 'content-length': '2' },
    ],
    ['a body-less POST', 'POST', {}],
    ['a GET', 'GET', { 'content-type': 'text/plain', 'content-length': '5' }],
  ])('lets %s through', (_case, method, headers) => {
    const next = jest.fn();
    const res = response();
    requireJsonContentType(request(method, headers), res as unknown as ServerResponse, next);
    expect(next).toHaveBeenCalledWith();
    expect(res.body).toBe('');
  });

  it.each([
    ['text', { 'content-type': 'text/plain', 'content-length': '5' }],
    ['a form', { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' }],
    ['no content type', { 'content-length': '5' }],
  ])('answers 415 for %s', (_case, headers) => {
    const next = jest.fn();
    const res = response();
    requireJsonContentType(request('POST', headers), res as unknown as ServerResponse, next);
    expect(next).not.toHaveBeenCalled();
    expect(res.statusCode).toBe(415);
    expect(JSON.parse(res.body)).toEqual({
      statusCode: 415,
      message: 'Content-Type must be application/json',
    });
  });
});

describe('bodyParserErrors', () => {
  it.each([
    [{ type: 'entity.parse.failed', status: 400, expose: true }, 400, 'Malformed JSON in request body'],
    [{ type: 'entity.too.large', status: 413, expose: true }, 413, 'Request body exceeds the 100kb limit'],
    [
      { type: 'charset.unsupported', status: 415, expose: true, message: 'unsupported charset "LATIN1"' },
      415,
      'unsupported charset "LATIN1"',
    ],
  ])('answers a parser failure as JSON', (error, statusCode, message) => {
    const next = jest.fn();
    const res = response();
    bodyParserErrors(error, request('POST', {}), res as unknown as ServerResponse, next);
    expect(next).not.toHaveBeenCalled();
    expect(res.statusCode).toBe(statusCode);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(res.body)).toEqual({ statusCode, message });
  });

  it('hands any other error on', () => {
    const next = jest.fn();
    const error = new Error('boom');
    bodyParserErrors(error, request('POST', {}), response() as unknown as ServerResponse, next);
    expect(next).toHaveBeenCalledWith(error);
  });
});

describe('rejectDeepJson', () => {
  const withBody = (body: unknown) => Object.assign(request('POST', {}), { body });

  it.each([
    ['no body', undefined],
    ['an order', { items: [{ sku: 'A', quantity: 1 }], shippingAddress: { city: 'X' } }],
    ['32 levels', JSON.parse('['.repeat(32) + ']'.repeat(32)) as unknown],
  ])('lets %s through', (_case, body) => {
    const next = jest.fn();
    const res = response();
    rejectDeepJson(withBody(body), res as unknown as ServerResponse, next);
    expect(next).toHaveBeenCalledWith();
    expect(res.body).toBe('');
  });

  it.each([
    ['33 levels', JSON.parse('['.repeat(33) + ']'.repeat(33)) as unknown],
    [
      '8,000 levels in a field',
      { items: JSON.parse('{"a":'.repeat(8_000) + '1' + '}'.repeat(8_000)) as unknown },
    ],
  ])('answers 400 for %s', (_case, body) => {
    const next = jest.fn();
    const res = response();
    rejectDeepJson(withBody(body), res as unknown as ServerResponse, next);
    expect(next).not.toHaveBeenCalled();
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body)).toEqual({
      statusCode: 400,
      message: 'Request body nests arrays and objects deeper than 32 levels',
    });
  });
});
