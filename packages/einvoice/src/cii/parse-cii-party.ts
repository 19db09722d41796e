import type { Address, Identifier, Party } from '../model/invoice.ts';
import { emptyParty } from '../model/empty.ts';
import { normalize } from '../ubl/parse-ubl-party.ts';
import { all, attr, first, text, type XmlElement } from '../xml/xml-node.ts';

export function ciiIdentifier(el: XmlElement | null): Identifier | null {
  if (!el) return null;
  return { value: el.text.trim(), scheme: attr(el, 'schemeID') };
}

/** A CII date (udt:DateTimeString format 102 = YYYYMMDD) as YYYY-MM-DD; other formats kept as written. */
export function ciiDate(el: XmlElement | null): string | null {
  if (!el) return null;
  const value = el.text.trim();
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : value;
}

export function ciiAddress(el: XmlElement | null): Address | null {
  if (!el) return null;
  return {
    line1: text(el, 'ram:LineOne'),
    line2: text(el, 'ram:LineTwo'),
    line3: text(el, 'ram:LineThree'),
    city: text(el, 'ram:CityName'),
    postCode: text(el, 'ram:PostcodeCode'),
    subdivision: text(el, 'ram:CountrySubDivisionName'),
    countryCode: text(el, 'ram:CountryID'),
  };
}

/** BG-4 / BG-7 from a ram:*TradeParty. */
export function ciiParty(party: XmlElement | null): Party {
  const out = emptyParty();
  if (!party) return out;
  out.name = normalize(text(party, 'ram:Name'));
  out.tradingName = normalize(text(party, 'ram:SpecifiedLegalOrganization/ram:TradingBusinessName'));
  out.ids = [...all(party, 'ram:ID'), ...all(party, 'ram:GlobalID')].map((e) => ciiIdentifier(e)!);
  out.legalId = ciiIdentifier(first(party, 'ram:SpecifiedLegalOrganization/ram:ID'));
  for (const reg of all(party, 'ram:SpecifiedTaxRegistration/ram:ID')) {
    const scheme = attr(reg, 'schemeID');
    if (scheme === 'VA') out.vatId ??= reg.text.trim();
    else if (scheme === 'FC') out.taxRegistrationId ??= reg.text.trim();
  }
  out.additionalLegalInfo = text(party, 'ram:Description');
  out.electronicAddress = ciiIdentifier(first(party, 'ram:URIUniversalCommunication/ram:URIID'));
  out.address = ciiAddress(first(party, 'ram:PostalTradeAddress'));
  const contact = first(party, 'ram:DefinedTradeContact');
  out.contact = contact
    ? {
        name: text(contact, 'ram:PersonName') ?? text(contact, 'ram:DepartmentName'),
        phone: text(contact, 'ram:TelephoneUniversalCommunication/ram:CompleteNumber'),
        email: text(contact, 'ram:EmailURIUniversalCommunication/ram:URIID'),
      }
    : null;
  return out;
}
