import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, RequireEventRole } from '../auth/auth.decorators';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { AddPartnerDto, PartnerResponse, PartnersByRole } from './partner.dto';
import { PartnersService } from './partners.service';

@ApiTags('events')
@Controller('events')
export class PartnersController {
  constructor(private readonly partners: PartnersService) {}

  @Post(':id/partners')
  @RequireEventRole('organiser')
  @ApiCreatedResponse({ type: PartnerResponse })
  add(@Param('id') eventId: string, @Body() dto: AddPartnerDto): Promise<PartnerResponse> {
    return this.partners.add(eventId, dto);
  }

  @Get(':idOrSlug/partners')
  @Public()
  @ApiOkResponse({ type: PartnersByRole })
  list(@Param('idOrSlug') idOrSlug: string, @CurrentUser() user?: AuthenticatedUser): Promise<PartnersByRole> {
    return this.partners.list(idOrSlug, user);
  }

  @Delete(':id/partners/:partnerId')
  @HttpCode(204)
  @RequireEventRole('organiser')
  @ApiNoContentResponse()
  remove(@Param('id') eventId: string, @Param('partnerId') partnerId: string): Promise<void> {
    return this.partners.remove(eventId, partnerId);
  }
}
