import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64Length, decodeBase64, decodeBase64Text, encodeBase64Range } from '../../../src/core/checkpoint/base64';

const encode = (bytes: Uint8Array): string => {
  const out = new Uint8Array(base64Length(bytes.length));
  encodeBase64Range(bytes, 0, bytes.length, out);
  return new TextDecoder().decode(out);
};

describe('decodeBase64Text', () => {
  it('agrees with decodeBase64 on any bytes, lines and all', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => {
        const text = `x${encode(bytes)}y`;
        const got = decodeBase64Text(text, 1, text.length - 1);
        expect(got).toEqual(decodeBase64(new TextEncoder().encode(text.slice(1, -1))));
        expect(got).toEqual(bytes);
      }),
    );
  });

  it('refuses what is not base64: a stray character, a cut group, text after the padding, a character past Latin-1', () => {
    for (const bad of ['QUJD*', 'QUJ', 'QQ==QQ==', 'QUJDRA==x', 'QUJ\u0141']) expect([bad, decodeBase64Text(bad, 0, bad.length)]).toEqual([bad, null]);
  });
});
