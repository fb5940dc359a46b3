// Certification routes: partners read their own, admins and coordinators write and revoke.
// No ministry access (trainee-level data). The public check is CertificateVerificationController.
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor';
import { CurrentActor, Roles } from '../../core/auth/decorators';
import { ParseIdPipe } from '../../core/http/id-param.pipe';
import {
  CertificationView,
  CreateCertificationDto,
  ListCertificationsQuery,
  UpdateCertificationDto,
} from './certifications.dto';
import { CertificationsService } from './certifications.service';
import { ApiList, ApiOne, ApiProblems, ApiSummary } from '../../core/http/api-docs';

@ApiTags('certifications')
@ApiSecurity('bearer')
@Controller('api/v1/certifications')
export class CertificationsController {
  constructor(private readonly certifications: CertificationsService) {}

  @ApiSummary('List certifications')
  @ApiList(CertificationView)
  @Get()
  @Roles('admin', 'coordinator', 'partner')
  list(@CurrentActor() actor: Actor, @Query() query: ListCertificationsQuery) {
    return this.certifications.list(actor, query);
  }

  @ApiSummary('Get a certification')
  @ApiOne(CertificationView)
  @Get(':id')
  @Roles('admin', 'coordinator', 'partner')
  get(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string) {
    return this.certifications.get(actor, id);
  }

  @ApiSummary('Award a certification to a trainee')
  @ApiOne(CertificationView, 201)
  @ApiProblems(409, 422)
  @Post()
  @Roles('admin', 'coordinator')
  @HttpCode(201)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateCertificationDto) {
    return this.certifications.create(actor, dto);
  }

  @ApiSummary('Change a certification')
  @ApiOne(CertificationView)
  @ApiProblems(409, 422)
  @Patch(':id')
  @Roles('admin', 'coordinator')
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: UpdateCertificationDto,
  ) {
    return this.certifications.update(actor, id, dto);
  }

  @ApiSummary('Revoke a certification')
  @ApiOne(CertificationView)
  @ApiProblems(409, 422)
  @Post(':id/revoke')
  @Roles('admin', 'coordinator')
  @HttpCode(200)
  revoke(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string) {
    return this.certifications.revoke(actor, id);
  }
}
