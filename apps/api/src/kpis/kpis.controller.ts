import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '@app/auth';
import { KpiCsvQueryDto, KpiRangeQueryDto, KpisService, type KpisDto } from '@app/kpis';

/** The salon's figures for the city (issue 15): `/api/admin/kpis` and its CSV tables. */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('coordinator', 'admin')
@Controller('admin')
export class KpisController {
  constructor(private readonly kpis: KpisService) {}

  @Get('kpis')
  @ApiOperation({
    summary: 'Involvement, activity, retention, alumni, events and digests for a range of Asia/Tokyo days',
  })
  @ApiResponse({ status: 200, description: 'The figures (docs/api.md); groups under 5 people withheld' })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED, INVALID_RANGE (details.fields)' })
  @ApiResponse({ status: 403, description: 'ROLE_REQUIRED: coordinators and admins only' })
  get(@Query() query: KpiRangeQueryDto): Promise<KpisDto> {
    return this.kpis.all(query.from, query.to);
  }

  @Get('kpis.csv')
  @ApiOperation({ summary: 'One table of the figures as CSV (UTF-8 with BOM, withheld cells empty)' })
  @ApiProduces('text/csv')
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED (an unknown table), INVALID_RANGE' })
  @ApiResponse({ status: 403, description: 'ROLE_REQUIRED: coordinators and admins only' })
  async csv(@Query() query: KpiCsvQueryDto, @Res({ passthrough: true }) response: Response): Promise<string> {
    const body = await this.kpis.csv(query.table, query.from, query.to);
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader(
      'Content-Disposition',
      `attachment; filename="kpis-${query.table}-${query.from}-${query.to}.csv"`,
    );
    response.setHeader('Cache-Control', 'no-store');
    return body;
  }
}
