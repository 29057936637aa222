/**
 * A timer callback that skips its turn while the previous run is still going (slow ClickHouse, many scopes
 * or sockets): periodic runs never pile up. A run's failure is the run's own business (it logs what it
 * wants to); the next turn runs as usual.
 */
export function oneAtATime(run: () => Promise<void>): () => void {
  let running = false;
  return () => {
    if (running) return;
    running = true;
    void run()
      .catch(() => undefined)
      .finally(() => (running = false));
  };
}
