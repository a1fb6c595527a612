import { PassThrough } from 'node:stream';
import { linePrefix, pipePrefixedLines, wantsColor } from './prefixed-lines';

describe('linePrefix', () => {
  it('pads names to a common width so the lines of several processes align', () => {
    expect(linePrefix('order', 0, 12, false)).toBe('[order]        ');
    expect(linePrefix('orchestrator', 1, 12, false)).toBe('[orchestrator] ');
  });

  it('colors the label by index on a terminal, cycling through the palette', () => {
    expect(linePrefix('gateway', 0, 7, true)).toBe('\x1b[36m[gateway]\x1b[0m ');
    expect(linePrefix('gateway', 8, 7, true)).toBe(linePrefix('gateway', 0, 7, true));
    expect(linePrefix('order', 1, 7, true)).toBe('\x1b[35m[order]\x1b[0m   ');
  });
});

describe('pipePrefixedLines', () => {
  it('prefixes whole lines, joining chunks split mid-line and keeping a last line without newline', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk: Buffer) => (text += chunk.toString()));

    const done = pipePrefixedLines(input, output, '[x] ');
    input.write('first li');
    input.write('ne\r\nsecond\n\nlast');
    input.end();
    await done;

    expect(text).toBe('[x] first line\n[x] second\n[x] \n[x] last\n');
  });
});

describe('wantsColor', () => {
  const terminal = Object.assign(new PassThrough(), { isTTY: true });

  it('colors a terminal unless NO_COLOR is set, and never a pipe', () => {
    expect(wantsColor(terminal, {})).toBe(true);
    expect(wantsColor(terminal, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor(new PassThrough(), {})).toBe(false);
  });
});
