import type { Address, Identifier, Party } from '../model/invoice.ts';
import { el, group, leaf, type XmlNode } from '../xml/write-xml.ts';

/** YYYY-MM-DD -> udt:DateTimeString format 102. */
export function dateNode(name: string, date: string | null, prefix = 'udt'): XmlNode | null {
  if (date === null) return null;
  return el(name, {}, leaf(`${prefix}:DateTimeString`, date.replace(/-/g, ''), { format: '102' }));
}

export function ciiAddressNode(a: Address | null): XmlNode | null {
  if (!a) return null;
  return el(
    'ram:PostalTradeAddress',
    {},
    leaf('ram:PostcodeCode', a.postCode),
    leaf('ram:LineOne', a.line1),
    leaf('ram:LineTwo', a.line2),
    leaf('ram:LineThree', a.line3),
    leaf('ram:CityName', a.city),
    leaf('ram:CountryID', a.countryCode),
    leaf('ram:CountrySubDivisionName', a.subdivision),
  );
}

function idNode(name: string, id: Identifier | null): XmlNode | null {
  return id ? leaf(name, id.value, { schemeID: id.scheme }) : null;
}

/** ram:SellerTradeParty / ram:BuyerTradeParty. Identifiers with a scheme go to GlobalID. */
export function ciiPartyNode(name: string, p: Party): XmlNode {
  return el(
    name,
    {},
    p.ids.filter((id) => id.scheme === null).map((id) => leaf('ram:ID', id.value)),
    // A SEPA creditor identifier is BT-90, written as CreditorReferenceID in CII.
    p.ids.filter((id) => id.scheme !== null && id.scheme !== 'SEPA').map((id) => idNode('ram:GlobalID', id)),
    leaf('ram:Name', p.name),
    leaf('ram:Description', p.additionalLegalInfo),
    group(
      'ram:SpecifiedLegalOrganization',
      {},
      idNode('ram:ID', p.legalId),
      leaf('ram:TradingBusinessName', p.tradingName),
    ),
    p.contact
      ? group(
          'ram:DefinedTradeContact',
          {},
          leaf('ram:PersonName', p.contact.name),
          p.contact.phone !== null
            ? el('ram:TelephoneUniversalCommunication', {}, leaf('ram:CompleteNumber', p.contact.phone))
            : null,
          p.contact.email !== null
            ? el('ram:EmailURIUniversalCommunication', {}, leaf('ram:URIID', p.contact.email))
            : null,
        )
      : null,
    ciiAddressNode(p.address),
    p.electronicAddress ? el('ram:URIUniversalCommunication', {}, idNode('ram:URIID', p.electronicAddress)) : null,
    p.vatId !== null ? el('ram:SpecifiedTaxRegistration', {}, leaf('ram:ID', p.vatId, { schemeID: 'VA' })) : null,
    p.taxRegistrationId !== null
      ? el('ram:SpecifiedTaxRegistration', {}, leaf('ram:ID', p.taxRegistrationId, { schemeID: 'FC' }))
      : null,
  );
}
