// Server-side only. The password rules of control S5: hashing (argon2id),
// the policy (length, strength, breached list,
// personal information, history, age) and the optional k-anonymity API check.
// See docs/decisions/0005-password-hashing-and-policy.md.
export {
  ARGON2_PARAMS,
  MAX_HASHABLE_PASSWORD_LENGTH,
  OWASP_MINIMUM_ARGON2_PARAMS,
  dummyVerify,
  hashNeedsRehash,
  hashPassword,
  verifyPassword,
  type Argon2Params,
  type PasswordVerification,
} from "./hashing";
export {
  DEFAULT_PASSWORD_POLICY_SETTINGS,
  checkPasswordAge,
  checkPasswordStrength,
  containsPersonalInfo,
  isInOfflineBreachedList,
  isPasswordReused,
  passwordPolicySettingsSchema,
  validateNewPassword,
  type NewPasswordCheckOptions,
  type PasswordAge,
  type PasswordAgeInput,
  type PasswordPolicySettings,
  type PolicyResult,
  type PolicyViolation,
  type PolicyViolationCode,
  type StrengthCheckOptions,
} from "./policy";
export {
  DEFAULT_PWNED_RANGE_TIMEOUT_MS,
  checkPwnedPasswordRange,
  isPwnedRangeApiEnabled,
  type PwnedRangeOptions,
  type PwnedRangeResult,
} from "./pwned-range";
