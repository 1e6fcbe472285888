/**
 * The step-up window (STEP_UP_WINDOW_SECONDS) of the e2e portal server: short,
 * so a journey that waits this long after its last MFA check is sent to
 * /step-up for real. Shared by the launcher (start-e2e-server.ts) and specs.
 * Other journeys wrap step-up actions in withStepUp (support/journeys.ts),
 * which copes with either answer.
 */
export const E2E_STEP_UP_WINDOW_SECONDS = 60;
