import { Inject, Injectable } from '@nestjs/common';
import { Database } from '@switchyard/prisma';

/** Asks the call-flows context's audio files table whether a greeting's recording exists in the account. */
@Injectable()
export class AudioFileReader {
  constructor(@Inject(Database) private readonly database: Database) {}

  async exists(accountId: string, audioId: string): Promise<boolean> {
    const count = await this.database.client.audioFile.count({ where: { id: audioId, accountId } });
    return count > 0;
  }
}
