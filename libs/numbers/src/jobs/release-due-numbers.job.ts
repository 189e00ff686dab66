import { Inject, Injectable } from '@nestjs/common';
import { type JobHandler } from '@switchyard/queue';
import { NumberReleaseService } from '../application/number-release.service';

/** Scheduled: releases at the carrier the numbers whose grace period is over; a second run finds nothing more. */
@Injectable()
export class ReleaseDueNumbersJob implements JobHandler<'numbers.release-due'> {
  readonly jobName = 'numbers.release-due' as const;

  constructor(@Inject(NumberReleaseService) private readonly releases: NumberReleaseService) {}

  async handle(): Promise<void> {
    await this.releases.releaseDue();
  }
}
