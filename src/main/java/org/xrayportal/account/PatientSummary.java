package org.xrayportal.account;

import java.time.LocalDate;

/**
 * Who a patient account is, as a staff list shows it beside a request: the account's name and the birth date staff
 * verified against the PACS (null while the account is not linked, or for links older than that check).
 */
public record PatientSummary(long accountId, String name, LocalDate birthDate) {}
