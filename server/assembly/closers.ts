/** What a start opened, closed again last-opened first; one that fails is logged and the others still run. */
import type { Logger } from '../../common/node/logger.js';

export type Closer = () => Promise<unknown> | void;

export class Closers {
  private readonly list: Closer[] = [];

  add(close: Closer): void {
    this.list.push(close);
  }

  async closeAll(logger: Logger): Promise<void> {
    while (this.list.length > 0) {
      const close = this.list.pop() as Closer;
      try {
        await close();
      } catch (err) {
        logger.warn({ err }, 'closing a component failed');
      }
    }
  }
}
