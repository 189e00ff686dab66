export * from './domain/business-hours';
export * from './domain/business-hours-json-schema';
export * from './domain/business-hours-validator';
export * from './domain/flow-actions';
export * from './domain/flow-event-json-schema';
export * from './domain/flow-executor';
export * from './domain/flow-json-schema';
export * from './domain/flow-model';
export * from './domain/flow-simulator';
export * from './domain/flow-validator';
export * from './domain/json-schema-validator';
export * from './domain/audio-library';
export * from './call-flows.module';
export {
  type AudioTranscoder,
  type FlowUsage,
  type NumberUsingFlow,
  type TranscodedAudio,
  FLOW_USAGE,
} from './application/call-flows.ports';
export { type CallQueueRouting, CallQueueDirectory } from './application/call-queue-directory.service';
export { AudioPromptFiles } from './infrastructure/audio-prompt-files';
export { FlowUsages } from './infrastructure/flow-usages';
export { FlowCatalog } from './application/flow-catalog.service';
export {
  type PublishedFlow,
  PublishedFlowLookup,
  PUBLISHED_FLOW_TTL_MS,
} from './application/published-flow-lookup.service';
export { addCallFlowSchemas } from './http/call-flows-openapi';
export {
  FLOW_WEBHOOK_SECRET_TTL_MS,
  FlowWebhookSettingsService,
} from './application/flow-webhook-settings.service';
