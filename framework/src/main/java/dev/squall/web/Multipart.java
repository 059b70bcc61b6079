package dev.squall.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A {@code multipart/form-data} body parser (RFC 7578), for a body already in memory. Written by hand because
 * neither the JDK nor Okio parses form data, and the whole body is already read by the server; parts are
 * sliced out of it with one copy each.
 *
 * <p>Unlike Tornado, which logs and ignores a malformed body, Squall answers 400 with the reason, so the
 * client learns what is wrong instead of getting a "missing argument" later.
 */
final class Multipart {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] CRLFCRLF = {'\r', '\n', '\r', '\n'};

    private Multipart() {}

    /** The parsed body: text fields as raw bytes, and files. */
    record Form(Arguments arguments, Map<String, List<UploadedFile>> files) {}

    /**
     * Parses {@code body} with the boundary from {@code contentType}.
     *
     * @throws HttpError 400 naming the problem when the body or content type is malformed
     */
    static Form parse(HeaderValue contentType, byte[] body) {
        String boundary = contentType.param("boundary");
        if (boundary == null || boundary.isEmpty()) {
            throw bad("the Content-Type has no boundary parameter");
        }
        byte[] dashBoundary = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        Arguments arguments = new Arguments();
        Map<String, List<UploadedFile>> files = new LinkedHashMap<>();

        int pos;
        if (startsWith(body, 0, dashBoundary)) {
            pos = dashBoundary.length;
        } else {
            int first = indexOf(body, delimiter, 0); // skip a preamble
            if (first < 0) {
                throw bad("the boundary never occurs in the body");
            }
            pos = first + delimiter.length;
        }
        while (true) {
            if (startsWith(body, pos, new byte[] {'-', '-'})) {
                return new Form(arguments, files); // close delimiter; an epilogue may follow and is ignored
            }
            while (pos < body.length && (body[pos] == ' ' || body[pos] == '\t')) {
                pos++; // transport padding
            }
            if (!startsWith(body, pos, CRLF)) {
                throw bad("a boundary line is not followed by CRLF");
            }
            int partStart = pos + 2;
            int partEnd = indexOf(body, delimiter, partStart);
            if (partEnd < 0) {
                throw bad("no closing boundary found");
            }
            parsePart(body, partStart, partEnd, arguments, files);
            pos = partEnd + delimiter.length;
        }
    }

    private static void parsePart(
            byte[] body, int start, int end, Arguments arguments, Map<String, List<UploadedFile>> files) {
        int headersEnd;
        int contentStart;
        if (startsWith(body, start, CRLF)) {
            headersEnd = start;
            contentStart = start + 2;
        } else {
            int blank = indexOf(body, CRLFCRLF, start);
            if (blank < 0 || blank > end) {
                throw bad("a part has no blank line after its headers");
            }
            headersEnd = blank;
            contentStart = blank + 4;
        }
        PartHead head = PartHead.parse(new String(body, start, headersEnd - start, StandardCharsets.UTF_8));
        String fieldName = head.name();
        String filename = head.filename();
        String contentType = head.contentType();
        byte[] content = Arrays.copyOfRange(body, contentStart, end);
        if (filename != null) { // an empty filename is a file input left empty: a plain field, as Tornado
            files.computeIfAbsent(fieldName, k -> new ArrayList<>(1))
                    .add(new UploadedFile(
                            filename, contentType != null ? contentType : "application/unknown", content));
        } else {
            arguments.add(fieldName, content);
        }
    }

    /**
     * The headers of one part: its field name, its file name (null for a text field — also for a file input left
     * empty, as Tornado) and its content type (null when absent).
     */
    record PartHead(
            String name,
            @Nullable String filename,
            @Nullable String contentType) {
        /**
         * Parses a part's header block (CRLF-separated lines, without the blank line).
         *
         * @throws HttpError 400 naming the problem
         */
        static PartHead parse(String headers) {
            String disposition = null;
            String contentType = null;
            for (String line : headers.split("\r\n")) {
                int colon = line.indexOf(':');
                if (line.isEmpty()) {
                    continue;
                }
                if (colon <= 0) {
                    throw bad("a part header line has no colon");
                }
                String name = line.substring(0, colon).strip();
                String value = line.substring(colon + 1).strip();
                if (name.equalsIgnoreCase("Content-Disposition")) {
                    disposition = value;
                } else if (name.equalsIgnoreCase("Content-Type")) {
                    contentType = value;
                }
            }
            if (disposition == null) {
                throw bad("a part has no Content-Disposition header");
            }
            HeaderValue d = HeaderValue.parse(disposition);
            if (!d.value().equals("form-data")) {
                throw bad("a part's Content-Disposition is not form-data");
            }
            String fieldName = d.param("name");
            if (fieldName == null || fieldName.isEmpty()) {
                throw bad("a part has no name parameter in its Content-Disposition");
            }
            String filename = d.param("filename");
            return new PartHead(fieldName, filename == null || filename.isEmpty() ? null : filename, contentType);
        }
    }

    static HttpError bad(String why) {
        return new HttpError(400, "Invalid multipart/form-data: " + why, "Invalid multipart/form-data: " + why);
    }

    private static boolean startsWith(byte[] data, int at, byte[] prefix) {
        if (at + prefix.length > data.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(byte[] data, byte[] needle, int from) {
        int last = data.length - needle.length;
        byte first = needle[0];
        for (int i = from; i <= last; i++) {
            if (data[i] == first && startsWith(data, i, needle)) {
                return i;
            }
        }
        return -1;
    }
}
