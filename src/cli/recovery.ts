// The block az prints after a parser error (docs/compatibility.md#parser-errors). Offline, azure-cli's
// CommandRecommender falls back to the failing command's help examples: it ranks them by how many of the user's
// parameters they use, keeps three, and always ends with the reference link.
import type { CommandSpec, ExampleSpec } from "./spec.js";

export const QUERY_REFERENCE =
  "To learn more about --query, please visit: 'https://docs.microsoft.com/cli/azure/query-azure-cli'";
export const OVERVIEW_REFERENCE = "https://aka.ms/cli_ref";

/** Options every command knows (command_recommender.get_parameter_mappings). */
const COMMON_PARAMETERS: ReadonlyArray<[string, string | null]> = [
  ["-h", "--help"],
  ["-o", "--output"],
  ["--only-show-errors", null],
  ["--help", null],
  ["--output", null],
  ["--query", null],
  ["--debug", null],
  ["--verbose", null],
  ["--yes", null],
  ["--no-wait", null],
];

export interface RecoveryInput {
  /** The recommender's idea of the command, e.g. "account get-access-token" or "account get-acess-token". */
  command: string;
  /** The failing command's spec when `command` names one exactly (its options rank the examples). */
  spec: CommandSpec | undefined;
  /** The arguments the failing parser level saw. */
  args: readonly string[];
  /** Candidate examples (from the help of the command az inferred). */
  examples: readonly ExampleSpec[];
}

/** AzCliCommandInvoker._extract_parameter_names: option names only, never values (GDPR). */
export function parameterNames(args: readonly string[]): string[] {
  return args
    .filter((p) => p.startsWith("-") && !p.startsWith("---") && p.length > 1)
    .map((p) => (p.startsWith("--") ? p.split("=")[0]! : p.slice(0, 2)));
}

/** Short and alias spellings mapped to the longest one, e.g. -s and --name to --subscription. */
function parameterMappings(spec: CommandSpec | undefined): Map<string, string | null> {
  const mappings = new Map(COMMON_PARAMETERS);
  for (const option of spec?.options ?? []) {
    const [standard, ...others] = [...option.flags].sort((a, b) => b.length - a.length);
    for (const other of others) mappings.set(other, standard!);
    mappings.set(standard!, standard!);
  }
  return mappings;
}

function normalizeParameters(args: readonly string[], mappings: Map<string, string | null>): string[] {
  return parameterNames(args)
    .filter((p) => mappings.has(p))
    .map((p) => mappings.get(p) ?? p)
    .sort();
}

/** help_files' strip_command: single spaces, no surrounding whitespace. */
function collapse(command: string): string {
  return command.replace(/\\\n/g, "").split(" ").filter(Boolean).join(" ").trim();
}

/** The three examples az shows: same command first, then most shared parameters, then fewest parameters. */
export function chooseExamples(input: RecoveryInput): Array<{ command: string; description: string }> {
  const mappings = parameterMappings(input.spec);
  const target = normalizeParameters(input.args, mappings);
  const ranked = input.examples
    .filter((e) => e.command && e.summary)
    .map((e) => {
      const command = collapse(e.command);
      const params = normalizeParameters(command.split(" "), mappings);
      const matches = command.startsWith(`az ${input.command}`) ? params.filter((p) => target.includes(p)).length : -1;
      return { command, description: e.summary, matches, length: params.length };
    });
  // Python's sort(reverse=True) is stable, like Array.prototype.sort
  ranked.sort((a, b) => b.matches - a.matches || a.length - b.length);
  return ranked.slice(0, 3).map(({ command, description }) => ({ command, description }));
}

/** "\nExamples from AI knowledge base:\n..." ending with the reference link. */
export function recoveryBlock(input: RecoveryInput): string {
  const examples = chooseExamples(input).map((e) => `${collapse(e.command)}\n${e.description}\n\n`);
  return `\nExamples from AI knowledge base:\n${examples.join("")}${OVERVIEW_REFERENCE}\nRead more about the command in reference docs\n`;
}
