// Start at login. Windows and macOS: Electron's login item settings. Linux: an XDG
// autostart entry in ~/.config/autostart, written and removed by the toggle.
import { mkdir, rm, writeFile, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The flag the login item passes, so the app knows it was launched at login (tray only, locked). */
export const LAUNCHED_AT_LOGIN_ARG = '--launched-at-login';
export const AUTOSTART_FILE_NAME = 'face-unlock.desktop';

export function autostartDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'autostart');
}

/** A desktop entry that starts the app in the tray; paths with spaces are quoted per the XDG spec. */
export function autostartDesktopEntry(execPath: string, args: readonly string[] = []): string {
  const exec = [execPath, ...args, LAUNCHED_AT_LOGIN_ARG].map(quoteExecArg).join(' ');
  return ['[Desktop Entry]', 'Type=Application', 'Name=Face Unlock', 'Comment=Unlock your desktop with your face', `Exec=${exec}`, 'Terminal=false', 'X-GNOME-Autostart-enabled=true', ''].join('\n');
}

export class LinuxAutostart {
  constructor(
    private readonly dir: string,
    private readonly execPath: string,
    private readonly args: readonly string[] = [],
  ) {}

  private get path(): string {
    return join(this.dir, AUTOSTART_FILE_NAME);
  }

  async isEnabled(): Promise<boolean> {
    try {
      return (await readFile(this.path, 'utf8')).includes('Exec=');
    } catch {
      return false;
    }
  }

  async setEnabled(enabled: boolean): Promise<void> {
    if (!enabled) {
      await rm(this.path, { force: true });
      return;
    }
    await mkdir(this.dir, { recursive: true });
    await writeFile(this.path, autostartDesktopEntry(this.execPath, this.args), { mode: 0o644 });
  }
}

function quoteExecArg(arg: string): string {
  if (/^[\w@%+=:,./-]+$/.test(arg)) return arg;
  return `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
}
