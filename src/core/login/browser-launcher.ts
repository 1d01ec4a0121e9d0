// Opening the sign-in page, as az decides it (azure.cli.core.util.can_launch_browser and MSAL's _browse): only
// Linux may have no browser; there a browser counts as available when $BROWSER names one, when a desktop
// session (DISPLAY/WAYLAND_DISPLAY) has xdg-open, or in WSL with powershell.exe. Without one, az falls back to
// the device code flow.
import { spawn } from "node:child_process";
import { accessSync, constants, readFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import type { Env } from "../../infra/deps.js";

export interface BrowserLauncher {
  canLaunch(): boolean;
  /** True when the browser (or opener) started successfully. */
  open(url: string): Promise<boolean>;
}

/** An opener still running after this long is a browser the user is looking at, not a failure. */
const OPENER_WAIT_MS = 5_000;

export function systemBrowserLauncher(env: Env, platform: NodeJS.Platform): BrowserLauncher {
  return {
    canLaunch: () => commandsFor(env, platform).length > 0,
    async open(url) {
      for (const command of commandsFor(env, platform)) {
        if (await run(command.map((part) => part.replace("%s", url)))) return true;
      }
      return false;
    },
  };
}

/** Candidate command lines; `%s` stands for the URL. */
function commandsFor(env: Env, platform: NodeJS.Platform): string[][] {
  if (platform === "darwin") return [["open", "%s"]];
  if (platform === "win32") return [["rundll32.exe", "url.dll,FileProtocolHandler", "%s"]];
  const commands: string[][] = [];
  // Python's webbrowser: $BROWSER is a PATH-like list of command lines, `%s` optional
  for (const line of (env.BROWSER ?? "").split(delimiter).filter(Boolean)) {
    const words = line.trim().split(/\s+/);
    commands.push(words.includes("%s") ? words : [...words, "%s"]);
  }
  if ((env.DISPLAY || env.WAYLAND_DISPLAY) && onPath("xdg-open", env)) commands.push(["xdg-open", "%s"]);
  if (isWsl() && onPath("powershell.exe", env)) commands.push(["powershell.exe", "-NoProfile", "-Command", 'Start-Process "%s"']);
  return commands;
}

function run(argv: string[]): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: "ignore", detached: true });
    const timer = setTimeout(() => {
      child.unref();
      resolvePromise(true);
    }, OPENER_WAIT_MS);
    child.on("error", () => {
      clearTimeout(timer);
      resolvePromise(false);
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolvePromise(code === 0);
    });
  });
}

function onPath(name: string, env: Env): boolean {
  return (env.PATH ?? "").split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** WSL kernels say "microsoft" in their release string. */
function isWsl(): boolean {
  try {
    return /microsoft/i.test(readFileSync("/proc/sys/kernel/osrelease", "utf8"));
  } catch {
    return false;
  }
}
