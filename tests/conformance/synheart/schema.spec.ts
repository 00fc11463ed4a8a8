import { defineGeneratedChecks } from '../generated';

defineGeneratedChecks('synheart');
