/** Inputs of one simulated live migration, in bytes, seconds and milliseconds. */
export interface MigrationParams {
  memoryBytes: number;
  /** 0 = unlimited, meaning the link speed (`linkBytesPerSec`). */
  bandwidthBytesPerSec: number;
  linkBytesPerSec?: number;
  dirtyRateBytesPerSec: number;
  maxDowntimeMs: number;
  progressTimeoutSec: number;
  completionTimeoutPerGiB: number;
  allowAutoConverge: boolean;
  allowPostCopy: boolean;
}

/** Where a simulated migration stands; plain data so it can be shown and tested. */
export interface MigrationModelState {
  elapsedSec: number;
  status: 'active' | 'postcopy-active' | 'completed' | 'failed';
  mode: 'PreCopy' | 'PostCopy';
  /** Bytes sent so far (including re-sent dirty pages). */
  processedBytes: number;
  /** Bytes left in the current pass plus pages dirtied since it began. */
  remainingBytes: number;
  passRemaining: number;
  dirtiedThisPass: number;
  iteration: number;
  /** Auto-converge CPU throttle, 0..0.99. */
  throttle: number;
  expectedDowntimeMs: number;
  downtimeMs?: number;
  minRemaining: number;
  lastProgressSec: number;
  transferRate: number;
  dirtyRate: number;
  failureReason?: string;
}

const GiB = 2 ** 30;

/** The effective transfer rate: the policy's bandwidth, or the link when unlimited. */
export function effectiveBandwidth(p: MigrationParams): number {
  return p.bandwidthBytesPerSec > 0 ? p.bandwidthBytesPerSec : (p.linkBytesPerSec ?? GiB);
}

/** Seconds after which a migration counts as too slow (completionTimeoutPerGiB × GiB, at least 1 GiB). */
export function acceptableCompletionSec(p: MigrationParams): number {
  return p.completionTimeoutPerGiB * Math.max(1, p.memoryBytes / GiB);
}

/** The state right after the migration starts: the first pass has all of memory to send. */
export function initialState(p: MigrationParams): MigrationModelState {
  return {
    elapsedSec: 0, status: 'active', mode: 'PreCopy', processedBytes: 0, remainingBytes: p.memoryBytes,
    passRemaining: p.memoryBytes, dirtiedThisPass: 0, iteration: 1, throttle: 0, expectedDowntimeMs: p.maxDowntimeMs,
    minRemaining: p.memoryBytes, lastProgressSec: 0, transferRate: 0, dirtyRate: 0,
  };
}

function endPass(p: MigrationParams, s: MigrationModelState, bw: number): void {
  s.expectedDowntimeMs = (s.dirtiedThisPass / bw) * 1000;
  if (s.expectedDowntimeMs <= p.maxDowntimeMs) {
    s.processedBytes += s.dirtiedThisPass;
    s.downtimeMs = Math.max(1, Math.round(s.expectedDowntimeMs));
    s.remainingBytes = 0;
    s.status = 'completed';
    return;
  }
  s.iteration += 1;
  s.passRemaining = s.dirtiedThisPass;
  s.dirtiedThisPass = 0;
  // QEMU's auto-converge starts throttling at 20% and adds 10% per pass that fails to converge.
  if (p.allowAutoConverge && s.iteration >= 3) s.throttle = Math.min(0.99, s.throttle === 0 ? 0.2 : s.throttle + 0.1);
}

function checkTimeouts(p: MigrationParams, s: MigrationModelState): void {
  if (s.remainingBytes < s.minRemaining) {
    s.minRemaining = s.remainingBytes;
    s.lastProgressSec = s.elapsedSec;
  }
  if (s.elapsedSec - s.lastProgressSec > p.progressTimeoutSec) {
    s.status = 'failed';
    s.failureReason = `Live migration stuck for ${Math.round(s.elapsedSec - s.lastProgressSec)} sec and has been aborted`;
    return;
  }
  if (s.elapsedSec > acceptableCompletionSec(p)) {
    if (p.allowPostCopy) {
      s.status = 'postcopy-active';
      s.mode = 'PostCopy';
      s.passRemaining += s.dirtiedThisPass;
      s.dirtiedThisPass = 0;
      return;
    }
    s.status = 'failed';
    s.failureReason = `Live migration is not completed after ${Math.round(acceptableCompletionSec(p))} sec and has been aborted`;
  }
}

/**
 * Advances a pre-copy migration by `dtSec`: memory is sent at the bandwidth while the guest
 * dirties pages (slowed by auto-converge's throttle); each pass ends with an estimate of the
 * stop-and-copy downtime, and the migration completes once it fits `maxDowntimeMs`. Too slow
 * or stuck migrations fail with virt-launcher's reasons, or switch to post-copy when allowed,
 * after which the rest is pulled from the source and nothing is re-dirtied.
 */
export function stepMigration(p: MigrationParams, prev: MigrationModelState, dtSec: number): MigrationModelState {
  const s = { ...prev };
  if (s.status === 'completed' || s.status === 'failed') return s;
  const bw = effectiveBandwidth(p);
  s.elapsedSec += dtSec;
  const send = Math.min(s.passRemaining, bw * dtSec);
  s.passRemaining -= send;
  s.processedBytes += send;
  s.transferRate = send / dtSec;
  if (s.status === 'postcopy-active') {
    s.dirtyRate = 0;
    s.remainingBytes = s.passRemaining;
    if (s.passRemaining <= 0) {
      s.status = 'completed';
      s.downtimeMs = s.downtimeMs ?? 1;
    }
    return s;
  }
  s.dirtyRate = p.dirtyRateBytesPerSec * (1 - s.throttle);
  // Only the time spent sending counts for dirtying within the pass; the remainder starts the next.
  s.dirtiedThisPass = Math.min(p.memoryBytes, s.dirtiedThisPass + s.dirtyRate * dtSec);
  if (s.passRemaining <= 0) {
    endPass(p, s, bw);
    if ((s.status as MigrationModelState['status']) === 'completed') return s;
  }
  // As QEMU counts it: a dirtied page is remaining once, however often it was written, so the
  // remainder never exceeds the guest's memory.
  s.remainingBytes = Math.min(p.memoryBytes, s.passRemaining + s.dirtiedThisPass);
  checkTimeouts(p, s);
  return s;
}
