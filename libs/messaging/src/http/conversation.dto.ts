import { ApiProperty } from '@nestjs/swagger';
import { ListEnvelopeDto } from '@switchyard/http';
import { messageResource } from '../application/message-resource';
import { type ConversationRecord } from '../infrastructure/conversation.repository';
import { MessageDto } from './message.dto';

const timeExample = '2030-01-01T12:00:00.000Z';

export class ConversationDto {
  @ApiProperty({ description: 'Conversation id.', example: 'conv_01jd3v3k6m5x9q8w7e6r5t4y3u' }) id!: string;
  @ApiProperty({ enum: ['conversation'], description: 'Always "conversation".', example: 'conversation' })
  object!: 'conversation';
  @ApiProperty({ description: 'The account’s number.', example: 'num_01jd3v3k6m5x9q8w7e6r5t4y3u' })
  numberId!: string;
  @ApiProperty({ description: 'The other party, E.164.', example: '+14155550199' }) remoteNumber!: string;
  @ApiProperty({ description: 'Inbound messages since the conversation was last marked read.', example: 2 })
  unreadCount!: number;
  @ApiProperty({ description: 'Whether notifications for it are muted.', example: false }) muted!: boolean;
  @ApiProperty({ description: 'When its last message was sent or received.', example: timeExample })
  lastMessageAt!: string;
  @ApiProperty({ type: MessageDto, nullable: true, description: 'The newest message.' })
  lastMessage!: MessageDto | null;
  @ApiProperty({ description: 'Creation time.', example: timeExample }) createdAt!: string;
  @ApiProperty({ description: 'Last change.', example: timeExample }) updatedAt!: string;

  static of(conversation: ConversationRecord): ConversationDto {
    return {
      id: conversation.id,
      object: 'conversation',
      numberId: conversation.numberId,
      remoteNumber: conversation.remoteNumber,
      unreadCount: conversation.unreadCount,
      muted: conversation.muted,
      lastMessageAt: conversation.lastMessageAt.toISOString(),
      lastMessage: conversation.lastMessage && messageResource(conversation.lastMessage),
      createdAt: conversation.createdAt.toISOString(),
      updatedAt: conversation.updatedAt.toISOString(),
    };
  }
}

export class ConversationListDto extends ListEnvelopeDto {
  @ApiProperty({
    type: [ConversationDto],
    description: 'Conversations, newest activity (lastMessageAt) first.',
  })
  data!: ConversationDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Pass as startingAfter to get the next page: an opaque position in (lastMessageAt, id) order, since a ' +
      'conversation id alone cannot say where a list by last activity stopped.',
    example: '1893499200000.conv_01jd3v3k6m5x9q8w7e6r5t4y3u',
  })
  declare nextCursor: string | null;
}
