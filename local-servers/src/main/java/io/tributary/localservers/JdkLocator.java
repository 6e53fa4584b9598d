package io.tributary.localservers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a JDK of at least a given version for a server process: {@code ES_JAVA_HOME}, then the JDK
 * of this JVM, then the newest under {@code /usr/lib/jvm}.
 */
public final class JdkLocator {

    private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);

    private JdkLocator() {
    }

    public static Optional<Path> find(int minimumFeature) {
        List<Path> candidates = new ArrayList<>();
        String esJavaHome = System.getenv("ES_JAVA_HOME");
        if (esJavaHome != null && !esJavaHome.isBlank()) {
            candidates.add(Path.of(esJavaHome));
        }
        candidates.add(Path.of(System.getProperty("java.home")));
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> dirs = Files.list(jvms)) {
                dirs.sorted(Comparator.comparingInt(JdkLocator::feature).reversed()).forEach(candidates::add);
            } catch (IOException e) {
                // an unreadable /usr/lib/jvm only means fewer candidates
            }
        }
        return candidates.stream()
                .filter(home -> Files.isExecutable(home.resolve("bin/java")))
                .filter(home -> feature(home) >= minimumFeature)
                .findFirst();
    }

    /** The feature version from the JDK's {@code release} file; 0 when unknown. */
    public static int feature(Path home) {
        try {
            Matcher matcher = JAVA_VERSION.matcher(Files.readString(home.resolve("release")));
            return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
