/** Report files on disk: DATA_DIR/reports/<report_id>/report.<format>, each written whole (temp file, rename). */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ReportFormat } from '../../../common/report.js';

export const MEDIA_TYPE: Record<ReportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export class ReportFiles {
  constructor(readonly dir: string) {}

  path(id: string, format: ReportFormat): string {
    return path.join(this.dir, id, `report.${format}`);
  }

  async write(id: string, format: ReportFormat, bytes: Buffer): Promise<void> {
    const file = this.path(id, format);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, bytes);
    await fs.rename(tmp, file);
  }
}
