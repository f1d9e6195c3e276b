// Presentation-level error rates in ISO/IEC 30107-3 terms, per liveness mode, from the
// outcomes of whole presentations (not frames): APCER = attack presentations that unlocked /
// attack presentations, BPCER = bona fide presentations that did not / bona fide ones.
import { median } from '../../main/face/math/median.ts';
import { upperBound95 } from './metrics.ts';
import type { PresentationOutcome } from './outcome.ts';
import type { LivenessMode } from '../../preload/api.ts';

export interface AttackTypeMetrics {
  count: number;
  unlocked: number;
  apcer: number | null;
  apcerUpper95: number | null;
}

export interface ModeMetrics {
  /** null where there are no presentations of that kind. */
  apcer: number | null;
  bpcer: number | null;
  /** Bona fide presentations shown a challenge prompt (before unlocking or ending). */
  challengedRate: number | null;
  /** Median presentation time to unlock over the bona fide unlocks, ms. */
  medianUnlockMs: number | null;
  counts: { bonaFide: number; bonaFideUnlocked: number; bonaFideChallenged: number; attack: number; attackUnlocked: number };
  apcerUpper95: number | null;
  bpcerUpper95: number | null;
  perAttack: Record<string, AttackTypeMetrics>;
}

export interface PresentationMetrics {
  presentations: PresentationOutcome[];
  byMode: Partial<Record<LivenessMode, ModeMetrics>>;
}

function rate(errors: number, n: number): number | null {
  return n > 0 ? errors / n : null;
}

function bound(errors: number, n: number): number | null {
  return n > 0 ? upperBound95(errors, n) : null;
}

export function modeMetrics(outcomes: readonly PresentationOutcome[]): ModeMetrics {
  const bonaFide = outcomes.filter((o) => o.kind === 'bonaFide');
  const attacks = outcomes.filter((o) => o.kind === 'attack');
  const bonaFideUnlocked = bonaFide.filter((o) => o.unlocked);
  const bonaFideChallenged = bonaFide.filter((o) => o.prompts.length > 0).length;
  const attackUnlocked = attacks.filter((o) => o.unlocked).length;
  const refused = bonaFide.length - bonaFideUnlocked.length;
  const perAttack: Record<string, AttackTypeMetrics> = {};
  for (const type of [...new Set(attacks.map((o) => o.attackType ?? 'unknown'))].sort()) {
    const ofType = attacks.filter((o) => (o.attackType ?? 'unknown') === type);
    const unlocked = ofType.filter((o) => o.unlocked).length;
    perAttack[type] = { count: ofType.length, unlocked, apcer: rate(unlocked, ofType.length), apcerUpper95: bound(unlocked, ofType.length) };
  }
  const unlockTimes = bonaFideUnlocked.map((o) => o.unlockMs!);
  return {
    apcer: rate(attackUnlocked, attacks.length),
    bpcer: rate(refused, bonaFide.length),
    challengedRate: rate(bonaFideChallenged, bonaFide.length),
    medianUnlockMs: unlockTimes.length > 0 ? median(unlockTimes) : null,
    counts: { bonaFide: bonaFide.length, bonaFideUnlocked: bonaFideUnlocked.length, bonaFideChallenged, attack: attacks.length, attackUnlocked },
    apcerUpper95: bound(attackUnlocked, attacks.length),
    bpcerUpper95: bound(refused, bonaFide.length),
    perAttack,
  };
}

export function computePresentationMetrics(outcomes: readonly PresentationOutcome[]): PresentationMetrics {
  const byMode: PresentationMetrics['byMode'] = {};
  for (const mode of [...new Set(outcomes.map((o) => o.mode))]) byMode[mode] = modeMetrics(outcomes.filter((o) => o.mode === mode));
  return { presentations: [...outcomes], byMode };
}
