import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { IsOptional, IsString } from 'class-validator';
import { ReserveInventoryCommand } from '../commands/reserve-inventory/reserve-inventory.command';
import { defineCommand } from '../contract-builders';
import { GetStockQuery } from '../queries/get-stock/get-stock.query';
import { SetStockQuery } from '../queries/set-stock/set-stock.query';
import { OrderScoped } from '../shared/order-scoped';
import {
  compatibilityFailure,
  contractSnapshot,
  orphanSnapshots,
  snapshotFailures,
  snapshotFileName,
  updateSnapshots,
} from './contract-snapshots';

class ReserveWithoutItems extends OrderScoped {}

class ReserveWithNote extends OrderScoped {
  @IsOptional()
  @IsString()
  note?: string;
}

const reserveVariant = (payload: new () => object) =>
  defineCommand({ service: 'inventory', action: 'reserve', payload, description: 'a later edit of v1' });

describe('contract snapshots', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'contract-snapshots-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('records the subject, kind, version and payload schema, and a query result schema', () => {
    expect(contractSnapshot(ReserveInventoryCommand)).toMatchObject({
      type: 'inventory.reserve',
      version: 1,
      kind: 'command',
      subject: 'saga.cmd.inventory.reserve',
      payload: { required: ['items', 'orderId'], additionalProperties: false },
    });
    expect(contractSnapshot(GetStockQuery).result).toMatchObject({
      required: ['available', 'reserved', 'sku'],
    });
  });

  it('asks for a snapshot when a contract has none, with the command that records the folder it is kept in', () => {
    expect(compatibilityFailure(ReserveInventoryCommand)).toBeUndefined();
    expect(compatibilityFailure(ReserveInventoryCommand, dir)).toBe(
      `contract inventory.reserve v1 has no schema snapshot (${path.join(dir, 'inventory.reserve.v1.json')}). ` +
        `Run \`npm run contracts:snapshot -- <the saga module's index.ts> ${path.relative(process.cwd(), dir)}\` ` +
        'and commit the new file.',
    );
  });

  it('asks for the platform snapshot command when a platform contract has no snapshot', () => {
    const unsnapshotted = defineCommand({
      service: 'inventory',
      action: 'count',
      payload: ReserveWithNote,
      description: 'not in libs/contracts/schemas',
    });
    expect(compatibilityFailure(unsnapshotted)).toContain('Run `npm run contracts:snapshot` and commit');
  });

  it('passes a contract that matches its snapshot', () => {
    updateSnapshots([ReserveInventoryCommand], dir);
    expect(compatibilityFailure(ReserveInventoryCommand, dir)).toBeUndefined();
  });

  it('names the contract, the problem and the way out when a field is removed', () => {
    updateSnapshots([ReserveInventoryCommand], dir);
    expect(compatibilityFailure(reserveVariant(ReserveWithoutItems), dir)).toBe(
      "contract inventory.reserve v1 is incompatible: field 'items' was removed. Keep v1 as it is and add a new " +
        'version (v2) beside it, or make the change additive (a new optional field)',
    );
  });

  it('reports a changed subject', () => {
    updateSnapshots([ReserveInventoryCommand], dir);
    const moved = { ...ReserveInventoryCommand, subject: 'saga.cmd.stock.reserve' };
    expect(compatibilityFailure(moved, dir)).toContain(
      'subject changed from saga.cmd.inventory.reserve to saga.cmd.stock.reserve',
    );
  });

  it('asks to record an additive change', () => {
    updateSnapshots([reserveVariant(ReserveWithoutItems)], dir);
    expect(compatibilityFailure(reserveVariant(ReserveWithNote), dir)).toBe(
      'contract inventory.reserve v1 changed compatibly; run ' +
        `\`npm run contracts:snapshot -- <the saga module's index.ts> ${path.relative(process.cwd(), dir)}\` ` +
        'to record the change and commit the file.',
    );
  });

  it('writes new and additive snapshots, and refuses to overwrite a breaking change', () => {
    const file = path.join(dir, snapshotFileName(ReserveInventoryCommand));
    expect(updateSnapshots([reserveVariant(ReserveWithoutItems)], dir).written).toEqual([file]);

    expect(updateSnapshots([reserveVariant(ReserveWithNote)], dir).written).toEqual([file]);
    expect(readFileSync(file, 'utf8')).toContain('"note"');
    expect(updateSnapshots([reserveVariant(ReserveWithNote)], dir)).toEqual({
      written: [],
      unchanged: [file],
      refused: [],
    });

    const breaking = updateSnapshots([reserveVariant(ReserveWithoutItems)], dir);
    expect(breaking.written).toEqual([]);
    expect(breaking.refused).toEqual([expect.stringContaining("field 'note' was removed")]);
    expect(readFileSync(file, 'utf8')).toContain('"note"');
  });

  it('sums up a folder: contracts without or unlike their snapshot, and snapshots without a contract', () => {
    const withNote = reserveVariant(ReserveWithNote);
    updateSnapshots([withNote, GetStockQuery], dir);
    const orphan = `${path.join(dir, 'inventory.reserve.v0.json')} has no contract any more; a published version must stay`;
    writeFileSync(path.join(dir, 'inventory.reserve.v0.json'), '{}');

    expect(snapshotFailures([withNote, GetStockQuery], dir)).toEqual([orphan]);
    expect(snapshotFailures([reserveVariant(ReserveWithoutItems), SetStockQuery], dir)).toEqual([
      expect.stringMatching(/^contract inventory\.reserve v1 is incompatible: .*'note' was removed/),
      expect.stringMatching(/^contract query\.inventory\.set-stock v1 has no schema snapshot/),
      orphan,
      `${path.join(dir, 'query.inventory.stock.v1.json')} has no contract any more; a published version must stay`,
    ]);
  });

  it('lists snapshots whose contract version is gone', () => {
    updateSnapshots([ReserveInventoryCommand], dir);
    writeFileSync(path.join(dir, 'inventory.reserve.v0.json'), '{}');
    expect(orphanSnapshots([ReserveInventoryCommand], dir)).toEqual(['inventory.reserve.v0.json']);
  });
});
