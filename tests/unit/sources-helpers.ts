/** Fixtures for the source-health tests: a catalogue with a monitored case system and a monitored 110 feed. */
import { sourcesFileSchema } from '../../common/sources.js';
import type { SourcesFile } from '../../common/sources.js';
import { buildCatalog } from '../../alerts/sources/index.js';
import type { SourceCatalog } from '../../alerts/sources/index.js';
import { memoryEngine } from '../../alerts/orchestrator/index.js';
import { TestEngine } from '../helpers/test-engine.js';
import { GRACE, RULES } from './engine-helpers.js';

export const SOURCES: SourcesFile = sourcesFileSchema.parse({
  sources: [
    {
      id: '110',
      name: '110接处警系统',
      types: ['incident.*'],
      expect: { late_after: '10m', silent_after: '30m' },
    },
    {
      id: 'case',
      name: '案件系统',
      types: ['case.*', 'measure.*'],
      expect: { late_after: '10m', silent_after: '30m' },
      catch_up: '30m',
    },
  ],
});

export function catalog(file: SourcesFile = SOURCES): SourceCatalog {
  return buildCatalog(file, RULES, 'Asia/Shanghai');
}

export function engineWithSources(file: SourcesFile = SOURCES): TestEngine {
  return new TestEngine(memoryEngine(RULES, { graceMs: GRACE, sources: catalog(file) }));
}
