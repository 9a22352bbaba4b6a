package io.github.mnplatform.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fleet: its rows and how they are written, as a text table, JSON or one HTML page.
 *
 * @param newestBase the newest platform version among the base's tags in the registry
 */
record Report(String registry, String org, Optional<String> newestBase, List<ImageRow> images) {

    static final List<String> COLUMNS = List.of("repository", "tag", "digest", "platform", "base digest",
            "behind", "aot", "own bytes", "overrides");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    Report with(List<ImageRow> rows) {
        return new Report(registry, org, newestBase, rows);
    }

    /** The cells of a row, in the order of {@link #COLUMNS}; "-" for what is unknown. */
    static List<String> cells(ImageRow row) {
        return List.of(row.repository(), row.tag(), row.digest(), row.platformVersion(),
                row.baseDigest().orElse("-"), row.behind().map(String::valueOf).orElse("-"), row.aot().orElse("-"),
                row.ownBytes().map(String::valueOf).orElse("-"),
                row.overrides().isEmpty() ? "-" : String.join(", ", row.overrides().stream().map(Object::toString).toList()));
    }

    /** What the image runs of the artifact --with names. */
    static String runs(ImageRow row, Coordinate artifact) {
        return String.join(", ", row.components().orElse(List.of()).stream().filter(artifact::matches)
                .map(Component::toString).distinct().toList());
    }

    String text(Optional<Coordinate> with) {
        List<String> header = new ArrayList<>(COLUMNS);
        with.ifPresent(artifact -> header.add("runs"));
        List<List<String>> lines = new ArrayList<>();
        lines.add(header);
        for (ImageRow row : images) {
            List<String> cells = new ArrayList<>(cells(row));
            cells.set(2, shortDigest(cells.get(2)));
            cells.set(4, shortDigest(cells.get(4)));
            with.ifPresent(artifact -> cells.add(runs(row, artifact)));
            lines.add(cells);
        }
        int[] widths = new int[header.size()];
        lines.forEach(cells -> {
            for (int i = 0; i < cells.size(); i++) {
                widths[i] = Math.max(widths[i], cells.get(i).length());
            }
        });
        StringBuilder out = new StringBuilder();
        for (List<String> cells : lines) {
            for (int i = 0; i < cells.size(); i++) {
                out.append(i == cells.size() - 1 ? cells.get(i) : String.format("%-" + widths[i] + "s  ", cells.get(i)));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String shortDigest(String digest) {
        return digest.startsWith("sha256:") ? digest.substring(0, Math.min(digest.length(), 19)) : digest;
    }

    String json(Optional<Coordinate> with) {
        ObjectNode root = JSON.createObjectNode();
        root.put("registry", registry);
        root.put("org", org);
        root.put("newestBase", newestBase.orElse(null));
        with.ifPresent(artifact -> root.put("with", artifact.toString()));
        ArrayNode rows = root.putArray("images");
        for (ImageRow row : images) {
            ObjectNode node = rows.addObject();
            node.put("repository", row.repository());
            node.put("tag", row.tag());
            node.put("digest", row.digest());
            node.put("platformVersion", row.platformVersion());
            node.put("base", row.base().orElse(null));
            node.put("baseDigest", row.baseDigest().orElse(null));
            if (row.behind().isPresent()) {
                node.put("behind", row.behind().get());
            } else {
                node.putNull("behind");
            }
            node.put("aot", row.aot().orElse(null));
            if (row.ownBytes().isPresent()) {
                node.put("ownBytes", row.ownBytes().get());
            } else {
                node.putNull("ownBytes");
            }
            ArrayNode overrides = node.putArray("overrides");
            row.overrides().forEach(o -> overrides.addObject().put("artifact", o.artifact())
                    .put("base", o.baseVersion()).put("image", o.imageVersion()));
            node.put("sbom", row.components().isPresent());
            with.ifPresent(artifact -> {
                ArrayNode runs = node.putArray("runs");
                row.components().orElse(List.of()).stream().filter(artifact::matches).map(Component::toString)
                        .distinct().forEach(runs::add);
            });
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always writes", e);
        }
    }

    /** One self-contained page: no script, no link, no font or image from anywhere. */
    String html(Optional<Coordinate> with) {
        StringBuilder out = new StringBuilder()
                .append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>What runs where: ").append(escape(org)).append(" in ").append(escape(registry))
                .append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}\n")
                .append("table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left}\n")
                .append("th{background:#f0f0f0}td{white-space:nowrap}td.num{text-align:right}code{font-size:.9em}\n")
                .append("tr.behind td{background:#fff4e0}\n</style>\n</head>\n<body>\n")
                .append("<h1>What runs where</h1>\n<p id=\"summary\">")
                .append(images.size()).append(" service image").append(images.size() == 1 ? "" : "s").append(" of <b>")
                .append(escape(org)).append("</b> in <code>").append(escape(registry)).append("</code>; newest base: ")
                .append(escape(newestBase.orElse("none in this registry")));
        with.ifPresent(artifact -> out.append("; running <code>").append(escape(artifact.toString())).append("</code>"));
        out.append("</p>\n<table id=\"fleet\">\n<thead><tr>");
        COLUMNS.forEach(column -> out.append("<th>").append(escape(column)).append("</th>"));
        with.ifPresent(artifact -> out.append("<th>runs</th>"));
        out.append("</tr></thead>\n<tbody>\n");
        for (ImageRow row : images) {
            out.append(row.behind().orElse(0) > 0 ? "<tr class=\"behind\">" : "<tr>");
            List<String> cells = cells(row);
            for (int i = 0; i < cells.size(); i++) {
                boolean number = i == 5 || i == 7;
                boolean digest = i == 2 || i == 4;
                if (digest && cells.get(i).startsWith("sha256:")) {
                    // Short, as in the text table; the whole digest on hover and in the DOM.
                    out.append("<td title=\"").append(escape(cells.get(i))).append("\"><code>")
                            .append(escape(shortDigest(cells.get(i)))).append("</code></td>");
                } else {
                    out.append(number ? "<td class=\"num\">" : "<td>").append(escape(cells.get(i))).append("</td>");
                }
            }
            with.ifPresent(artifact -> out.append("<td>").append(escape(runs(row, artifact))).append("</td>"));
            out.append("</tr>\n");
        }
        return out.append("</tbody>\n</table>\n</body>\n</html>\n").toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
