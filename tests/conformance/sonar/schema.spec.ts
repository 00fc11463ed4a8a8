import { defineGeneratedChecks } from '../generated';

defineGeneratedChecks('sonar');
