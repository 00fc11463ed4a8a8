import { defineGeneratedChecks } from '../generated';

defineGeneratedChecks('sahha');
