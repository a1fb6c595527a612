import type { IdGenerator } from '@app/saga-core';

/** Ids `cmd-1`, `cmd-2`, … (or with another prefix). */
export class SequentialIdGenerator implements IdGenerator {
  private count = 0;

  constructor(private readonly prefix = 'cmd-') {}

  next(): string {
    this.count += 1;
    return `${this.prefix}${this.count}`;
  }
}
