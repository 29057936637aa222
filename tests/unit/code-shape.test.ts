/**
 * The shape the house style promises, checked on every run: no source file over 400 lines and no function
 * over 80 lines (the dashboard's view components and their composables under dashboard/src/views excepted:
 * a template-driven setup reads top to bottom).
 * Counted with the TypeScript parser, so a long arrow function or method counts like any other function.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DIRS = ['common', 'ingest', 'alerts', 'notify', 'server', 'bench', 'scripts', 'dashboard/src'];
const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 80;

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (/\.(ts|mts)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function longFunctions(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      if (end - start + 1 > MAX_FUNCTION_LINES)
        out.push(`${path.relative(ROOT, file)}:${start + 1} (${end - start + 1} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

const files = DIRS.flatMap((d) => sources(path.join(ROOT, d)));

it('finds the sources it checks', () => {
  expect(files.length).toBeGreaterThan(200);
});

it(`no source file is over ${MAX_FILE_LINES} lines`, () => {
  const long = files
    .map((f) => [path.relative(ROOT, f), fs.readFileSync(f, 'utf8').split('\n').length] as const)
    .filter(([, n]) => n > MAX_FILE_LINES);
  expect(long).toEqual([]);
});

it(`no function is over ${MAX_FUNCTION_LINES} lines outside the dashboard's views`, () => {
  const views = path.join(ROOT, 'dashboard', 'src', 'views') + path.sep;
  expect(files.filter((f) => !f.startsWith(views)).flatMap(longFunctions)).toEqual([]);
});
