/** Idle lock: due once the system has been idle for the set minutes; 0 minutes means never. */
export function idleLockDue(idleSeconds: number, idleLockMinutes: number): boolean {
  return idleLockMinutes > 0 && idleSeconds >= idleLockMinutes * 60;
}
