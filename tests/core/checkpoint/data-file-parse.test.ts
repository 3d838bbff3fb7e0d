import { describe, expect, it } from 'vitest';
import { parseDataFile, renderDataFile, type DataPart } from '../../../src/core/checkpoint/data-file';
import { TimeSlices } from '../../../src/core/time-slices';

const noYield = (): TimeSlices => new TimeSlices(() => 0, () => Promise.resolve());

async function part(n: number): Promise<DataPart> {
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) bytes[i] = (i * 131 + (i >> 7)) & 0xff;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return { bytes, sha256: [...digest].map((b) => b.toString(16).padStart(2, '0')).join('') };
}

describe('parseDataFile reads the base64 lines back', () => {
  it('gives the exact bytes of a file as written, for lengths that end mid-group and on whole lines', async () => {
    for (const n of [0, 1, 2, 3, 767, 768, 769, 5000]) {
      const p = await part(n);
      const { text } = await renderDataFile({ checkpoint: 1, part: 1, parts: 1, note: 'n' }, p, noYield());
      const r = await parseDataFile(text);
      expect(r.ok && [...r.bytes]).toEqual([...p.bytes]);
    }
  });

  it('still reads base64 lines an editor saved with CRLF or trailing spaces (then the digest decides)', async () => {
    const p = await part(3000);
    const { text } = await renderDataFile({ checkpoint: 1, part: 1, parts: 1, note: 'n' }, p, noYield());
    const body = text.indexOf('```flows-data\n') + 14;
    const head = text.slice(0, body);
    const lines = text.slice(body);
    // Inside the fence only: the fence lines themselves are found by their `\n` (as before).
    const crlf = head + lines.replace(/([A-Za-z0-9+/=])\n/g, '$1\r\n');
    for (const edited of [crlf, head + lines.replace(/([A-Za-z0-9+/=])\n/g, '$1  \n')]) {
      const r = await parseDataFile(edited);
      expect(r.ok && [...r.bytes]).toEqual([...p.bytes]);
    }
  });

  it('says what is wrong with a stray character in the data', async () => {
    const p = await part(3000);
    const { text } = await renderDataFile({ checkpoint: 1, part: 1, parts: 1, note: 'n' }, p, noYield());
    const at = text.indexOf('```flows-data\n') + 30;
    expect(await parseDataFile(text.slice(0, at) + '!' + text.slice(at + 1))).toEqual({ ok: false, why: 'holds something that is not base64' });
  });
});
