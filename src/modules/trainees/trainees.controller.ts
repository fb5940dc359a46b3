// Trainee routes. Ministry users never reach them (personal data); partners read their own
// trainees and create them through roster imports, not here.
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  StreamableFile,
} from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor';
import { CurrentActor, Roles } from '../../core/auth/decorators';
import { ParseIdPipe } from '../../core/http/id-param.pipe';
import {
  CreateTraineeDto,
  ExportTraineesQuery,
  ListTraineesQuery,
  TraineeView,
  TraineeWriteView,
  UpdateTraineeDto,
} from './trainees.dto';
import { TraineesExportService } from './trainees-export.service';
import { XLSX_CONTENT_TYPE } from '../../core/http/xlsx-writer';
import { TraineesService } from './trainees.service';
import {
  ApiJsonOrDownload,
  ApiList,
  ApiOne,
  ApiProblems,
  ApiSummary,
} from '../../core/http/api-docs';

@ApiTags('trainees')
@ApiSecurity('bearer')
@Controller('api/v1/trainees')
export class TraineesController {
  constructor(
    private readonly trainees: TraineesService,
    private readonly exports: TraineesExportService,
  ) {}

  @ApiSummary(
    'List trainees: search by name or CNIC prefix (q), filter by program, cohort, cnic, province, …',
  )
  @ApiList(TraineeView)
  @Get()
  @Roles('admin', 'coordinator', 'partner')
  list(@CurrentActor() actor: Actor, @Query() query: ListTraineesQuery) {
    return this.trainees.list(actor, query);
  }

  // Declared before ':id', so /trainees/export is never read as an id.
  @ApiSummary('Export trainees with their enrollment, as the roster template (CSV or XLSX)')
  @ApiJsonOrDownload(undefined, ['csv', 'xlsx'], 'Every matching trainee, streamed (csv or xlsx)')
  @ApiProblems(429)
  @Get('export')
  @Roles('admin', 'coordinator', 'partner')
  async export(
    @CurrentActor() actor: Actor,
    @Query() query: ExportTraineesQuery,
  ): Promise<StreamableFile> {
    const xlsx = query.format === 'xlsx';
    return new StreamableFile(await this.exports.export(actor, query), {
      type: xlsx ? XLSX_CONTENT_TYPE : 'text/csv; charset=utf-8',
      disposition: `attachment; filename="trainees.${xlsx ? 'xlsx' : 'csv'}"`,
    });
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
  create(@CurrentActor() actor: Actor, @Body() dto: CreateTraineeDto) {
    return this.trainees.create(actor, dto);
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
