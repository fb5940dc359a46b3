// The one public route over personal data: anyone holding a certificate's verification code
// may check it. Rate limited per client address (VERIFY_RATE_LIMIT per window).
import { Controller, Get, Param } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { Public } from '../../core/auth/decorators';
import { RateLimit } from '../../core/http/rate-limit.guard';
import { CertificateVerificationView } from './certifications.dto';
import { CertificationsService } from './certifications.service';
import { ApiSummary } from '../../core/http/api-docs';

@ApiTags('certifications')
@Controller('api/v1/certifications/verify')
export class CertificateVerificationController {
  constructor(private readonly certifications: CertificationsService) {}

  @ApiSummary('Check a certificate by its verification code (public, rate limited)')
  @Get(':verificationCode')
  @Public()
  @RateLimit('verify')
  @ApiOkResponse({ type: CertificateVerificationView })
  @ApiNotFoundResponse({ description: 'No certificate has this code' })
  @ApiTooManyRequestsResponse({ description: 'Rate limited; see Retry-After' })
  @ApiServiceUnavailableResponse({ description: 'Rate limits cannot be checked; see Retry-After' })
  verify(@Param('verificationCode') verificationCode: string) {
    return this.certifications.verify(verificationCode);
  }
}
