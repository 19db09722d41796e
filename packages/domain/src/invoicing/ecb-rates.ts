import type { EcbRate } from './payment-delay.ts';

/**
 * ECB main refinancing operations rate, by effective date (percent). Source: European Central
 * Bank, « Key ECB interest rates » (https://www.ecb.europa.eu/stats/policy_and_exchange_rates/key_ecb_interest_rates/html/index.en.html),
 * rates applied by the Banque de France to French public buyers' late payments
 * (https://www.banque-france.fr/fr/statistiques/taux-et-cours/taux-directeurs-de-la-bce). The
 * database keeps its own copy, seeded from this list and kept up to date by an operator with
 * `npm run rates:ecb -- DATE TAUX` (README).
 */
export const ECB_MAIN_REFINANCING_RATES: readonly EcbRate[] = [
  { from: '2008-10-15', rate: '3.75' },
  { from: '2008-11-12', rate: '3.25' },
  { from: '2008-12-10', rate: '2.50' },
  { from: '2009-01-21', rate: '2.00' },
  { from: '2009-03-11', rate: '1.50' },
  { from: '2009-04-08', rate: '1.25' },
  { from: '2009-05-13', rate: '1.00' },
  { from: '2011-04-13', rate: '1.25' },
  { from: '2011-07-13', rate: '1.50' },
  { from: '2011-11-09', rate: '1.25' },
  { from: '2011-12-14', rate: '1.00' },
  { from: '2012-07-11', rate: '0.75' },
  { from: '2013-05-08', rate: '0.50' },
  { from: '2013-11-13', rate: '0.25' },
  { from: '2014-06-11', rate: '0.15' },
  { from: '2014-09-10', rate: '0.05' },
  { from: '2016-03-16', rate: '0.00' },
  { from: '2022-07-27', rate: '0.50' },
  { from: '2022-09-14', rate: '1.25' },
  { from: '2022-11-02', rate: '2.00' },
  { from: '2022-12-21', rate: '2.50' },
  { from: '2023-02-08', rate: '3.00' },
  { from: '2023-03-22', rate: '3.50' },
  { from: '2023-05-10', rate: '3.75' },
  { from: '2023-06-21', rate: '4.00' },
  { from: '2023-08-02', rate: '4.25' },
  { from: '2023-09-20', rate: '4.50' },
  { from: '2024-06-12', rate: '4.25' },
  { from: '2024-09-18', rate: '3.65' },
  { from: '2024-10-23', rate: '3.40' },
  { from: '2024-12-18', rate: '3.15' },
  { from: '2025-02-05', rate: '2.90' },
  { from: '2025-03-12', rate: '2.65' },
  { from: '2025-04-23', rate: '2.40' },
  { from: '2025-06-11', rate: '2.15' },
];
