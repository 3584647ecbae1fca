import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequireEventRole } from '../auth/auth.decorators';
import { DashboardSummary } from './dashboard.dto';
import { DashboardService } from './dashboard.service';

@ApiTags('dashboard')
@Controller()
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get('events/:id/dashboard')
  @RequireEventRole('organiser')
  @ApiOkResponse({ type: DashboardSummary, description: 'Registrations, capacity, delegations, mail, check-ins and registrations per day' })
  summary(@Param('id') eventId: string): Promise<DashboardSummary> {
    return this.dashboard.summary(eventId);
  }
}
