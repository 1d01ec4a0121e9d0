// Shared set-up for e2e suites that talk to the fake Entra ID: one fake per file, temporary profiles that are
// removed afterwards.
import { afterAll, beforeAll } from "vitest";
import { startFakeEntra, type FakeEntra, type FakeEntraOptions } from "./fake-entra/index.js";
import { makeProfile, type TempProfile } from "./profile-fixture.js";

export interface FakeEntraSuite {
  /** The running fake (valid inside tests). */
  readonly fake: FakeEntra;
  /** A fresh AZURE_CONFIG_DIR of the given fixture kind, removed after the suite. */
  profile(fixture: string): TempProfile;
}

export function useFakeEntra(options?: FakeEntraOptions): FakeEntraSuite {
  let fake: FakeEntra | undefined;
  const made: TempProfile[] = [];
  beforeAll(async () => {
    fake = await startFakeEntra(options);
  });
  afterAll(async () => {
    made.splice(0).forEach((profile) => profile.remove());
    await fake?.close();
  });
  return {
    get fake() {
      if (!fake) throw new Error("the fake Entra ID is not running yet");
      return fake;
    },
    profile(fixture) {
      const created = makeProfile(fixture);
      made.push(created);
      return created;
    },
  };
}
