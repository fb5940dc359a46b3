import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../../core/auth/decorators';
import { ParseIdPipe } from '../../core/http/id-param.pipe';
import { PageQueryDto } from '../../core/http/pagination';
import { CreateUserDto } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('api/v1/users')
@Roles('admin')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @HttpCode(201)
  create(@Body() dto: CreateUserDto) {
    return this.users.create(dto);
  }

  @Get()
  list(@Query() query: PageQueryDto) {
    return this.users.list(query);
  }

  @Get(':id')
  get(@Param('id', ParseIdPipe) id: string) {
    return this.users.get(id);
  }
}
