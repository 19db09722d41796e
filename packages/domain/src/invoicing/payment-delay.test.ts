// Issue 12: payment delay (DGP) and late-payment interest, on cases worked out by hand.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ECB_MAIN_REFINANCING_RATES } from './ecb-rates.ts';
import { ecbRateOn, halfYearStart, lateInterest, paymentDelay, paymentPeriodDays } from './payment-delay.ts';

describe('issue 12: payment delay and late-payment interest', () => {
  test('the period: the structure’s setting, else 50 days for a hospital, else 30', () => {
    assert.equal(paymentPeriodDays({ paymentPeriodDays: null, publicHospital: false }), 30);
    assert.equal(paymentPeriodDays({ paymentPeriodDays: null, publicHospital: true }), 50);
    assert.equal(paymentPeriodDays({ paymentPeriodDays: 60, publicHospital: false }), 60);
  });

  test('due date, days elapsed and lateness run from « Mise à disposition »', () => {
    const d = paymentDelay('2025-05-10', 30, '2025-06-09');
    assert.deepEqual([d.dueDate, d.daysElapsed, d.daysLate, d.late], ['2025-06-09', 30, 0, false]);
    const late = paymentDelay('2025-05-10', 30, '2025-06-12');
    assert.deepEqual([late.daysElapsed, late.daysLate, late.late], [33, 3, true]);
    // once paid, the count stops at the payment date
    assert.equal(paymentDelay('2025-05-10', 30, '2025-12-31', '2025-06-10').daysLate, 1);
  });

  test('a delay that crosses into another half-year keeps the rate of the half-year it started in', () => {
    // 12 000,00 EUR made available on 10 May 2025, 30 days: due 9 June, paid 19 July.
    // Late from 10 June: 21 days of June + 19 of July = 40 days. Rate: ECB rate in force on
    // 1 January 2025 (3.15 %, since 18 December 2024) + 8 = 11.15 %, not July's 2.15 % + 8.
    // 1 200 000 cents x 11.15 % x 40 / 365 = 14 663.01 -> 14 663 cents (146,63 EUR), + 40 EUR.
    const i = lateInterest(1_200_000, '2025-06-09', '2025-07-19', ECB_MAIN_REFINANCING_RATES)!;
    assert.deepEqual(
      [i.daysLate, i.runsFrom, i.halfYear, i.ecbRate, i.ratePercent, i.interestCents, i.indemnityCents, i.totalCents],
      [40, '2025-06-10', '2025-01-01', '3.15', '11.15', 14_663, 4_000, 18_663],
    );
  });

  test('a hospital’s 50 days, late into a new year', () => {
    // 5 000,00 EUR made available on 20 November 2025: due 9 January 2026, paid 31 January.
    // 22 days late from 10 January; rate on 1 January 2026: 2.15 % + 8 = 10.15 %.
    // 500 000 x 10.15 % x 22 / 365 = 3 058.90 -> 3 059 cents.
    const due = paymentDelay(
      '2025-11-20',
      paymentPeriodDays({ paymentPeriodDays: null, publicHospital: true }),
      '2026-01-31',
    );
    assert.equal(due.dueDate, '2026-01-09');
    const i = lateInterest(500_000, due.dueDate, '2026-01-31', ECB_MAIN_REFINANCING_RATES)!;
    assert.deepEqual([i.daysLate, i.halfYear, i.ratePercent, i.interestCents], [22, '2026-01-01', '10.15', 3_059]);
  });

  test('no interest when paid on time, and none without a known rate', () => {
    assert.equal(lateInterest(100_000, '2025-06-09', '2025-06-09', ECB_MAIN_REFINANCING_RATES), null);
    assert.equal(lateInterest(100_000, '2000-01-01', '2000-03-01', ECB_MAIN_REFINANCING_RATES), null);
    assert.equal(ecbRateOn(ECB_MAIN_REFINANCING_RATES, '2016-03-16')?.rate, '0.00');
    assert.equal(halfYearStart('2026-06-30'), '2026-01-01');
    assert.equal(halfYearStart('2026-07-01'), '2026-07-01');
  });
});
