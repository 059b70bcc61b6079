package dev.squall.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The framework's packages depend downward only: {@code loop} on no other Squall package, {@code async} and
 * {@code net} not on {@code http} or {@code web}, {@code http} not on {@code web}. Checked on the compiled
 * classes, whose constant pools name every class they use (imports, fully qualified names, signatures), so
 * no reference escapes the scan. Internal packages ({@code dev.squall.internal.*}) are not checked here.
 */
class PackageLayeringTest {
    /** For each package, the Squall packages it must not use. */
    private static final Map<String, List<String>> FORBIDDEN = Map.of(
            "loop", List.of("async", "net", "http", "web", "escape"),
            "async", List.of("net", "http", "web"),
            "net", List.of("http", "web"),
            "http", List.of("web"));

    @Test
    void theLoopPackageUsesNoOtherSquallPackage() throws Exception {
        List<String> found = violations("loop");
        assertEquals(List.of(), found, "dev.squall.loop must depend on no package above it");
    }

    @Test
    void asyncNetAndHttpDependOnlyDownward() throws Exception {
        for (String pkg : List.of("async", "net", "http")) {
            assertEquals(List.of(), violations(pkg), "dev.squall." + pkg + " depends on a package above it");
        }
    }

    @Test
    void theScanSeesAReferenceWhenThereIsOne() throws Exception {
        // async uses loop: if the scan could not see references, the checks above would pass vacuously.
        List<String> loopUsers = new ArrayList<>();
        for (Path c : classes("async")) {
            if (constantPoolText(c).contains("dev/squall/loop/")) {
                loopUsers.add(c.getFileName().toString());
            }
        }
        assertFalse(loopUsers.isEmpty());
    }

    private static List<String> violations(String pkg) throws Exception {
        List<String> found = new ArrayList<>();
        for (Path c : classes(pkg)) {
            String text = constantPoolText(c);
            for (String forbidden : FORBIDDEN.get(pkg)) {
                if (text.contains("dev/squall/" + forbidden + "/")) {
                    found.add(c.getFileName() + " uses dev.squall." + forbidden);
                }
            }
        }
        return found;
    }

    private static List<Path> classes(String pkg) throws IOException, URISyntaxException {
        // The package's directory in target/classes (the compiled main classes are a directory under Maven).
        Path anchor = Path.of(IOLoop.class.getResource("IOLoop.class").toURI())
                .getParent()
                .getParent();
        Path dir = anchor.resolve(pkg);
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> out =
                    files.filter(p -> p.toString().endsWith(".class")).sorted().toList();
            if (out.isEmpty()) {
                throw new IllegalStateException("no classes found in " + dir);
            }
            return out;
        }
    }

    /** The class file as Latin-1 text: its constant pool's UTF-8 entries hold every referenced class name. */
    private static String constantPoolText(Path classFile) throws IOException {
        return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
    }
}
