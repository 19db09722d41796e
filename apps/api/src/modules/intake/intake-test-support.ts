import { readFileSync } from 'node:fs';
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import { parseInvoice, writeFacturx } from '@chorale/einvoice';

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

/** A .zip of stored or deflated entries, names taken as given (for path-trick tests too): hand-built, since a zip library would clean the names. */
export function zip(entries: { name: string; bytes: Uint8Array }[], deflate = true): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = deflate ? deflateRawSync(e.bytes) : Buffer.from(e.bytes);
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

/**
 * A 5-line EN 16931 UBL invoice from LECOINTRE PARIS to the CCI (service ACHATS), numbered as
 * asked: the bench's batch file and the size of a typical supplier invoice.
 */
export function fiveLineUbl(number: string, issueDate = '2026-11-02'): Buffer {
  const lines = [1, 2, 3, 4, 5]
    .map(
      (i) => `  <cac:InvoiceLine>
    <cbc:ID>${i}</cbc:ID>
    <cbc:InvoicedQuantity unitCode="C62">${i * 2}</cbc:InvoicedQuantity>
    <cbc:LineExtensionAmount currencyID="EUR">${(i * 2 * 10).toFixed(2)}</cbc:LineExtensionAmount>
    <cac:Item>
      <cbc:Name>Article ${i}</cbc:Name>
      <cac:SellersItemIdentification><cbc:ID>ART-${i}</cbc:ID></cac:SellersItemIdentification>
      <cac:ClassifiedTaxCategory>
        <cbc:ID>S</cbc:ID>
        <cbc:Percent>20</cbc:Percent>
        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
      </cac:ClassifiedTaxCategory>
    </cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="EUR">10.00</cbc:PriceAmount></cac:Price>
  </cac:InvoiceLine>`,
    )
    .join('\n');
  // 2+4+6+8+10 = 30 items at 10.00: 300.00 HT, 60.00 VAT, 360.00 TTC.
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>
  <cbc:ID>${number}</cbc:ID>
  <cbc:IssueDate>${issueDate}</cbc:IssueDate>
  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cbc:BuyerReference>ACHATS</cbc:BuyerReference>
  <cac:OrderReference><cbc:ID>ENG-2026-042</cbc:ID></cac:OrderReference>
  <cac:AccountingSupplierParty>
    <cac:Party>
      <cbc:EndpointID schemeID="0009">${LECOINTRE}</cbc:EndpointID>
      <cac:PartyIdentification><cbc:ID schemeID="0009">${LECOINTRE}</cbc:ID></cac:PartyIdentification>
      <cac:PostalAddress>
        <cbc:StreetName>64 RUE MEDERIC</cbc:StreetName>
        <cbc:CityName>LA GARENNE-COLOMBES</cbc:CityName>
        <cbc:PostalZone>92250</cbc:PostalZone>
        <cac:Country><cbc:IdentificationCode>FR</cbc:IdentificationCode></cac:Country>
      </cac:PostalAddress>
      <cac:PartyTaxScheme>
        <cbc:CompanyID>FR32899346076</cbc:CompanyID>
        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
      </cac:PartyTaxScheme>
      <cac:PartyLegalEntity>
        <cbc:RegistrationName>LECOINTRE PARIS</cbc:RegistrationName>
        <cbc:CompanyID schemeID="0002">899346076</cbc:CompanyID>
      </cac:PartyLegalEntity>
    </cac:Party>
  </cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty>
    <cac:Party>
      <cbc:EndpointID schemeID="0009">${CCI}</cbc:EndpointID>
      <cac:PartyIdentification><cbc:ID schemeID="0009">${CCI}</cbc:ID></cac:PartyIdentification>
      <cac:PostalAddress>
        <cbc:StreetName>27 AVENUE DE FRIEDLAND</cbc:StreetName>
        <cbc:CityName>PARIS</cbc:CityName>
        <cbc:PostalZone>75008</cbc:PostalZone>
        <cac:Country><cbc:IdentificationCode>FR</cbc:IdentificationCode></cac:Country>
      </cac:PostalAddress>
      <cac:PartyLegalEntity>
        <cbc:RegistrationName>CCI REGION PARIS ILE FRANCE</cbc:RegistrationName>
      </cac:PartyLegalEntity>
    </cac:Party>
  </cac:AccountingCustomerParty>
  <cac:PaymentMeans>
    <cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>
    <cac:PayeeFinancialAccount><cbc:ID>FR7630006000011234567890189</cbc:ID></cac:PayeeFinancialAccount>
  </cac:PaymentMeans>
  <cac:TaxTotal>
    <cbc:TaxAmount currencyID="EUR">60.00</cbc:TaxAmount>
    <cac:TaxSubtotal>
      <cbc:TaxableAmount currencyID="EUR">300.00</cbc:TaxableAmount>
      <cbc:TaxAmount currencyID="EUR">60.00</cbc:TaxAmount>
      <cac:TaxCategory>
        <cbc:ID>S</cbc:ID>
        <cbc:Percent>20</cbc:Percent>
        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
      </cac:TaxCategory>
    </cac:TaxSubtotal>
  </cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="EUR">300.00</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="EUR">300.00</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="EUR">360.00</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="EUR">360.00</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
${lines}
</Invoice>
`);
}

/** A Factur-X (EN 16931) from LECOINTRE PARIS to the CCI: fiveLineUbl's invoice written by packages/einvoice. */
export async function facturxSample(number: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage();
  return Buffer.from(await writeFacturx(await doc.save(), (await parseInvoice(fiveLineUbl(number))).invoice!));
}
