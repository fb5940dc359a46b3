// Trainee routes. Ministry users never reach them (personal data); partners read their own
// trainees and create them through roster imports, not here.
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor';
import { CurrentActor, Roles } from '../../core/auth/decorators';
import { ParseIdPipe } from '../../core/http/id-param.pipe';
import {
  CreateTraineeDto,
  ListTraineesQuery,
  TraineeView,
  TraineeWriteView,
  UpdateTraineeDto,
} from './trainees.dto';
import { TraineesService } from './trainees.service';
import { ApiList, ApiOne, ApiProblems, ApiSummary } from '../../core/http/api-docs';

@ApiTags('trainees')
@ApiSecurity('bearer')
@Controller('api/v1/trainees')
export class TraineesController {
  constructor(private readonly trainees: TraineesService) {}

  @ApiSummary('List trainees (filter by cnic, province, …)')
  @ApiList(TraineeView)
  @Get()
  @Roles('admin', 'coordinator', 'partner')
  list(@CurrentActor() actor: Actor, @Query() query: ListTraineesQuery) {
    return this.trainees.list(actor, query);
  }

  @ApiSummary('Get a trainee')
  @ApiOne(TraineeView)
  @Get(':id')
  @Roles('admin', 'coordinator', 'partner')
  get(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string) {
    return this.trainees.get(actor, id);
  }

  @ApiSummary('Create a trainee (409 when the CNIC exists)')
  @ApiOne(TraineeWriteView, 201)
  @ApiProblems(409, 422)
  @Post()
  @Roles('admin', 'coordinator')
  @HttpCode(201)
  create(@Body() dto: CreateTraineeDto) {
    return this.trainees.create(dto);
  }

  @ApiSummary('Change a trainee')
  @ApiOne(TraineeWriteView)
  @ApiProblems(409, 422)
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
