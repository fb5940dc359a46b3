// The login answer's OpenAPI schema (the service returns this shape; see AuthService.login).
import { ApiProperty } from '@nestjs/swagger';

class LoginUserView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'coordinator@demo.example.com' }) email!: string;
  @ApiProperty({ enum: ['admin', 'coordinator', 'ministry', 'partner'] }) role!: string;
}

export class LoginView {
  @ApiProperty({ description: 'JWT for Authorization: Bearer <token>' }) accessToken!: string;
  @ApiProperty({ description: 'Seconds until the token expires', example: 3600 })
  expiresIn!: number;
  @ApiProperty({ type: LoginUserView }) user!: LoginUserView;
}
