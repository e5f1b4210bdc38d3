package io.opencvm.api;

/**
 * The response shapes this server serves, chosen by {@code X-Phala-Version}. An unknown or newer
 * date gets the newest shape; a date before 2026-01-21 gets the 2025-10-28 shape.
 */
public enum ApiVersion {
    V2025_10_28("2025-10-28"),
    V2026_01_21("2026-01-21");

    public static final String HEADER = "X-Phala-Version";

    private final String date;

    ApiVersion(String date) {
        this.date = date;
    }

    public String date() {
        return date;
    }

    public static ApiVersion fromHeader(String header) {
        if (header == null || header.isBlank()) {
            return V2026_01_21;
        }
        String value = header.trim();
        if (value.matches("\\d{4}-\\d{2}-\\d{2}") && value.compareTo(V2026_01_21.date) < 0) {
            return V2025_10_28;
        }
        return V2026_01_21;
    }
}
