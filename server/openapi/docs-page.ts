/**
 * `GET /api/docs`: the OpenAPI document as a page a person reads, rendered on the server from the document
 * itself (no script: it works under the strict Content-Security-Policy, and prints). Every route grouped by
 * tag with who may call it, its parameters, body schema and example, answers and error codes; then every
 * event type with its required fields, attributes and a valid example.
 */
import type { JsonSchema } from '../../common/event-json-schema.js';
import { EVENT_TYPE_SPECS, EVENT_TYPES } from '../../common/event-types.js';
import type { AttrSpec } from '../../common/event-types.js';
import { eventExample } from '../../common/event-examples.js';
import { attrJsonSchema } from '../../common/event-json-schema.js';

const esc = (s: unknown): string =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** `code` spans for backticks, the rest escaped. */
const prose = (s: unknown): string =>
  esc(s ?? '')
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<b>$1</b>')
    .replace(/\n\n/g, '<br>');

const json = (v: unknown): string => `<pre>${esc(JSON.stringify(v, null, 2))}</pre>`;

/** One line saying what a schema allows: `string, ^\d{6,12}$`, `one of a, b`, `integer 1–365`. */
export function schemaLine(s: JsonSchema): string {
  if (Array.isArray(s.enum)) return `one of ${s.enum.map(String).join(', ')}`;
  if (s.const !== undefined) return `= ${String(s.const)}`;
  if (Array.isArray(s.oneOf)) return (s.oneOf as JsonSchema[]).map(schemaLine).join(' | ');
  const parts = [String(s.type ?? 'any')];
  if (s.type === 'array' && s.items) parts[0] = `array of ${schemaLine(s.items as JsonSchema)}`;
  if (s.format) parts.push(String(s.format));
  if (s.pattern) parts.push(`pattern ${String(s.pattern)}`);
  if (s.minimum !== undefined || s.maximum !== undefined)
    parts.push(`${String(s.minimum ?? '')}–${String(s.maximum ?? '')}`);
  if (s.minLength !== undefined || s.maxLength !== undefined)
    parts.push(`length ${String(s.minLength ?? 0)}–${String(s.maxLength ?? '∞')}`);
  if (s.maxItems !== undefined) parts.push(`at most ${String(s.maxItems)}`);
  if (s.default !== undefined) parts.push(`default ${JSON.stringify(s.default)}`);
  return parts.join(', ');
}

function fieldRows(
  rows: { name: string; where: string; required: boolean; schema: JsonSchema; note?: string }[],
): string {
  if (rows.length === 0) return '';
  const tr = rows
    .map(
      (r) =>
        `<tr><td><code>${esc(r.name)}</code>${r.required ? ' <span class="req">required</span>' : ''}</td>` +
        `<td>${esc(r.where)}</td><td>${esc(schemaLine(r.schema))}${r.note ? ` — ${prose(r.note)}` : ''}</td></tr>`,
    )
    .join('');
  return `<table><tr><th>field</th><th>in</th><th>allowed</th></tr>${tr}</table>`;
}

function bodyRows(schema: JsonSchema): string {
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return fieldRows(
    Object.entries(props).map(([name, s]) => ({
      name,
      where: 'body',
      required: required.has(name),
      schema: s,
    })),
  );
}

function requestSection(op: JsonSchema): string {
  const params = ((op.parameters ?? []) as JsonSchema[]).map((p) => ({
    name: String(p.name),
    where: String(p.in),
    required: p.required === true,
    schema: p.schema as JsonSchema,
    note: (p.description as string | undefined) ?? '',
  }));
  let html = fieldRows(params);
  const body = op.requestBody as { content: Record<string, JsonSchema>; description?: string } | undefined;
  const media = body?.content['application/json'];
  if (body && media) {
    const schema = media.schema as JsonSchema;
    html += body.description ? `<p>${prose(body.description)}</p>` : '';
    if (schema.properties) html += bodyRows(schema);
    const example =
      media.example ?? (media.examples as Record<string, { value: unknown }> | undefined)?.batch?.value;
    if (example !== undefined) html += `<p class="label">Example body</p>${json(example)}`;
  }
  return html;
}

function responsesSection(op: JsonSchema): string {
  const items = Object.entries(op.responses as Record<string, JsonSchema>).map(([status, r]) => {
    const ok = Number(status) < 300;
    const media = (r.content as Record<string, JsonSchema> | undefined)?.['application/json'];
    const example = ok && media?.example !== undefined ? json(media.example) : '';
    return `<li><span class="status ${ok ? 'ok' : 'err'}">${esc(status)}</span> ${prose(r.description)}${example}</li>`;
  });
  return `<ul class="responses">${items.join('')}</ul>`;
}

function operationCard(method: string, path: string, op: JsonSchema): string {
  return `<section class="op" id="${esc(String(op.operationId))}">
<h3><span class="method ${esc(method)}">${esc(method.toUpperCase())}</span> <code class="path">${esc(path)}</code></h3>
<p class="summary">${esc(op.summary)}</p><p>${prose(op.description)}</p>
${requestSection(op)}${responsesSection(op)}</section>`;
}

function attrTable(attrs: Readonly<Record<string, AttrSpec>>): string {
  return fieldRows(
    Object.entries(attrs).map(([name, a]) => ({
      name: `attrs.${name}`,
      where: 'body',
      required: a.required,
      schema: attrJsonSchema(a),
    })),
  );
}

function eventSection(): string {
  const rows = EVENT_TYPES.map((t) => {
    const spec = EVENT_TYPE_SPECS[t];
    const links = [
      ...spec.required,
      ...('requiredOneOf' in spec ? spec.requiredOneOf.map((g) => g.join(' or ')) : []),
    ];
    const attrs = Object.entries(spec.attrs).map(([k, a]) => `${k}${a.required ? '*' : ''}`);
    return `<details id="event-${esc(t)}"><summary><code>${esc(t)}</code> ${esc(spec.zh)} · ${esc(spec.en)}
<span class="muted">— needs ${esc(links.join(', '))}${attrs.length ? `; attrs ${esc(attrs.join(', '))}` : ''}</span></summary>
${attrTable(spec.attrs)}${json(eventExample(t))}</details>`;
  });
  return `<h2 id="events">Event types (事件类型)</h2>
<p>Every event: <code>event_id</code>, <code>type</code>, <code>occurred_at</code>, <code>unit_code</code>, plus the link keys and
attributes of its type (<code>*</code>: required). Open a type for a valid example. The full schemas are
<code>components.schemas.Event_*</code> in <a href="/api/openapi.json">/api/openapi.json</a>.</p>${rows.join('\n')}`;
}

const STYLE = `body{font:16px/1.55 system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;background:#f6f8fb;color:#17202e}
header{background:#0b1220;color:#e8eef8;padding:1.5rem 2rem}header h1{margin:0 0 .3rem;font-size:1.7rem}
header a{color:#8cc8ff}main{max-width:72rem;margin:0 auto;padding:1rem 2rem 4rem}nav{columns:2;margin:1rem 0}
nav .group{break-inside:avoid;margin-bottom:.6rem}nav a{display:block;color:#1d4f91;text-decoration:none}h2{margin-top:2.5rem;border-bottom:2px solid #cdd6e3}
.op{background:#fff;border:1px solid #d7dee9;border-radius:8px;padding:.6rem 1.2rem;margin:1rem 0}
.op h3{margin:.4rem 0;font-size:1.15rem}.summary{font-weight:600;margin:.2rem 0}.path{font-size:1.05rem}
.method{display:inline-block;min-width:4.2rem;text-align:center;border-radius:4px;color:#fff;padding:0 .4rem;font-size:.9rem}
.get{background:#1f6feb}.post{background:#1a7f37}.put{background:#9a6700}.delete{background:#cf222e}
table{border-collapse:collapse;margin:.5rem 0;width:100%}td,th{border:1px solid #e1e6ee;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f3f8}pre{background:#0f1726;color:#dfe8f5;padding:.7rem;border-radius:6px;overflow:auto;font-size:.88rem}
.req{color:#cf222e;font-size:.8rem}.status{font-weight:700;font-family:monospace}.ok{color:#1a7f37}.err{color:#cf222e}
.responses{padding-left:1.2rem}.label{margin:.5rem 0 0;font-weight:600}.muted{color:#5b6678;font-size:.9rem}
details{background:#fff;border:1px solid #d7dee9;border-radius:6px;margin:.4rem 0;padding:.3rem .8rem}summary{cursor:pointer}`;

/** The whole page. */
export function docsPage(doc: JsonSchema): string {
  const info = doc.info as { title: string; description: string };
  const byTag = new Map<string, string[]>();
  const toc = new Map<string, string[]>();
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, JsonSchema>>))
    for (const [method, op] of Object.entries(methods)) {
      const tag = ((op.tags as string[] | undefined) ?? ['other'])[0] ?? 'other';
      (byTag.get(tag) ?? byTag.set(tag, []).get(tag))?.push(operationCard(method, path, op));
      (toc.get(tag) ?? toc.set(tag, []).get(tag))?.push(
        `<a href="#${esc(String(op.operationId))}">${esc(method.toUpperCase())} ${esc(path)}</a>`,
      );
    }
  const tags = ((doc.tags as { name: string }[]) ?? []).map((t) => t.name).filter((t) => byTag.has(t));
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${esc(info.title)} · 接口文档</title><style>${STYLE}</style></head><body>
<header><h1>${esc(info.title)} · 接口文档 API reference</h1><p>${prose(info.description)}</p>
<p>OpenAPI 3.1: <a href="/api/openapi.json">/api/openapi.json</a> · <a href="#events">Event types (事件类型)</a></p></header>
<main><nav>${tags.map((t) => `<div class="group"><b>${esc(t)}</b>${(toc.get(t) ?? []).join('')}</div>`).join('')}</nav>
${tags.map((t) => `<h2 id="tag-${esc(t)}">${esc(t)}</h2>${(byTag.get(t) ?? []).join('\n')}`).join('\n')}
${eventSection()}</main></body></html>`;
}
