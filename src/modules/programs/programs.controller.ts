// /api/v1/programs: thin HTTP layer; scoping and rules live in ProgramsService.
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor';
import { CurrentActor, Roles } from '../../core/auth/decorators';
import { CreateProgramDto, ListProgramsQuery, ProgramView, UpdateProgramDto } from './programs.dto';
import { ProgramsService } from './programs.service';
import { ApiList, ApiNone, ApiProblems, ApiSummary } from '../../core/http/api-docs';

@ApiTags('programs')
@ApiSecurity('bearer')
@Controller('api/v1/programs')
export class ProgramsController {
  constructor(private readonly programs: ProgramsService) {}

  @ApiSummary('List programs')
  @ApiList(ProgramView)
  @Get()
  @Roles('admin', 'coordinator', 'ministry', 'partner')
  list(@CurrentActor() actor: Actor, @Query() query: ListProgramsQuery) {
    return this.programs.list(actor, query);
  }

  @ApiSummary('Get a program by id or code')
  @Get(':idOrCode')
  @Roles('admin', 'coordinator', 'ministry', 'partner')
  @ApiOkResponse({ type: ProgramView })
  get(@CurrentActor() actor: Actor, @Param('idOrCode') idOrCode: string) {
    return this.programs.get(actor, idOrCode);
  }

  @ApiSummary('Create a program with its target and sub-targets')
  @ApiProblems(409, 422)
  @Post()
  @Roles('admin', 'coordinator')
  @HttpCode(201)
  @ApiCreatedResponse({ type: ProgramView })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateProgramDto) {
    return this.programs.create(actor, dto);
  }

  @ApiSummary('Change a program')
  @ApiProblems(409, 422)
  @Patch(':idOrCode')
  @Roles('admin', 'coordinator')
  @ApiOkResponse({ type: ProgramView })
  update(
    @CurrentActor() actor: Actor,
    @Param('idOrCode') idOrCode: string,
    @Body() dto: UpdateProgramDto,
  ) {
    return this.programs.update(actor, idOrCode, dto);
  }

  @ApiSummary('Delete a program that has no cohorts')
  @ApiNone('Deleted')
  @ApiProblems(409)
  @Delete(':idOrCode')
  @Roles('admin', 'coordinator')
  @HttpCode(204)
  async remove(@CurrentActor() actor: Actor, @Param('idOrCode') idOrCode: string): Promise<void> {
    await this.programs.remove(actor, idOrCode);
  }
}
