import { loadOrExit, loadWorkerConfig } from '@switchyard/config';
import { createWorkerApp } from './worker-app';

void createWorkerApp(loadOrExit(() => loadWorkerConfig()));
