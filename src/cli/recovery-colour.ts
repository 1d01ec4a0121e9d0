// The recovery block as az prints it on a terminal (azure.cli.core.style, dark theme): example commands
// highlighted word by word, descriptions and "Read more" in grey, the reference link in cyan. The block is built
// as plain text at parse time (recovery.ts); this repaints it when colour is on.
import { OVERVIEW_REFERENCE } from "./recovery.js";

const RESET = "\x1b[0m";
const ACTION = "\x1b[94m";
const SECONDARY = "\x1b[90m";
const HYPERLINK = "\x1b[96m";
const EXAMPLES_HEADING = "Examples from AI knowledge base:";

/** style.highlight_command: command words and option names in ACTION, values in PRIMARY (a reset). */
export function highlightCommand(command: string): string {
  let argumentsBegun = false;
  const parts = command.split(/\s+/).filter(Boolean).map((word, index) => {
    let style = RESET;
    if (word.startsWith("-") && !word.includes("=")) {
      style = ACTION;
      argumentsBegun = true;
    } else if (!argumentsBegun && !word.includes("=")) {
      style = ACTION;
    }
    return style + (index > 0 ? ` ${word}` : word);
  });
  return parts.join("") + RESET;
}

export function colourRecoveryBlock(trailer: string): string {
  const lines = trailer.split("\n");
  const start = lines.indexOf(EXAMPLES_HEADING);
  if (start < 0) return trailer;
  const out = lines.slice(0, start + 1);
  let index = start + 1;
  while (index < lines.length) {
    const line = lines[index]!;
    if (line === OVERVIEW_REFERENCE) {
      out.push(`${HYPERLINK}${line}${RESET}`, `${SECONDARY}${lines[index + 1] ?? ""}${RESET}`);
      index += 2;
    } else if (line !== "" && lines[index + 2] === "") {
      // command, description, blank line: the description's own newline sits inside the grey span
      out.push(highlightCommand(line), `${SECONDARY}${lines[index + 1]}`, RESET);
      index += 3;
    } else {
      out.push(line);
      index += 1;
    }
  }
  return out.join("\n");
}
