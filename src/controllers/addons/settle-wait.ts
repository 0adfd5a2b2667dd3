// Which wait is worth announcing. A healthy OrderedReady rollout waits on every pod for the few
// milliseconds it takes to start; announcing those would write the set (and an Event) on every
// step. A wait is announced only once the same pod has blocked the set for the settle time, and it
// is withdrawn as soon as that pod stops blocking.
import type { WaitState } from "./find-blocker.ts";

/** The pod a set has been waiting on, and since when (ms since the epoch). */
export interface BlockedSince {
  pod: string;
  since: number;
}

export interface SettleDecision {
  /** The reason the set should carry now; undefined removes it. */
  reason: string | undefined;
  /** What to remember for the next look at this set. */
  blocked: BlockedSince | undefined;
  /** Look again after this long: the wait settles then. */
  recheckAfterMs?: number;
}

export interface SettleInput {
  state: Exclude<WaitState, { kind: "unknown" }>;
  /** From the last look at this set, if any. */
  blocked: BlockedSince | undefined;
  /** The reason the set carries now. */
  annotated: string | undefined;
  nowMs: number;
  settleMs: number;
}

export function settleWait({ state, blocked, annotated, nowMs, settleMs }: SettleInput): SettleDecision {
  if (state.kind === "clear") return { reason: undefined, blocked: undefined };
  const same = blocked?.pod === state.pod ? blocked : undefined;
  // A reason naming this pod is already on the set (an earlier run announced it): the wait has settled.
  const announcedBefore = annotated !== undefined && annotated.startsWith(`${state.pod} `);
  const since = same?.since ?? (announcedBefore ? nowMs - settleMs : nowMs);
  const next = { pod: state.pod, since };
  const left = since + settleMs - nowMs;
  if (left > 0) return { reason: undefined, blocked: next, recheckAfterMs: left };
  return { reason: state.message, blocked: next };
}
