import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, RequireScopes } from '@switchyard/auth';
import { ApiProblems } from '@switchyard/http';
import { FlowSimulationService } from '../application/flow-simulation.service';
import { ApiSpecificProblem } from './call-flows-openapi';
import { FlowInvalidProblemDto } from './flow.dto';
import { FlowSimulationDto, SimulateFlowDto } from './flow-simulation.dto';

@ApiTags('Flows')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/flows/:id/simulate')
export class FlowSimulationController {
  constructor(@Inject(FlowSimulationService) private readonly simulation: FlowSimulationService) {}

  @Post()
  @RequireScopes('flows:read')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Run a call through a version or the draft, without side effects, and report each step',
  })
  @ApiOkResponse({ type: FlowSimulationDto })
  @ApiProblems(400, 404, 409)
  @ApiSpecificProblem(
    422,
    'The draft simulated is not a valid flow (code flow_invalid).',
    FlowInvalidProblemDto,
  )
  async simulate(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: SimulateFlowDto,
  ): Promise<FlowSimulationDto> {
    return FlowSimulationDto.of(id, await this.simulation.simulate(principal, id, body));
  }
}
