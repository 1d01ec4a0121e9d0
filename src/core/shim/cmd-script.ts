// The Windows `az.cmd` launcher, generated from the same routing table as the POSIX one. Batch quirks it relies
// on: `shift` never changes %*, so the original arguments are forwarded untouched; unquoted `=` separates
// arguments, so `-o=json` reads as `-o json`; and npm's cmd-shim ending (`endlocal & goto #_undefined_# ...`)
// ends the batch file while the program runs, so its exit code becomes ours.
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
import type { LauncherTarget } from "./posix-script.js";

/** Where the real Azure CLI may be: `where az` also lists the extension-less bash script az ships for Git Bash. */
const RUNNABLE_EXTENSIONS = [".cmd", ".bat", ".exe", ".com"];

export function renderCmdLauncher(target: LauncherTarget): string {
  const switches = ROOT_SWITCHES.flatMap(longOptionSpellings);
  const valueOptions = [ROOT_SHORT_VALUE_OPTION, ...ROOT_VALUE_OPTIONS.flatMap(longOptionSpellings)];
  const short = ROOT_SHORT_VALUE_OPTION;
  const lines = [
    "@echo off",
    `rem ${LAUNCHER_MARKER}: written by 'aztoken shim install', removed by 'aztoken shim uninstall'.`,
    "rem Runs aztoken for the az commands it implements and hands every other command to the real Azure CLI",
    "rem found on PATH, with the arguments and the exit code unchanged.",
    "setlocal DisableDelayedExpansion",
    `set "AZTOKEN_NODE=${batchSetValue(target.node)}"`,
    `set "AZTOKEN_BIN=${batchSetValue(target.bin)}"`,
    'set "AZTOKEN_SELF=%~dp0"',
    ...VERSION_ARGS.map((arg) => `if "%~1"=="${arg}" goto run_aztoken`),
    "rem skip the root options az accepts before the command words",
    ":skip_root_option",
    'set "AZTOKEN_ARG=%~1"',
    `for %%O in (${switches.join(" ")}) do if "%AZTOKEN_ARG%"=="%%O" (shift & goto skip_root_option)`,
    `for %%O in (${valueOptions.join(" ")}) do if "%AZTOKEN_ARG%"=="%%O" (shift & shift & goto skip_root_option)`,
    `if not "%AZTOKEN_ARG%"=="${short}" if "%AZTOKEN_ARG:~0,${short.length}%"=="${short}" (shift & goto skip_root_option)`,
    'set "AZTOKEN_W1=%~1"',
    'set "AZTOKEN_W2=%~2"',
    ...routeIfs(),
    "goto run_az",
    "",
    ":run_aztoken",
    'if not exist "%AZTOKEN_BIN%" goto aztoken_missing',
    `endlocal & goto #_undefined_# 2>nul || title %COMSPEC% & "%AZTOKEN_NODE%" "%AZTOKEN_BIN%" %*`,
    ":aztoken_missing",
    `>&2 echo ${batchEchoText("az: aztoken is no longer at ")}%AZTOKEN_BIN%${batchEchoText("; run 'aztoken shim install' again")}`,
    `exit /b ${NO_AZURE_CLI_EXIT_CODE}`,
    "",
    ":run_az",
    "rem the first az on PATH that is neither in this directory nor another aztoken launcher",
    'set "AZTOKEN_REAL="',
    "for /f \"delims=\" %%A in ('where az 2^>nul') do if not defined AZTOKEN_REAL call :consider \"%%~fA\"",
    "if not defined AZTOKEN_REAL goto no_az",
    'endlocal & goto #_undefined_# 2>nul || title %COMSPEC% & "%AZTOKEN_REAL%" %*',
    ":no_az",
    `>&2 echo ${batchEchoText(NO_AZURE_CLI_MESSAGE)}`,
    `exit /b ${NO_AZURE_CLI_EXIT_CODE}`,
    "",
    ":consider",
    `${RUNNABLE_EXTENSIONS.map((ext) => `if /i not "%~x1"=="${ext}" `).join("")}exit /b`,
    'if /i "%~dp1"=="%AZTOKEN_SELF%" exit /b',
    `findstr /l /c:"${LAUNCHER_MARKER}" "%~1" >nul 2>&1 && exit /b`,
    'set "AZTOKEN_REAL=%~1"',
    "exit /b",
  ];
  // cmd.exe misreads labels in files with bare LF line endings
  return lines.join("\r\n") + "\r\n";
}

/** One `if` chain per route; `if /i` compares case-insensitively, as az matches command words. */
function routeIfs(): string[] {
  const lines: string[] = [];
  for (const [first, seconds] of routesByFirstWord()) {
    const firstTest = `if /i "%AZTOKEN_W1%"=="${first}"`;
    if (seconds === true) lines.push(`${firstTest} goto run_aztoken`);
    else for (const second of seconds) lines.push(`${firstTest} if /i "%AZTOKEN_W2%"=="${second}" goto run_aztoken`);
  }
  return lines;
}

/** A value inside `set "NAME=value"`: only % is special there (Windows paths cannot contain `"`). */
function batchSetValue(value: string): string {
  if (value.includes('"')) throw new Error(`a path with a double quote cannot be written into az.cmd: ${value}`);
  return value.replace(/%/g, "%%");
}

/** Text after `echo`: escape cmd's operators with ^ and % by doubling. */
export function batchEchoText(text: string): string {
  return text.replace(/%/g, "%%").replace(/[\^&|<>()]/g, (char) => `^${char}`);
}
