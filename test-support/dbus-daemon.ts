// A private D-Bus bus for a test: Debian's dbus-daemon (apt package `dbus-daemon`) with its own
// config, listening on a socket in a temp folder, so a test can stand a fake logind on it
// without touching (or needing) the machine's system bus.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ADDRESS_TIMEOUT_MS = 5_000;

/** Why a D-Bus test must skip here, or null when dbus-daemon can run. */
export function dbusDaemonMissing(): string | null {
  const probe = spawnSync('dbus-daemon', ['--version'], { stdio: 'ignore' });
  return probe.error ? 'dbus-daemon is not installed (Debian: apt-get install dbus-daemon)' : null;
}

export interface TestBus {
  /** For dbus-next's sessionBus({ busAddress }) or DBUS_SYSTEM_BUS_ADDRESS. */
  readonly address: string;
  /** Kills the daemon at once, as a crash would: every connection drops. */
  kill(): Promise<void>;
  /** Kills it if still running and removes its folder. */
  dispose(): Promise<void>;
}

export async function startTestBus(): Promise<TestBus> {
  const dir = mkdtempSync(join(tmpdir(), 'face-unlock-dbus-'));
  const config = join(dir, 'bus.conf');
  // A session-type bus (anyone of this uid may connect, own any name, send anything), as
  // dbus-daemon's own session.conf, without its service activation and includes.
  writeFileSync(
    config,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${join(dir, 'bus')}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`,
  );
  const daemon = spawn('dbus-daemon', [`--config-file=${config}`, '--nofork', '--nopidfile', '--print-address'], {
    // Its stderr only matters when it fails to start (as root it warns that it cannot raise its fd limit).
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  daemon.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2_000)));
  const exited = new Promise<void>((resolve) => daemon.once('exit', () => resolve()));
  let address: string;
  try {
    address = await firstLine(daemon);
  } catch (error) {
    daemon.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${(error as Error).message}: ${stderr.trim()}`);
  }
  const kill = async () => {
    if (daemon.exitCode === null && daemon.signalCode === null) daemon.kill('SIGKILL');
    await exited;
  };
  return {
    address,
    kill,
    async dispose() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function firstLine(daemon: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error('dbus-daemon printed no address')), ADDRESS_TIMEOUT_MS);
    daemon.stdout!.setEncoding('utf8');
    daemon.stdout!.on('data', (chunk: string) => {
      text += chunk;
      const end = text.indexOf('\n');
      if (end < 0) return;
      clearTimeout(timer);
      resolve(text.slice(0, end).trim());
    });
    daemon.once('error', (error) => (clearTimeout(timer), reject(error)));
    daemon.once('exit', (code) => (clearTimeout(timer), reject(new Error(`dbus-daemon exited (${code}) before printing its address`))));
  });
}
