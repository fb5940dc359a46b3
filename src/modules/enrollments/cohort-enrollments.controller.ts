// PATCH /api/v1/cohorts/{code}/enrollments: a coordinator's bulk status change of one cohort's
// enrollments ("mark selected completed on <date>", "dropped"). Lives with the enrollments it
// changes; the cohort only scopes it.
import { Body, Controller, HttpCode, Param, Patch } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor';
import { CurrentActor, Roles } from '../../core/auth/decorators';
import { ApiOne, ApiSummary } from '../../core/http/api-docs';
import { BulkUpdateEnrollmentsDto, BulkUpdateEnrollmentsView } from './enrollments.dto';
import { EnrollmentsService } from './enrollments.service';

@ApiTags('enrollments')
@ApiSecurity('bearer')
@Controller('api/v1/cohorts')
export class CohortEnrollmentsController {
  constructor(private readonly enrollments: EnrollmentsService) {}

  @ApiSummary(
    "Change the status of many of a cohort's enrollments at once",
    'The rules of one PATCH /enrollments/{id} for each id, all in one transaction and one audit event. Ids that are not enrollments of this cohort (or not visible) are refused, not revealed. At most 1,000 ids. A cohort of another partner answers 404.',
  )
  @ApiOne(BulkUpdateEnrollmentsView)
  @Patch(':code/enrollments')
  @Roles('admin', 'coordinator')
  @HttpCode(200)
  updateMany(
    @CurrentActor() actor: Actor,
    @Param('code') code: string,
    @Body() dto: BulkUpdateEnrollmentsDto,
  ): Promise<BulkUpdateEnrollmentsView> {
    return this.enrollments.updateInCohort(actor, code, dto);
  }
}
