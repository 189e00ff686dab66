import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, newId, STORAGE, type StoragePort } from '@switchyard/contracts';
import { NotFoundError } from '@switchyard/errors';
import { type PageRequest } from '@switchyard/http';
import {
  assertSupportedCountry,
  type DocumentType,
  type NumberType,
  regulatoryRequirementFor,
  reviewSubmission,
} from '../domain';
import {
  type RequirementDocumentRecord,
  type RequirementSubmissionRecord,
  RequirementSubmissionRepository,
  type RequirementSubmissionStatus,
  type SubmittedAddress,
} from '../infrastructure/requirement-submission.repository';
import { NumberOrderService } from './number-order.service';
import { translatingNumbersErrors } from './numbers-errors';
import { NUMBERS_SETTINGS, type NumbersSettings } from './numbers-settings';

export interface SubmittedDocument {
  readonly documentType: DocumentType;
  readonly fileName: string;
  readonly contentType: string;
  readonly content: Uint8Array;
}

export interface NewSubmission {
  readonly country: string;
  readonly type: NumberType;
  readonly businessName?: string;
  readonly address?: SubmittedAddress;
  readonly documents: readonly SubmittedDocument[];
}

/**
 * Requirement submissions: documents go to storage, the details to Postgres. Where review is automatic (the
 * sandbox) the rules decide at once, and an approval lets the account's numbers waiting for it be ordered.
 */
@Injectable()
export class RequirementSubmissionService {
  constructor(
    @Inject(RequirementSubmissionRepository) private readonly submissions: RequirementSubmissionRepository,
    @Inject(NumberOrderService) private readonly orders: NumberOrderService,
    @Inject(STORAGE) private readonly storage: StoragePort,
    @Inject(NUMBERS_SETTINGS) private readonly settings: NumbersSettings,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(accountId: string, input: NewSubmission): Promise<RequirementSubmissionRecord> {
    const country = await translatingNumbersErrors(() => assertSupportedCountry(input.country), 'country');
    const now = this.clock.now();
    const id = newId('requirementSubmission', now.getTime());
    const documents = await this.store(accountId, id, input.documents, now);
    const review = this.settings.automaticReview
      ? reviewSubmission(regulatoryRequirementFor(country, input.type), {
          documentTypes: documents.map((document) => document.documentType),
          ...(input.address && { addressCountry: input.address.country }),
        })
      : null;
    const status: RequirementSubmissionStatus =
      review === null ? 'pending' : review.approved ? 'approved' : 'rejected';
    let submission: RequirementSubmissionRecord;
    try {
      submission = await this.submissions.create({
        id,
        accountId,
        country,
        type: input.type,
        status,
        businessName: input.businessName ?? null,
        address: input.address ?? null,
        rejectionReason: review !== null && !review.approved ? review.reason : null,
        reviewedAt: review === null ? null : now,
        createdAt: now,
        documents,
      });
    } catch (error) {
      await Promise.all(documents.map((document) => this.storage.delete(document.storageKey))).catch(
        () => undefined,
      );
      throw error;
    }
    if (submission.status === 'approved')
      await this.orders.orderWaitingNumbers(accountId, country, input.type);
    return submission;
  }

  async get(accountId: string, submissionId: string): Promise<RequirementSubmissionRecord> {
    const submission = await this.submissions.find(accountId, submissionId);
    if (!submission) throw new NotFoundError('requirement_submission', submissionId);
    return submission;
  }

  list(
    accountId: string,
    page: PageRequest,
    filter: { country?: string; type?: NumberType; status?: RequirementSubmissionStatus },
  ) {
    return this.submissions.list(accountId, page, filter);
  }

  private async store(
    accountId: string,
    submissionId: string,
    documents: readonly SubmittedDocument[],
    now: Date,
  ): Promise<RequirementDocumentRecord[]> {
    return Promise.all(
      documents.map(async (document) => {
        const id = newId('document', now.getTime());
        const stored = await this.storage.put(
          `requirement-documents/${accountId}/${submissionId}/${id}`,
          document.content,
          document.contentType,
        );
        return {
          id,
          documentType: document.documentType,
          fileName: document.fileName,
          contentType: document.contentType,
          sizeBytes: stored.sizeBytes,
          sha256: stored.sha256,
          storageKey: stored.key,
          createdAt: now,
        };
      }),
    );
  }
}
