import { defineDeepChecks } from '../deep';

defineDeepChecks('sahha');
