package org.xrayportal.account;

/** Published when an admin disables an account; its sessions must end. */
public record AccountDisabled(long accountId, String email) {}
