package dev.squall.web;

/**
 * A file sent in a {@code multipart/form-data} body, as Tornado's {@code HTTPFile}. Read them with
 * {@link BaseRequestHandler#getFiles(String)}.
 *
 * @param filename the file name the client gave, never empty (never trust it as a path)
 * @param contentType the part's {@code Content-Type}, {@code application/unknown} when absent
 * @param body the file's bytes; the array belongs to the request, do not modify it
 */
public record UploadedFile(String filename, String contentType, byte[] body) {}
