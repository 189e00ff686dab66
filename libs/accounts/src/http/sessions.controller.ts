import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@switchyard/auth';
import { ApiProblems } from '@switchyard/http';
import { SessionService } from '../application/session.service';
import { SessionDto, SignInDto, UserDto } from './account.dto';

@ApiTags('Sessions')
@Controller('v1/sessions')
export class SessionsController {
  constructor(@Inject(SessionService) private readonly sessions: SessionService) {}

  @Post()
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with e-mail and password; returns a short-lived access token' })
  @ApiOkResponse({ type: SessionDto })
  @ApiProblems(400, 401)
  async signIn(@Body() body: SignInDto): Promise<SessionDto> {
    const session = await this.sessions.signIn(body.email, body.password);
    return {
      object: 'session',
      accessToken: session.accessToken,
      tokenType: session.tokenType,
      expiresAt: session.expiresAt.toISOString(),
      user: UserDto.of(session.user),
    };
  }
}
