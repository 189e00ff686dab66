import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireScopes } from '@switchyard/auth';
import { ApiProblems } from '@switchyard/http';
import { AvailableNumberService } from '../application/available-number.service';
import {
  AvailableNumberListDto,
  type AvailableNumberDto,
  SearchAvailableNumbersQueryDto,
} from './available-number.dto';

@ApiTags('Numbers')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/available-numbers')
export class AvailableNumbersController {
  constructor(@Inject(AvailableNumberService) private readonly available: AvailableNumberService) {}

  @Get()
  @RequireScopes('numbers:read')
  @ApiOperation({ summary: 'Search numbers on sale by country, type, area code, digits or vanity letters' })
  @ApiOkResponse({ type: AvailableNumberListDto })
  @ApiProblems(400, 502, 503)
  async search(@Query() query: SearchAvailableNumbersQueryDto): Promise<AvailableNumberListDto> {
    const offers = await this.available.search(query);
    const data = offers.map((offer): AvailableNumberDto => ({
      object: 'available_number',
      phoneNumber: offer.phoneNumber,
      country: offer.country,
      type: offer.type,
      region: offer.region,
      areaCode: offer.areaCode ?? null,
      capabilities: [...offer.capabilities],
      monthlyPrice: offer.monthlyPrice,
      setupPrice: offer.setupPrice,
      requirements: { ...offer.requirements, documentTypes: [...offer.requirements.documentTypes] },
    }));
    return { object: 'list', data, hasMore: false, nextCursor: null };
  }
}
