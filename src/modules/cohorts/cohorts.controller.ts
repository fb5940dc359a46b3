// /api/v1/cohorts: thin HTTP layer; scoping and rules live in CohortsService.
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor';
import { CurrentActor, Roles } from '../../core/auth/decorators';
import { CohortView, CreateCohortDto, ListCohortsQuery, UpdateCohortDto } from './cohorts.dto';
import { CohortsService } from './cohorts.service';

@ApiTags('cohorts')
@ApiSecurity('bearer')
@Controller('api/v1/cohorts')
export class CohortsController {
  constructor(private readonly cohorts: CohortsService) {}

  @Get()
  @Roles('admin', 'coordinator', 'ministry', 'partner')
  list(@CurrentActor() actor: Actor, @Query() query: ListCohortsQuery) {
    return this.cohorts.list(actor, query);
  }

  @Get(':idOrCode')
  @Roles('admin', 'coordinator', 'ministry', 'partner')
  @ApiOkResponse({ type: CohortView })
  get(@CurrentActor() actor: Actor, @Param('idOrCode') idOrCode: string) {
    return this.cohorts.get(actor, idOrCode);
  }

  @Post()
  @Roles('admin', 'coordinator')
  @HttpCode(201)
  @ApiCreatedResponse({ type: CohortView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateCohortDto) {
    return this.cohorts.create(actor, dto);
  }

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

  @Delete(':idOrCode')
  @Roles('admin', 'coordinator')
  @HttpCode(204)
  async remove(@CurrentActor() actor: Actor, @Param('idOrCode') idOrCode: string): Promise<void> {
    await this.cohorts.remove(actor, idOrCode);
  }
}
