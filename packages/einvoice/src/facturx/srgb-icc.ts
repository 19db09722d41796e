/**
 * A minimal ICC v2 display profile for sRGB (D50-adapted primaries, gamma 2.2 curves), built in
 * code so that PDF/A OutputIntents need no binary asset. Good enough to declare the colour space
 * of documents whose colours are DeviceRGB.
 */
function s15Fixed16(v: number): number {
  return Math.round(v * 65536) | 0;
}

export function buildSrgbIccProfile(): Uint8Array {
  const tags: [string, Uint8Array][] = [];
  const xyz = (x: number, y: number, z: number) => {
    const b = new DataView(new ArrayBuffer(20));
    b.setUint32(0, 0x58595a20); // 'XYZ '
    b.setInt32(8, s15Fixed16(x));
    b.setInt32(12, s15Fixed16(y));
    b.setInt32(16, s15Fixed16(z));
    return new Uint8Array(b.buffer);
  };
  const curve = () => {
    const b = new DataView(new ArrayBuffer(14));
    b.setUint32(0, 0x63757276); // 'curv'
    b.setUint32(8, 1);
    b.setUint16(12, 0x0233); // gamma 2.2 as u8Fixed8
    return new Uint8Array(b.buffer);
  };
  const desc = (text: string) => {
    const ascii = new TextEncoder().encode(`${text}\0`);
    const b = new Uint8Array(12 + ascii.length + 4 + 4 + 2 + 1 + 67);
    const v = new DataView(b.buffer);
    v.setUint32(0, 0x64657363); // 'desc'
    v.setUint32(8, ascii.length);
    b.set(ascii, 12);
    return b;
  };
  const text = (t: string) => {
    const ascii = new TextEncoder().encode(`${t}\0`);
    const b = new Uint8Array(8 + ascii.length);
    new DataView(b.buffer).setUint32(0, 0x74657874); // 'text'
    b.set(ascii, 8);
    return b;
  };
  tags.push(['desc', desc('sRGB IEC61966-2.1 (approximation)')]);
  tags.push(['cprt', text('No copyright, use freely')]);
  tags.push(['wtpt', xyz(0.9642, 1.0, 0.8249)]);
  tags.push(['rXYZ', xyz(0.4361, 0.2225, 0.0139)]);
  tags.push(['gXYZ', xyz(0.3851, 0.7169, 0.0971)]);
  tags.push(['bXYZ', xyz(0.1431, 0.0606, 0.7141)]);
  const trc = curve();
  tags.push(['rTRC', trc], ['gTRC', trc], ['bTRC', trc]);

  const tableSize = 4 + tags.length * 12;
  let offset = 128 + tableSize;
  const placed: { sig: string; offset: number; data: Uint8Array }[] = [];
  const shared = new Map<Uint8Array, number>();
  for (const [sig, data] of tags) {
    const known = shared.get(data);
    if (known !== undefined) {
      placed.push({ sig, offset: known, data });
      continue;
    }
    offset = (offset + 3) & ~3;
    placed.push({ sig, offset, data });
    shared.set(data, offset);
    offset += data.length;
  }
  const size = (offset + 3) & ~3;
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  const ascii = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) out[at + i] = s.charCodeAt(i);
  };
  v.setUint32(0, size);
  v.setUint32(8, 0x02100000); // version 2.1
  ascii(12, 'mntr');
  ascii(16, 'RGB ');
  ascii(20, 'XYZ ');
  v.setUint16(24, 2024);
  v.setUint16(26, 1);
  v.setUint16(28, 1);
  ascii(36, 'acsp');
  v.setInt32(68, s15Fixed16(0.9642));
  v.setInt32(72, s15Fixed16(1.0));
  v.setInt32(76, s15Fixed16(0.8249));
  v.setUint32(128, tags.length);
  placed.forEach((p, i) => {
    ascii(132 + i * 12, p.sig);
    v.setUint32(136 + i * 12, p.offset);
    v.setUint32(140 + i * 12, p.data.length);
    out.set(p.data, p.offset);
  });
  return out;
}
