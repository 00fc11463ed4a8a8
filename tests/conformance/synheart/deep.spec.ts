import { defineDeepChecks } from '../deep';

defineDeepChecks('synheart');
