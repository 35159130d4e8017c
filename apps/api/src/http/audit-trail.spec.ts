import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { AuditEntry } from '@lib/audit';
import { auditTrail, type AuditedRequest, type AuditTrailWriter } from './audit-trail';

/**
 * The trail's middleware on a real socket: a read that must be recorded is recorded however the
 * response ends, including when the client hangs up before the answer is complete.
 */
describe('auditTrail', () => {
  let server: Server;
  let port: number;
  const added: AuditEntry[] = [];
  const writer = { add: (entry: AuditEntry) => added.push(entry) } as unknown as AuditTrailWriter;

  beforeAll(async () => {
    const app = express();
    app.use(auditTrail(writer));
    app.use((req: AuditedRequest, _res, next) => {
      req.routeInfo = {
        controller: 'EvidenceController',
        handler: 'download',
        audit: { action: 'evidence.download', reads: true },
      };
      next();
    });
    app.get('/whole', (_req, res) => {
      res.type('text/plain').send('all of it');
    });
    // Sends the head and a first chunk, then holds the rest back: the answer never completes.
    app.get('/held', (_req, res) => {
      res.setHeader('Content-Length', '1000000');
      res.write(Buffer.alloc(1000));
    });
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  /** Asks for the path, reads the head, then hangs up or reads to the end. */
  const fetchThen = (path: string, hangUp: boolean) =>
    new Promise<number>((resolve, reject) => {
      get({ host: '127.0.0.1', port, path }, (res) => {
        if (hangUp) {
          res.destroy();
          resolve(res.statusCode ?? 0);
        } else {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        }
      }).on('error', reject);
    });

  const recorded = async (count: number) => {
    for (let i = 0; i < 100 && added.length < count; i++) await new Promise((r) => setTimeout(r, 20));
    return added.splice(0);
  };

  it('records a read that was answered in full', async () => {
    expect(await fetchThen('/whole', false)).toBe(200);
    const [entry, ...more] = await recorded(1);
    expect(more).toHaveLength(0);
    expect(entry).toMatchObject({ action: 'evidence.download', outcome: 'success' });
    expect(entry.detail).toMatchObject({ method: 'GET', status: 200 });
    expect(entry.detail).not.toHaveProperty('aborted');
  });

  it('records a read the client cut short, marked aborted', async () => {
    expect(await fetchThen('/held', true)).toBe(200);
    const [entry, ...more] = await recorded(1);
    expect(more).toHaveLength(0);
    expect(entry).toMatchObject({ action: 'evidence.download', outcome: 'success' });
    expect(entry.detail).toMatchObject({ status: 200, aborted: true });
  });
});
