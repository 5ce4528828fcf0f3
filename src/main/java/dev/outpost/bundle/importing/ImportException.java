package dev.outpost.bundle.importing;

import dev.outpost.reputation.OutpostException;

/** Why the imports API refused a request; statuses are chosen by the one mapper in {@code http}. */
public class ImportException extends OutpostException {
    private ImportException(String problemType, String detail) {
        super(problemType, detail);
    }

    /** 404: no import has this id. */
    public static final class NotFound extends ImportException {
        NotFound(String id) {
            super("not-found", "no import has id '" + id + "' (GET /api/v1/imports lists them)");
        }
    }

    /** 413: the upload is larger than {@code outpost.imports.max-upload-bytes}. */
    public static final class TooLarge extends ImportException {
        TooLarge(long maxBytes) {
            super(
                    "request-too-large",
                    "the upload is larger than " + maxBytes
                            + " bytes, the most this appliance takes (outpost.imports.max-upload-bytes);"
                            + " nothing of it was kept");
        }
    }

    /** 408: the client stopped sending. */
    public static final class TimedOut extends ImportException {
        TimedOut(long idleMillis) {
            super(
                    "request-timeout",
                    "the upload sent nothing for " + idleMillis
                            + " ms (outpost.imports.idle-timeout); nothing of it was kept");
        }
    }

    /** 415: the body is not declared as a bundle. */
    public static final class UnsupportedType extends ImportException {
        UnsupportedType(String type) {
            super(
                    "unsupported-media-type",
                    "send the bundle itself as the request body with Content-Type: application/octet-stream"
                            + (type == null ? " (the request had none)" : " (the request had " + type + ")"));
        }
    }

    /** 503 with Retry-After: as many uploads as allowed are being received or wait for their import. */
    public static final class Busy extends ImportException {
        public static final int RETRY_AFTER_SECONDS = 30;

        Busy(int maxQueued) {
            super(
                    "imports-busy",
                    maxQueued + " uploads are being received or wait for their import"
                            + " (outpost.imports.max-queued); try again once one has finished");
        }

        @Override
        public java.time.Duration retryAfter() {
            return java.time.Duration.ofSeconds(RETRY_AFTER_SECONDS);
        }
    }

    /** 507: the data directory's file system has no room for the upload and its import. */
    public static final class InsufficientSpace extends ImportException {
        InsufficientSpace(String detail) {
            super("insufficient-space", detail);
        }
    }

    /** 400: the body could not be read to its end (the client went away, a broken encoding). */
    public static final class Unreadable extends ImportException {
        Unreadable(String detail) {
            super("request-unreadable", "the upload could not be read to its end (" + detail + "); nothing was kept");
        }
    }

    /** 500 (an incident): the upload could not be written to staging for a reason of this appliance's. */
    public static final class LocalFailure extends ImportException {
        LocalFailure(String detail) {
            super("local-io-error", detail);
        }
    }
}
