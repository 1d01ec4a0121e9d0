// A reader and writer for the subset of Python's configparser format az uses (`config`, `clouds.config`).
// Option names are case-insensitive (configparser lower-cases them); section names are case-sensitive.

export type IniData = Map<string, Map<string, string>>;

export function parseIni(text: string): IniData {
  const data: IniData = new Map();
  let section: Map<string, string> | undefined;
  let lastKey: string | undefined;
  for (const rawLine of text.replace(/^\uFEFF/, "").split(/\r?\n/)) {
    if (/^\s*([#;].*)?$/.test(rawLine)) continue;
    const header = /^\[([^\]]+)\]\s*$/.exec(rawLine);
    if (header) {
      const name = header[1]!;
      section = data.get(name) ?? new Map<string, string>();
      data.set(name, section);
      lastKey = undefined;
      continue;
    }
    if (!section) continue; // configparser would raise MissingSectionHeaderError; az then ignores the file
    if (/^\s/.test(rawLine) && lastKey !== undefined) {
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
