import { InfrastructureRetries } from './infrastructure-retries';

describe('InfrastructureRetries', () => {
  it('discounts the deliveries that failed on the infrastructure', () => {
    const retries = new InfrastructureRetries();
    retries.note(7);
    retries.note(7);
    expect(retries.counted(7, 3)).toBe(1);
    expect(retries.counted(7, 5)).toBe(3);
    expect(retries.counted(8, 5)).toBe(5);
    retries.forget(7);
    expect(retries.counted(7, 5)).toBe(5);
  });

  it('forgets the least recently failed message beyond its capacity', () => {
    const retries = new InfrastructureRetries(2);
    retries.note(1);
    retries.note(2);
    retries.note(1);
    retries.note(3);
    expect(retries.counted(2, 4)).toBe(4);
    expect(retries.counted(1, 4)).toBe(2);
    expect(retries.counted(3, 4)).toBe(3);
  });
});
