// Enrollment routes: partners read their own, admins and coordinators write. No ministry access
// (trainee-level data). DELETE exists only to explain that nothing is deleted.
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor';
import { CurrentActor, Roles } from '../../core/auth/decorators';
import { ParseIdPipe } from '../../core/http/id-param.pipe';
import {
  CreateEnrollmentDto,
  EnrollmentView,
  ListEnrollmentsQuery,
  UpdateEnrollmentDto,
} from './enrollments.dto';
import { EnrollmentsService } from './enrollments.service';
import { ApiList, ApiOne, ApiProblems, ApiSummary } from '../../core/http/api-docs';

@ApiTags('enrollments')
@ApiSecurity('bearer')
@Controller('api/v1/enrollments')
export class EnrollmentsController {
  constructor(private readonly enrollments: EnrollmentsService) {}

  @ApiSummary('List enrollments (filter by trainee, cohort, program, status)')
  @ApiList(EnrollmentView)
  @Get()
  @Roles('admin', 'coordinator', 'partner')
  list(@CurrentActor() actor: Actor, @Query() query: ListEnrollmentsQuery) {
    return this.enrollments.list(actor, query);
  }

  @ApiSummary('Get an enrollment')
  @ApiOne(EnrollmentView)
  @Get(':id')
  @Roles('admin', 'coordinator', 'partner')
  get(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string) {
    return this.enrollments.get(actor, id);
  }

  @ApiSummary('Enroll a trainee in a cohort')
  @ApiOne(EnrollmentView, 201)
  @ApiProblems(409, 422)
  @Post()
  @Roles('admin', 'coordinator')
  @HttpCode(201)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateEnrollmentDto) {
    return this.enrollments.create(actor, dto);
  }

  @ApiSummary('Change an enrollment (status, progress, cohort)')
  @ApiOne(EnrollmentView)
  @ApiProblems(409, 422)
  @Patch(':id')
  @Roles('admin', 'coordinator')
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: UpdateEnrollmentDto,
  ) {
    return this.enrollments.update(actor, id, dto);
  }

  @ApiSummary('Enrollments are never deleted: set status dropped instead')
  @Delete(':id')
  @Roles('admin', 'coordinator')
  @ApiConflictResponse({ description: 'Always: set status to dropped instead' })
  remove(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string) {
    return this.enrollments.refuseDelete(actor, id);
  }
}
