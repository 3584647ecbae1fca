import type { SeriesCommitmentResponse } from '../outcomes/commitment.dto';
import { chainThemes, commitmentChains, filterChains } from './commitment-chains';

const event = (n: number) => ({ id: `e${n}`, slug: `event-${n}`, title: `Event ${n}`, startDate: `202${n}-01-01` });
function commitment(id: string, n: number, fields: Partial<SeriesCommitmentResponse> = {}): SeriesCommitmentResponse {
  return {
    id,
    documentId: `d${n}`,
    position: 0,
    theme: 'cooperation',
    text: `Commitment ${id}`,
    leads: [],
    status: 'proposed',
    followsUpId: null,
    event: event(n),
    documentTitle: `Outcome ${n}`,
    followUps: [],
    latestStatus: 'proposed',
    ...fields,
  };
}
const ref = (c: SeriesCommitmentResponse) => ({ id: c.id, documentId: c.documentId, event: c.event, text: c.text, status: c.status });

describe('commitmentChains', () => {
  const c = commitment('c', 3, { followsUpId: 'b', status: 'achieved', latestStatus: 'achieved' });
  const b = commitment('b', 2, { followsUpId: 'a', status: 'in_progress', followUps: [ref(c)], latestStatus: 'achieved' });
  const a = commitment('a', 1, { followUps: [ref(b)], latestStatus: 'achieved' });
  const other = commitment('x', 1, { theme: 'fraudulent documentation' });

  it('starts a chain at each commitment that follows up nothing shown, and carries its follow-ups through the series', () => {
    const chains = commitmentChains([a, other, b, c]);
    expect(chains.map((chain) => [chain.first.id, chain.followUps.map((step) => [step.commitment.id, step.depth])])).toEqual([
      [
        'a',
        [
          ['b', 1],
          ['c', 2],
        ],
      ],
      ['x', []],
    ]);
    expect(chains[0].latestStatus).toBe('achieved');
  });

  it('starts a chain at a follow-up whose earlier commitment is not shown (not published)', () => {
    expect(commitmentChains([b, c]).map((chain) => chain.first.id)).toEqual(['b']);
  });

  it('filters by a theme anywhere in the chain and by the latest status', () => {
    const chains = commitmentChains([a, other, b, c]);
    expect(filterChains(chains, { theme: 'fraudulent documentation' }).map((chain) => chain.first.id)).toEqual(['x']);
    expect(filterChains(chains, { status: 'achieved' }).map((chain) => chain.first.id)).toEqual(['a']);
    expect(filterChains(chains, { theme: 'cooperation', status: 'proposed' })).toEqual([]);
    expect(filterChains(chains, {})).toHaveLength(2);
  });

  it('compares themes without case: "Cooperation" at one event is "cooperation" at another', () => {
    const upper = commitment('u', 2, { theme: 'Cooperation' });
    const chains = commitmentChains([a, b, c, other, upper]);
    expect(chainThemes(chains)).toEqual(['cooperation', 'fraudulent documentation']);
    expect(filterChains(chains, { theme: 'COOPERATION' }).map((chain) => chain.first.id)).toEqual(['a', 'u']);
  });
});
