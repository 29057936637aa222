import { describe, expect, it } from 'vitest';
import { dossierPath, subjectDossierPath } from '../../dashboard/src/lib/dossier-link.js';

describe('links from an alert’s subject to the dossier', () => {
  it('links every link key, its value encoded', () => {
    expect(dossierPath('case_id', 'A4501/2026 01')).toBe('/dossier/case_id/A4501%2F2026%2001');
    expect(dossierPath('person_id', 'P1')).toBe('/dossier/person_id/P1');
  });
  it('links nothing else: other fields, empty or non-text values', () => {
    expect(dossierPath('event_id', 'e1')).toBeNull();
    expect(dossierPath('case_id', '')).toBeNull();
    expect(dossierPath('case_id', 12)).toBeNull();
  });
});

describe('subjectDossierPath', () => {
  it('reads the raw value of the subject’s field', () => {
    const subject = { case_id: 'A1', step: 'receive' };
    expect(subjectDossierPath(subject, 'case_id')).toBe('/dossier/case_id/A1');
    expect(subjectDossierPath(subject, 'step')).toBeNull();
  });
});
