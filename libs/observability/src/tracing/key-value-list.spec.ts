import { parseKeyValueList } from './key-value-list';

describe('parseKeyValueList', () => {
  it('reads key=value pairs, percent-decoded, blanks trimmed, empty entries skipped', () => {
    expect(
      parseKeyValueList(
        'OTEL_RESOURCE_ATTRIBUTES',
        ' deployment.environment = prod ,, team=pay%20ments,note=a%3Db ',
      ),
    ).toEqual({ 'deployment.environment': 'prod', team: 'pay ments', note: 'a=b' });
  });

  it('gives nothing for an unset or blank value', () => {
    expect(parseKeyValueList('X', undefined)).toEqual({});
    expect(parseKeyValueList('X', '  ')).toEqual({});
  });

  it('keeps an empty value and the last of a duplicated key', () => {
    expect(parseKeyValueList('X', 'a=,b=1,b=2')).toEqual({ a: '', b: '2' });
  });

  it.each(['novalue', '=value', ' =x'])('refuses the entry "%s", naming the variable', (entry) => {
    expect(() => parseKeyValueList('OTEL_EXPORTER_OTLP_HEADERS', `a=1,${entry}`)).toThrow(
      `OTEL_EXPORTER_OTLP_HEADERS must be a list of key=value pairs separated by commas, got "${entry.trim()}"`,
    );
  });

  it('refuses a value that is not valid percent-encoding', () => {
    expect(() => parseKeyValueList('OTEL_RESOURCE_ATTRIBUTES', 'a=100%')).toThrow(
      'OTEL_RESOURCE_ATTRIBUTES has a value that is not valid percent-encoding: "100%"',
    );
  });
});
