// The one routing table of the `az` launcher: which command lines run aztoken. Both launchers (POSIX sh and
// Windows .cmd) are generated from these constants; every other command line goes to the real Azure CLI.

/** One or two command words: the launchers match at most two. */
export type CommandWords = readonly [string] | readonly [string, string];

/**
 * Command words aztoken implements. Matched case-insensitively, because az lower-cases the leading command
 * words before it looks them up (`az Account Show` works in az).
 */
export const AZTOKEN_COMMANDS: readonly CommandWords[] = [
  ["account", "get-access-token"],
  ["account", "show"],
  ["account", "list"],
  ["account", "set"],
  ["account", "clear"],
  ["login"],
  ["logout"],
  ["version"],
  ["get-token"],
];

/** knack prints its version when the very first argument is one of these, before any parsing. */
export const VERSION_ARGS: readonly string[] = ["--version", "-v"];

// The root parser's options (argparse's -h/--help plus knack's globals). az accepts them before the command
// words, so the launcher skips them to find those words. Help is never skipped: `az --help account show`
// prints az's top-level help, which the real Azure CLI owns.
export const ROOT_SWITCHES: readonly string[] = ["--verbose", "--debug", "--only-show-errors"];
export const ROOT_VALUE_OPTIONS: readonly string[] = ["--output", "--query"];
/** `-o json`, `-ojson` and `-o=json` all work in argparse. */
export const ROOT_SHORT_VALUE_OPTION = "-o";
const ROOT_LONG_OPTIONS: readonly string[] = ["--help", ...ROOT_SWITCHES, ...ROOT_VALUE_OPTIONS];

/** The marker that identifies a launcher aztoken wrote (install overwrites, uninstall removes only these). */
export const LAUNCHER_MARKER = "aztoken-shim-launcher";

/**
 * Line 2 of every launcher, after the comment leader (`# ` or `rem `). A file is ours only when its second line
 * is exactly this: a script that merely mentions the marker is someone else's.
 */
export const LAUNCHER_MARKER_TEXT = `${LAUNCHER_MARKER}: written by 'aztoken shim install', removed by 'aztoken shim uninstall'.`;
export const POSIX_MARKER_LINE = `# ${LAUNCHER_MARKER_TEXT}`;
export const CMD_MARKER_LINE = `rem ${LAUNCHER_MARKER_TEXT}`;

/**
 * The recursion guard: how many az's on PATH this launcher has already handed the command to. A wrapper `az`
 * that runs `az` again through PATH comes back to the launcher, which then skips as many candidates and hands
 * the command to the next one; when none is left, it stops with SHIM_LOOP_MESSAGE instead of looping forever.
 */
export const SHIM_DEPTH_VARIABLE = "AZTOKEN_SHIM_DEPTH";

export const SHIM_LOOP_MESSAGE =
  "az: stopped a loop: every Azure CLI on PATH after the aztoken shim runs 'az' again through PATH, which leads back to the shim";

/** The one stderr line when a command is not ours and no real Azure CLI is on PATH (rc 127, like sh's own). */
export const NO_AZURE_CLI_MESSAGE =
  "az: command not found: no Azure CLI on PATH besides the aztoken shim, which runs only " +
  AZTOKEN_COMMANDS.map((words) => words.join(" ")).join(", ");

export const NO_AZURE_CLI_EXIT_CODE = 127;

/**
 * Every spelling argparse accepts for a root long option: the name and each prefix of it that no other root
 * long option shares (`--out` means `--output`; `--o` is ambiguous with `--only-show-errors`).
 */
export function longOptionSpellings(option: string): string[] {
  const spellings: string[] = [];
  for (let length = 3; length <= option.length; length++) {
    const prefix = option.slice(0, length);
    const ambiguous = ROOT_LONG_OPTIONS.some((other) => other !== option && other.startsWith(prefix));
    if (!ambiguous || prefix === option) spellings.push(prefix);
  }
  return spellings;
}

/** Routes grouped by their first word, in table order: a `true` entry routes on the first word alone. */
export function routesByFirstWord(): Map<string, true | string[]> {
  const groups = new Map<string, true | string[]>();
  for (const [first, second] of AZTOKEN_COMMANDS) {
    const key = first.toLowerCase();
    const group = groups.get(key);
    if (second === undefined) groups.set(key, true);
    else if (group === undefined) groups.set(key, [second.toLowerCase()]);
    else if (group !== true) group.push(second.toLowerCase());
  }
  return groups;
}
