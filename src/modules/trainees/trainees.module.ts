import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PartnersModule } from '../partners/partners.module';
import { TraineeEntity } from './trainee.entity';
import { TraineesRepository } from './trainees.repository';
import { TraineesService } from './trainees.service';
import { TraineesExportService } from './trainees-export.service';

@Module({
  imports: [TypeOrmModule.forFeature([TraineeEntity]), PartnersModule],
  providers: [TraineesRepository, TraineesService, TraineesExportService],
  exports: [TraineesRepository, TraineesService, TraineesExportService],
})
export class TraineesModule {}
