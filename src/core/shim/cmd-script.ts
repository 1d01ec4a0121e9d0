// The Windows `az.cmd` launcher, generated from the same routing table as the POSIX one. Batch quirks it relies
// on: `shift` never changes %*, so the original arguments are forwarded untouched; unquoted `=` separates
// arguments, so `-o=json` reads as `-o json`; and npm's cmd-shim ending (`endlocal & goto #_undefined_# ...`)
// ends the batch file while the program runs, so its exit code becomes ours.
import {
  CMD_MARKER_LINE,
  NO_AZURE_CLI_EXIT_CODE,
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
import type { LauncherTarget } from "./posix-script.js";

/**
 * The names the real Azure CLI may have in a PATH directory, in the default PATHEXT order (az ships az.cmd, and
 * an extension-less bash script for Git Bash that cmd cannot run).
 */
const RUNNABLE_EXTENSIONS = [".com", ".exe", ".bat", ".cmd"];

export function renderCmdLauncher(target: LauncherTarget): string {
  const switches = ROOT_SWITCHES.flatMap(longOptionSpellings);
  const valueOptions = [ROOT_SHORT_VALUE_OPTION, ...ROOT_VALUE_OPTIONS.flatMap(longOptionSpellings)];
  const short = ROOT_SHORT_VALUE_OPTION;
  const lines = [
    "@echo off",
    CMD_MARKER_LINE,
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
    // quoted: a path like C:\A&B would otherwise end the echo at the & and run the rest as a command
    `>&2 echo ${batchEchoText("az: aztoken is no longer at ")}"%AZTOKEN_BIN%"${batchEchoText("; run 'aztoken shim install' again")}`,
    `exit /b ${NO_AZURE_CLI_EXIT_CODE}`,
    "",
    ":run_az",
    "rem the first az in a PATH directory (not the current folder, which `where` searches first) that is neither in",
    `rem this directory nor another aztoken launcher, after the ${SHIM_DEPTH_VARIABLE} ones this launcher already`,
    "rem handed the command to: a wrapper az that runs az again through PATH gets the next az, not itself again",
    'set "AZTOKEN_REAL="',
    'set "AZTOKEN_DEPTH=0"',
    `if defined ${SHIM_DEPTH_VARIABLE} set /a "AZTOKEN_DEPTH=${SHIM_DEPTH_VARIABLE}" 2>nul || set "AZTOKEN_DEPTH=0"`,
    'set "AZTOKEN_SKIP=%AZTOKEN_DEPTH%"',
    `for %%D in ("%PATH:;=" "%") do if not "%%~D"=="" for %%E in (${RUNNABLE_EXTENSIONS.join(" ")}) do if not defined AZTOKEN_REAL if exist "%%~D\\az%%E" call :consider "%%~fD\\az%%E"`,
    "if not defined AZTOKEN_REAL goto no_az",
    "set /a AZTOKEN_DEPTH+=1",
    `endlocal & set "${SHIM_DEPTH_VARIABLE}=%AZTOKEN_DEPTH%" & goto #_undefined_# 2>nul || title %COMSPEC% & "%AZTOKEN_REAL%" %*`,
    ":no_az",
    'if not "%AZTOKEN_DEPTH%"=="0" (',
    `  >&2 echo ${batchEchoText(SHIM_LOOP_MESSAGE)}`,
    `  exit /b ${NO_AZURE_CLI_EXIT_CODE}`,
    ")",
    `>&2 echo ${batchEchoText(NO_AZURE_CLI_MESSAGE)}`,
    `exit /b ${NO_AZURE_CLI_EXIT_CODE}`,
    "",
    ":consider",
    'if /i "%~dp1"=="%AZTOKEN_SELF%" exit /b',
    `findstr /x /l /c:"${CMD_MARKER_LINE}" "%~1" >nul 2>&1 && exit /b`,
    'if not "%AZTOKEN_SKIP%"=="0" (',
    "  set /a AZTOKEN_SKIP-=1",
    "  exit /b",
    ")",
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
