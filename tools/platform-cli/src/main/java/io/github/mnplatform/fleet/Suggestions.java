package io.github.mnplatform.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.mnplatform.core.BaseJarList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the fleet says to share (scripts/fleet.sh --suggest): the jars that at least a share of
 * the services run and the newest base does not hold, with the bytes sharing each would save,
 * and the base's jars that no service runs.
 *
 * <p>A jar is one file: group, artifact, version and, where the SBOMs name it, its SHA-256. The
 * base holds a jar when its SBOM lists the same file. A jar is counted once per service (the
 * newest image of each repository); services without an SBOM are not counted. Bytes: a service
 * that runs a jar the base does not hold carries its own copy in its own layers; COPIES such
 * services store COPIES x SIZE bytes in the registry and push them with their builds. In the base
 * the jar is stored once: the registry keeps (COPIES - 1) x SIZE bytes fewer ("saved") and the
 * service builds push COPIES x SIZE bytes fewer ("own bytes", what they carry today).
 *
 * @param grouped whether the base has a jar list that names the feature tiles' jars
 */
record Suggestions(String registry, String org, String baseVersion, String baseDigest, double minShare,
        List<String> services, List<String> withoutSbom, boolean grouped, List<SharedJar> suggested,
        List<UnusedJar> unused) {

    /** The group of a jar that the base holds in no version. */
    static final String NO_TILE = "no tile";

    /** A service: the newest image of one repository, what its SBOM lists and the jars of its own layers. */
    record Service(String repository, String tag, List<Component> components, List<Sbom.LayerJar> ownJars) {

        /** Its own copy of the jar: the file with the jar's SHA-256, or its file name when the SBOM has no hash. */
        Optional<Sbom.LayerJar> ownCopy(Component jar) {
            Predicate<Sbom.LayerJar> same = jar.sha256().isEmpty() ? file -> file.fileName().equals(jar.fileName())
                    : file -> file.sha256().equals(jar.sha256());
            return ownJars.stream().filter(same).findFirst();
        }
    }

    /** The newest platform base of the registry: its SBOM and, from 0.1.0 on, its jar list. */
    record Base(String version, String digest, List<Component> components, Optional<BaseJarList> jars) {
    }

    /**
     * A jar to share.
     *
     * @param tile        the feature tile whose jars include the same group:artifact in the base,
     *                    "common" for the base's common set, "no tile" when the base has no version of it
     * @param baseVersion the version the base holds of the same group:artifact, if any
     * @param services    the repositories whose newest image runs it
     * @param fleet       how many services were counted
     * @param size        its size in bytes, from a service layer that holds it; empty when no service
     *                    carries it in its own layers
     * @param copies      how many of those services carry it in their own layers
     */
    record SharedJar(String tile, Component jar, Optional<String> baseVersion, List<String> services, int fleet,
            Optional<Long> size, int copies) {

        double share() {
            return services.size() / (double) fleet;
        }

        /** COPIES x SIZE: what the services store and push of it today. */
        Optional<Long> ownBytes() {
            return size.map(bytes -> copies * bytes);
        }

        /** (COPIES - 1) x SIZE: what the registry would store less with one copy in the base. */
        Optional<Long> savedBytes() {
            return size.map(bytes -> Math.max(0, copies - 1) * bytes);
        }
    }

    /**
     * A jar of the base that no service runs.
     *
     * @param tile the feature tile that brings it, "common", or "-" when the base has no jar list
     * @param path its path in the base image, empty when the base has no jar list
     * @param jar  its SBOM component, empty when the SBOM does not name the file
     */
    record UnusedJar(String tile, Optional<String> path, Optional<Component> jar) {

        String name() {
            return jar.map(Component::toString).orElseGet(() -> path.orElse("?"));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static Suggestions compute(String registry, String org, Base base, List<Service> services, List<String> withoutSbom,
            double minShare) {
        Map<Component, List<Service>> runners = new LinkedHashMap<>();
        for (Service service : services) {
            service.components().stream().distinct()
                    .filter(jar -> base.components().stream().noneMatch(jar::sameJar))
                    .forEach(jar -> runners.computeIfAbsent(jar, j -> new ArrayList<>()).add(service));
        }
        List<SharedJar> suggested = new ArrayList<>();
        runners.forEach((jar, running) -> {
            // Compared as counts: 2 of 4 services is a share of 0.5 exactly.
            if (running.size() < minShare * services.size() - 1e-9) {
                return;
            }
            List<Sbom.LayerJar> copies = running.stream().map(service -> service.ownCopy(jar))
                    .flatMap(Optional::stream).toList();
            suggested.add(new SharedJar(tileOf(jar, base), jar, baseVersionOf(jar, base),
                    running.stream().map(Service::repository).toList(), services.size(),
                    copies.stream().findFirst().map(Sbom.LayerJar::size), copies.size()));
        });
        List<String> tileOrder = new ArrayList<>(base.jars().map(jars -> jars.featureJars().keySet())
                .map(List::copyOf).orElse(List.of()));
        tileOrder.add(BaseJarList.COMMON);
        tileOrder.add(NO_TILE);
        suggested.sort(Comparator.comparingInt((SharedJar s) -> tileOrder.indexOf(s.tile()))
                .thenComparing(s -> -s.savedBytes().orElse(0L))
                .thenComparing(s -> s.jar().toString()));

        Predicate<Component> runByAService = jar -> services.stream()
                .anyMatch(service -> service.components().stream().anyMatch(jar::sameJar));
        List<UnusedJar> unused = new ArrayList<>();
        if (base.jars().isPresent()) {
            BaseJarList jars = base.jars().get();
            for (String path : jars.sha256ByPath().keySet()) {
                Optional<Component> jar = Sbom.componentAt(jars, path, base.components());
                boolean used = jar.isPresent() ? runByAService.test(jar.get()) : services.stream()
                        .anyMatch(service -> service.components().stream()
                                .anyMatch(c -> path.endsWith("/" + c.fileName())));
                if (!used) {
                    unused.add(new UnusedJar(jars.tileOf(path), Optional.of(path), jar));
                }
            }
            unused.sort(Comparator.comparingInt((UnusedJar u) -> tileOrder.indexOf(u.tile())).thenComparing(UnusedJar::name));
        } else {
            base.components().stream().distinct().filter(runByAService.negate())
                    .forEach(jar -> unused.add(new UnusedJar("-", Optional.empty(), Optional.of(jar))));
        }
        return new Suggestions(registry, org, base.version(), base.digest(), minShare,
                services.stream().map(Service::repository).toList(), withoutSbom, base.jars().isPresent(),
                suggested, unused);
    }

    /**
     * The tile a jar belongs to: the feature tile whose jars in the base include the same
     * group:artifact (in any version), "common" when the base's common set has it, "no tile"
     * otherwise. The base's jars are named by their SBOM components (see Sbom#componentAt).
     */
    static String tileOf(Component jar, Base base) {
        if (base.jars().isEmpty()) {
            return NO_TILE;
        }
        BaseJarList jars = base.jars().get();
        return jars.sha256ByPath().keySet().stream()
                .filter(path -> Sbom.componentAt(jars, path, base.components())
                        .filter(c -> c.artifact().equals(jar.artifact())).isPresent())
                .map(jars::tileOf)
                .findFirst().orElse(NO_TILE);
    }

    private static Optional<String> baseVersionOf(Component jar, Base base) {
        return base.components().stream().filter(c -> c.artifact().equals(jar.artifact())).map(Component::version)
                .findFirst();
    }

    static final List<String> SUGGESTED_COLUMNS = List.of("tile", "jar", "services", "share", "base has", "jar bytes",
            "copies", "own bytes", "saved");
    static final List<String> UNUSED_COLUMNS = List.of("tile", "jar", "path");

    private static List<String> cells(SharedJar s) {
        return List.of(s.tile(), s.jar().toString(), s.services().size() + "/" + s.fleet(), percent(s.share()),
                s.baseVersion().orElse("-"), number(s.size()), String.valueOf(s.copies()), number(s.ownBytes()),
                number(s.savedBytes()));
    }

    private static List<String> cells(UnusedJar u) {
        return List.of(u.tile(), u.jar().map(Component::toString).orElse("-"), u.path().orElse("-"));
    }

    private static String number(Optional<Long> value) {
        return value.map(String::valueOf).orElse("-");
    }

    private static String percent(double share) {
        return Math.round(share * 100) + "%";
    }

    /** What the view is about, in one sentence. */
    String summary() {
        return "jars run by at least " + percent(minShare) + " of " + services.size() + " service"
                + (services.size() == 1 ? "" : "s") + " (newest image per repository) and not held by the base "
                + baseVersion + (withoutSbom.isEmpty() ? "" : "; without an SBOM, not counted: "
                + String.join(", ", withoutSbom));
    }

    String text() {
        StringBuilder out = new StringBuilder("# ").append(summary()).append('\n');
        table(out, SUGGESTED_COLUMNS, suggested.stream().map(Suggestions::cells).toList());
        out.append("\n# jars of the base ").append(baseVersion).append(" that no service runs\n");
        table(out, UNUSED_COLUMNS, unused.stream().map(Suggestions::cells).toList());
        return out.toString();
    }

    private static void table(StringBuilder out, List<String> header, List<List<String>> rows) {
        List<List<String>> lines = new ArrayList<>();
        lines.add(header);
        lines.addAll(rows);
        int[] widths = new int[header.size()];
        lines.forEach(cells -> {
            for (int i = 0; i < cells.size(); i++) {
                widths[i] = Math.max(widths[i], cells.get(i).length());
            }
        });
        for (List<String> cells : lines) {
            for (int i = 0; i < cells.size(); i++) {
                out.append(i == cells.size() - 1 ? cells.get(i) : String.format("%-" + widths[i] + "s  ", cells.get(i)));
            }
            out.append('\n');
        }
    }

    String json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("registry", registry);
        root.put("org", org);
        root.put("newestBase", baseVersion);
        root.put("baseDigest", baseDigest);
        root.put("minShare", minShare);
        root.put("grouped", grouped);
        ArrayNode counted = root.putArray("services");
        services.forEach(counted::add);
        ArrayNode notCounted = root.putArray("withoutSbom");
        withoutSbom.forEach(notCounted::add);
        ArrayNode rows = root.putArray("suggested");
        for (SharedJar s : suggested) {
            ObjectNode node = rows.addObject();
            node.put("tile", s.tile());
            node.put("jar", s.jar().toString());
            node.put("group", s.jar().group());
            node.put("artifact", s.jar().name());
            node.put("version", s.jar().version());
            node.put("sha256", s.jar().sha256().isEmpty() ? null : s.jar().sha256());
            node.put("baseVersion", s.baseVersion().orElse(null));
            ArrayNode running = node.putArray("services");
            s.services().forEach(running::add);
            node.put("share", s.share());
            putNumber(node, "bytes", s.size());
            node.put("copies", s.copies());
            putNumber(node, "ownBytes", s.ownBytes());
            putNumber(node, "savedBytes", s.savedBytes());
        }
        ArrayNode unusedRows = root.putArray("unusedBaseJars");
        for (UnusedJar u : unused) {
            ObjectNode node = unusedRows.addObject();
            node.put("tile", u.tile());
            node.put("jar", u.jar().map(Component::toString).orElse(null));
            node.put("path", u.path().orElse(null));
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always writes", e);
        }
    }

    private static void putNumber(ObjectNode node, String field, Optional<Long> value) {
        if (value.isPresent()) {
            node.put(field, value.get());
        } else {
            node.putNull(field);
        }
    }

    /** One self-contained page, as the report's: no script, no link, no font or image from anywhere. */
    String html() {
        StringBuilder out = new StringBuilder()
                .append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>What to share: ").append(Report.escape(org)).append(" in ").append(Report.escape(registry))
                .append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}\n")
                .append("table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left}\n")
                .append("th{background:#f0f0f0}td{white-space:nowrap}td.num{text-align:right}code{font-size:.9em}\n")
                .append("</style>\n</head>\n<body>\n")
                .append("<h1>What to share</h1>\n<p id=\"summary\">").append(Report.escape(summary()))
                .append(" (<b>").append(Report.escape(org)).append("</b> in <code>").append(Report.escape(registry))
                .append("</code>)</p>\n<table id=\"suggested\">\n<thead><tr>");
        SUGGESTED_COLUMNS.forEach(column -> out.append("<th>").append(Report.escape(column)).append("</th>"));
        out.append("</tr></thead>\n<tbody>\n");
        for (SharedJar s : suggested) {
            out.append("<tr title=\"").append(Report.escape(String.join(", ", s.services()))).append("\">");
            List<String> cells = cells(s);
            for (int i = 0; i < cells.size(); i++) {
                out.append(i >= 2 && i != 4 ? "<td class=\"num\">" : "<td>").append(Report.escape(cells.get(i)))
                        .append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table>\n<h2>Jars of the base ").append(Report.escape(baseVersion))
                .append(" that no service runs</h2>\n<table id=\"unused\">\n<thead><tr>");
        UNUSED_COLUMNS.forEach(column -> out.append("<th>").append(Report.escape(column)).append("</th>"));
        out.append("</tr></thead>\n<tbody>\n");
        for (UnusedJar u : unused) {
            out.append("<tr>");
            cells(u).forEach(cell -> out.append("<td>").append(Report.escape(cell)).append("</td>"));
            out.append("</tr>\n");
        }
        return out.append("</tbody>\n</table>\n</body>\n</html>\n").toString();
    }
}
