/** Injected so tests control time instead of engine code branching on the environment. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }
