import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireScopes } from '@switchyard/auth';
import { ApiProblems } from '@switchyard/http';
import { findRegulatoryRequirements } from '../application/regulatory-requirements.query';
import { ListRegulatoryRequirementsQueryDto, RegulatoryRequirementListDto } from './requirement.dto';

@ApiTags('Numbers')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/regulatory-requirements')
export class RegulatoryRequirementsController {
  @Get()
  @RequireScopes('numbers:read')
  @ApiOperation({ summary: 'What regulators ask before numbers of a country and type may be assigned' })
  @ApiOkResponse({ type: RegulatoryRequirementListDto })
  @ApiProblems(400)
  async list(@Query() query: ListRegulatoryRequirementsQueryDto): Promise<RegulatoryRequirementListDto> {
    const data = (await findRegulatoryRequirements(query)).map((entry) => ({
      ...entry,
      id: `${entry.country}.${entry.type}`,
      object: 'regulatory_requirement' as const,
      documentTypes: [...entry.documentTypes],
    }));
    return { object: 'list', data, hasMore: false, nextCursor: null };
  }
}
