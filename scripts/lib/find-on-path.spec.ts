import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { findOnPath } from './find-on-path';

describe('findOnPath', () => {
  it('finds an executable in a PATH directory, skipping non-executable files', () => {
    const first = mkdtempSync(join(tmpdir(), 'path-a-'));
    const second = mkdtempSync(join(tmpdir(), 'path-b-'));
    writeFileSync(join(first, 'tool'), '');
    writeFileSync(join(second, 'tool'), '#!/bin/sh\n');
    chmodSync(join(second, 'tool'), 0o755);

    expect(findOnPath('tool', { PATH: [first, second].join(delimiter) })).toBe(join(second, 'tool'));
    expect(findOnPath('missing-tool', { PATH: first })).toBeUndefined();
    expect(findOnPath('tool', {})).toBeUndefined();
  });
});
