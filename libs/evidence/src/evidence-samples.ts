import { crc32, deflateRawSync } from 'node:zlib';

/**
 * Small but well-formed files of each kind, built in memory for tests: the checks must hold for
 * real files, so the ZIP-based ones are real archives with a central directory.
 */

export interface ZipEntry {
  name: string;
  data: string | Buffer;
}

/** A ZIP archive of deflated entries, as office suites write them. */
export function buildZip(entries: ZipEntry[], comment = ''): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data, 'utf8');
    const packed = deflateRawSync(data);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const commentBytes = Buffer.from(comment, 'utf8');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(commentBytes.length, 20);
  return Buffer.concat([...locals, directory, end, commentBytes]);
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';
const RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>';

function officePackage(folder: 'word' | 'xl' | 'ppt', part: string, extra: ZipEntry[] = []): Buffer {
  return buildZip([
    { name: '[Content_Types].xml', data: CONTENT_TYPES },
    { name: '_rels/.rels', data: RELS },
    { name: `${folder}/${part}`, data: '<?xml version="1.0" encoding="UTF-8"?><document/>' },
    ...extra,
  ]);
}

export const samples = {
  pdf: (): Buffer =>
    Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n', 'latin1'),
  png: (): Buffer =>
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex'),
    ]),
  jpeg: (): Buffer => Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex'),
  webp: (): Buffer => {
    const payload = Buffer.concat([
      Buffer.from('WEBPVP8L', 'latin1'),
      Buffer.from('0a000000', 'hex'),
      Buffer.alloc(10),
    ]);
    const size = Buffer.alloc(4);
    size.writeUInt32LE(payload.length, 0);
    return Buffer.concat([Buffer.from('RIFF', 'latin1'), size, payload]);
  },
  docx: (): Buffer => officePackage('word', 'document.xml'),
  xlsx: (): Buffer => officePackage('xl', 'workbook.xml'),
  pptx: (): Buffer => officePackage('ppt', 'presentation.xml'),
  ofd: (): Buffer =>
    buildZip([
      {
        name: 'OFD.xml',
        data: '<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"/>',
      },
      { name: 'Doc_0/Document.xml', data: '<ofd:Document/>' },
    ]),
  /** A Word document with macros (.docm). */
  docm: (): Buffer => officePackage('word', 'document.xml', [{ name: 'word/vbaProject.bin', data: Buffer.alloc(64) }]),
  exe: (): Buffer => Buffer.concat([Buffer.from('MZ', 'latin1'), Buffer.alloc(600, 0x90)]),
  html: (): Buffer => Buffer.from('\n  <!DOCTYPE html><html><body><script>alert(1)</script></body></html>'),
  svg: (): Buffer =>
    Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
  zip: (): Buffer =>
    buildZip([
      { name: 'notes.txt', data: 'just an archive' },
      { name: 'word.txt', data: 'x' },
    ]),
} as const;
