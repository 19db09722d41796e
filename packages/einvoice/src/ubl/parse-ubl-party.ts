import type { Address, Contact, Identifier, Party } from '../model/invoice.ts';
import { emptyParty } from '../model/empty.ts';
import { all, attr, first, text, type XmlElement } from '../xml/xml-node.ts';

export function ublIdentifier(el: XmlElement | null): Identifier | null {
  if (!el) return null;
  return { value: el.text.trim(), scheme: attr(el, 'schemeID') };
}

export function ublAddress(el: XmlElement | null): Address | null {
  if (!el) return null;
  return {
    line1: text(el, 'cbc:StreetName'),
    line2: text(el, 'cbc:AdditionalStreetName'),
    line3: text(el, 'cac:AddressLine/cbc:Line'),
    city: text(el, 'cbc:CityName'),
    postCode: text(el, 'cbc:PostalZone'),
    subdivision: text(el, 'cbc:CountrySubentity'),
    countryCode: text(el, 'cac:Country/cbc:IdentificationCode'),
  };
}

function ublContact(el: XmlElement | null): Contact | null {
  if (!el) return null;
  return { name: text(el, 'cbc:Name'), phone: text(el, 'cbc:Telephone'), email: text(el, 'cbc:ElectronicMail') };
}

function isVatScheme(taxScheme: XmlElement): boolean {
  return (text(taxScheme, 'cac:TaxScheme/cbc:ID') ?? '').trim().toUpperCase() === 'VAT';
}

/** BG-4 / BG-7 from cac:Party. */
export function ublParty(party: XmlElement | null): Party {
  const out = emptyParty();
  if (!party) return out;
  out.name = normalize(text(party, 'cac:PartyLegalEntity/cbc:RegistrationName'));
  out.tradingName = normalize(text(party, 'cac:PartyName/cbc:Name'));
  out.ids = all(party, 'cac:PartyIdentification/cbc:ID').map((e) => ublIdentifier(e)!);
  out.legalId = ublIdentifier(first(party, 'cac:PartyLegalEntity/cbc:CompanyID'));
  for (const scheme of all(party, 'cac:PartyTaxScheme')) {
    const id = text(scheme, 'cbc:CompanyID');
    if (id === null) continue;
    if (isVatScheme(scheme)) out.vatId ??= id.trim();
    else out.taxRegistrationId ??= id.trim();
  }
  out.additionalLegalInfo = text(party, 'cac:PartyLegalEntity/cbc:CompanyLegalForm');
  out.electronicAddress = ublIdentifier(first(party, 'cbc:EndpointID'));
  out.address = ublAddress(first(party, 'cac:PostalAddress'));
  out.contact = ublContact(first(party, 'cac:Contact'));
  return out;
}

export function normalize(value: string | null): string | null {
  return value === null ? null : value.replace(/\s+/g, ' ').trim();
}
