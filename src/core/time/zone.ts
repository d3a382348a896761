import { IANAZone } from 'luxon';
import type { Instant } from '../types.js';
import { DAY_MS, MINUTE_MS, parseDate, parseTime } from './calendar.js';

/**
 * A zone's UTC offsets, derived from luxon once and then answered with arithmetic.
 *
 * Luxon costs about 7 µs per offset look-up, far too much for a thousand windows in 5 ms, so each zone's
 * offset transitions are found once per chunk of time (2^35 ms, about 398 days): the offset is sampled
 * every 7 days and each change is narrowed to the second by bisection. Two changes less than 7 days apart
 * would be missed; no zone has had such a pair since the 1940s (the shortest, Morocco's Ramadan pause,
 * lasts about a month).
 */

const CHUNK_MS = 2 ** 35;
const SAMPLE_MS = 7 * DAY_MS;
/** No zone is more than 14 hours from UTC, so every instant of a local time lies within 15 hours of it. */
const REACH_MS = 15 * 3_600_000;

interface Chunk {
  /** Offset in ms in force at the chunk's start. */
  first: number;
  /** Instants where the offset changes inside the chunk, ascending, and the offset from each. */
  at: number[];
  offsets: number[];
}

interface ZoneTable {
  zone: IANAZone;
  chunks: Map<number, Chunk>;
}

const tables = new Map<string, ZoneTable>();

/** Whether `name` is an IANA zone luxon knows (`America/Chicago`, `UTC`); fixed offsets are not zones here. */
export function isValidZone(name: string): boolean {
  return typeof name === 'string' && name.length > 0 && IANAZone.isValidZone(name);
}

/** IANA's Area/Location form (`America/Argentina/Buenos_Aires`, `Etc/GMT+5`), what a zone given by a person must be. */
const AREA_LOCATION = /^[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+$/;

/**
 * Why a zone a person typed (a policy's `timeZone`, `--tz`, `?tz=`) is refused, or null when it is an IANA name
 * (`America/Chicago`) or `UTC`. The runtime also accepts abbreviations (`cst` is read as America/Chicago, `EST` as
 * a fixed offset with no daylight saving), but one abbreviation names several zones, so the product takes only
 * what is unambiguous.
 */
export function zoneNameProblem(text: string): string | null {
  const shown = JSON.stringify(text.slice(0, 60));
  if (!isValidZone(text)) return `unknown IANA time zone ${shown}`;
  if (text !== 'UTC' && !AREA_LOCATION.test(text)) {
    return `${shown} is not an IANA time zone name; give one such as America/Chicago, Europe/Paris or UTC (an abbreviation names several zones)`;
  }
  return null;
}

function tableOf(name: string): ZoneTable {
  let table = tables.get(name);
  if (table === undefined) {
    if (!isValidZone(name)) throw new RangeError(`unknown time zone "${name}"`);
    table = { zone: IANAZone.create(name), chunks: new Map() };
    tables.set(name, table);
  }
  return table;
}

function luxonOffsetMs(zone: IANAZone, instant: number): number {
  return Math.round(zone.offset(instant) * MINUTE_MS);
}

function buildChunk(zone: IANAZone, index: number): Chunk {
  const from = index * CHUNK_MS;
  const to = from + CHUNK_MS;
  const chunk: Chunk = { first: luxonOffsetMs(zone, from), at: [], offsets: [] };
  let previousAt = from;
  let previous = chunk.first;
  for (let sample = Math.min(from + SAMPLE_MS, to - 1); ; sample = Math.min(sample + SAMPLE_MS, to - 1)) {
    const offset = luxonOffsetMs(zone, sample);
    if (offset !== previous) {
      // Bisect to the second (changes happen on whole seconds): the change happens in (low, high].
      let low = Math.floor(previousAt / 1000) * 1000;
      let high = Math.ceil(sample / 1000) * 1000;
      while (high - low > 1000) {
        const middle = low + Math.floor((high - low) / 2000) * 1000;
        if (luxonOffsetMs(zone, middle) === previous) low = middle;
        else high = middle;
      }
      chunk.at.push(high);
      chunk.offsets.push(offset);
      previous = offset;
    }
    previousAt = sample;
    if (sample === to - 1) break;
  }
  return chunk;
}

function chunkOf(table: ZoneTable, instant: number): Chunk {
  const index = Math.floor(instant / CHUNK_MS);
  let chunk = table.chunks.get(index);
  if (chunk === undefined) {
    chunk = buildChunk(table.zone, index);
    table.chunks.set(index, chunk);
  }
  return chunk;
}

function offsetInChunk(chunk: Chunk, instant: number): number {
  let offset = chunk.first;
  for (let i = 0; i < chunk.at.length && chunk.at[i]! <= instant; i += 1) offset = chunk.offsets[i]!;
  return offset;
}

/** The zone's UTC offset at `instant`, in milliseconds (-21 600 000 for Chicago in winter). */
export function offsetAt(zone: string, instant: Instant): number {
  return offsetInChunk(chunkOf(tableOf(zone), instant), instant);
}

/** The wall clock of `instant` in `zone`, as local milliseconds (see calendar.ts). */
export function instantToLocal(instant: Instant, zone: string): number {
  return instant + offsetAt(zone, instant);
}

/** The offset changes in [from, to): the offset before and each change, in order. */
function changesBetween(table: ZoneTable, from: number, to: number): { before: number; at: number[]; after: number[] } {
  const at: number[] = [];
  const after: number[] = [];
  const firstChunk = chunkOf(table, from);
  const before = offsetInChunk(firstChunk, from);
  for (let index = Math.floor(from / CHUNK_MS); index * CHUNK_MS < to; index += 1) {
    const chunk = index === Math.floor(from / CHUNK_MS) ? firstChunk : chunkOf(table, index * CHUNK_MS);
    for (let i = 0; i < chunk.at.length; i += 1) {
      if (chunk.at[i]! > from && chunk.at[i]! < to) {
        at.push(chunk.at[i]!);
        after.push(chunk.offsets[i]!);
      }
    }
  }
  return { before, at, after };
}

/**
 * The instant of a local wall-clock time (local milliseconds) in `zone`, with the product's two DST rules:
 * - a time that occurs twice (fall-back) is the EARLIER instant: 01:30 on Chicago's 2026-11-01 is 01:30-05:00;
 * - a time that does not exist (spring-forward gap) moves forward by the gap's length: 02:30 on Chicago's
 *   2026-03-08 (02:00 jumps to 03:00) is 03:30-05:00, that is 02:30 read with the offset before the change.
 */
export function localToInstantMs(local: number, zone: string): Instant {
  const table = tableOf(zone);
  const { before, at, after } = changesBetween(table, local - REACH_MS, local + REACH_MS);
  if (at.length === 0) return local - before;
  // Each offset in force near `local` gives a candidate; it is real when that offset holds at the candidate.
  const offsets = [before, ...after];
  const starts = [-Infinity, ...at];
  let earliest = Infinity;
  for (let i = 0; i < offsets.length; i += 1) {
    const candidate = local - offsets[i]!;
    const end = i + 1 < starts.length ? starts[i + 1]! : Infinity;
    if (candidate >= starts[i]! && candidate < end && candidate < earliest) earliest = candidate;
  }
  if (earliest !== Infinity) return earliest;
  // In a gap: find the change whose skipped wall-clock range holds `local` and read it with the offset before.
  for (let i = 0; i < at.length; i += 1) {
    const offsetBefore = offsets[i]!;
    if (local >= at[i]! + offsetBefore && local < at[i]! + after[i]!) return local - offsetBefore;
  }
  return local - before;
}

/**
 * The instant of a local date `YYYY-MM-DD` and time `HH:mm` in `zone`, with the product's DST rules
 * (see localToInstantMs). Throws a RangeError naming the argument when one is malformed.
 */
export function localToInstant(date: string, time: string, zone: string): Instant {
  const day = parseDate(date);
  if (day === null) throw new RangeError(`localToInstant: date must be a real YYYY-MM-DD date, got "${date}"`);
  const minutes = parseTime(time);
  if (minutes === null) throw new RangeError(`localToInstant: time must be HH:mm, got "${time}"`);
  if (!isValidZone(zone)) throw new RangeError(`localToInstant: unknown time zone "${zone}"`);
  return localToInstantMs(day * DAY_MS + minutes * MINUTE_MS, zone);
}
