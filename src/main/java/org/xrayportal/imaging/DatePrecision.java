package org.xrayportal.imaging;

/**
 * How much of a DICOM date (DA) the PACS recorded: a full date, or only a year and month ({@code YYYYMM}) or a year
 * ({@code YYYY}), as some archives and old ACR-NEMA era studies hold them. The date itself is then the first day of
 * that month or year, for sorting; it must be shown only to this precision.
 */
public enum DatePrecision {
    DAY,
    MONTH,
    YEAR
}
