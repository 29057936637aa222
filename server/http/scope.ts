/** Narrowing a requested unit prefix to the user's scope: inside it → the request; broader → the scope. */
export type ScopeResult = { ok: true; unit: string } | { ok: false };

export function effectiveUnit(scope: string, requested: string | undefined): ScopeResult {
  if (requested === undefined || requested === '') return { ok: true, unit: scope };
  if (requested.startsWith(scope)) return { ok: true, unit: requested };
  if (scope.startsWith(requested)) return { ok: true, unit: scope };
  return { ok: false };
}
