import { Body, Controller, Get, Inject, Param, Post } from '@nestjs/common';
import { OrganisationService } from '@lib/organisation';
import { CreatePersonDto, CreateUnitDto } from './organisation.dto';

/** Organisation units and people. (Who may create them is decided with access control.) */
@Controller()
export class OrganisationController {
  constructor(@Inject(OrganisationService) private readonly organisation: OrganisationService) {}

  @Post('org-units')
  createUnit(@Body() body: CreateUnitDto) {
    return this.organisation.createUnit(body);
  }

  @Get('org-units/:unitId')
  async getUnit(@Param('unitId') unitId: string) {
    const [unit, children] = await Promise.all([this.organisation.getUnit(unitId), this.organisation.children(unitId)]);
    return { ...unit, children };
  }

  @Post('people')
  createPerson(@Body() body: CreatePersonDto) {
    return this.organisation.createPerson(body);
  }
}
