import { describe, expect, it } from '@jest/globals';
import { describeName, describePath, describeValue, oneLineText, quoteText } from '../../src/config/describe-value.js';

describe('describeValue', () => {
  it.each([
    ['30 seconds', '"30 seconds"'],
    ['', '""'],
    [2.5, '2.5'],
    [Number.NaN, 'NaN'],
    [Number.NEGATIVE_INFINITY, '-Infinity'],
    [true, 'true'],
    [null, 'null'],
    [[], '[]'],
    [['a', 'b'], 'a list of 2 values'],
    [{ id: 'cn-hangzhou' }, 'a mapping of 1 key'],
    [new Uint8Array(5), 'binary data of 5 bytes'],
    [new Date(0), 'the date 1970-01-01T00:00:00.000Z'],
    ['https://ak:secret@cr.example.com', '"https://<r"…(33 chars)'],
  ])('shows %j as %s', (value, shown) => {
    expect(describeValue(value)).toBe(shown);
  });
});

describe('quoteText', () => {
  it('quotes up to 20 characters whole', () => {
    expect(quoteText('x'.repeat(20))).toBe(`"${'x'.repeat(20)}"`);
  });

  it('cuts a longer value to 10 characters and its length, so a 30-character AccessKey secret is not printed whole', () => {
    expect(quoteText('Zq8vN2xW7kP3mR9tY4bC6dF1gH5jL0')).toBe('"Zq8vN2xW7k"…(30 chars)');
  });

  it('counts and cuts whole characters, not UTF-16 halves', () => {
    expect(quoteText('🙂'.repeat(25))).toBe(`"${'🙂'.repeat(10)}"…(25 chars)`);
  });

  it('escapes line breaks, controls and bidi overrides', () => {
    expect(quoteText('a\nb\u2028c\u202ed\u0085')).toBe('"a\\nb\\u2028c\\u202ed\\u0085"');
  });
});

describe('describeName, describePath and oneLineText', () => {
  it('print plain names and paths as they are, and quote the others', () => {
    expect([describeName('--collection.cache-ttl'), describeName('a\nb'), describeName('k'.repeat(41)), describeName('Zq8vN2xW7kP3mR9tY4bC6dF1gH5jL0', 24)]).toEqual([
      '--collection.cache-ttl',
      '"a\\nb"',
      '"kkkkkkkkkk"…(41 chars)',
      '"Zq8vN2xW7k"…(30 chars)',
    ]);
    expect([describePath('/etc/acr/config.yml'), describePath('/tmp/a\nb.yml')]).toEqual(['/etc/acr/config.yml', '"/tmp/a\\nb.yml"']);
  });

  it('makes a message one line and cuts it', () => {
    expect([oneLineText('a\nb', 10), oneLineText('x'.repeat(30), 10)]).toEqual(['a\\u000ab', `${'x'.repeat(10)}…`]);
  });
});
