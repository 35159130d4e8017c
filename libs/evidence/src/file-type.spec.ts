import { DomainError } from '@lib/errors';
import { buildZip, samples } from './evidence-samples';
import { detectFileType, detectFileTypeAt, sniffHead, type RandomAccessSource } from './file-type';

function refusal(content: Buffer): DomainError {
  try {
    detectFileType(content);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('the content was accepted');
}

const fromBuffer = (content: Buffer): RandomAccessSource => ({
  size: content.length,
  read: (position, length) => Promise.resolve(content.subarray(position, position + length)),
});

describe('detectFileType', () => {
  it.each([
    ['pdf', 'application/pdf'],
    ['png', 'image/png'],
    ['jpeg', 'image/jpeg'],
    ['webp', 'image/webp'],
    ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
    ['ofd', 'application/ofd'],
  ] as const)('recognises %s by its content', async (kind, contentType) => {
    const content = samples[kind]();
    expect(detectFileType(content)).toEqual(expect.objectContaining({ kind, contentType }));
    await expect(detectFileTypeAt(fromBuffer(content))).resolves.toEqual(expect.objectContaining({ kind }));
  });

  it.each([
    ['exe', 'Windows executable'],
    ['html', 'HTML'],
    ['svg', 'SVG'],
    ['zip', 'ZIP archive'],
    ['docm', 'Office document with macros'],
  ] as const)('refuses %s with a 415 naming what it is', (kind, named) => {
    const error = refusal(samples[kind]());
    expect(error).toMatchObject({ code: 'EVIDENCE_TYPE_NOT_ALLOWED', status: 415, field: 'file' });
    expect(error.message).toContain(`(${named})`);
    expect(error.messageZh).toContain(named);
  });

  it('refuses other executables, scripts, archives and text', () => {
    const cases: [Buffer, string][] = [
      [Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), 'ELF executable'],
      [Buffer.from('#!/bin/sh\nrm -rf /\n'), 'script'],
      [Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), 'GIF'],
      [Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]), 'gzip archive'],
      [Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'legacy Office document (OLE)'],
      [Buffer.from('plain words, no markup\n'), 'plain text'],
      [Buffer.from('\ufeff<svg onload="alert(1)"/>'), 'SVG'],
    ];
    for (const [content, named] of cases) expect(refusal(content).message).toContain(`(${named})`);
  });

  it('does not take a ZIP for a document because of what its entries contain or how it starts', () => {
    // The markers must be entry names in the central directory, not text inside an entry.
    const disguised = buildZip([{ name: 'readme.txt', data: '[Content_Types].xml word/document.xml OFD.xml' }]);
    expect(refusal(disguised).message).toContain('(ZIP archive)');
    // An Office package without a part of a known kind.
    const bare = buildZip([{ name: '[Content_Types].xml', data: '<Types/>' }]);
    expect(refusal(bare).message).toContain('Office Open XML package of another kind');
  });

  it('finds the central directory behind an archive comment, and refuses a truncated archive', () => {
    const withComment = buildZip(
      [
        { name: '[Content_Types].xml', data: '<Types/>' },
        { name: 'xl/workbook.xml', data: '<workbook/>' },
      ],
      'made by a spreadsheet program',
    );
    expect(detectFileType(withComment).kind).toBe('xlsx');
    expect(refusal(samples.docx().subarray(0, -10)).message).toContain('(malformed ZIP)');
  });

  it('decides from the first bytes alone except for ZIPs', () => {
    expect(sniffHead(samples.pdf().subarray(0, 8))).toEqual({ allowed: expect.objectContaining({ kind: 'pdf' }) });
    expect(sniffHead(samples.docx().subarray(0, 8))).toEqual({ zip: true });
    expect(sniffHead(samples.exe().subarray(0, 8))).toEqual({ refused: 'Windows executable' });
    expect(sniffHead(Buffer.alloc(0))).toEqual({ refused: 'unrecognised binary' });
  });
});
