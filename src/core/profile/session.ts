// Everything a command needs to know about the profile before it acts: configuration, the active cloud and
// the accounts. Loaded once per run; each file is read at most once.
import type { Env } from "../../infra/deps.js";
import { loadClouds, resolveActiveCloud, type Cloud } from "../clouds.js";
import { CliConfig } from "../config.js";
import { accountsOfCloud } from "./accounts.js";
import { corruptProfileNotice, readProfile, type ProfileAccount, type ProfileReadResult } from "./profile-file.js";

export class ProfileSession {
  private profileResult: ProfileReadResult | undefined;
  private cloudsCache: Cloud[] | undefined;
  private activeCloud: Cloud | undefined;

  constructor(
    readonly configDir: string,
    readonly config: CliConfig,
    private readonly writeStderr: (text: string) => void,
  ) {}

  static open(configDir: string, env: Env, writeStderr: (text: string) => void): ProfileSession {
    return new ProfileSession(configDir, CliConfig.load(configDir, env), writeStderr);
  }

  get clouds(): Cloud[] {
    return (this.cloudsCache ??= loadClouds(this.configDir));
  }

  get cloud(): Cloud {
    return (this.activeCloud ??= resolveActiveCloud(this.config.get("cloud", "name"), this.clouds, this.writeStderr));
  }

  /** The parsed azureProfile.json; a corrupt file prints az's notice once and reads as empty (never rewritten). */
  get profile(): ProfileReadResult {
    if (!this.profileResult) {
      this.profileResult = readProfile(this.configDir);
      if (this.profileResult.status === "corrupt") this.writeStderr(corruptProfileNotice(this.profileResult.path));
    }
    return this.profileResult;
  }

  accounts(allClouds = false): ProfileAccount[] {
    const profile = this.profile;
    return accountsOfCloud(profile.status === "ok" ? profile.document : undefined, this.cloud.name, allClouds);
  }
}
