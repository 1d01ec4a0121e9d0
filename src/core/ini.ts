// A reader and writer for the subset of Python's configparser format az uses (`config`, `clouds.config`).
// Option names are case-insensitive (configparser lower-cases them); section names are case-sensitive.

export type IniData = Map<string, Map<string, string>>;

export function parseIni(text: string): IniData {
  const data: IniData = new Map();
  let section: Map<string, string> | undefined;
  let lastKey: string | undefined;
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split("\n");
  for (let index = 0; index < lines.length; index++) {
    // split(/\r?\n/) without the expression: a "\r" goes only where a "\n" follows it
    const line = lines[index]!;
    const rawLine = index < lines.length - 1 && line.endsWith("\r") ? line.slice(0, -1) : line;
    // Each regular expression costs a compile on first use, on every run: the character checks in front only
    // skip an expression when they already know its answer (the usual `key = value` and `[section]` lines).
    const first = rawLine.charCodeAt(0);
    const mayStartWithSpace = !(first > 32 && first < 127);
    if ((rawLine === "" || mayStartWithSpace || first === 0x23 || first === 0x3b) && /^\s*([#;].*)?$/.test(rawLine)) continue;
    const header = first === 0x5b ? /^\[([^\]]+)\]\s*$/.exec(rawLine) : null;
    if (header) {
      const name = header[1]!;
      section = data.get(name) ?? new Map<string, string>();
      data.set(name, section);
      lastKey = undefined;
      continue;
    }
    if (!section) continue; // configparser would raise MissingSectionHeaderError; az then ignores the file
    if (mayStartWithSpace && /^\s/.test(rawLine) && lastKey !== undefined) {
      // continuation line
      section.set(lastKey, `${section.get(lastKey)}\n${rawLine.trim()}`);
      continue;
    }
    const match = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(rawLine);
    if (!match) continue;
    lastKey = match[1]!.trim().toLowerCase();
    section.set(lastKey, match[2]!.trim());
  }
  return data;
}

/** configparser's write(): `[section]`, `key = value` lines, then a blank line after each section. */
export function formatIni(data: IniData): string {
  let out = "";
  for (const [name, options] of data) {
    out += `[${name}]\n`;
    for (const [key, value] of options) out += `${key} = ${value.replace(/\n/g, "\n\t")}\n`;
    out += "\n";
  }
  return out;
}
