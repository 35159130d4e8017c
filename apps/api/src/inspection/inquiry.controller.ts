import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InquiryService } from '@lib/inspection';
import type { Principal } from '@lib/contracts';
import { Acting, personOf } from '../http/access.decorators';
import { PageQuery } from '../http/page.dto';
import { AnswerQuestionDto, CreateQuestionDto } from './inspection.dto';

/** The special inquiry (专题询问): questions prepared from findings, answers and commitments. */
@Controller('campaigns/:campaignId/inquiry-questions')
@ApiTags('inspection')
export class InquiryController {
  constructor(@Inject(InquiryService) private readonly inquiry: InquiryService) {}

  @Post()
  @ApiOperation({ summary: 'Prepare a question for the special inquiry (专题询问)' })
  prepare(@Param('campaignId') campaignId: string, @Acting() principal: Principal, @Body() body: CreateQuestionDto) {
    return this.inquiry.prepare(campaignId, personOf(principal), body);
  }

  @Get()
  @ApiOperation({ summary: 'A page of the campaign’s inquiry questions, by id' })
  list(@Param('campaignId') campaignId: string, @Query() page: PageQuery) {
    return this.inquiry.list(campaignId, page);
  }

  @Get(':questionId')
  @ApiOperation({ summary: 'One inquiry question with its answer' })
  @ApiNotFoundResponse({ description: 'No such question' })
  get(@Param('campaignId') campaignId: string, @Param('questionId') questionId: string) {
    return this.inquiry.get(campaignId, questionId);
  }

  /** Record the answer; a commitment in it becomes a rectification item (once, however often recorded). */
  @Post(':questionId/answer')
  @ApiOperation({ summary: 'Record the answer; a commitment in it becomes a rectification item, once' })
  @HttpCode(HttpStatus.OK)
  answer(
    @Param('campaignId') campaignId: string,
    @Param('questionId') questionId: string,
    @Acting() principal: Principal,
    @Body() body: AnswerQuestionDto,
  ) {
    return this.inquiry.answer(campaignId, questionId, personOf(principal), body);
  }
}
