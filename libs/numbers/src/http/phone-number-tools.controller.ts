import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireScopes } from '@switchyard/auth';
import { ApiProblems } from '@switchyard/http';
import { PhoneNumberToolsService } from '../application/phone-number-tools.service';
import { DescribePhoneNumberQueryDto, PhoneNumberReportDto } from './phone-number-tools.dto';

@ApiTags('Tools')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/tools/phone-numbers')
export class PhoneNumberToolsController {
  constructor(@Inject(PhoneNumberToolsService) private readonly tools: PhoneNumberToolsService) {}

  @Get(':number')
  @RequireScopes('numbers:read')
  @ApiOperation({
    summary: 'Validate and format any phone number, with its carrier where the carrier offers lookups',
  })
  @ApiOkResponse({ type: PhoneNumberReportDto })
  @ApiProblems(400)
  async describe(
    @Param('number') number: string,
    @Query() query: DescribePhoneNumberQueryDto,
  ): Promise<PhoneNumberReportDto> {
    const report = await this.tools.describe(number, query.country);
    return {
      object: 'phone_number_report',
      input: report.input,
      valid: report.valid,
      possible: report.possible,
      e164: report.e164,
      nationalFormat: report.nationalFormat,
      internationalFormat: report.internationalFormat,
      country: report.country,
      type: report.type,
      areaCode: report.areaCode ?? null,
      region: report.region ?? null,
      invalidReason: report.invalidReason ?? null,
      carrier:
        report.carrier === null
          ? null
          : { name: report.carrier.carrierName ?? null, type: report.carrier.type ?? null },
    };
  }
}
