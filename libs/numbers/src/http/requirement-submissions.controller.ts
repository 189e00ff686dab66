import { Body, Controller, Get, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequireScopes } from '@switchyard/auth';
import { ApiProblems, listResponse, pageRequest } from '@switchyard/http';
import { RequirementSubmissionService } from '../application/requirement-submission.service';
import { type RequirementSubmissionRecord } from '../infrastructure/requirement-submission.repository';
import {
  CreateRequirementSubmissionDto,
  ListRequirementSubmissionsQueryDto,
  RequirementSubmissionDto,
  RequirementSubmissionListDto,
} from './requirement.dto';

function submissionDto(submission: RequirementSubmissionRecord): RequirementSubmissionDto {
  return {
    id: submission.id,
    object: 'requirement_submission',
    country: submission.country,
    type: submission.type,
    status: submission.status,
    businessName: submission.businessName,
    address: submission.address,
    rejectionReason: submission.rejectionReason,
    reviewedAt: submission.reviewedAt?.toISOString() ?? null,
    documents: submission.documents.map((document) => ({
      id: document.id,
      documentType: document.documentType,
      fileName: document.fileName,
      contentType: document.contentType,
      sizeBytes: document.sizeBytes,
      sha256: document.sha256,
    })),
    createdAt: submission.createdAt.toISOString(),
    updatedAt: submission.updatedAt.toISOString(),
  };
}

@ApiTags('Numbers')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/requirement-submissions')
export class RequirementSubmissionsController {
  constructor(
    @Inject(RequirementSubmissionService) private readonly submissions: RequirementSubmissionService,
  ) {}

  @Post()
  @RequireScopes('numbers:write')
  @ApiOperation({
    summary:
      'Submit documents for numbers of a country and type; an approval lets numbers waiting for it be ordered',
  })
  @ApiCreatedResponse({ type: RequirementSubmissionDto })
  @ApiProblems(400, 413)
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateRequirementSubmissionDto,
  ): Promise<RequirementSubmissionDto> {
    const submission = await this.submissions.create(principal.accountId, {
      ...body,
      documents: body.documents.map(({ contentBase64, ...document }) => ({
        ...document,
        content: Buffer.from(contentBase64, 'base64'),
      })),
    });
    return submissionDto(submission);
  }

  @Get()
  @RequireScopes('numbers:read')
  @ApiOperation({ summary: 'List the account’s requirement submissions' })
  @ApiOkResponse({ type: RequirementSubmissionListDto })
  @ApiProblems(400)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListRequirementSubmissionsQueryDto) {
    const { country, type, status } = query;
    const page = await this.submissions.list(principal.accountId, pageRequest(query), {
      country,
      type,
      status,
    });
    return listResponse({ ...page, items: page.items.map(submissionDto) });
  }

  @Get(':id')
  @RequireScopes('numbers:read')
  @ApiOperation({ summary: 'Read a requirement submission' })
  @ApiOkResponse({ type: RequirementSubmissionDto })
  @ApiProblems(404)
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): Promise<RequirementSubmissionDto> {
    return submissionDto(await this.submissions.get(principal.accountId, id));
  }
}
