/**
 * The dead-letter list: batches that failed for good stay in the queue's failed set with their reason.
 * They can be inspected and, once the cause is fixed, replayed: the batch keeps its id and so its
 * de-duplication claims, and whatever part of it was stored already is not stored twice.
 */
import { jobSummary } from './queue.js';
import type { EventsQueue } from './queue.js';

export interface DeadLetter {
  jobId: string;
  batchId: string;
  origin: string;
  events: number;
  firstEventId: string | undefined;
  acceptedAt: string;
  failedAt: string | null;
  attempts: number;
  reason: string;
}

export async function listDeadLetters(queue: EventsQueue, limit = 1_000): Promise<DeadLetter[]> {
  const jobs = await queue.getFailed(0, limit - 1);
  return jobs.map((job) => ({
    jobId: String(job.id),
    batchId: job.data?.batchId ?? '',
    origin: job.data?.origin ?? '',
    ...jobSummary(job.data),
    acceptedAt: job.data?.acceptedAt ?? '',
    failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    attempts: job.attemptsMade,
    reason: job.failedReason,
  }));
}

/** Puts dead-lettered batches back in the queue; returns the ids replayed. */
export async function replayDeadLetters(queue: EventsQueue, jobIds: 'all' | string[]): Promise<string[]> {
  const jobs = await queue.getFailed(0, -1);
  const wanted = jobIds === 'all' ? null : new Set(jobIds);
  const replayed: string[] = [];
  for (const job of jobs) {
    if (wanted && !wanted.has(String(job.id))) continue;
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    replayed.push(String(job.id));
  }
  return replayed;
}
