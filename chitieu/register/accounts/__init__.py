"""Who uses the register and what they may do: the ``Account`` every layer sees, users and passwords (``users``),
agencies and target owners (``agencies``), the permission rules (``permissions``), API tokens (``tokens``) and the
throttling of failed sign-ins (``throttle``)."""

from chitieu.register.accounts.account import Account
from chitieu.register.accounts.agencies import (
    agency_choices,
    agency_targets,
    assign_default_owners,
    create_agency,
    find_agency,
    list_agencies,
    owners,
    set_owner,
)
from chitieu.register.accounts.permissions import check_can_edit, check_province_writer, check_staged_reviewer
from chitieu.register.accounts.throttle import check_login_allowed, clear_login_failures, record_login_failure
from chitieu.register.accounts.tokens import TOKEN_DAYS, account_for_token, create_token, list_tokens, revoke_token
from chitieu.register.accounts.users import (
    authenticate,
    change_password,
    create_user,
    end_sessions,
    get_account,
    list_accounts,
    reset_password,
    set_active,
    user_ids,
)

__all__ = ["TOKEN_DAYS", "Account", "account_for_token", "agency_choices", "agency_targets", "assign_default_owners",
           "authenticate", "change_password", "check_can_edit", "check_login_allowed", "check_province_writer",
           "check_staged_reviewer", "clear_login_failures", "create_agency", "create_token", "create_user",
           "end_sessions", "find_agency", "get_account", "list_accounts", "list_agencies", "list_tokens", "owners",
           "record_login_failure", "reset_password", "revoke_token", "set_active", "set_owner", "user_ids"]
