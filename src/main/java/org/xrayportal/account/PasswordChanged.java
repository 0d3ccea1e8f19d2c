package org.xrayportal.account;

/** Published after an account's password changed (by its owner, a reset or a first-time set). */
public record PasswordChanged(long accountId, String email) {}
