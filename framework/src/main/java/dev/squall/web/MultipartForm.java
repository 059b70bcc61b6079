package dev.squall.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A {@code multipart/form-data} body parsed by a {@link MultipartStream}: text fields in memory and file parts
 * stored as {@link StoredFile}s. Immutable.
 */
public final class MultipartForm {
    private final Map<String, List<String>> fields;
    private final Map<String, List<StoredFile>> files;

    MultipartForm(Map<String, List<String>> fields, Map<String, List<StoredFile>> files) {
        this.fields = copy(fields);
        this.files = copy(files);
    }

    private static <T> Map<String, List<T>> copy(Map<String, List<T>> m) {
        Map<String, List<T>> c = new LinkedHashMap<>();
        m.forEach((k, v) -> c.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(c);
    }

    /**
     * Returns the last value of text field {@code name}, or null.
     *
     * @param name the field's name
     * @return its value, or null when the form has no such field
     */
    public @Nullable String field(String name) {
        List<String> v = fields.get(name);
        return v == null ? null : v.get(v.size() - 1);
    }

    /** Returns the text fields, by name, each with its values in order. */
    public Map<String, List<String>> fields() {
        return fields;
    }

    /**
     * Returns the files sent as field {@code name}, in order (empty when none).
     *
     * @param name the field's name
     * @return the files
     */
    public List<StoredFile> files(String name) {
        return files.getOrDefault(name, List.of());
    }

    /** Returns every file of the form, grouped by field name in the order the fields first came. */
    public List<StoredFile> allFiles() {
        List<StoredFile> all = new ArrayList<>();
        files.values().forEach(all::addAll);
        return all;
    }
}
