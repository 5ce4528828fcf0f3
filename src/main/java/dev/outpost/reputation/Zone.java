package dev.outpost.reputation;

/** Reputation zone in the spirit of Kaspersky OpenTIP: the colour a client acts on. */
public enum Zone {
    /** Malware or phishing: block. */
    RED,
    /** Adware, riskware, suspicious: warn or apply policy. */
    YELLOW,
    /** Known clean or trusted. */
    GREEN,
    /** Nothing known: the answer for a miss. */
    GREY
}
