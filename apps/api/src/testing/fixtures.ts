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
