import { keySegment } from './evidence-store';
import { parseEvidenceUri, sanitiseFileName, storageKeyOf } from './evidence.service';

const pdf = { kind: 'pdf', extension: 'pdf' } as const;
const jpeg = { kind: 'jpeg', extension: 'jpg' } as const;

describe('sanitiseFileName', () => {
  it.each([
    ['整改报告.pdf', '整改报告.pdf'],
    ['C:\\Users\\王\\Desktop\\报告.PDF', '报告.PDF'],
    ['../../etc/passwd', 'passwd.pdf'],
    ['report.exe', 'report.exe.pdf'],
    ['in\u0000voice\u202Efdp.exe', 'invoicefdp.exe.pdf'],
    ['  spaced \t\n name .pdf', 'spaced name .pdf'],
    ['', 'evidence.pdf'],
    ['.pdf', 'pdf.pdf'],
    ['...', 'evidence.pdf'],
  ])('%j becomes %j', (raw, expected) => {
    expect(sanitiseFileName(raw, pdf)).toBe(expected);
  });

  it('accepts either JPEG extension and keeps names within 200 characters', () => {
    expect(sanitiseFileName('现场照片.jpeg', jpeg)).toBe('现场照片.jpeg');
    expect(sanitiseFileName('现场照片.png', jpeg)).toBe('现场照片.png.jpg');
    const long = sanitiseFileName(`${'长'.repeat(300)}.pdf`, pdf);
    expect([...long]).toHaveLength(200);
    expect(long.endsWith('长.pdf')).toBe(true);
  });
});

describe('evidence ids and keys', () => {
  it('reads the id from evidence: URIs only', () => {
    expect(parseEvidenceUri('evidence:ev_AAAAAAAAAAAAAAAA')).toBe('ev_AAAAAAAAAAAAAAAA');
    expect(parseEvidenceUri('evidence:ev_short')).toBeNull();
    expect(parseEvidenceUri('evidence:../../x')).toBeNull();
    expect(parseEvidenceUri('https://example.org/ev_AAAAAAAAAAAAAAAA')).toBeNull();
  });

  it('keeps an item id with slashes and dots inside one key segment', () => {
    expect(keySegment('zz-2024/F-0007')).toBe('zz-2024%2FF-0007');
    expect(keySegment('..')).toBe('%2E%2E');
    expect(storageKeyOf('a/../b', 'ev_x')).toBe('items/a%2F%2E%2E%2Fb/ev_x');
  });
});
