import type { Address, Identifier, Party } from '../model/invoice.ts';
import { el, group, leaf, type XmlNode } from '../xml/write-xml.ts';

export function ublAddressNode(name: string, a: Address | null): XmlNode | null {
  if (!a) return null;
  return el(
    name,
    {},
    leaf('cbc:StreetName', a.line1),
    leaf('cbc:AdditionalStreetName', a.line2),
    leaf('cbc:CityName', a.city),
    leaf('cbc:PostalZone', a.postCode),
    leaf('cbc:CountrySubentity', a.subdivision),
    a.line3 !== null ? el('cac:AddressLine', {}, leaf('cbc:Line', a.line3)) : null,
    a.countryCode !== null ? el('cac:Country', {}, leaf('cbc:IdentificationCode', a.countryCode)) : null,
  );
}

export function idNode(name: string, id: Identifier | null): XmlNode | null {
  return id ? leaf(name, id.value, { schemeID: id.scheme }) : null;
}

const taxScheme = (id: string) => el('cac:TaxScheme', {}, leaf('cbc:ID', id));

/** cac:Party for the seller (BG-4) or the buyer (BG-7). */
export function ublPartyNode(p: Party): XmlNode {
  return el(
    'cac:Party',
    {},
    idNode('cbc:EndpointID', p.electronicAddress),
    p.ids.map((id) => el('cac:PartyIdentification', {}, idNode('cbc:ID', id))),
    p.tradingName !== null ? el('cac:PartyName', {}, leaf('cbc:Name', p.tradingName)) : null,
    ublAddressNode('cac:PostalAddress', p.address),
    p.vatId !== null ? el('cac:PartyTaxScheme', {}, leaf('cbc:CompanyID', p.vatId), taxScheme('VAT')) : null,
    p.taxRegistrationId !== null
      ? el('cac:PartyTaxScheme', {}, leaf('cbc:CompanyID', p.taxRegistrationId), taxScheme('FC'))
      : null,
    el(
      'cac:PartyLegalEntity',
      {},
      leaf('cbc:RegistrationName', p.name),
      idNode('cbc:CompanyID', p.legalId),
      leaf('cbc:CompanyLegalForm', p.additionalLegalInfo),
    ),
    p.contact
      ? group(
          'cac:Contact',
          {},
          leaf('cbc:Name', p.contact.name),
          leaf('cbc:Telephone', p.contact.phone),
          leaf('cbc:ElectronicMail', p.contact.email),
        )
      : null,
  );
}
