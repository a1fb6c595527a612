import { MessagingFixture, startMessagingFixture } from '../test/messaging-fixture';
import { JsonKvBucket } from './json-kv-bucket';

interface Note {
  text: string;
}

describe('JsonKvBucket', () => {
  let fixture: MessagingFixture;
  let bucket: JsonKvBucket<Note>;

  beforeAll(async () => {
    fixture = await startMessagingFixture();
    bucket = await JsonKvBucket.open<Note>(fixture.nc, {
      name: 'notes',
      description: 'test notes',
      ttlMs: 60_000,
      replicas: 1,
    });
  });
  afterAll(() => fixture.dispose());

  it('reads back what was put, and null for a key never set', async () => {
    await bucket.put('a', { text: 'first' });
    await bucket.put('a', { text: 'second' });

    expect(await bucket.get('a')).toEqual({ text: 'second' });
    expect(await bucket.get('never-set')).toBeNull();
  });

  it('creates a key once: a second create is refused and the first value stays', async () => {
    expect(await bucket.create('once', { text: 'winner' })).toBe(true);
    expect(await bucket.create('once', { text: 'loser' })).toBe(false);

    expect(await bucket.get('once')).toEqual({ text: 'winner' });
  });

  it('lets exactly one of many concurrent creates of a key win', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => bucket.create('race', { text: `writer ${i}` })),
    );

    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('binds to the existing bucket when opened again, seeing its values', async () => {
    await bucket.put('kept', { text: 'still here' });
    const again = await JsonKvBucket.open<Note>(fixture.nc, {
      name: 'notes',
      description: 'test notes',
      ttlMs: 60_000,
      replicas: 1,
    });

    expect(await again.get('kept')).toEqual({ text: 'still here' });
  });
});
