/** Webhooks of the caller's environment: list, create (with its signing secret, once), update, delete. */
import type { MockContext, MockResponse } from '../../kernel/types';
import { withCaller, type Caller } from '../auth';
import { isResponse } from '../errors';
import { allOf } from '../query';
import { mockId } from '../seed';
import type { Json, SonarState, WebhookRecord } from '../state';
import { webhookUpdatedView, webhookView } from '../views';
import { notFound } from './common';

type Ctx = MockContext<SonarState>;

const bodyOf = (ctx: Ctx) => ctx.req.body as Json;

const webhooksOf = (ctx: Ctx, caller: Caller) => [...ctx.state.webhooks.values()].filter((w) => w.environment === caller.environment).sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));

function pathWebhook(ctx: Ctx, caller: Caller): WebhookRecord | MockResponse {
  const id = ctx.req.pathParams['webhook_id'] ?? '';
  const found = ctx.state.webhooks.get(id);
  return found && found.environment === caller.environment ? found : notFound(ctx, 'webhook', id);
}

function listWebhooks(ctx: Ctx, caller: Caller): MockResponse {
  return allOf(webhooksOf(ctx, caller).map(webhookView));
}

function createWebhook(ctx: Ctx, caller: Caller): MockResponse {
  const { url, events } = bodyOf(ctx);
  const { random } = ctx.state;
  const webhook: WebhookRecord = {
    id: mockId(random, 'whk'),
    environment: caller.environment,
    url: String(url),
    events: [...(events as string[])],
    status: 'active',
    createdAt: ctx.clock.now(),
    lastDeliveryAt: null,
    signingSecret: mockId(random, 'whsec', 24),
  };
  ctx.state.webhooks.set(webhook.id, webhook);
  return { status: 201, body: { data: { ...webhookView(webhook), signing_secret: webhook.signingSecret } } };
}

function updateWebhook(ctx: Ctx, caller: Caller): MockResponse {
  const webhook = pathWebhook(ctx, caller);
  if (isResponse(webhook)) return webhook;
  const { url, events, status } = bodyOf(ctx);
  if (typeof url === 'string') webhook.url = url;
  if (Array.isArray(events)) webhook.events = events.map(String);
  if (status === 'active' || status === 'disabled') webhook.status = status;
  return { status: 200, body: { data: webhookUpdatedView(webhook) } };
}

function deleteWebhook(ctx: Ctx, caller: Caller): MockResponse {
  const webhook = pathWebhook(ctx, caller);
  if (isResponse(webhook)) return webhook;
  ctx.state.webhooks.delete(webhook.id);
  return { status: 204 };
}

export const webhookHandlers = {
  listWebhooks: withCaller(listWebhooks),
  createWebhook: withCaller(createWebhook),
  updateWebhook: withCaller(updateWebhook),
  deleteWebhook: withCaller(deleteWebhook),
};
