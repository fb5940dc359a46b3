import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor';
import { CurrentActor, Roles } from '../../core/auth/decorators';
import { ParseIdPipe } from '../../core/http/id-param.pipe';
import { CreatePartnerDto, ListPartnersQuery, UpdatePartnerDto } from './partners.dto';
import { PartnersService } from './partners.service';

@ApiTags('partners')
@ApiSecurity('bearer')
@Controller('api/v1')
export class PartnersController {
  constructor(private readonly partners: PartnersService) {}

  @Get('partners')
  @Roles('admin', 'coordinator', 'ministry', 'partner')
  list(@CurrentActor() actor: Actor, @Query() query: ListPartnersQuery) {
    return this.partners.list(actor, query);
  }

  @Get('partners/:idOrCode')
  @Roles('admin', 'coordinator', 'ministry', 'partner')
  get(@CurrentActor() actor: Actor, @Param('idOrCode') idOrCode: string) {
    return this.partners.get(actor, idOrCode);
  }

  @Post('partners')
  @Roles('admin')
  @HttpCode(201)
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePartnerDto) {
    return this.partners.create(actor, dto);
  }

  @Patch('partners/:idOrCode')
  @Roles('admin')
  update(
    @CurrentActor() actor: Actor,
    @Param('idOrCode') idOrCode: string,
    @Body() dto: UpdatePartnerDto,
  ) {
    return this.partners.update(actor, idOrCode, dto);
  }

  @Post('partners/:code/api-keys')
  @Roles('admin')
  @HttpCode(201)
  createApiKey(@CurrentActor() actor: Actor, @Param('code') code: string) {
    return this.partners.createApiKey(actor, code);
  }

  @Get('partners/:code/api-keys')
  @Roles('admin')
  listApiKeys(@CurrentActor() actor: Actor, @Param('code') code: string) {
    return this.partners.listApiKeys(actor, code);
  }

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
