import type { LaunchOptions } from "playwright-core";

/**
 * System Chromium, nothing phoning home; `*.localhost` landing hosts resolve to this machine. `extraArgs`
 * add switches, e.g. a fake camera and microphone for the recorder.
 */
export function browserLaunchOptions(extraArgs: string[] = []): LaunchOptions {
  return {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--host-resolver-rules=MAP *.localhost 127.0.0.1",
      ...extraArgs,
    ],
  };
}
