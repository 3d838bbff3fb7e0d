/** SHA-256 of a text, hex. WebCrypto exists in Obsidian (desktop and mobile) and in Node 20. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}
