import { describe, expect, it } from '@jest/globals';
import { CentralLedger } from '../../src/escrow/centralLedger.js';
import { makeTempDir } from '../helpers/tempDir.js';

describe('CentralLedger', () => {
  it('counts grants minus returns minus consumption central has seen', async () => {
    const ledger = await CentralLedger.open(undefined);
    let seen = 0;
    const seenSeq = (pop: string) => (pop === 'eu-1' ? seen : 0);
    ledger.grant('c', 'eu-1/a', 10);
    expect(ledger.outstanding('c', seenSeq)).toBe(10);
    // Consumption counts only once central has the decrements (its vector covers the seq).
    ledger.report('c', 'eu-1/a', { consumed: 4, consumedAtSeq: 7, returned: 0 }, seenSeq);
    expect(ledger.outstanding('c', seenSeq)).toBe(10);
    seen = 7;
    expect(ledger.outstanding('c', seenSeq)).toBe(6);
    // Duplicates and stale reports change nothing; returns are cumulative too.
    ledger.report('c', 'eu-1/a', { consumed: 4, consumedAtSeq: 7, returned: 0 }, seenSeq);
    ledger.report('c', 'eu-1/a', { consumed: 2, consumedAtSeq: 3, returned: 0 }, seenSeq);
    expect(ledger.outstanding('c', seenSeq)).toBe(6);
    ledger.report('c', 'eu-1/a', { consumed: 4, consumedAtSeq: 7, returned: 6 }, seenSeq);
    ledger.report('c', 'eu-1/a', { consumed: 4, consumedAtSeq: 7, returned: 6 }, seenSeq);
    expect(ledger.outstanding('c', seenSeq)).toBe(0);
  });

  it('never lets a report claim more than was granted', async () => {
    const ledger = await CentralLedger.open(undefined);
    ledger.grant('c', 'p/a', 3);
    ledger.report('c', 'p/a', { consumed: 50, consumedAtSeq: 0, returned: 50 }, () => 0);
    expect(ledger.outstanding('c', () => 0)).toBe(0);
    expect(ledger.granted('c', 'p/a')).toBe(3);
  });

  it('survives a restart when given a file', async () => {
    const dir = await makeTempDir();
    try {
      const file = `${dir.path}/ledger.json`;
      const ledger = await CentralLedger.open(file);
      ledger.grant('c', 'p/a', 5);
      await ledger.save();
      const reopened = await CentralLedger.open(file);
      expect(reopened.granted('c', 'p/a')).toBe(5);
      expect(reopened.outstanding('c', () => 0)).toBe(5);
    } finally {
      await dir.remove();
    }
  });
});
