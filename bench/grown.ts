// Cost as work grows: the cache-hit command on profiles with many cached tokens or many subscriptions. The
// extra tokens and subscriptions sit before the ones the command needs, so a scan in file order meets them all.
import { join } from "node:path";
import { aztokenCommand, NO_NETWORK, profileEnv, TOKEN_TSV_ARGS, type CheckedCase, type CliCaseContext } from "./cases.js";
import type { BenchOptions } from "./options.js";
import { createProfileWithSubscriptions, createProfileWithTokens, type Profile } from "./profiles.js";
import { GROWN_MAX_RATIO, type Target } from "./targets.js";

export interface GrownProfiles {
  tokens: { count: number; profile: Profile }[];
  subscriptions: { count: number; profile: Profile }[];
}

/** Written once per bench run and shared by every Node measured (the cases only read them). */
export function createGrownProfiles(dir: string, options: BenchOptions): GrownProfiles {
  return {
    tokens: options.grown.tokens.map((count) => ({ count, profile: createProfileWithTokens(join(dir, `tokens-${count}`), count) })),
    subscriptions: options.grown.subscriptions.map((count) => ({ count, profile: createProfileWithSubscriptions(join(dir, `subscriptions-${count}`), count) })),
  };
}

const tokensId = (count: number) => `grown-tokens-${count}`;

export function grownCases(context: CliCaseContext, grown: GrownProfiles): CheckedCase[] {
  const smallest = grown.tokens[0]?.count;
  // The target: 1,000 cached tokens within 1.5× of 10. Larger caches are shown, not judged.
  const tokenTarget = (count: number): Target | undefined =>
    smallest !== undefined && count > smallest && count <= 1_000 ? { kind: "ratio", of: tokensId(smallest), max: GROWN_MAX_RATIO } : undefined;
  const hit = (id: string, label: string, profile: Profile, note: string, target: Target | undefined): CheckedCase => ({
    id,
    label,
    display: `node bin/aztoken.js ${TOKEN_TSV_ARGS.join(" ")}`,
    note,
    command: aztokenCommand(context, TOKEN_TSV_ARGS, profileEnv(profile, NO_NETWORK)),
    expect: "token",
    quietStderr: true,
    ...(target ? { target } : {}),
  });
  return [
    ...grown.tokens.map(({ count, profile }) =>
      hit(tokensId(count), `cache hit, ${count.toLocaleString("en-US")} cached tokens`, profile, `${count} access tokens in the cache, the wanted one last`, tokenTarget(count)),
    ),
    ...grown.subscriptions.map(({ count, profile }) =>
      hit(`grown-subscriptions-${count}`, `cache hit, ${count.toLocaleString("en-US")} subscription${count === 1 ? "" : "s"}`, profile, `${count} subscriptions in azureProfile.json, the default one last`, undefined),
    ),
  ];
}
