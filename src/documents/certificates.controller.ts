import { Controller, Get, Header, Param, StreamableFile } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { CertificatesService } from './certificates.service';

/** The delegate's certificate of attendance, through the secret link of their mail (as their badge). */
@ApiTags('registrations')
@Controller('registrations/manage/:token')
@Public()
export class CertificatesController {
  constructor(private readonly certificates: CertificatesService) {}

  @Get('certificate.pdf')
  @ApiProduces('application/pdf')
  @Header('content-type', 'application/pdf')
  @Header('content-disposition', 'attachment; filename="certificate-of-attendance.pdf"')
  async certificate(@Param('token') token: string): Promise<StreamableFile> {
    return new StreamableFile(await this.certificates.pdfByToken(token));
  }
}
