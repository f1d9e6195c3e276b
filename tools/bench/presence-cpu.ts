// What the walk-away lock costs: the presence page in Chromium (the fake camera playing the
// owner's clip) and main's judging, at one frame a second for WALL_SECONDS, as CPU time over
// wall time, in % of one core. Chromium's share is every process of its tree (browser, GPU,
// renderer, capture) minus the same browser's idle share over the same time with no page
// open; main's share is this Node process, whose bridge to the page (Playwright,
// base64) costs more than Electron's IPC would: an upper bound.
//   node --import tsx tools/bench/presence-cpu.ts [seconds]
import { readdirSync, readFileSync } from 'node:fs';
import { celebrityPhoto, OWNER, OWNER_SEED_PHOTOS } from '../../e2e/fake-camera.ts';
import { frameReportsOf, RealMain } from '../../e2e/real-main.ts';
import { UiStand } from '../../e2e/ui-stand.ts';

const WALL_SECONDS = Number(process.argv[2] ?? 60);
const TICKS_PER_SECOND = 100; // Linux USER_HZ

/** CPU seconds of every descendant of this process (Chromium and its children), from /proc. */
function childrenCpuSeconds(): number {
  const parents = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(name), Number(fields[1]));
      ticks.set(Number(name), Number(fields[11]) + Number(fields[12]));
    } catch {
      // gone meanwhile
    }
  }
  const isDescendant = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === process.pid) return true;
    return false;
  };
  let total = 0;
  for (const [pid, t] of ticks) if (isDescendant(pid)) total += t;
  return total / TICKS_PER_SECOND;
}

const nodeCpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

async function measure(seconds: number, during: () => Promise<void> = async () => {}): Promise<{ chromium: number; node: number }> {
  const chromium0 = childrenCpuSeconds();
  const node0 = nodeCpuSeconds();
  const wall0 = performance.now();
  await during();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const wall = (performance.now() - wall0) / 1000;
  return { chromium: (100 * (childrenCpuSeconds() - chromium0)) / wall, node: (100 * (nodeCpuSeconds() - node0)) / wall };
}

const stand = await UiStand.start({ realCore: true });
const main = await RealMain.start({ stand });
try {
  await main.seedProfile(await frameReportsOf(OWNER_SEED_PHOTOS.map((name) => celebrityPhoto(OWNER, name))));
  await main.core.updateSettings({ walkAwayLock: true });
  let frames = 0;
  let seen = 0;
  main.core.presence.onJudged(({ ownerSeen }) => {
    frames++;
    if (ownerSeen) seen++;
  });
  // The browser with the owner's clip, started and idle (a blank page): its own share.
  const { page: blank } = await stand.openPage('index.html', null, { camera: 'owner' });
  await blank.close();
  const idle = await measure(Math.min(20, WALL_SECONDS));
  main.core.presence.start();
  const { page } = await main.openPage('presence/index.html', { camera: 'owner' });
  // Detector loaded and the first frame judged before the clock starts: the steady cost.
  while (frames < 2) await new Promise((resolve) => setTimeout(resolve, 100));
  const framesBefore = frames;
  const running = await measure(WALL_SECONDS);
  const judged = frames - framesBefore;
  await page.close();
  const chromium = running.chromium - idle.chromium;
  console.log(`presence check, ${WALL_SECONDS} s at ${(judged / WALL_SECONDS).toFixed(2)} frames/s judged (owner seen in ${seen} of ${frames}):`);
  console.log(`  Chromium (presence page, camera capture): ${chromium.toFixed(1)} % of one core (${running.chromium.toFixed(1)} % with the page, ${idle.chromium.toFixed(1)} % idle)`);
  console.log(`  main (judging, and the test bridge): ${running.node.toFixed(1)} % of one core (${idle.node.toFixed(1)} % idle)`);
  console.log(`  together: ${(chromium + running.node - idle.node).toFixed(1)} % of one core`);
} finally {
  await main.close();
  await stand.close();
}
