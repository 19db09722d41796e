// Issue 12: the « Tableau de bord » periods and due-date buckets, on dates worked out by hand.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  dashboardGroupOf,
  defaultDashboardPeriod,
  delayBucketDueDates,
  monthDays,
  monthsBetween,
} from './dashboard.ts';
import { invoiceDelayState } from './payment-delay.ts';

describe('issue 12: dashboard periods and due-date buckets', () => {
  test('months of a period, across a new year; the days of a month, leap years included', () => {
    assert.deepEqual(monthsBetween('2025-11-15', '2026-02-03'), ['2025-11', '2025-12', '2026-01', '2026-02']);
    assert.deepEqual(monthsBetween('2026-03-01', '2026-03-31'), ['2026-03']);
    assert.deepEqual(monthDays('2028-02'), { from: '2028-02-01', to: '2028-02-29' });
    assert.deepEqual(monthDays('2026-02'), { from: '2026-02-01', to: '2026-02-28' });
    assert.deepEqual(monthDays('2026-12'), { from: '2026-12-01', to: '2026-12-31' });
  });

  test('the default period: the current month and the eleven before it', () => {
    assert.deepEqual(defaultDashboardPeriod('2026-12-01'), { from: '2026-01-01', to: '2026-12-01' });
    assert.deepEqual(defaultDashboardPeriod('2026-03-15'), { from: '2025-04-01', to: '2026-03-15' });
    assert.deepEqual(defaultDashboardPeriod('2026-01-31'), { from: '2025-02-01', to: '2026-01-31' });
  });

  test('the buckets’ due dates agree with the late / due-soon flags of the lists', () => {
    const today = '2026-06-10';
    assert.deepEqual(delayBucketDueDates('LATE', today), { dueDateTo: '2026-06-09' });
    assert.deepEqual(delayBucketDueDates('DUE_SOON', today), { dueDateFrom: '2026-06-10', dueDateTo: '2026-06-15' });
    assert.deepEqual(delayBucketDueDates('ON_TIME', today), { dueDateFrom: '2026-06-16' });
    const state = (dueDate: string) =>
      invoiceDelayState(
        { startDay: '2026-05-01', dueDate, status: 'MISE_A_DISPOSITION', statusDay: '2026-05-01' },
        today,
      )!;
    assert.deepEqual([state('2026-06-09').late, state('2026-06-10').late], [true, false]);
    assert.deepEqual([state('2026-06-15').dueSoon, state('2026-06-16').dueSoon], [true, false]);
  });

  test('each state falls in the group of the « État courant » filter, or « Autres »', () => {
    assert.equal(dashboardGroupOf('BROUILLON'), 'A_TRAITER');
    assert.equal(dashboardGroupOf('MISE_EN_PAIEMENT'), 'PAIEMENT');
    assert.equal(dashboardGroupOf('A_VALIDER_1'), 'AUTRES');
  });
});
