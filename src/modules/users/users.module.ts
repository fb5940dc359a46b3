import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PartnersModule } from '../partners/partners.module';
import { UserEntity } from './user.entity';
import { UserAuthStateCache } from './user-auth-state.cache';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** Users without HTTP: the worker and the seed use it too. */
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity]), PartnersModule],
  providers: [UsersRepository, UsersService, UserAuthStateCache],
  exports: [UsersRepository, UsersService, UserAuthStateCache],
})
export class UsersModule {}
