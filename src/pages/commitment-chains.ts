import type { SeriesCommitmentResponse } from '../outcomes/commitment.dto';

/** A commitment and the follow-ups after it, across the series' events, in the order they were made. */
export interface CommitmentChain {
  first: SeriesCommitmentResponse;
  /** The follow-ups along the chain (depth 1 follows up `first`, depth 2 a follow-up, …). */
  followUps: { commitment: SeriesCommitmentResponse; depth: number }[];
  themes: string[];
  latestStatus: SeriesCommitmentResponse['latestStatus'];
}

/**
 * The series' commitments as chains: each one that follows up nothing shown starts a chain, which
 * carries every later commitment following it up, directly or through another, in series order.
 */
export function commitmentChains(commitments: readonly SeriesCommitmentResponse[]): CommitmentChain[] {
  const byId = new Map(commitments.map((commitment) => [commitment.id, commitment]));
  const chains: CommitmentChain[] = [];
  for (const first of commitments) {
    if (first.followsUpId && byId.has(first.followsUpId)) continue;
    const followUps: CommitmentChain['followUps'] = [];
    const seen = new Set([first.id]);
    const walk = (commitment: SeriesCommitmentResponse, depth: number) => {
      for (const next of commitment.followUps) {
        const full = byId.get(next.id);
        if (!full || seen.has(full.id)) continue;
        seen.add(full.id);
        followUps.push({ commitment: full, depth });
        walk(full, depth + 1);
      }
    };
    walk(first, 1);
    const themes = [...new Set([first.theme, ...followUps.map((step) => step.commitment.theme)])];
    chains.push({ first, followUps, themes, latestStatus: first.latestStatus });
  }
  return chains;
}

/** Themes are typed by people at different events ("cooperation", "Cooperation"): they are compared without case. */
const themeKey = (theme: string) => theme.trim().toLocaleLowerCase('en');

/** The themes of the chains, each once (as first written), in alphabetical order. */
export function chainThemes(chains: readonly CommitmentChain[]): string[] {
  const byKey = new Map<string, string>();
  for (const theme of chains.flatMap((chain) => chain.themes)) if (!byKey.has(themeKey(theme))) byKey.set(themeKey(theme), theme);
  return [...byKey.values()].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
}

/** The chains a filter keeps: with a commitment of this theme, and whose latest status is this one (either may be empty). */
export const filterChains = (chains: readonly CommitmentChain[], filter: { theme?: string; status?: string }): CommitmentChain[] =>
  chains.filter(
    (chain) =>
      (!filter.theme || chain.themes.some((theme) => themeKey(theme) === themeKey(filter.theme!))) &&
      (!filter.status || chain.latestStatus === filter.status),
  );
