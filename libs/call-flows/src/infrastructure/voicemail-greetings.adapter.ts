import { Inject, Injectable } from '@nestjs/common';
import { Database } from '@switchyard/prisma';

/** Reads the voicemail context's VoicemailBox table (voicemail.prisma) for greetings that play an audio file. */
@Injectable()
export class VoicemailGreetings {
  constructor(@Inject(Database) private readonly database: Database) {}

  /** Boxes whose greeting is the prompt `{type: 'audio', audioId}`. */
  async boxesGreetingWith(accountId: string, audioId: string): Promise<string[]> {
    const boxes = await this.database.client.voicemailBox.findMany({
      where: { accountId, greeting: { path: ['audioId'], equals: audioId } },
      select: { id: true },
      orderBy: { id: 'asc' },
    });
    return boxes.map((box) => box.id);
  }
}
