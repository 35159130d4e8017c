import { Controller, Get, Headers, Inject, Param, Post, Query, Req, Res, SetMetadata } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AccessService } from '@lib/access';
import type { Principal } from '@lib/contracts';
import { DomainError, ValidationError } from '@lib/errors';
import { EvidenceService } from '@lib/evidence';
import { Acting, personOf, RawBody } from '../http/access.decorators';
import { PageQuery } from '../http/page.dto';
import { idempotencyKey } from '../http/idempotency-key';
import { Audited } from '../http/audit-trail';
import { OWN_IDEMPOTENCY } from '../http/idempotency.interceptor';

/**
 * Evidence files of an item (佐证材料). The body is the file itself; its kind is decided by its
 * content, never by its name or declared type. Only those who may see the item may list or
 * download its files; only the item's departments upload. The answer's `uri` goes into the
 * `evidence` of a progress report or a completion.
 */
@Controller('rectification-items/:itemId/evidence')
export class EvidenceController {
  constructor(
    @Inject(EvidenceService) private readonly evidence: EvidenceService,
    @Inject(AccessService) private readonly access: AccessService,
  ) {}

  /**
   * Upload one file as the request body (any `Content-Type` but JSON or forms), named by
   * `?fileName=`. An `Idempotency-Key` makes a retried upload answer the first record.
   */
  @Post()
  @RawBody()
  @SetMetadata(OWN_IDEMPOTENCY, true)
  @Audited({ action: 'evidence.upload' })
  async upload(
    @Param('itemId') itemId: string,
    @Query('fileName') fileName: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Acting() principal: Principal,
    @Req() request: Request,
  ) {
    if (!fileName || fileName.length > 255) {
      throw new ValidationError([
        {
          field: 'fileName',
          code: 'FIELD_REQUIRED',
          message: 'name the file with ?fileName= (at most 255 characters)',
        },
      ]);
    }
    await this.access.requireItemDepartment(principal, itemId);
    if (request.readableEnded) {
      throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 415, 'send the file itself as the body', '请直接上传文件内容');
    }
    return this.evidence.upload({
      itemId,
      personId: personOf(principal),
      fileName,
      body: request,
      idempotencyKey: idempotencyKey(key) ?? null,
    });
  }

  /** A page of the item's files, oldest first. */
  @Get()
  @Audited({ action: 'evidence.list', reads: true })
  list(@Param('itemId') itemId: string, @Query() page: PageQuery) {
    return this.evidence.list(itemId, page);
  }

  /** The file, as an attachment that a browser will neither render nor sniff. */
  @Get(':evidenceId')
  @Audited({ action: 'evidence.download', reads: true })
  async download(
    @Param('itemId') itemId: string,
    @Param('evidenceId') evidenceId: string,
    @Res() response: Response,
  ): Promise<void> {
    const { record, stream } = await this.evidence.open(itemId, evidenceId);
    response.setHeader('Content-Type', record.contentType);
    response.setHeader('Content-Length', String(record.sizeBytes));
    response.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(record.name)}`);
    response.setHeader('Content-Security-Policy', 'sandbox');
    response.setHeader('Cache-Control', 'private, no-store');
    response.setHeader('Digest', `sha-256=${Buffer.from(record.sha256, 'hex').toString('base64')}`);
    stream.on('error', () => response.destroy());
    stream.pipe(response);
  }
}
