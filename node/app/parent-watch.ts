/**
 * A node started by a supervisor (the localnet) gets MESHTENSOR_STOP_WITH_PARENT=<supervisor pid>.
 * The supervisor starts nodes in their own process groups so it can stop each whole, which also
 * means a supervisor killed with SIGKILL (no exit hook runs) would leave them running. So the node
 * watches its parent: once it has been re-parented, it stops as if it got SIGTERM.
 */
export const STOP_WITH_PARENT_ENV = "MESHTENSOR_STOP_WITH_PARENT";

/** Calls `onParentGone` once when the parent named in the env is gone; returns a stop function. */
export function watchParent(onParentGone: () => void, env: NodeJS.ProcessEnv = process.env, everyMs = 1_000): () => void {
  const expected = Number(env[STOP_WITH_PARENT_ENV]);
  if (!Number.isInteger(expected) || expected <= 0) return () => {};
  const timer = setInterval(() => {
    if (process.ppid === expected) return;
    clearInterval(timer);
    onParentGone();
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
