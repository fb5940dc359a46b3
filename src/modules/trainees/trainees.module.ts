import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TraineeEntity } from './trainee.entity';
import { TraineesRepository } from './trainees.repository';
import { TraineesService } from './trainees.service';

@Module({
  imports: [TypeOrmModule.forFeature([TraineeEntity])],
  providers: [TraineesRepository, TraineesService],
  exports: [TraineesRepository, TraineesService],
})
export class TraineesModule {}
