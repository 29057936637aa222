/**
 * Rendering a report (CONTRACT §9): one ReportContent → one document model → DOCX, PDF or XLSX, so the three
 * files carry the same figures, formatted alike. PDF needs Chromium (`CHROMIUM_PATH`, default
 * /usr/bin/chromium); DOCX and XLSX are made in-process.
 */
import type { ReportContent, ReportFormat } from '../../../../common/report.js';
import { buildReportDocument } from './build-model.js';
import { renderDocx } from './docx.js';
import { reportHtml } from './html.js';
import { DEFAULT_CHROMIUM_PATH, htmlToPdf } from './pdf.js';
import { renderXlsx } from './xlsx.js';

export { buildReportDocument } from './build-model.js';
export type { ReportDocument } from './model.js';

/** The media type of each format, for downloads. */
export const REPORT_CONTENT_TYPES: Record<ReportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface RenderOptions {
  /** Chromium for PDF; default `CHROMIUM_PATH` from the environment, else /usr/bin/chromium. */
  chromiumPath?: string;
}

export async function renderReport(
  content: ReportContent,
  format: ReportFormat,
  options: RenderOptions = {},
): Promise<Buffer> {
  const doc = buildReportDocument(content);
  switch (format) {
    case 'docx':
      return renderDocx(doc);
    case 'xlsx':
      return renderXlsx(doc);
    case 'pdf':
      return htmlToPdf(
        reportHtml(doc),
        options.chromiumPath ?? process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM_PATH,
      );
  }
}
