import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor';
import { CurrentActor, Roles } from '../../core/auth/decorators';
import { ParseIdPipe } from '../../core/http/id-param.pipe';
import {
  ApiKeyView,
  CreatePartnerDto,
  CreatedApiKeyView,
  CreateApiKeyDto,
  ListPartnersQuery,
  PartnerView,
  UpdatePartnerDto,
} from './partners.dto';
import { PartnersService } from './partners.service';
import { ApiList, ApiNone, ApiOne, ApiProblems, ApiSummary } from '../../core/http/api-docs';

@ApiTags('partners')
@ApiSecurity('bearer')
@Controller('api/v1')
export class PartnersController {
  constructor(private readonly partners: PartnersService) {}

  @ApiSummary('List partners')
  @ApiList(PartnerView)
  @Get('partners')
  @Roles('admin', 'coordinator', 'ministry', 'partner')
  list(@CurrentActor() actor: Actor, @Query() query: ListPartnersQuery) {
    return this.partners.list(actor, query);
  }

  @ApiSummary('Get a partner by id or code')
  @ApiOne(PartnerView)
  @Get('partners/:idOrCode')
  @Roles('admin', 'coordinator', 'ministry', 'partner')
  get(@CurrentActor() actor: Actor, @Param('idOrCode') idOrCode: string) {
    return this.partners.get(actor, idOrCode);
  }

  @ApiSummary('Create a partner')
  @ApiOne(PartnerView, 201)
  @ApiProblems(409, 422)
  @Post('partners')
  @Roles('admin')
  @HttpCode(201)
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePartnerDto) {
    return this.partners.create(actor, dto);
  }

  @ApiSummary("Change a partner's name or kind")
  @ApiOne(PartnerView)
  @ApiProblems(409, 422)
  @Patch('partners/:idOrCode')
  @Roles('admin')
  update(
    @CurrentActor() actor: Actor,
    @Param('idOrCode') idOrCode: string,
    @Body() dto: UpdatePartnerDto,
  ) {
    return this.partners.update(actor, idOrCode, dto);
  }

  @ApiSummary('Create an API key for a partner (the key is shown in this answer only)')
  @ApiOne(CreatedApiKeyView, 201)
  @Post('partners/:code/api-keys')
  @Roles('admin')
  @HttpCode(201)
  createApiKey(
    @CurrentActor() actor: Actor,
    @Param('code') code: string,
    @Body() dto: CreateApiKeyDto = {},
  ) {
    return this.partners.createApiKey(actor, code, dto ?? {});
  }

  @ApiSummary("List a partner's API keys (prefixes only)")
  @ApiList(ApiKeyView)
  @Get('partners/:code/api-keys')
  @Roles('admin')
  listApiKeys(@CurrentActor() actor: Actor, @Param('code') code: string) {
    return this.partners.listApiKeys(actor, code);
  }

  @ApiSummary('Revoke an API key at once')
  @ApiNone('Revoked')
  @Delete('api-keys/:id')
  @Roles('admin')
  @HttpCode(204)
  async revokeApiKey(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
  ): Promise<void> {
    await this.partners.revokeApiKey(actor, id);
  }
}
