// The POSIX `az` launcher: a /bin/sh script generated from the routing table. It uses shell built-ins only
// (no grep, dirname or tr), so it works with PATH=/usr/bin and costs no extra process on the pass-through path.
import {
  NO_AZURE_CLI_EXIT_CODE,
  POSIX_MARKER_LINE,
  SHIM_DEPTH_VARIABLE,
  SHIM_LOOP_MESSAGE,
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
    POSIX_MARKER_LINE,
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
    "# Sets aztoken_real to the first az on PATH that is not an aztoken launcher (this one or another), after the",
    `# $aztoken_depth ones this launcher already handed the command to (${SHIM_DEPTH_VARIABLE}): a wrapper az that`,
    "# runs az again through PATH gets the next az, not itself again.",
    "aztoken_find_az() {",
    "  aztoken_skip=$aztoken_depth",
    "  aztoken_ifs=$IFS",
    "  IFS=:",
    "  set -f",
    "  for aztoken_dir in $PATH; do",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: sh parameter expansion, written as is
    "    aztoken_real=${aztoken_dir:-.}/az",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: sh parameter expansion, written as is
    '    if [ "${aztoken_dir:-.}" != "${0%/*}" ] && [ -f "$aztoken_real" ] && [ -x "$aztoken_real" ] &&',
    '      ! aztoken_is_launcher "$aztoken_real"; then',
    '      [ "$aztoken_skip" -eq 0 ] && break',
    "      aztoken_skip=$((aztoken_skip - 1))",
    "    fi",
    "    aztoken_real=",
    "  done",
    "  IFS=$aztoken_ifs",
    "  set +f",
    '  [ -n "$aztoken_real" ]',
    "}",
    "",
    "# A launcher's second line is exactly the marker line.",
    "aztoken_is_launcher() {",
    '  { read -r aztoken_line && read -r aztoken_line; } <"$1" 2>/dev/null || return 1',
    `  [ "$aztoken_line" = ${shellQuote(POSIX_MARKER_LINE)} ]`,
    "}",
    "",
    'if aztoken_routes "$@"; then',
    '  if [ ! -x "$aztoken_node" ] || [ ! -f "$aztoken_bin" ]; then',
    `    printf '%s\\n' "az: aztoken is no longer at $aztoken_bin (node $aztoken_node); run 'aztoken shim install' again" >&2`,
    `    exit ${NO_AZURE_CLI_EXIT_CODE}`,
    "  fi",
    '  exec "$aztoken_node" "$aztoken_bin" "$@"',
    "fi",
    `aztoken_depth=\${${SHIM_DEPTH_VARIABLE}:-0}`,
    "case $aztoken_depth in *[!0-9]* | 0?* | ?????*) aztoken_depth=0 ;; esac",
    "if aztoken_find_az; then",
    `  ${SHIM_DEPTH_VARIABLE}=$((aztoken_depth + 1))`,
    `  export ${SHIM_DEPTH_VARIABLE}`,
    '  exec "$aztoken_real" "$@"',
    "fi",
    `[ "$aztoken_depth" -eq 0 ] || { printf '%s\\n' ${shellQuote(SHIM_LOOP_MESSAGE)} >&2; exit ${NO_AZURE_CLI_EXIT_CODE}; }`,
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
