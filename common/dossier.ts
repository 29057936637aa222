/**
 * 一案一档 (CONTRACT.md §8): the dossier of one link-key value — every event connected to it through shared
 * link-key values, with the alerts and orders about them — and the search that finds where to start.
 * Shared by the server and the dashboard.
 */
import { z } from 'zod';
import type { Alert } from './alerts.js';
import { LINK_KEYS } from './event-types.js';
import type { LinkKey } from './event-types.js';
import type { StoredEvent } from './events.js';
import type { Supervision } from './supervision.js';

/** Events in one dossier at most; a bigger component is cut breadth-first (`truncated`). */
export const DOSSIER_MAX_EVENTS = 5_000;
/** Search results at most. */
export const SEARCH_MAX_RESULTS = 20;
/** Shortest query matched by prefix against link-key values (person data is matched exactly at any length). */
export const SEARCH_PREFIX_MIN = 4;

/** Person data a search matches exactly (never shown back: a hit names the person's link key instead). */
export const SEARCH_PERSON_FIELDS = ['person_name', 'id_number', 'phone'] as const;
export type SearchPersonField = (typeof SEARCH_PERSON_FIELDS)[number];

const linkValue = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters (a link-key value)');

export const dossierQuerySchema = z
  .object({
    key: z.enum(LINK_KEYS, { error: `must be one of ${LINK_KEYS.join(', ')}` }),
    value: linkValue,
  })
  .strict();
export type DossierQuery = z.infer<typeof dossierQuerySchema>;

export const searchQuerySchema = z
  .object({ q: z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters') })
  .strict();
export type SearchQuery = z.infer<typeof searchQuerySchema>;

export interface LinkPair {
  key: LinkKey;
  value: string;
}

/** One obligation in the dossier: a span from its trigger to its due time, and how it ended. */
export interface DossierObligation {
  obligation_id: string;
  rule_id: string;
  unit_code: string;
  trigger_event_id: string;
  occurred_at: string;
  due_at: string;
  /** pending | on_time | late | missing | violated (the ledger's status). */
  status: string;
  satisfied_at: string | null;
}

export interface Dossier {
  root: LinkPair;
  /** In the caller's scope, masked for their role, ordered by occurred_at. */
  events: StoredEvent[];
  obligations: DossierObligation[];
  alerts: Alert[];
  supervisions: Supervision[];
  /** Events of the component outside the caller's scope: counted, never returned. */
  hidden: number;
  /** The component had more than DOSSIER_MAX_EVENTS events: the farthest were left out. */
  truncated: boolean;
}

export interface SearchHit {
  key: LinkKey;
  value: string;
  /** The unit of the value's first event in the caller's scope. */
  unit_code: string;
  first_at: string;
  last_at: string;
  /** Events carrying the value, in the caller's scope. */
  events: number;
  /** How it was found: by the value's prefix, or by a person's name, ID number or phone. */
  matched: 'prefix' | SearchPersonField;
}
