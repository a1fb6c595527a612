import { validateSync } from 'class-validator';
import { checkContractRules } from './contract-rules/check-contract-rules';
import { PLATFORM_CONTRACTS } from './platform-contracts';

describe('PLATFORM_CONTRACTS', () => {
  it('follow the contract rules: naming per kind, a reply per command, one contract per type, subject and version', () => {
    expect(checkContractRules(PLATFORM_CONTRACTS)).toEqual([]);
  });

  // Participants fall back on payload.orderId to key their idempotency when a command comes
  // without a business-key header (sent before the orchestrator added it).
  it.each(
    PLATFORM_CONTRACTS.filter((contract) => contract.kind === 'command').map(
      (contract) => [contract.type, contract] as const,
    ),
  )('command %s requires an orderId', (_type, command) => {
    const errors = validateSync(new command.payload(), { skipMissingProperties: false });
    expect(errors.map((error) => error.property)).toContain('orderId');
  });
});
