// The POSIX `az` launcher: a /bin/sh script generated from the routing table. It uses shell built-ins only
// (no grep, dirname or tr), so it works with PATH=/usr/bin and costs no extra process on the pass-through path.
import {
  LAUNCHER_MARKER,
  NO_AZURE_CLI_EXIT_CODE,
  NO_AZURE_CLI_MESSAGE,
  ROOT_SHORT_VALUE_OPTION,
  ROOT_SWITCHES,
  ROOT_VALUE_OPTIONS,
  VERSION_ARGS,
  longOptionSpellings,
  routesByFirstWord,
} from "./routes.js";

/** What the launcher runs for aztoken's commands, resolved at install time. */
export interface LauncherTarget {
  /** Absolute path of the node executable. */
  node: string;
  /** Absolute path of aztoken's bin/aztoken.js. */
  bin: string;
}

export function renderPosixLauncher(target: LauncherTarget): string {
  const switches = ROOT_SWITCHES.flatMap(longOptionSpellings);
  const valueOptions = ROOT_VALUE_OPTIONS.flatMap(longOptionSpellings);
  const lines = [
    "#!/bin/sh",
    `# ${LAUNCHER_MARKER}: written by 'aztoken shim install', removed by 'aztoken shim uninstall'.`,
    "# Runs aztoken for the az commands it implements and hands every other command to the real Azure CLI",
    "# found later on PATH, with argv, stdin, stdout, stderr and the exit code unchanged.",
    `aztoken_node=${shellQuote(target.node)}`,
    `aztoken_bin=${shellQuote(target.bin)}`,
    "",
    "# Succeeds when az would read this command line as one that aztoken implements.",
    "aztoken_routes() {",
    `  case \${1-} in ${VERSION_ARGS.join("|")}) return 0 ;; esac`,
    "  # skip the root options az accepts before the command words",
    "  while [ $# -gt 0 ]; do",
    "    case $1 in",
    `      ${[...switches, `${ROOT_SHORT_VALUE_OPTION}?*`, ...valueOptions.map((o) => `${o}=*`)].join("|")}) shift ;;`,
    `      ${[ROOT_SHORT_VALUE_OPTION, ...valueOptions].join("|")}) shift; [ $# -eq 0 ] || shift ;;`,
    "      *) break ;;",
    "    esac",
    "  done",
    ...routeCase(),
    "  return 1",
    "}",
    "",
    "# Sets aztoken_real to the first az on PATH that is not an aztoken launcher (this one or another).",
    "aztoken_find_az() {",
    "  aztoken_ifs=$IFS",
    "  IFS=:",
    "  set -f",
    "  for aztoken_dir in $PATH; do",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: sh parameter expansion, written as is
    "    aztoken_real=${aztoken_dir:-.}/az",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: sh parameter expansion, written as is
    '    [ "${aztoken_dir:-.}" != "${0%/*}" ] && [ -f "$aztoken_real" ] && [ -x "$aztoken_real" ] &&',
    '      ! aztoken_is_launcher "$aztoken_real" && break',
    "    aztoken_real=",
    "  done",
    "  IFS=$aztoken_ifs",
    "  set +f",
    '  [ -n "$aztoken_real" ]',
    "}",
    "",
    "# The marker is on the second line of every launcher.",
    "aztoken_is_launcher() {",
    '  { read -r aztoken_line && read -r aztoken_line; } <"$1" 2>/dev/null || return 1',
    `  case $aztoken_line in *${LAUNCHER_MARKER}*) return 0 ;; esac`,
    "  return 1",
    "}",
    "",
    'if aztoken_routes "$@"; then',
    '  if [ ! -x "$aztoken_node" ] || [ ! -f "$aztoken_bin" ]; then',
    `    printf '%s\\n' "az: aztoken is no longer at $aztoken_bin (node $aztoken_node); run 'aztoken shim install' again" >&2`,
    `    exit ${NO_AZURE_CLI_EXIT_CODE}`,
    "  fi",
    '  exec "$aztoken_node" "$aztoken_bin" "$@"',
    "fi",
    'aztoken_find_az && exec "$aztoken_real" "$@"',
    `printf '%s\\n' ${shellQuote(NO_AZURE_CLI_MESSAGE)} >&2`,
    `exit ${NO_AZURE_CLI_EXIT_CODE}`,
  ];
  return lines.join("\n") + "\n";
}

/** The nested `case` on the first two command words. */
function routeCase(): string[] {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: sh parameter expansion, written as is
  const lines = ["  case ${1-} in"];
  for (const [first, seconds] of routesByFirstWord()) {
    if (seconds === true) {
      lines.push(`    ${anyCase(first)}) return 0 ;;`);
    } else {
      lines.push(`    ${anyCase(first)})`, `      case \${2-} in ${seconds.map(anyCase).join("|")}) return 0 ;; esac ;;`);
    }
  }
  lines.push("  esac");
  return lines;
}

/** A case pattern matching `word` in any letter case: "ab-c" -> "[aA][bB]-[cC]". */
export function anyCase(word: string): string {
  if (!/^[a-z0-9-]+$/.test(word)) throw new Error(`unsupported command word: ${word}`);
  return word.replace(/[a-z]/g, (letter) => `[${letter}${letter.toUpperCase()}]`);
}

/** Single-quotes a value for sh. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
