import { replyEvent } from './saga-event';

describe('replyEvent', () => {
  it('maps each reply outcome onto its event', () => {
    expect(replyEvent('s', 'c-1', { outcome: 'SUCCESS', result: { id: 1 } })).toEqual({
      type: 'reply-success',
      stepName: 's',
      commandId: 'c-1',
      result: { id: 1 },
    });
    const error = { code: 'DECLINED', message: 'card declined' };
    expect(replyEvent('s', 'c-1', { outcome: 'BUSINESS_FAILURE', error })).toEqual({
      type: 'reply-business-failure',
      stepName: 's',
      commandId: 'c-1',
      error,
    });
    expect(replyEvent('s', 'c-1', { outcome: 'TRANSIENT_FAILURE', error }).type).toBe(
      'reply-transient-failure',
    );
  });

  it('gives a failure without an error a reason anyway', () => {
    expect(replyEvent('s', 'c-1', { outcome: 'BUSINESS_FAILURE' })).toMatchObject({
      error: { code: 'UNSPECIFIED', message: 'the participant gave no reason' },
    });
  });
});
