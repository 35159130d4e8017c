import { DomainError } from '@lib/errors';

/**
 * The kinds of file a department may attach as evidence (佐证材料): documents and photos. Each is
 * recognised by its content, never by the declared type or the file name.
 */
export const EVIDENCE_TYPES = {
  pdf: { contentType: 'application/pdf', extension: 'pdf', label: 'PDF' },
  png: { contentType: 'image/png', extension: 'png', label: 'PNG' },
  jpeg: { contentType: 'image/jpeg', extension: 'jpg', label: 'JPEG' },
  webp: { contentType: 'image/webp', extension: 'webp', label: 'WebP' },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extension: 'docx',
    label: 'DOCX',
  },
  xlsx: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
    label: 'XLSX',
  },
  pptx: {
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extension: 'pptx',
    label: 'PPTX',
  },
  /** 版式文档 (GB/T 33190), the fixed-layout format of Chinese government documents. */
  ofd: { contentType: 'application/ofd', extension: 'ofd', label: 'OFD' },
} as const;

export type EvidenceKind = keyof typeof EVIDENCE_TYPES;

export interface DetectedType {
  kind: EvidenceKind;
  /** The content type the file is stored and served with. */
  contentType: string;
  /** The usual file-name extension, without the dot. */
  extension: string;
}

/** Bytes at the start of a file that are enough to recognise it, or to refuse it early. */
export const SNIFF_HEAD_BYTES = 512;

const ALLOWED_LABELS = Object.values(EVIDENCE_TYPES)
  .map((t) => t.label)
  .join(', ');

/** The file's content is not one of the allowed kinds; `detected` names what it looks like. */
export function typeNotAllowed(detected: string): DomainError {
  return new DomainError(
    'EVIDENCE_TYPE_NOT_ALLOWED',
    415,
    `files of this kind (${detected}) cannot be attached as evidence; allowed: ${ALLOWED_LABELS}`,
    `不支持上传此类文件（${detected}）作为佐证材料，仅支持：${ALLOWED_LABELS}`,
    'file',
  );
}

/** What the first bytes say: a kind, a refusal, or a ZIP whose entries must be read to decide. */
export type HeadVerdict = { allowed: DetectedType } | { refused: string } | { zip: true };

/** Classify a file by its first bytes (at least {@link SNIFF_HEAD_BYTES} when the file has them). */
export function sniffHead(head: Buffer): HeadVerdict {
  const starts = (bytes: number[], at = 0): boolean =>
    head.length >= at + bytes.length && bytes.every((b, i) => head[at + i] === b);
  const ascii = (text: string, at = 0): boolean => starts([...Buffer.from(text, 'latin1')], at);

  if (ascii('%PDF-')) return { allowed: detected('pdf') };
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { allowed: detected('png') };
  if (starts([0xff, 0xd8, 0xff])) return { allowed: detected('jpeg') };
  if (ascii('RIFF') && ascii('WEBP', 8)) return { allowed: detected('webp') };
  if (starts([0x50, 0x4b, 0x03, 0x04])) return { zip: true };
  return { refused: describeRefused(head, starts, ascii) };
}

/** A short name for what a refused file appears to be, shown in the error. */
function describeRefused(
  head: Buffer,
  starts: (bytes: number[], at?: number) => boolean,
  ascii: (text: string, at?: number) => boolean,
): string {
  if (ascii('MZ')) return 'Windows executable';
  if (starts([0x7f, 0x45, 0x4c, 0x46])) return 'ELF executable';
  if (
    starts([0xfe, 0xed, 0xfa, 0xce]) ||
    starts([0xfe, 0xed, 0xfa, 0xcf]) ||
    starts([0xce, 0xfa, 0xed, 0xfe]) ||
    starts([0xcf, 0xfa, 0xed, 0xfe]) ||
    starts([0xca, 0xfe, 0xba, 0xbe])
  ) {
    return 'Mach-O or Java class';
  }
  if (ascii('#!')) return 'script';
  if (ascii('GIF87a') || ascii('GIF89a')) return 'GIF';
  if (ascii('BM') && head.length >= 14) return 'BMP';
  if (ascii('PK\x05\x06') || ascii('PK\x07\x08')) return 'ZIP archive';
  if (starts([0x1f, 0x8b])) return 'gzip archive';
  if (ascii('Rar!\x1a\x07')) return 'RAR archive';
  if (starts([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return '7z archive';
  if (ascii('BZh')) return 'bzip2 archive';
  if (starts([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return 'xz archive';
  if (starts([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'legacy Office document (OLE)';
  if (ascii('RIFF')) return 'RIFF media';
  if (ascii('{\\rtf')) return 'RTF';

  // Markup and text, after a byte-order mark and leading white space.
  let text = head.toString('utf8');
  if (text.startsWith('\ufeff')) text = text.slice(1);
  const lower = text.trimStart().toLowerCase();
  if (/^<!doctype html|^<html/.test(lower)) return 'HTML';
  if (/<svg[\s>/]|<!doctype svg/.test(lower)) return 'SVG';
  if (/<script|<body|<head|<iframe/.test(lower)) return 'HTML';
  if (lower.startsWith('<?xml') || lower.startsWith('<')) return 'XML or markup';
  if (looksLikeText(head)) return 'plain text';
  return 'unrecognised binary';
}

function looksLikeText(head: Buffer): boolean {
  if (head.length === 0) return false;
  for (const byte of head) {
    if (byte === 0x09 || byte === 0x0a || byte === 0x0d) continue;
    if (byte < 0x20 || byte === 0x7f) return false;
  }
  return true;
}

function detected(kind: EvidenceKind): DetectedType {
  const { contentType, extension } = EVIDENCE_TYPES[kind];
  return { kind, contentType, extension };
}

/**
 * Random access to a file's bytes: the ZIP-based kinds are told apart by the central directory
 * at the end of the file, so the start alone is not enough.
 */
export interface RandomAccessSource {
  readonly size: number;
  read(position: number, length: number): Promise<Buffer>;
}

/** Recognise a file held in memory; throws `EVIDENCE_TYPE_NOT_ALLOWED` for anything else. */
export function detectFileType(content: Buffer): DetectedType {
  const verdict = sniffHead(content.subarray(0, SNIFF_HEAD_BYTES));
  if ('allowed' in verdict) return verdict.allowed;
  if ('refused' in verdict) throw typeNotAllowed(verdict.refused);
  const tail = content.subarray(Math.max(0, content.length - MAX_EOCD_SEARCH));
  const directory = locateCentralDirectory(tail, content.length);
  if (!directory) throw typeNotAllowed('malformed ZIP');
  const listing = content.subarray(directory.offset, directory.offset + directory.size);
  return classifyZip(readEntryNames(listing, directory.entries));
}

/** Recognise a file by random access (a spooled upload); same rules as {@link detectFileType}. */
export async function detectFileTypeAt(source: RandomAccessSource): Promise<DetectedType> {
  const verdict = sniffHead(await source.read(0, Math.min(SNIFF_HEAD_BYTES, source.size)));
  if ('allowed' in verdict) return verdict.allowed;
  if ('refused' in verdict) throw typeNotAllowed(verdict.refused);
  const tailLength = Math.min(MAX_EOCD_SEARCH, source.size);
  const tail = await source.read(source.size - tailLength, tailLength);
  const directory = locateCentralDirectory(tail, source.size);
  if (!directory) throw typeNotAllowed('malformed ZIP');
  const listing = await source.read(directory.offset, directory.size);
  return classifyZip(readEntryNames(listing, directory.entries));
}

// ── ZIP central directory ─────────────────────────────────────────────────────────────────
// The end-of-central-directory record (EOCD) is 22 bytes plus a comment of up to 65,535 bytes
// at the very end of the file; it gives the offset, size and entry count of the directory.

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_HEADER_SIGNATURE = 0x02014b50;
const EOCD_LENGTH = 22;
const MAX_EOCD_SEARCH = EOCD_LENGTH + 0xffff;
const CENTRAL_HEADER_LENGTH = 46;
/** More entries than any real document has: a bound on the work a crafted file can cause. */
const MAX_ENTRIES = 20_000;
const MAX_DIRECTORY_BYTES = 8 * 1024 * 1024;

interface CentralDirectory {
  offset: number;
  size: number;
  entries: number;
}

/** `tail` is the last bytes of a file of `fileSize` bytes. Null when no sound EOCD is found. */
function locateCentralDirectory(tail: Buffer, fileSize: number): CentralDirectory | null {
  const tailStart = fileSize - tail.length;
  for (let at = tail.length - EOCD_LENGTH; at >= 0; at--) {
    if (tail.readUInt32LE(at) !== EOCD_SIGNATURE) continue;
    const commentLength = tail.readUInt16LE(at + 20);
    // The comment must run exactly to the end of the file, or this is not the real record.
    if (at + EOCD_LENGTH + commentLength !== tail.length) continue;
    const disk = tail.readUInt16LE(at + 4);
    const directoryDisk = tail.readUInt16LE(at + 6);
    const entriesHere = tail.readUInt16LE(at + 8);
    const entries = tail.readUInt16LE(at + 10);
    const size = tail.readUInt32LE(at + 12);
    const offset = tail.readUInt32LE(at + 16);
    // Split archives and ZIP64 (needed only beyond 65,535 entries or 4 GiB) are not documents.
    if (disk !== 0 || directoryDisk !== 0 || entriesHere !== entries) return null;
    if (entries === 0xffff || size === 0xffffffff || offset === 0xffffffff) return null;
    if (entries === 0 || entries > MAX_ENTRIES || size > MAX_DIRECTORY_BYTES) return null;
    if (offset + size > tailStart + at) return null;
    return { offset, size, entries };
  }
  return null;
}

function readEntryNames(listing: Buffer, entries: number): string[] | null {
  const names: string[] = [];
  let at = 0;
  for (let i = 0; i < entries; i++) {
    if (at + CENTRAL_HEADER_LENGTH > listing.length) return null;
    if (listing.readUInt32LE(at) !== CENTRAL_HEADER_SIGNATURE) return null;
    const flags = listing.readUInt16LE(at + 8);
    const nameLength = listing.readUInt16LE(at + 28);
    const extraLength = listing.readUInt16LE(at + 30);
    const commentLength = listing.readUInt16LE(at + 32);
    const nameStart = at + CENTRAL_HEADER_LENGTH;
    if (nameStart + nameLength > listing.length) return null;
    const utf8 = (flags & 0x0800) !== 0;
    names.push(listing.toString(utf8 ? 'utf8' : 'latin1', nameStart, nameStart + nameLength));
    at = nameStart + nameLength + extraLength + commentLength;
  }
  return names;
}

/** Office Open XML by its parts, OFD by its root document; any other ZIP is refused. */
function classifyZip(names: string[] | null): DetectedType {
  if (!names) throw typeNotAllowed('malformed ZIP');
  const has = (name: string): boolean => names.includes(name);
  const under = (folder: string): boolean => names.some((n) => n.startsWith(folder));

  if (has('[Content_Types].xml')) {
    // Macro-enabled documents (.docm, .xlsm, .pptm) carry their code in vbaProject.bin.
    if (names.some((n) => /(^|\/)vbaproject\.bin$/i.test(n))) throw typeNotAllowed('Office document with macros');
    if (under('word/')) return detected('docx');
    if (under('xl/')) return detected('xlsx');
    if (under('ppt/')) return detected('pptx');
    throw typeNotAllowed('Office Open XML package of another kind');
  }
  if (has('OFD.xml')) return detected('ofd');
  if (has('AndroidManifest.xml')) throw typeNotAllowed('Android package');
  if (has('META-INF/MANIFEST.MF')) throw typeNotAllowed('Java archive');
  if (has('mimetype')) throw typeNotAllowed('OpenDocument or EPUB');
  throw typeNotAllowed('ZIP archive');
}
