import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { InquiryService } from '@lib/inspection';
import { actingPerson } from '../http/acting-person';
import { AnswerQuestionDto, CreateQuestionDto } from './inspection.dto';

/** The special inquiry (专题询问): questions prepared from findings, answers and commitments. */
@Controller('campaigns/:campaignId/inquiry-questions')
export class InquiryController {
  constructor(@Inject(InquiryService) private readonly inquiry: InquiryService) {}

  @Post()
  prepare(
    @Param('campaignId') campaignId: string,
    @Headers('x-person-id') personId: string | undefined,
    @Body() body: CreateQuestionDto,
  ) {
    return this.inquiry.prepare(campaignId, actingPerson(personId), body);
  }

  @Get()
  list(@Param('campaignId') campaignId: string) {
    return this.inquiry.list(campaignId);
  }

  @Get(':questionId')
  get(@Param('campaignId') campaignId: string, @Param('questionId') questionId: string) {
    return this.inquiry.get(campaignId, questionId);
  }

  /** Record the answer; a commitment in it becomes a rectification item (once, however often recorded). */
  @Post(':questionId/answer')
  @HttpCode(HttpStatus.OK)
  answer(
    @Param('campaignId') campaignId: string,
    @Param('questionId') questionId: string,
    @Headers('x-person-id') personId: string | undefined,
    @Body() body: AnswerQuestionDto,
  ) {
    return this.inquiry.answer(campaignId, questionId, actingPerson(personId), body);
  }
}
