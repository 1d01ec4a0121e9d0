// Python's difflib.get_close_matches, which az uses for "Did you mean" lines. Only SequenceMatcher.ratio() is
// needed; az's word lists are far below difflib's 200-item autojunk threshold, so there is no junk handling.

/** The n best matches scoring at least `cutoff`, best first (ties: the larger string first, as heapq does). */
export function getCloseMatches(word: string, possibilities: Iterable<string>, n = 3, cutoff = 0.6): string[] {
  const scored: Array<[number, string]> = [];
  for (const candidate of possibilities) {
    const score = ratio(candidate, word);
    if (score >= cutoff) scored.push([score, candidate]);
  }
  scored.sort((x, y) => y[0] - x[0] || (x[1] < y[1] ? 1 : x[1] > y[1] ? -1 : 0));
  return scored.slice(0, n).map(([, candidate]) => candidate);
}

/** SequenceMatcher(None, a, b).ratio(): 2 * matched characters / total characters. */
export function ratio(a: string, b: string): number {
  const total = a.length + b.length;
  return total === 0 ? 1 : (2 * matchedCharacters(a, b)) / total;
}

function matchedCharacters(a: string, b: string): number {
  const positions = new Map<string, number[]>();
  [...b].forEach((ch, j) => positions.set(ch, [...(positions.get(ch) ?? []), j]));
  let matched = 0;
  const queue: Array<[number, number, number, number]> = [[0, a.length, 0, b.length]];
  while (queue.length > 0) {
    const [alo, ahi, blo, bhi] = queue.pop()!;
    const [i, j, size] = longestMatch(a, positions, alo, ahi, blo, bhi);
    if (size === 0) continue;
    matched += size;
    if (alo < i && blo < j) queue.push([alo, i, blo, j]);
    if (i + size < ahi && j + size < bhi) queue.push([i + size, ahi, j + size, bhi]);
  }
  return matched;
}

/** difflib's find_longest_match without junk: earliest longest block in a, then in b. */
function longestMatch(a: string, positions: Map<string, number[]>, alo: number, ahi: number, blo: number, bhi: number) {
  let best: [number, number, number] = [alo, blo, 0];
  let lengths = new Map<number, number>();
  for (let i = alo; i < ahi; i++) {
    const next = new Map<number, number>();
    for (const j of positions.get(a[i]!) ?? []) {
      if (j < blo) continue;
      if (j >= bhi) break;
      const k = (lengths.get(j - 1) ?? 0) + 1;
      next.set(j, k);
      if (k > best[2]) best = [i - k + 1, j - k + 1, k];
    }
    lengths = next;
  }
  return best;
}
