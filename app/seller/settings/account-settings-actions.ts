import type { AccountSettingsActions } from "@/components/identity/account-settings";
import {
  changePasswordAction,
  regenerateRecoveryCodesAction,
  revokeOtherOwnSessionsAction,
  revokeOwnSessionAction,
  updateProfileAction,
} from "./actions";

/** The self-service actions behind AccountSettings, on /seller/settings and /admin/account alike. */
export const accountSettingsActions: AccountSettingsActions = {
  updateProfile: updateProfileAction,
  changePassword: changePasswordAction,
  regenerateRecoveryCodes: regenerateRecoveryCodesAction,
  revokeOwnSession: revokeOwnSessionAction,
  revokeOtherOwnSessions: revokeOtherOwnSessionsAction,
};
