import { BadRequestException } from '@nestjs/common';
import { SkuPipe } from './sku.pipe';

describe('SkuPipe', () => {
  const pipe = new SkuPipe();

  it.each(['SKU-001', 'A', '0-9', 'X'.repeat(32)])('accepts %s', (sku) => {
    expect(pipe.transform(sku)).toBe(sku);
  });

  it.each(['sku-001', 'SKU_001', 'SKU 1', '', 'X'.repeat(33), 'SKU-001\n'])('rejects %j with 400', (sku) => {
    expect(() => pipe.transform(sku)).toThrow(BadRequestException);
  });
});
