// Vitest stand-in for the "server-only" package, whose real module throws when
// imported outside Next's react-server bundle condition.
export {};
