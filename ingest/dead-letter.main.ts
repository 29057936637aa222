/**
 * `npm run dlq -- list` · `npm run dlq -- replay <job id>… | --all`
 * Inspect and replay batches that could not be stored.
 */
import { parseArgs } from 'node:util';
import { listDeadLetters, replayDeadLetters } from './dead-letter.js';
import { openSink } from './pipeline-client.js';

const USAGE = 'usage: npm run dlq -- list | replay <job id>... | replay --all';

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { all: { type: 'boolean' } },
  });
  const [command, ...ids] = positionals;
  if (command !== 'list' && command !== 'replay') {
    console.error(USAGE);
    process.exit(2);
  }
  const handle = await openSink('dlq');
  try {
    if (command === 'list') {
      const letters = await listDeadLetters(handle.pipeline.queue);
      if (letters.length === 0) console.log('dead-letter list is empty');
      for (const l of letters) {
        console.log(
          `${l.jobId}  ${l.events} events from ${l.origin}, accepted ${l.acceptedAt}, failed ${l.failedAt} after ${l.attempts} attempts\n    ${l.reason}`,
        );
      }
    } else {
      if (!values.all && ids.length === 0) {
        console.error(USAGE);
        process.exitCode = 2;
        return;
      }
      const replayed = await replayDeadLetters(handle.pipeline.queue, values.all ? 'all' : ids);
      console.log(
        `replayed ${replayed.length} batch(es)${replayed.length ? ': ' + replayed.join(', ') : ''}`,
      );
    }
  } finally {
    await handle.close();
  }
}

main().catch((err: unknown) => {
  console.error((err as Error).message);
  process.exit(1);
});
