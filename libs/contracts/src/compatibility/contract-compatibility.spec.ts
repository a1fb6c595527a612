import { PLATFORM_CONTRACTS } from '../platform-contracts';
import { compatibilityFailure, orphanSnapshots, updateSnapshots } from './contract-snapshots';

// `UPDATE_CONTRACT_SNAPSHOTS=1 npx jest libs/contracts` records new contracts and additive
// changes first (as `npm run contracts:snapshot` does); breaking changes still fail below.
if (process.env.UPDATE_CONTRACT_SNAPSHOTS === '1') {
  beforeAll(() => {
    for (const failure of updateSnapshots(PLATFORM_CONTRACTS).refused) console.error(failure);
  });
}

describe('contract compatibility with the committed schemas (libs/contracts/schemas)', () => {
  it.each(PLATFORM_CONTRACTS.map((contract) => [`${contract.type} v${contract.version}`, contract] as const))(
    '%s matches its snapshot',
    (_name, contract) => {
      const failure = compatibilityFailure(contract);
      if (failure) throw new Error(failure);
    },
  );

  it('keeps no snapshot of a contract version that is gone', () => {
    expect(orphanSnapshots(PLATFORM_CONTRACTS)).toEqual([]);
  });
});
