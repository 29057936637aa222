/**
 * Secrets that were not configured (INGEST_TOKEN, ADMIN_PASSWORD) are generated once and kept in
 * DATA_DIR/secrets.json with mode 0600, so a second start reuses them.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface Secrets {
  ingestToken: string;
  adminPassword: string;
  /** Which of them were generated (and so should be printed at start). */
  generated: ('INGEST_TOKEN' | 'ADMIN_PASSWORD')[];
}

const FILE = 'secrets.json';

export function loadSecrets(
  dataDir: string,
  given: { ingestToken?: string | undefined; adminPassword?: string | undefined },
): Secrets {
  const file = path.join(dataDir, FILE);
  let stored: { ingestToken?: string; adminPassword?: string } = {};
  if (fs.existsSync(file)) stored = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof stored;
  const generated: Secrets['generated'] = [];
  const ingestToken = given.ingestToken ?? stored.ingestToken ?? (generated.push('INGEST_TOKEN'), token(24));
  const adminPassword =
    given.adminPassword ?? stored.adminPassword ?? (generated.push('ADMIN_PASSWORD'), token(12));
  const toStore = {
    ...(given.ingestToken ? {} : { ingestToken }),
    ...(given.adminPassword ? {} : { adminPassword }),
  };
  if (generated.length > 0) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(toStore, null, 2), { mode: 0o600 });
    fs.chmodSync(file, 0o600);
  }
  return { ingestToken, adminPassword, generated };
}

function token(bytes: number): string {
  return crypto.randomBytes(bytes).toString('base64url');
}
