/** The clock is passed in (tests fix it; shared/ never reads it). */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
