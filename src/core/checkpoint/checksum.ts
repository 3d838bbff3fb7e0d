/** SHA-256 of a text, hex. WebCrypto exists in Obsidian (desktop and mobile) and in Node 20. */
export async function sha256Hex(text: string): Promise<string> {
  return sha256HexOfBytes(new TextEncoder().encode(text));
}

/** SHA-256 of bytes already encoded (a big snapshot is encoded once, for its size and its hash). */
export async function sha256HexOfBytes(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}

export function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}
