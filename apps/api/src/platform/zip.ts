/**
 * A .zip of the entries, deflated, names in UTF-8, as one buffer: the downloads of several files
 * in one answer (the Chorus Pro-compatible `telecharger/*`, answered in base64). Callers bound the
 * total size; the portal's own zip download streams with the same library (download-invoices.ts).
 */
export async function zipBuffer(entries: { name: string; bytes: Uint8Array }[]): Promise<Buffer> {
  // Loaded with the first zip, not at start-up (issue 13).
  const { default: archiver } = await import('archiver');
  const zip = archiver('zip', { zlib: { level: 6 } });
  const chunks: Buffer[] = [];
  zip.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    zip.once('end', resolve).once('error', reject);
  });
  for (const e of entries) zip.append(Buffer.from(e.bytes), { name: e.name });
  await zip.finalize();
  await ended;
  return Buffer.concat(chunks);
}
