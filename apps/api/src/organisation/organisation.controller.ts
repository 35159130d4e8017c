import { Body, Controller, Get, Inject, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessService } from '@lib/access';
import { OrganisationService } from '@lib/organisation';
import { AdminOnly, SignedIn } from '../http/access.decorators';
import { Audited } from '../http/audit-trail';
import { CreatePersonDto, CreateUnitDto } from './organisation.dto';

/**
 * Organisation units and people. The system administrator registers them; anyone signed in may
 * read the tree (units are not secret; what they do is).
 */
@Controller()
@ApiTags('organisation')
export class OrganisationController {
  constructor(
    @Inject(OrganisationService) private readonly organisation: OrganisationService,
    @Inject(AccessService) private readonly access: AccessService,
  ) {}

  @Post('org-units')
  @Audited({ action: 'organisation.unit_created', keep: ['id', 'kind', 'parentId'] })
  @ApiOperation({ summary: 'Create an organisation unit' })
  @ApiConflictResponse({ description: 'A unit with this id exists' })
  @AdminOnly('system_admin')
  async createUnit(@Body() body: CreateUnitDto) {
    const unit = await this.organisation.createUnit(body);
    this.access.forgetTrees(); // a new unit widens its ancestors' scopes at once, here
    return unit;
  }

  @Get('org-units/:unitId')
  @ApiOperation({ summary: 'An organisation unit with its children' })
  @ApiNotFoundResponse({ description: 'No such unit' })
  @SignedIn()
  async getUnit(@Param('unitId') unitId: string) {
    const [unit, children] = await Promise.all([this.organisation.getUnit(unitId), this.organisation.children(unitId)]);
    return { ...unit, children };
  }

  @Post('people')
  @Audited({ action: 'organisation.person_created', keep: ['id', 'unitId'] })
  @ApiOperation({ summary: 'Create a person in a unit' })
  @ApiConflictResponse({ description: 'A person with this id exists' })
  @AdminOnly('system_admin')
  createPerson(@Body() body: CreatePersonDto) {
    return this.organisation.createPerson(body);
  }
}
