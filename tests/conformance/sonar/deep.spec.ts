import { defineDeepChecks } from '../deep';

defineDeepChecks('sonar');
