/** The webinar's supplier: LECOINTRE PARIS, as « Créer une structure » submits it. */
export const lecointre = {
  identifierType: 'SIRET',
  identifier: '89934607600024',
  kind: 'PRIVEE',
  companyName: 'LECOINTRE PARIS',
  address: '64 RUE MEDERIC',
  city: 'LA GARENNE-COLOMBES',
  postalCode: '92250',
  countryCode: 'FR',
};

/** LECOINTRE PARIS's bank details (a valid French IBAN), so that an invoice paid by transfer may go. */
export const lecointreBank = { holderName: 'LECOINTRE PARIS', iban: 'FR7630006000011234567890189', bic: 'BNPAFRPP' };
