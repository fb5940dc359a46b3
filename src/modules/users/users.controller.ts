import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../../core/auth/decorators';
import { ParseIdPipe } from '../../core/http/id-param.pipe';
import { PageQueryDto } from '../../core/http/pagination';
import { CreateUserDto, UserView } from './users.dto';
import { UsersService } from './users.service';
import { ApiList, ApiOne, ApiProblems, ApiSummary } from '../../core/http/api-docs';

@ApiTags('users')
@Controller('api/v1/users')
@Roles('admin')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @ApiSummary('Create a user (admin, coordinator, ministry or partner)')
  @ApiOne(UserView, 201)
  @ApiProblems(409, 422)
  @Post()
  @HttpCode(201)
  create(@Body() dto: CreateUserDto) {
    return this.users.create(dto);
  }

  @ApiSummary('List users')
  @ApiList(UserView)
  @Get()
  list(@Query() query: PageQueryDto) {
    return this.users.list(query);
  }

  @ApiSummary('Get a user')
  @ApiOne(UserView)
  @Get(':id')
  get(@Param('id', ParseIdPipe) id: string) {
    return this.users.get(id);
  }
}
