// install/uninstall in-process against temporary directories: what is written, what is refused, what PATH says.
import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AzError } from "../../../src/core/errors.js";
import type { Logger } from "../../../src/core/logger.js";
import { installShim } from "../../../src/core/shim/install.js";
import { defaultShimDir, type Host } from "../../../src/core/shim/location.js";
import { renderPosixLauncher } from "../../../src/core/shim/posix-script.js";
import { uninstallShim } from "../../../src/core/shim/uninstall.js";
import { removeTempDirs, tempDir, writeStubAz } from "./support.js";
import { expectMode } from "../../support/platform.js";

afterAll(removeTempDirs);

const target = { node: "/usr/local/bin/node", bin: "/opt/aztoken/bin/aztoken.js" };

function recordingLogger(): Logger & { warnings: string[]; infos: string[] } {
  const warnings: string[] = [];
  const infos: string[] = [];
  return { warnings, infos, debugEnabled: false, warning: (m) => warnings.push(m), info: (m) => infos.push(m), debug: () => undefined };
}

function host(env: Record<string, string> = {}, platform: NodeJS.Platform = "linux"): Host {
  return { platform, env, homeDir: tempDir("aztoken-home-") };
}

describe("shim install", () => {
  it("writes an executable sh launcher pointing at the given node and aztoken, and reports it", async () => {
    const dir = join(tempDir(), "new", "bin");
    const logger = recordingLogger();
    const report = await installShim({ dir, host: host({ PATH: `${dir}:/usr/bin` }), logger, target });
    expect(report).toEqual({ dir, files: [join(dir, "az")], node: target.node, aztoken: target.bin, onPath: true });
    expect(readFileSync(join(dir, "az"), "utf8")).toBe(renderPosixLauncher(target));
    expectMode(join(dir, "az"), 0o755);
    expect(logger.warnings).toEqual([]);
  });

  it("names the default directory, ~/.local/bin, and warns when it is not on PATH", async () => {
    const logger = recordingLogger();
    const cli = join(tempDir(), "cli");
    writeStubAz(cli);
    const where = host({ PATH: `${cli}:/usr/bin` });
    const report = await installShim({ dir: undefined, host: where, logger, target });
    expect(report.dir).toBe(join(where.homeDir, ".local", "bin"));
    expect(report.onPath).toBe(false);
    expect(logger.infos.join()).toContain(report.dir);
    expect(logger.warnings).toEqual([
      `${report.dir} is not on PATH, so 'az' does not run aztoken yet. To use it, add 'export PATH="${report.dir}:$PATH"' to your shell profile.`,
    ]);
  });

  it("warns when a real az comes earlier on PATH, but not for another aztoken launcher", async () => {
    const root = tempDir();
    const real = writeStubAz(join(root, "cli"));
    const other = join(root, "other-shim");
    await installShim({ dir: other, host: host(), logger: recordingLogger(), target });
    const dir = join(root, "shim");

    const shadowed = recordingLogger();
    const report = await installShim({ dir, host: host({ PATH: `${join(root, "cli")}:${dir}` }), logger: shadowed, target });
    expect(report).toMatchObject({ onPath: true, shadowedBy: real });
    expect(shadowed.warnings[0]).toContain(`'az' still runs ${real}: PATH lists its directory before ${dir}.`);

    const clear = recordingLogger();
    const ok = await installShim({ dir, host: host({ PATH: `${other}:${dir}/:${join(root, "cli")}` }), logger: clear, target });
    expect(ok).toMatchObject({ onPath: true });
    expect(ok.shadowedBy).toBeUndefined();
    expect(clear.warnings).toEqual([]);
  });

  it("replaces its own launcher", async () => {
    const dir = tempDir();
    await installShim({ dir, host: host(), logger: recordingLogger(), target });
    const moved = { ...target, bin: "/new/place/bin/aztoken.js" };
    await installShim({ dir, host: host(), logger: recordingLogger(), target: moved });
    expect(readFileSync(join(dir, "az"), "utf8")).toBe(renderPosixLauncher(moved));
  });

  it.each([
    ["a real Azure CLI", (file: string) => writeFileSync(file, "#!/usr/bin/env bash\npython3 -Im azure.cli \"$@\"\n")],
    ["a symlink to one", (file: string) => symlinkSync(writeStubAz(join(tempDir(), "cli")), file)],
    ["a directory", (file: string) => mkdirSync(file)],
  ])("refuses to overwrite %s, leaving it as it was", async (_what, make) => {
    const dir = tempDir();
    const file = join(dir, "az");
    make(file);
    const before = statSync(file).isFile() ? readFileSync(file, "utf8") : undefined;
    const attempt = installShim({ dir, host: host(), logger: recordingLogger(), target });
    await expect(attempt).rejects.toThrow(AzError);
    await expect(attempt).rejects.toThrow(`Not overwriting ${file}: it was not written by aztoken.`);
    if (before !== undefined) expect(readFileSync(file, "utf8")).toBe(before);
  });

  it("says which directory it cannot write", async () => {
    const file = join(tempDir(), "not-a-dir");
    writeFileSync(file, "");
    await expect(installShim({ dir: file, host: host(), logger: recordingLogger(), target })).rejects.toThrow(
      `Cannot write the launcher into ${file} (EEXIST). Choose another directory with --dir.`,
    );
  });

  it("on Windows writes az.cmd and the sh script, by default under %LOCALAPPDATA%\\aztoken\\bin", async () => {
    const where = host({ LOCALAPPDATA: "C:\\Users\\u\\AppData\\Local", PATH: "C:\\Windows\\system32" }, "win32");
    expect(defaultShimDir(where)).toBe("C:\\Users\\u\\AppData\\Local\\aztoken\\bin");
    const dir = tempDir();
    const report = await installShim({ dir, host: where, logger: recordingLogger(), target });
    expect(report.files).toEqual([join(dir, "az.cmd"), join(dir, "az")]);
    expect(readFileSync(join(dir, "az.cmd"), "utf8")).toMatch(/^@echo off\r\n/);
  });

  it("honours XDG_BIN_HOME when it is absolute", () => {
    expect(defaultShimDir({ platform: "linux", env: { XDG_BIN_HOME: "/x/bin" }, homeDir: "/home/u" })).toBe("/x/bin");
    expect(defaultShimDir({ platform: "darwin", env: { XDG_BIN_HOME: "rel" }, homeDir: "/Users/u" })).toBe("/Users/u/.local/bin");
  });
});

describe("shim uninstall", () => {
  it("removes only the launchers, leaving the directory's other files", async () => {
    const dir = tempDir();
    await installShim({ dir, host: host({}, "win32"), logger: recordingLogger(), target });
    writeFileSync(join(dir, "kubectl"), "keep me");
    const report = await uninstallShim({ dir, host: host(), logger: recordingLogger() });
    expect(report).toEqual({ dir, removed: [join(dir, "az"), join(dir, "az.cmd")] });
    expect(existsSync(join(dir, "az"))).toBe(false);
    expect(existsSync(join(dir, "az.cmd"))).toBe(false);
    expect(readFileSync(join(dir, "kubectl"), "utf8")).toBe("keep me");
  });

  it("refuses to remove an az it did not write, and removes nothing", async () => {
    const dir = tempDir();
    await installShim({ dir, host: host({}, "win32"), logger: recordingLogger(), target });
    const foreign = writeStubAz(dir);
    const attempt = uninstallShim({ dir, host: host(), logger: recordingLogger() });
    await expect(attempt).rejects.toThrow(`Not removing ${foreign}: not written by aztoken`);
    expect(existsSync(foreign)).toBe(true);
    expect(existsSync(join(dir, "az.cmd"))).toBe(true);
  });

  it("warns and succeeds when there is nothing to remove", async () => {
    const dir = tempDir();
    const logger = recordingLogger();
    expect(await uninstallShim({ dir, host: host(), logger })).toEqual({ dir, removed: [] });
    expect(logger.warnings).toEqual([`No aztoken launcher in ${dir}; nothing to remove.`]);
  });
});
