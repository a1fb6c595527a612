import type { MigrationInterface } from 'typeorm';

/** A migration as TypeORM runs it: a class with `up` and `down`. */
export type MigrationClass = new () => MigrationInterface;
