import { readFileSync } from 'node:fs';
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';

/** Test-only helpers of the intake tests: sample files and archives built in memory. */
export const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

export const LECOINTRE = '89934607600024';
export const CCI = '13001727000013';

/**
 * The akretion French UBL sample with parties known to the test directory: supplier LECOINTRE
 * PARIS, recipient the CCI and its service ACHATS; number and text substitutions as given.
 */
export function ublSample(over: { number?: string; service?: string; buyer?: string } = {}): Buffer {
  let xml = fixture('akretion_ubl-21-en16931_FR.xml').toString('utf8');
  xml = xml.replaceAll('99999999800019', LECOINTRE).replaceAll('78787878400018', over.buyer ?? CCI);
  xml = xml.replace(
    '<cbc:BuyerReference>120943</cbc:BuyerReference>',
    `<cbc:BuyerReference>${over.service ?? 'ACHATS'}</cbc:BuyerReference>`,
  );
  if (over.number) xml = xml.replace('<cbc:ID>F124212</cbc:ID>', `<cbc:ID>${over.number}</cbc:ID>`);
  return Buffer.from(xml, 'utf8');
}

/** A .zip of stored or deflated entries (names taken as given, for path-trick tests too). */
export function zip(entries: { name: string; bytes: Buffer }[], deflate = true): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = deflate ? deflateRawSync(e.bytes) : e.bytes;
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc32(e.bytes), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(e.bytes.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(deflate ? 8 : 0, 10);
    central.writeUInt32LE(crc32(e.bytes), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(e.bytes.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** A .tar.gz (ustar) of the entries. */
export function tarGz(entries: { name: string; bytes: Buffer }[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const h = Buffer.alloc(512);
    h.write(e.name, 0, 100, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(e.bytes.length.toString(8).padStart(11, '0') + '\0', 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write('0', 156);
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(h, e.bytes, Buffer.alloc((512 - (e.bytes.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}
