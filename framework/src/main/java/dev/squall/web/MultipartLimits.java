package dev.squall.web;

/**
 * Limits of a streamed {@code multipart/form-data} body ({@link MultipartStream}); each one exceeded is answered
 * with 413 and a message naming it. Fields are held in memory, so they are bounded tightly; files go to disk (or
 * the handler's sink), so only their total is.
 *
 * <pre>{@code
 * MultipartLimits limits = MultipartLimits.defaults().withMaxTotalBytes(4L << 30).withMaxParts(20);
 * }</pre>
 *
 * @param maxParts the most parts (fields and files) in one body; default {@value #DEFAULT_MAX_PARTS}
 * @param maxFieldBytes the largest text field, in bytes; default {@value #DEFAULT_MAX_FIELD_BYTES}
 * @param maxFieldsBytes the most bytes of all text fields together; default {@value #DEFAULT_MAX_FIELDS_BYTES}
 * @param maxPartHeaderBytes the largest header block of one part; default {@value #DEFAULT_MAX_PART_HEADER_BYTES}
 * @param maxTotalBytes the largest whole body (the request's body limit while the form streams); default
 *     {@value #DEFAULT_MAX_TOTAL_BYTES}, Tornado's {@code max_body_size}
 */
public record MultipartLimits(
        int maxParts, int maxFieldBytes, long maxFieldsBytes, int maxPartHeaderBytes, long maxTotalBytes) {
    /** Default {@link #maxParts()}. */
    public static final int DEFAULT_MAX_PARTS = 1000;
    /** Default {@link #maxFieldBytes()}: 64 KiB. */
    public static final int DEFAULT_MAX_FIELD_BYTES = 64 * 1024;
    /** Default {@link #maxFieldsBytes()}: 1 MiB. */
    public static final long DEFAULT_MAX_FIELDS_BYTES = 1024 * 1024;
    /** Default {@link #maxPartHeaderBytes()}: 16 KiB. */
    public static final int DEFAULT_MAX_PART_HEADER_BYTES = 16 * 1024;
    /** Default {@link #maxTotalBytes()}: 100 MiB. */
    public static final long DEFAULT_MAX_TOTAL_BYTES = 100L * 1024 * 1024;

    /**
     * Checks the limits.
     *
     * @throws IllegalArgumentException if one is not positive
     */
    public MultipartLimits {
        if (maxParts < 1 || maxFieldBytes < 1 || maxFieldsBytes < 1 || maxPartHeaderBytes < 1 || maxTotalBytes < 1) {
            throw new IllegalArgumentException("multipart limits must be positive: " + maxParts + ", " + maxFieldBytes
                    + ", " + maxFieldsBytes + ", " + maxPartHeaderBytes + ", " + maxTotalBytes);
        }
    }

    /** Returns the defaults. */
    public static MultipartLimits defaults() {
        return new MultipartLimits(
                DEFAULT_MAX_PARTS,
                DEFAULT_MAX_FIELD_BYTES,
                DEFAULT_MAX_FIELDS_BYTES,
                DEFAULT_MAX_PART_HEADER_BYTES,
                DEFAULT_MAX_TOTAL_BYTES);
    }

    /**
     * Returns these limits with another part count.
     *
     * @param parts the most parts
     * @return the new limits
     */
    public MultipartLimits withMaxParts(int parts) {
        return new MultipartLimits(parts, maxFieldBytes, maxFieldsBytes, maxPartHeaderBytes, maxTotalBytes);
    }

    /**
     * Returns these limits with another field size.
     *
     * @param bytes the largest text field
     * @return the new limits
     */
    public MultipartLimits withMaxFieldBytes(int bytes) {
        return new MultipartLimits(maxParts, bytes, maxFieldsBytes, maxPartHeaderBytes, maxTotalBytes);
    }

    /**
     * Returns these limits with another body size.
     *
     * @param bytes the largest whole body
     * @return the new limits
     */
    public MultipartLimits withMaxTotalBytes(long bytes) {
        return new MultipartLimits(maxParts, maxFieldBytes, maxFieldsBytes, maxPartHeaderBytes, bytes);
    }
}
