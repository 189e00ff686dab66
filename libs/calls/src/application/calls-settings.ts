/** The calls configuration (`CallsConfig`) the module was built with. */
export const CALLS_CONFIG = Symbol('CALLS_CONFIG');
/** The logger (`Logger` of @switchyard/logging) for call record writes that failed. */
export const CALLS_LOGGER = Symbol('CALLS_LOGGER');
