package dev.squall.samples.upload;

import dev.squall.escape.Escape;
import dev.squall.web.CoroutineRequestHandler;
import dev.squall.web.HttpMethod;
import dev.squall.web.MultipartForm;
import dev.squall.web.MultipartLimits;
import dev.squall.web.MultipartStream;
import dev.squall.web.StoredFile;
import dev.squall.web.StreamRequestBody;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code /}: {@code GET} shows the upload form (several files at once); {@code POST} receives it as a stream —
 * each file straight to a temporary file in the directory, then renamed to its sanitised name
 * ({@link FileNames#sanitize}) unless a file has that name already — and lists what was stored. The form carries
 * the XSRF token in its action's query, since a streamed body is not parsed before the check.
 */
@StreamRequestBody
final class FormHandler extends CoroutineRequestHandler {
    private final Path dir;
    private final MultipartLimits limits;
    private @Nullable MultipartStream form;

    FormHandler(Path dir, MultipartLimits limits) {
        this.dir = dir;
        this.limits = limits;
    }

    @Override
    public void prepare() {
        if (method() == HttpMethod.POST) {
            form = MultipartStream.start(this, limits, UploadApp.incoming(dir)); // sets the body limit too
        }
    }

    @Override
    public void get() {
        write("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Upload</title></head><body>"
                + "<h1>Upload files</h1>"
                + "<form method=\"post\" enctype=\"multipart/form-data\" action=\"/?_xsrf="
                + Escape.urlEscape(xsrfToken()) + "\">"
                + "<input type=\"file\" name=\"file\" multiple> <button>Upload</button></form>"
                + "<p>Or: <code>curl -T FILE http://HOST/files/NAME</code></p></body></html>");
    }

    @Override
    public void post() {
        MultipartStream f = form;
        if (f == null) {
            throw new IllegalStateException("prepare() starts the form");
        }
        MultipartForm received = await(f.receive());
        List<String> lines = new ArrayList<>();
        for (StoredFile file : received.allFiles()) {
            String name = FileNames.sanitize(file.filename());
            String line = offLoop(() -> {
                try {
                    file.moveTo(dir.resolve(name));
                    return "stored";
                } catch (FileAlreadyExistsException e) {
                    return "not stored: a file has this name already";
                }
            });
            lines.add("<li><a href=\"/files/" + Escape.urlEscape(name) + "\">" + Escape.xhtmlEscape(name) + "</a> ("
                    + file.size() + " bytes): " + line + "</li>");
        }
        write("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Uploaded</title></head><body><ul>"
                + String.join("", lines) + "</ul><p><a href=\"/\">Upload more</a></p></body></html>");
    }
}
