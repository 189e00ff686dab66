import { Inject, Injectable } from '@nestjs/common';
import { type Page, type PageRequest, idPageArguments, pageFromRows } from '@switchyard/http';
import { Database, type Prisma } from '@switchyard/prisma';
import { type NumberType } from '../domain';

export type RequirementSubmissionStatus = 'pending' | 'approved' | 'rejected';

export interface SubmittedAddress {
  readonly line1: string;
  readonly line2?: string;
  readonly city: string;
  readonly region?: string;
  readonly postalCode: string;
  readonly country: string;
}

export interface RequirementDocumentRecord {
  readonly id: string;
  readonly documentType: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly storageKey: string;
  readonly createdAt: Date;
}

export interface RequirementSubmissionRecord {
  readonly id: string;
  readonly accountId: string;
  readonly country: string;
  readonly type: NumberType;
  readonly status: RequirementSubmissionStatus;
  readonly businessName: string | null;
  readonly address: SubmittedAddress | null;
  readonly rejectionReason: string | null;
  readonly reviewedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly documents: readonly RequirementDocumentRecord[];
}

export type NewRequirementSubmission = Omit<RequirementSubmissionRecord, 'updatedAt'>;

const withDocuments = {
  documents: {
    orderBy: { id: 'asc' },
    select: {
      id: true,
      documentType: true,
      fileName: true,
      contentType: true,
      sizeBytes: true,
      sha256: true,
      storageKey: true,
      createdAt: true,
    },
  },
} as const satisfies Prisma.RequirementSubmissionInclude;

type SubmissionRow = Prisma.RequirementSubmissionGetPayload<{ include: typeof withDocuments }>;

function toRecord(row: SubmissionRow): RequirementSubmissionRecord {
  return { ...row, address: row.address as SubmittedAddress | null };
}

@Injectable()
export class RequirementSubmissionRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  async create(submission: NewRequirementSubmission): Promise<RequirementSubmissionRecord> {
    const { documents, address, ...columns } = submission;
    const row = await this.database.client.requirementSubmission.create({
      data: {
        ...columns,
        ...(address !== null && { address: address as unknown as Prisma.InputJsonObject }),
        documents: {
          create: documents.map((document) => ({ ...document, accountId: submission.accountId })),
        },
      },
      include: withDocuments,
    });
    return toRecord(row);
  }

  async find(accountId: string, submissionId: string): Promise<RequirementSubmissionRecord | null> {
    const row = await this.database.client.requirementSubmission.findFirst({
      where: { id: submissionId, accountId },
      include: withDocuments,
    });
    return row ? toRecord(row) : null;
  }

  async list(
    accountId: string,
    page: PageRequest,
    filter: { country?: string; type?: NumberType; status?: RequirementSubmissionStatus },
  ): Promise<Page<RequirementSubmissionRecord>> {
    const { where, ...rest } = idPageArguments(page);
    const rows = await this.database.client.requirementSubmission.findMany({
      ...rest,
      where: { ...where, accountId, ...filter },
      include: withDocuments,
    });
    return pageFromRows(rows.map(toRecord), page);
  }

  async hasApproved(accountId: string, country: string, type: NumberType): Promise<boolean> {
    const count = await this.database.client.requirementSubmission.count({
      where: { accountId, country, type, status: 'approved' },
    });
    return count > 0;
  }
}
