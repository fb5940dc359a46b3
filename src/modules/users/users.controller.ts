import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor } from '../../core/auth/actor';
import { CurrentActor, Roles } from '../../core/auth/decorators';
import { ParseIdPipe } from '../../core/http/id-param.pipe';
import { CreateUserDto, ListUsersQuery, UpdateUserDto, UserPage, UserView } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('api/v1/users')
@Roles('admin')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a user (a partner user holds exactly one partner)' })
  @ApiCreatedResponse({ type: UserView })
  @ApiBadRequestResponse({ description: 'invalid fields' })
  @ApiConflictResponse({ description: 'the email is taken' })
  @ApiUnprocessableEntityResponse({ description: 'an unknown partner code' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.users.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List users, oldest first, optionally of one role' })
  @ApiOkResponse({ type: UserPage })
  list(@Query() query: ListUsersQuery) {
    return this.users.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user' })
  @ApiOkResponse({ type: UserView })
  @ApiNotFoundResponse({ description: 'no such user' })
  get(@Param('id', ParseIdPipe) id: string) {
    return this.users.get(id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change role or partners, disable or enable, or reset the password',
    description: 'Takes effect on the user’s next request; disabling or a reset ends its sessions.',
  })
  @ApiOkResponse({ type: UserView })
  @ApiBadRequestResponse({ description: 'invalid fields or role/partner combination' })
  @ApiNotFoundResponse({ description: 'no such user' })
  @ApiConflictResponse({ description: 'it would leave no active admin' })
  @ApiUnprocessableEntityResponse({ description: 'an unknown partner code' })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: UpdateUserDto,
  ) {
    return this.users.update(actor, id, dto);
  }
}
