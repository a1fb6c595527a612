import {
  ArgumentsHost,
  BadRequestException,
  Logger,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { HttpErrorFilter } from './http-error.filter';

function setUp(headersSent = false) {
  const response = { headersSent };
  const reply = jest.fn();
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  const filter = new HttpErrorFilter({ httpAdapter: { reply } } as unknown as HttpAdapterHost);
  return { filter, host, response, reply };
}

describe('HttpErrorFilter', () => {
  it('keeps the status and message of an HTTP exception, dropping the `error` label', () => {
    const { filter, host, response, reply } = setUp();
    filter.catch(new BadRequestException(['customerId must be a string']), host);
    expect(reply).toHaveBeenCalledWith(
      response,
      { statusCode: 400, message: ['customerId must be a string'] },
      400,
    );

    filter.catch(new NotFoundException('Order x not found'), host);
    expect(reply).toHaveBeenLastCalledWith(response, { statusCode: 404, message: 'Order x not found' }, 404);
  });

  it('passes a body without a message (a health check result) through', () => {
    const { filter, host, response, reply } = setUp();
    const result = { status: 'error', info: {}, error: { jetstream: { status: 'down' } }, details: {} };
    filter.catch(new ServiceUnavailableException(result), host);
    expect(reply).toHaveBeenCalledWith(response, result, 503);
  });

  it('turns anything else into a bare 500 and logs it', () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const { filter, host, response, reply } = setUp();
    filter.catch(new Error('relation "orders" does not exist at SELECT * FROM orders'), host);
    expect(reply).toHaveBeenCalledWith(response, { statusCode: 500, message: 'Internal server error' }, 500);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('relation "orders" does not exist'));
    logged.mockRestore();
  });

  it('leaves a response that is already sent alone', () => {
    const { filter, host, reply } = setUp(true);
    filter.catch(new Error('late'), host);
    expect(reply).not.toHaveBeenCalled();
  });
});
