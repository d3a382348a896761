import type { ExportFrom, ZendeskClient } from '../../zendesk/client/index.js';
import type { PartLogger } from '../logger.js';
import { PollingWorker } from '../polling-loop.js';
import type { Store } from '../store/types.js';

/** The states in which a customer's reply can decide something, so a lost webhook must not lose it. */
export const RECONCILED_STATES = ['offered', 'scheduled', 'awaiting_decision', 'rolling_back'] as const;

export const DEFAULT_RECONCILE_INTERVAL_MS = 5 * 60_000;

/** The lease role: with several replicas on one database, one of them reconciles (docs/DECISIONS.md §36). */
export const RECONCILE_ROLE = 'reconcile';

/** Where reconciliation keeps its place in Zendesk's incremental export (the store's `meta` table). */
export const EXPORT_POSITION_KEY = 'reconcile_export';

/**
 * How far behind this process's clock an export start time always is: Zendesk refuses a start time less than one
 * minute old (and leaves out the last minute's changes), plus one minute for the two clocks to disagree.
 */
export const EXPORT_LAG_MS = 2 * 60_000;

/** Zendesk leaves the last minute's changes out of the export: a reply shows there a minute after it was made. */
export const EXPORT_HOLD_MS = 60_000;

/**
 * How often a pass runs for a RECONCILE_INTERVAL: that minute sooner, so a lost webhook's reply is read at most one
 * interval after it was made (the minute it waits to show in the export, then at most one period); below PT2M, half
 * the interval, so a short interval never means a pass every few seconds (the bound is then half the interval and
 * that minute). PT5M: a pass every 4 minutes.
 */
export function reconcilePeriodMs(intervalMs: number): number {
  return Math.max(intervalMs - EXPORT_HOLD_MS, intervalMs / 2);
}

/** Export pages read in one pass at most (1,000 tickets each); a longer backlog goes on at the next pass. */
export const MAX_EXPORT_PAGES_PER_PASS = 5;

/**
 * Reconciliation's place in the export, as stored: a start time (after a full pass) or the cursor of the last page
 * read, and the tickets whose comments could not be read, to try again (they may not change again in Zendesk).
 */
export interface ExportPosition {
  from: ExportFrom;
  retry: number[];
}

export interface ReconcilerDeps {
  store: Pick<Store, 'listUpgradesInStates' | 'holdLeadership' | 'getMeta' | 'putMeta'>;
  /** Zendesk's Incremental Ticket Export (docs/DECISIONS.md, 53). */
  zendesk: Pick<ZendeskClient, 'exportTickets'>;
  /** The clock the lease is held on (the wall clock). */
  now: () => number;
  /** The clock export start times are reckoned on: Zendesk's time, for which the domain clock stands. */
  zendeskNow: () => number;
  /** The capture path: reads the ticket's comments not yet judged and acts on each once. */
  processTicket: (ticketId: number) => Promise<unknown>;
  intervalMs: number;
  logger: Pick<PartLogger, 'error' | 'warn' | 'info'>;
}

/** What one pass did (for logs and tests). */
export interface ReconcilePass {
  kind: 'full' | 'incremental' | 'follower';
  exportPages: number;
  /** Tickets whose comments were read. */
  ticketsRead: number;
  failed: number;
  /** False when the export failed or had more pages than one pass reads. */
  caughtUp: boolean;
}

/**
 * Zendesk's webhooks are best-effort (dropped while a circuit breaker is open, or late): every interval this reads,
 * through the same capture path as the webhook inbox, the comments of the tickets whose replies matter and that
 * changed in Zendesk since the last pass. Which tickets changed comes from Zendesk's incremental ticket export,
 * whose place is kept in the store (docs/DECISIONS.md, 53), so a pass costs a page per 1,000 changed tickets and a
 * comments read per changed ticket in flight, not a read of every ticket in flight. Capture records each judged
 * comment in the transaction that acts on it, so reading one through both paths acts once.
 */
export class Reconciler extends PollingWorker {
  private readonly periodMs: number;

  constructor(private readonly deps: ReconcilerDeps) {
    const periodMs = reconcilePeriodMs(deps.intervalMs);
    super('reconcile', periodMs, deps.logger);
    this.periodMs = periodMs;
  }

  /** Starts the timer; the first pass runs one period from now (start-up already has enough to do). */
  override start(): void {
    this.loop.start(this.periodMs);
  }

  /**
   * One pass, on the replica that leads reconciliation only (others would read the same comments again for
   * nothing); its lease lasts three intervals, and a killed leader's is free once its heartbeat stops. With no
   * place in the export yet (first start, or an install from before the export was used), a full pass over every
   * upgrade in the reconciled states, then the export from that pass's start on. One ticket's failure (Zendesk down,
   * a deleted ticket) stops no other; the export's failure leaves its place where it was, so nothing is lost.
   */
  async runOnce(): Promise<number> {
    await this.pass();
    // 0: the loop then waits a full period instead of passing again at once.
    return 0;
  }

  async pass(): Promise<ReconcilePass> {
    const { store, now, intervalMs } = this.deps;
    if (!(await store.holdLeadership(RECONCILE_ROLE, now(), 3 * intervalMs))) {
      return { kind: 'follower', exportPages: 0, ticketsRead: 0, failed: 0, caughtUp: true };
    }
    const position = await this.readPosition();
    const pass = position === null ? await this.fullPass() : await this.incrementalPass(position);
    this.deps.logger.info({ ...pass }, 'reconcile pass');
    return pass;
  }

  private async fullPass(): Promise<ReconcilePass> {
    const startedAt = this.deps.zendeskNow();
    const upgrades = await this.deps.store.listUpgradesInStates(RECONCILED_STATES);
    const failed = await this.processAll(upgrades.map((record) => record.ticketId));
    // Whatever changes from here on (less the lag, so Zendesk takes the start time) is the export's to show.
    const startTime = Math.floor((startedAt - EXPORT_LAG_MS) / 1000);
    await this.writePosition({ from: { startTime }, retry: failed });
    return { kind: 'full', exportPages: 0, ticketsRead: upgrades.length, failed: failed.length, caughtUp: true };
  }

  private async incrementalPass(saved: ExportPosition): Promise<ReconcilePass> {
    const { zendesk, logger } = this.deps;
    let position = saved;
    const pass: ReconcilePass = { kind: 'incremental', exportPages: 0, ticketsRead: 0, failed: 0, caughtUp: false };
    // A start time not yet old enough for Zendesk (a clock set back) has nothing to show yet: only the retries.
    const exportable =
      !('startTime' in position.from) || position.from.startTime * 1000 <= this.deps.zendeskNow() - EXPORT_LAG_MS;
    if (!exportable) {
      const retried = await this.readTickets(position.retry, pass);
      await this.writePosition({ from: position.from, retry: retried });
      return { ...pass, caughtUp: true };
    }
    while (pass.exportPages < MAX_EXPORT_PAGES_PER_PASS) {
      let page;
      try {
        page = await zendesk.exportTickets(position.from);
      } catch (error) {
        const status = (error as { status?: unknown }).status;
        logger.error(
          { error: (error as Error)?.message ?? String(error), ...(typeof status === 'number' ? { status } : {}) },
          "reconcile: Zendesk's incremental export failed; its place stays where it was, the next pass reads on from it",
        );
        return pass;
      }
      pass.exportPages += 1;
      const deleted = new Set(page.tickets.filter((ticket) => ticket.status === 'deleted').map((ticket) => ticket.id));
      const changed = page.tickets.filter((ticket) => !deleted.has(ticket.id)).map((ticket) => ticket.id);
      // The tickets that failed last time go with the first page (a deleted ticket has no replies left to read).
      const wanted =
        pass.exportPages === 1 ? [...changed, ...position.retry.filter((id) => !deleted.has(id))] : changed;
      const retry = pass.exportPages === 1 ? [] : position.retry.filter((id) => !deleted.has(id));
      retry.push(...(await this.readTickets(wanted, pass)));
      // Without a cursor (a page from a start time that found nothing), the same start time again next time.
      const from: ExportFrom = page.after_cursor !== null ? { cursor: page.after_cursor } : position.from;
      position = { from, retry: [...new Set(retry)] };
      await this.writePosition(position);
      if (page.end_of_stream) return { ...pass, caughtUp: true };
    }
    logger.warn(
      { pages: pass.exportPages },
      'reconcile: more tickets changed than one pass reads; the next pass reads on from here',
    );
    return pass;
  }

  /** Reads the comments of those of `ticketIds` whose upgrade is in a reconciled state (one store read); the failures. */
  private async readTickets(ticketIds: readonly number[], pass: ReconcilePass): Promise<number[]> {
    if (ticketIds.length === 0) return [];
    const unique = [...new Set(ticketIds)];
    const upgrades = await this.deps.store.listUpgradesInStates(RECONCILED_STATES, { ticketIds: unique });
    const failed = await this.processAll(upgrades.map((record) => record.ticketId));
    pass.ticketsRead += upgrades.length;
    pass.failed += failed.length;
    return failed;
  }

  private async processAll(ticketIds: readonly number[]): Promise<number[]> {
    const failed: number[] = [];
    for (const ticketId of ticketIds) {
      try {
        await this.deps.processTicket(ticketId);
      } catch (error) {
        failed.push(ticketId);
        this.deps.logger.warn({ ticketId, error: (error as Error)?.message ?? String(error) }, 'reconcile failed');
      }
    }
    return failed;
  }

  private async readPosition(): Promise<ExportPosition | null> {
    const text = await this.deps.store.getMeta(EXPORT_POSITION_KEY);
    if (text === null) return null;
    const position = parsePosition(text);
    if (position === null) {
      // Not ours to guess: a full pass puts a sound one in its place.
      this.deps.logger.error({ stored: text.slice(0, 200) }, 'reconcile: the stored export position is unreadable');
    }
    return position;
  }

  private writePosition(position: ExportPosition): Promise<void> {
    return this.deps.store.putMeta(EXPORT_POSITION_KEY, JSON.stringify(position));
  }
}

function parsePosition(text: string): ExportPosition | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { from, retry } = value as { from?: { cursor?: unknown; startTime?: unknown }; retry?: unknown };
  if (!Array.isArray(retry) || !retry.every((id) => Number.isSafeInteger(id) && (id as number) > 0)) return null;
  if (typeof from?.cursor === 'string' && from.cursor !== '') return { from: { cursor: from.cursor }, retry };
  if (Number.isSafeInteger(from?.startTime) && (from!.startTime as number) >= 0)
    return { from: { startTime: from!.startTime as number }, retry };
  return null;
}
