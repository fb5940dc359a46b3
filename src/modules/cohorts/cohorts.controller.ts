// /api/v1/cohorts: thin HTTP layer; scoping and rules live in CohortsService.
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor';
import { CurrentActor, Roles } from '../../core/auth/decorators';
import { CohortView, CreateCohortDto, ListCohortsQuery, UpdateCohortDto } from './cohorts.dto';
import { CohortsService } from './cohorts.service';
import { ApiList, ApiNone, ApiProblems, ApiSummary } from '../../core/http/api-docs';

@ApiTags('cohorts')
@ApiSecurity('bearer')
@Controller('api/v1/cohorts')
export class CohortsController {
  constructor(private readonly cohorts: CohortsService) {}

  @ApiSummary('List cohorts')
  @ApiList(CohortView)
  @Get()
  @Roles('admin', 'coordinator', 'ministry', 'partner')
  list(@CurrentActor() actor: Actor, @Query() query: ListCohortsQuery) {
    return this.cohorts.list(actor, query);
  }

  @ApiSummary('Get a cohort by id or code')
  @Get(':idOrCode')
  @Roles('admin', 'coordinator', 'ministry', 'partner')
  @ApiOkResponse({ type: CohortView })
  get(@CurrentActor() actor: Actor, @Param('idOrCode') idOrCode: string) {
    return this.cohorts.get(actor, idOrCode);
  }

  @ApiSummary('Create a cohort of a program')
  @ApiProblems(409, 422)
  @Post()
  @Roles('admin', 'coordinator')
  @HttpCode(201)
  @ApiCreatedResponse({ type: CohortView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateCohortDto) {
    return this.cohorts.create(actor, dto);
  }

  @ApiSummary('Change a cohort')
  @ApiProblems(409, 422)
  @Patch(':idOrCode')
  @Roles('admin', 'coordinator')
  @ApiOkResponse({ type: CohortView })
  update(
    @CurrentActor() actor: Actor,
    @Param('idOrCode') idOrCode: string,
    @Body() dto: UpdateCohortDto,
  ) {
    return this.cohorts.update(actor, idOrCode, dto);
  }

  @ApiSummary('Delete a cohort without enrollments')
  @ApiNone('Deleted')
  @ApiProblems(409)
  @Delete(':idOrCode')
  @Roles('admin', 'coordinator')
  @HttpCode(204)
  async remove(@CurrentActor() actor: Actor, @Param('idOrCode') idOrCode: string): Promise<void> {
    await this.cohorts.remove(actor, idOrCode);
  }
}
