import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { parseInvoice, writeFacturx } from '@chorale/einvoice';

/** The files deposited by the « Déposer facture » journeys, derived from e2e/fixtures (SOURCES.md). */

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url));
export const CCI = '13001727000013';

export interface DepositFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

function replaceOnce(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`fixture: « ${from} » not found`);
  return text.replace(from, to);
}

/** The French UBL sample, sent by `supplier` to `buyer` (the CCI) service « ACHATS » under `number`. */
export function ublInvoice(supplier: string, number: string, buyer = CCI): DepositFile {
  let xml = fixture('akretion_ubl-21-en16931_FR.xml').toString('utf8');
  xml = replaceOnce(xml, '<cbc:ID>F124212</cbc:ID>', `<cbc:ID>${number}</cbc:ID>`);
  xml = replaceOnce(
    xml,
    '<cbc:BuyerReference>120943</cbc:BuyerReference>',
    '<cbc:BuyerReference>ACHATS</cbc:BuyerReference>',
  );
  xml = replaceOnce(xml, '>99999999800019<', `>${supplier}<`);
  xml = replaceOnce(xml, '>78787878400018<', `>${buyer}<`);
  return { name: `${number}.xml`, mimeType: 'application/xml', buffer: Buffer.from(xml, 'utf8') };
}

/** The French CII (EN 16931) sample, same changes; `brokenTotal` breaks BR-CO-16 (amount due). */
export function ciiXml(supplier: string, number: string, brokenTotal = false): string {
  let xml = fixture('akretion_factur-x-en16931_FR.xml').toString('utf8');
  xml = replaceOnce(xml, '<ram:ID>F20260023</ram:ID>', `<ram:ID>${number}</ram:ID>`);
  xml = replaceOnce(
    xml,
    '<ram:BuyerReference>SERVEXEC</ram:BuyerReference>',
    '<ram:BuyerReference>ACHATS</ram:BuyerReference>',
  );
  xml = replaceOnce(xml, '>12345678200077<', `>${supplier}<`);
  xml = replaceOnce(xml, '<ram:ID schemeID="0002">987654321</ram:ID>', `<ram:ID schemeID="0009">${CCI}</ram:ID>`);
  if (brokenTotal)
    xml = replaceOnce(
      xml,
      '<ram:DuePayableAmount>104.90</ram:DuePayableAmount>',
      '<ram:DuePayableAmount>99.90</ram:DuePayableAmount>',
    );
  return xml;
}

export function ciiInvoice(supplier: string, number: string, brokenTotal = false): DepositFile {
  const xml = ciiXml(supplier, number, brokenTotal);
  return { name: `${number}.xml`, mimeType: 'application/xml', buffer: Buffer.from(xml, 'utf8') };
}

/** The sample Factur-X PDF with the derived CII embedded as its factur-x.xml. */
export async function facturxInvoice(supplier: string, number: string): Promise<DepositFile> {
  const parsed = await parseInvoice(new TextEncoder().encode(ciiXml(supplier, number)));
  if (!parsed.invoice) throw new Error('fixture: the derived CII does not parse');
  const pdf = await writeFacturx(fixture('akretion_invoice_EN16931_FR.pdf'), parsed.invoice, {
    now: new Date('2026-11-30T10:00:00Z'),
  });
  return { name: `${number}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from(pdf) };
}

/** The plain PDF invoice of the samples (no XML inside), as it is. */
export const plainPdf = (): DepositFile => ({
  name: 'facture-RE-20201121-508.pdf',
  mimeType: 'application/pdf',
  buffer: fixture('mustang_RE-20201121_508_blanko.pdf'),
});

/** A .tar.gz of `files` (ustar headers, written here: nothing else needs an archiver). */
export function tarGz(name: string, files: DepositFile[]): DepositFile {
  const blocks: Buffer[] = [];
  for (const f of files) {
    const header = Buffer.alloc(512);
    header.write(f.name, 0, 100, 'utf8');
    header.write('0000644\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write(`${f.buffer.length.toString(8).padStart(11, '0')}\0`, 124);
    header.write(
      `${Math.floor(Date.now() / 1000)
        .toString(8)
        .padStart(11, '0')}\0`,
      136,
    );
    header.write('        ', 148); // checksum counted as spaces
    header.write('0', 156);
    header.write('ustar\0', 257);
    header.write('00', 263);
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(header, f.buffer, Buffer.alloc((512 - (f.buffer.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return { name, mimeType: 'application/gzip', buffer: gzipSync(Buffer.concat(blocks)) };
}
