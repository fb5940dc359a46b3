import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor';
import { CurrentActor, Roles } from '../../core/auth/decorators';
import { ApiList, ApiOne, ApiProblems, ApiSummary } from '../../core/http/api-docs';
import { ParseIdPipe } from '../../core/http/id-param.pipe';
import {
  IdentityConflictView,
  ListIdentityConflictsQuery,
  ResolveIdentityConflictDto,
} from './identity-conflicts.dto';
import { IdentityConflictsService } from './identity-conflicts.service';

@ApiTags('identity-conflicts')
@ApiSecurity('bearer')
@Controller('api/v1/identity-conflicts')
@Roles('admin', 'coordinator')
export class IdentityConflictsController {
  constructor(private readonly conflicts: IdentityConflictsService) {}

  @ApiSummary(
    'Shared trainees whose identity a partner supplied differently from the record (open by default)',
  )
  @ApiList(IdentityConflictView)
  @ApiProblems(404)
  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: ListIdentityConflictsQuery) {
    return this.conflicts.list(actor, query);
  }

  @ApiSummary('Reconcile: keep the record, or write the supplied values to it (audited)')
  @ApiOne(IdentityConflictView)
  @ApiProblems(409)
  @Post(':id/resolve')
  @HttpCode(200)
  resolve(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: ResolveIdentityConflictDto,
  ) {
    return this.conflicts.resolve(actor, id, dto);
  }
}
