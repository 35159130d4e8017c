/**
 * The evidence (佐证材料) departments upload with a completion: small but well-formed files, a
 * one-page PDF report and a photo, which the API recognises by their content like any other.
 */
export interface DemoEvidenceFile {
  /** What the completion calls it. */
  name: string;
  /** The name it is uploaded under. */
  fileName: string;
  contentType: string;
  content: Buffer;
}

/** A one-page PDF with a line of text (PDF's standard fonts cover ASCII only). */
function onePagePdf(text: string): Buffer {
  const line = text.replace(/[^\x20-\x7e]/g, '?').replace(/[\\()]/g, (c) => `\\${c}`);
  const stream = `BT /F1 14 Tf 72 770 Td (${line}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (const [i, object] of objects.entries()) {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  }
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A 1×1 PNG: the photo stands for itself. */
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** The files a department submits a completion with. */
export function completionEvidence(itemId: string): DemoEvidenceFile[] {
  return [
    { name: '整改前后对比照片', fileName: 'photos.png', contentType: 'image/png', content: PHOTO },
    {
      name: '整改情况报告',
      fileName: 'report.pdf',
      contentType: 'application/pdf',
      content: onePagePdf(`Rectification report: ${itemId}`),
    },
  ];
}
