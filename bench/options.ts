// How much to measure. The default run takes several minutes; AZTOKEN_BENCH_SMOKE=1 is CI's quick check that
// every row still runs (few iterations, small parallel runs, targets shown but not judged).
//   npm run bench -- [--long] [--nodes 20,22,24] [--rounds N]
//   --long    adds the 1,000-caller parallel rows (minutes each on two cores)
//   --rounds  rounds of the single-process rows (default 5); with 1, each parallel row also runs once
//   --nodes   runs every row on each listed Node major (fetched from the npm registry's `node` package into a
//             cache folder when it is not the running one); AZTOKEN_BENCH_NODES does the same

export interface BenchOptions {
  smoke: boolean;
  long: boolean;
  /** Node majors to run on; empty: only the Node running the bench. */
  nodes: number[];
  /** Every case is measured once per round, so load changes on the machine hit all cases alike. */
  rounds: number;
  /** Runs per case per round: quick cases, the refresh, grown profiles, and az (about a second each). */
  runs: { quick: number; refresh: number; grown: number; az: number };
  /** Warm-up runs before each batch; the first round gets more. */
  warmups: { first: number; later: number };
  /** Callers started at once, on a valid and on an expired token; each size is run `repetitions` times. */
  parallel: { processes: number[]; repetitions: number };
  /** Cached access tokens and subscriptions of the grown-profile rows. */
  grown: { tokens: number[]; subscriptions: number[] };
  rssRuns: number;
  /** Where the Markdown goes; smoke runs only print unless AZTOKEN_BENCH_OUT is set. */
  outFile?: string;
}

export function benchOptions(env: NodeJS.ProcessEnv, defaultOutFile: string, argv: readonly string[] = []): BenchOptions {
  const smoke = env.AZTOKEN_BENCH_SMOKE === "1" || env.AZTOKEN_BENCH_SMOKE === "true";
  const flags = parseFlags(argv);
  const long = flags.long && !smoke;
  const outFile = env.AZTOKEN_BENCH_OUT || (smoke ? undefined : defaultOutFile);
  const nodes = parseNodes(flags.nodes ?? env.AZTOKEN_BENCH_NODES ?? "");
  const common = {
    smoke,
    long,
    nodes,
    grown: { tokens: [10, 1_000, 10_000], subscriptions: [1, 100, 1_000] },
    ...(outFile ? { outFile } : {}),
  };
  return smoke
    ? { ...common, rounds: 1, runs: { quick: 3, refresh: 2, grown: 1, az: 2 }, warmups: { first: 1, later: 1 }, parallel: { processes: [20], repetitions: 1 }, rssRuns: 1 }
    : {
        ...common,
        // Many short rounds rather than a few long ones: the load on this shared machine drifts within seconds,
        // and each round times every case once, so a drift hits a case and its floor alike.
        rounds: flags.rounds ?? 5,
        runs: { quick: 6, refresh: 4, grown: 3, az: 3 },
        warmups: { first: 3, later: 1 },
        parallel: { processes: long ? [100, 1_000] : [100], repetitions: flags.rounds === 1 ? 1 : 2 },
        rssRuns: 5,
      };
}

function parseFlags(argv: readonly string[]): { long: boolean; nodes?: string; rounds?: number } {
  const flags: { long: boolean; nodes?: string; rounds?: number } = { long: false };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === "--long") flags.long = true;
    else if (arg === "--nodes") flags.nodes = argv[++index] ?? "";
    else if (arg.startsWith("--nodes=")) flags.nodes = arg.slice("--nodes=".length);
    else if (arg === "--rounds") flags.rounds = positive(argv[++index]);
    else throw new Error(`unknown option ${arg} (known: --long, --nodes 20,22,24, --rounds N)`);
  }
  return flags;
}

function positive(text: string | undefined): number {
  if (!text || !/^[1-9]\d*$/.test(text)) throw new Error(`--rounds wants a positive whole number, not '${text ?? ""}'`);
  return Number(text);
}

function parseNodes(list: string): number[] {
  const majors = list.split(",").map((part) => part.trim()).filter(Boolean);
  return majors.map((major) => {
    if (!/^\d+$/.test(major)) throw new Error(`--nodes wants Node major versions like 20,22,24, not '${major}'`);
    return Number(major);
  });
}

export function runsFor(options: BenchOptions, caseId: string): number {
  if (caseId === "refresh") return options.runs.refresh;
  if (caseId === "az") return options.runs.az;
  if (caseId.startsWith("grown-")) return options.runs.grown;
  return options.runs.quick;
}
