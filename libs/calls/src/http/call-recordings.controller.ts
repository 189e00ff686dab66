import { applyDecorators, Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequireScopes } from '@switchyard/auth';
import { ApiProblems, ListQueryDto, listResponse, pageRequest } from '@switchyard/http';
import { CallControlService, type RecordingAction } from '../application/call-control.service';
import { recordingResource } from '../application/recording-resource';
import { RecordingService } from '../application/recording.service';
import { RecordingDto, RecordingListDto, StartRecordingDto } from './recording.dto';

const actionSummaries: Readonly<Record<RecordingAction, string>> = {
  pause: 'Pause a recording of a live call; the recording as it is now',
  resume: 'Resume a paused recording of a live call; the recording as it is now',
  stop: 'Stop a recording of a live call; it completes once its audio is stored',
};

/** One route per recording action of a live call, documented alike. */
const recordingAction = (action: RecordingAction) =>
  applyDecorators(
    Post(`:recordingId/${action}`),
    RequireScopes('calls:write'),
    HttpCode(200),
    ApiOperation({ summary: actionSummaries[action] }),
    ApiOkResponse({ type: RecordingDto }),
    ApiProblems(404, 409, 422, 503),
  );

/** Recordings of one call, and recording it on demand while it is live. */
@ApiTags('Recordings')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/calls/:callId/recordings')
export class CallRecordingsController {
  constructor(
    @Inject(RecordingService) private readonly recordings: RecordingService,
    @Inject(CallControlService) private readonly control: CallControlService,
  ) {}

  @Get()
  @RequireScopes('calls:read')
  @ApiOperation({ summary: 'List the recordings of a call, newest first' })
  @ApiOkResponse({ type: RecordingListDto })
  @ApiProblems(400, 404)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('callId') callId: string,
    @Query() query: ListQueryDto,
  ) {
    const page = await this.recordings.listOfCall(principal, callId, pageRequest(query));
    return listResponse({ ...page, items: page.items.map(recordingResource) });
  }

  @Post()
  @RequireScopes('calls:write')
  @ApiOperation({
    summary:
      'Start recording a live call through the sip instance holding it (409 recording_not_allowed when its number never records)',
  })
  @ApiCreatedResponse({ type: RecordingDto })
  @ApiProblems(400, 404, 409, 422, 503)
  async start(
    @CurrentPrincipal() principal: Principal,
    @Param('callId') callId: string,
    @Body() body: StartRecordingDto,
  ): Promise<RecordingDto> {
    const recording = await this.control.startRecording(principal, callId, body.layout ?? 'mixed');
    return RecordingDto.of(recordingResource(recording));
  }

  @recordingAction('pause')
  async pause(
    @CurrentPrincipal() principal: Principal,
    @Param('callId') callId: string,
    @Param('recordingId') recordingId: string,
  ): Promise<RecordingDto> {
    return this.act(principal, callId, recordingId, 'pause');
  }

  @recordingAction('resume')
  async resume(
    @CurrentPrincipal() principal: Principal,
    @Param('callId') callId: string,
    @Param('recordingId') recordingId: string,
  ): Promise<RecordingDto> {
    return this.act(principal, callId, recordingId, 'resume');
  }

  @recordingAction('stop')
  async stop(
    @CurrentPrincipal() principal: Principal,
    @Param('callId') callId: string,
    @Param('recordingId') recordingId: string,
  ): Promise<RecordingDto> {
    return this.act(principal, callId, recordingId, 'stop');
  }

  private async act(
    principal: Principal,
    callId: string,
    recordingId: string,
    action: RecordingAction,
  ): Promise<RecordingDto> {
    const recording = await this.control.controlRecording(principal, callId, recordingId, action);
    return RecordingDto.of(recordingResource(recording));
  }
}
