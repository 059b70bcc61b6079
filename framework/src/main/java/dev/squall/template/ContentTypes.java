package dev.squall.template;

/** The content type of a template by the extension before the engine's ({@code feed.xml.jte}). */
final class ContentTypes {
    private ContentTypes() {}

    static String of(String name) {
        int slash = name.lastIndexOf('/');
        String base = name.substring(slash + 1);
        int last = base.lastIndexOf('.');
        int before = last <= 0 ? -1 : base.lastIndexOf('.', last - 1);
        String ext = before < 0 ? "" : base.substring(before + 1, last);
        return switch (ext) {
            case "xml", "atom", "rss" -> "application/xml; charset=UTF-8";
            case "js" -> "text/javascript; charset=UTF-8";
            case "json" -> "application/json; charset=UTF-8";
            case "css" -> "text/css; charset=UTF-8";
            case "txt", "text" -> "text/plain; charset=UTF-8";
            case "svg" -> "image/svg+xml; charset=UTF-8";
            default -> "text/html; charset=UTF-8";
        };
    }
}
