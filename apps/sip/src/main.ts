import { loadOrExit, loadSipConfig } from '@switchyard/config';
import { createSipApp } from './sip-app';

void createSipApp(loadOrExit(() => loadSipConfig()));
