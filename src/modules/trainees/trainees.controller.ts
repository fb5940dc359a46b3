// Trainee routes. Ministry users never reach them (personal data); partners read their own
// trainees and create them through roster imports, not here.
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor';
import { CurrentActor, Roles } from '../../core/auth/decorators';
import { ParseIdPipe } from '../../core/http/id-param.pipe';
import { CreateTraineeDto, ListTraineesQuery, UpdateTraineeDto } from './trainees.dto';
import { TraineesService } from './trainees.service';

@ApiTags('trainees')
@ApiSecurity('bearer')
@Controller('api/v1/trainees')
export class TraineesController {
  constructor(private readonly trainees: TraineesService) {}

  @Get()
  @Roles('admin', 'coordinator', 'partner')
  list(@CurrentActor() actor: Actor, @Query() query: ListTraineesQuery) {
    return this.trainees.list(actor, query);
  }

  @Get(':id')
  @Roles('admin', 'coordinator', 'partner')
  get(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string) {
    return this.trainees.get(actor, id);
  }

  @Post()
  @Roles('admin', 'coordinator')
  @HttpCode(201)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateTraineeDto) {
    return this.trainees.create(actor, dto);
  }

  @Patch(':id')
  @Roles('admin', 'coordinator')
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: UpdateTraineeDto,
  ) {
    return this.trainees.update(actor, id, dto);
  }
}
