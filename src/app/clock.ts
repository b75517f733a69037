/** The one clock of the desk. Tests inject their own; whole processes are moved in time with faketime. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = {now: () => new Date()}
