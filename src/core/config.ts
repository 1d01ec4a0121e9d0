// az's configuration: `$AZURE_CONFIG_DIR/config` (INI) with every `[section] key` overridable by the
// environment variable AZURE_<SECTION>_<KEY> (knack's CLIConfig).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Env } from "../infra/deps.js";
import { parseIni, type IniData } from "./ini.js";
import { CONFIG_FILE } from "./paths.js";

export class CliConfig {
  constructor(
    private readonly file: IniData,
    private readonly env: Env,
  ) {}

  static load(configDir: string, env: Env): CliConfig {
    return new CliConfig(readIniFile(join(configDir, CONFIG_FILE)), env);
  }

  get(section: string, key: string): string | undefined {
    const fromEnv = this.env[`AZURE_${section}_${key}`.toUpperCase()];
    if (fromEnv !== undefined) return fromEnv;
    return this.file.get(section)?.get(key.toLowerCase());
  }

  getBoolean(section: string, key: string, fallback = false): boolean {
    const value = this.get(section, key);
    if (value === undefined) return fallback;
    // configparser's BOOLEAN_STATES
    const normalised = value.trim().toLowerCase();
    if (["1", "yes", "true", "on"].includes(normalised)) return true;
    if (["0", "no", "false", "off"].includes(normalised)) return false;
    return fallback;
  }
}

/** A missing or unreadable INI file reads as empty, as configparser.read() does. */
export function readIniFile(path: string): IniData {
  try {
    return parseIni(readFileSync(path, "utf8"));
  } catch {
    return new Map();
  }
}
