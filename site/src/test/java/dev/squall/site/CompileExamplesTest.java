package dev.squall.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every code block that claims to be a complete Java example compiles, against the test class path (the
 * framework, client, templates and testing modules, JUnit). A guide claims it with an HTML comment on the line
 * right before the fence, which the rendered page does not show:
 *
 * <pre>
 * &lt;!-- compile --&gt;
 * ```java
 * import ...;
 * public final class HelloWorld { ... }
 * ```
 * </pre>
 *
 * The home page's examples ({@code dev/squall/site/home/*.java}) are complete files and compile the same way.
 */
class CompileExamplesTest {
    /** The marker line before a fence. */
    static final String MARKER = "<!-- compile -->";

    private static final Pattern PUBLIC_TYPE =
            Pattern.compile("(?m)^public\\s+(?:final\\s+|abstract\\s+)*(?:class|record|interface|enum)\\s+(\\w+)");

    /**
     * A Java source to compile.
     *
     * @param origin where it comes from, for messages
     * @param code the source
     */
    record Example(String origin, String code) {}

    /** Returns the marked ```java blocks of a Markdown text. */
    static List<Example> markedBlocks(String file, String markdown) {
        List<Example> examples = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].strip().equals(MARKER)) {
                if (!lines[i + 1].strip().equals("```java")) {
                    throw new AssertionError(file + ":" + (i + 1) + ": " + MARKER + " must be followed by ```java");
                }
                StringBuilder code = new StringBuilder();
                int j = i + 2;
                for (; j < lines.length && !lines[j].startsWith("```"); j++) {
                    code.append(lines[j]).append('\n');
                }
                examples.add(new Example(file + ":" + (i + 3), code.toString()));
                i = j;
            }
        }
        return examples;
    }

    @Test
    void theMarkerIsFoundAndOnlyBeforeAJavaFence() {
        String md = "text\n<!-- compile -->\n```java\nclass A {}\n```\n```java\nnot compiled\n```\n";
        List<Example> found = markedBlocks("x.md", md);
        assertEquals(1, found.size());
        assertEquals("class A {}\n", found.get(0).code());
        assertEquals("x.md:4", found.get(0).origin());
    }

    @Test
    void aBrokenExampleFailsWithItsOriginAndLine(@TempDir Path out) {
        String errors = compile(List.of(new Example("x.md:4", "class A { void f() { int x = \"s\"; } }")), out);
        assertTrue(errors.startsWith("x.md:4 line 1: "), errors);
    }

    @Test
    @Timeout(300)
    void everyMarkedGuideExampleCompiles(@TempDir Path out) throws IOException {
        List<Example> examples = new ArrayList<>();
        try (Stream<Path> docs = Files.list(TestSite.root().resolve("docs"))) {
            for (Path doc : (Iterable<Path>)
                    docs.filter(p -> p.toString().endsWith(".md")).sorted()::iterator) {
                examples.addAll(
                        markedBlocks("docs/" + doc.getFileName(), Files.readString(doc, StandardCharsets.UTF_8)));
            }
        }
        assertTrue(examples.size() >= 2, "expected the guides to mark complete examples; found " + examples.size());
        StringBuilder errors = new StringBuilder();
        int n = 0;
        for (Example e : examples) {
            errors.append(compile(List.of(e), out.resolve("d" + n++)));
        }
        assertEquals("", errors.toString());
    }

    @Test
    @Timeout(300)
    void theHomePageExamplesCompile(@TempDir Path out) {
        List<Example> all = Home.FILES.stream()
                .map(f -> new Example("home/" + f, Home.source(f)))
                .toList();
        // Hello and its test together; each handler style on its own (two of them are both called Forecast).
        String errors = compile(all.subList(0, 2), out.resolve("hello"))
                + compile(List.of(all.get(2)), out.resolve("plain"))
                + compile(List.of(all.get(3)), out.resolve("chained"))
                + compile(List.of(all.get(4)), out.resolve("coroutine"));
        assertEquals("", errors);
    }

    /** Compiles the examples together; returns their errors, one line each, or empty. */
    static String compile(List<Example> examples, Path out) {
        try {
            Path src = Files.createDirectories(out.resolve("src"));
            Path classes = Files.createDirectories(out.resolve("classes"));
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < examples.size(); i++) {
                Matcher m = PUBLIC_TYPE.matcher(examples.get(i).code());
                Path file = src.resolve((m.find() ? m.group(1) : "Example" + i) + ".java");
                Files.writeString(file, examples.get(i).code(), StandardCharsets.UTF_8);
                files.add(file);
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
                String classPath =
                        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
                List<String> options = List.of("-proc:none", "-d", classes.toString(), "-classpath", classPath);
                boolean ok = javac.getTask(
                                new StringWriter(),
                                fm,
                                diagnostics,
                                options,
                                null,
                                fm.getJavaFileObjectsFromPaths(files))
                        .call();
                StringBuilder errors = new StringBuilder();
                for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                    if (d.getKind() == Diagnostic.Kind.ERROR) {
                        int index = d.getSource() == null
                                ? 0
                                : files.indexOf(Path.of(d.getSource().toUri()));
                        errors.append(examples.get(Math.max(0, index)).origin())
                                .append(" line ")
                                .append(d.getLineNumber())
                                .append(": ")
                                .append(d.getMessage(Locale.ROOT))
                                .append('\n');
                    }
                }
                return ok ? "" : errors.toString();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
