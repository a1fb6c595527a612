import { displayUrl } from './display-url';

describe('displayUrl', () => {
  it('hides the password and keeps everything else', () => {
    expect(displayUrl('postgres://app:s3cret@db:5432/saga')).toBe('postgres://app:***@db:5432/saga');
    expect(displayUrl('nats://svc:pw@broker:4222')).toBe('nats://svc:***@broker:4222');
    expect(displayUrl('postgres://postgres@127.0.0.1:5432/saga_orchestrator')).toBe(
      'postgres://postgres@127.0.0.1:5432/saga_orchestrator',
    );
  });
});
