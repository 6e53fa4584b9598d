package io.tributary.connect.transforms;

import io.tributary.connect.testkit.PluginDirectory;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;
import org.junit.jupiter.api.Test;

/** The packaged plugin directory offers our transforms and predicates and nothing else. */
class PluginDirectoryIT {

    @Test
    void offersOnlyTheTransformsAndPredicates() {
        PluginDirectory.verify(Path.of("target/plugin/smt-transforms"), Map.of(
            Transformation.class, names(ConvertTimestamps.Key.class, ConvertTimestamps.Value.class, Deduplicate.class,
                DeriveKey.class, Mask.Key.class, Mask.Value.class, ParseJson.Key.class, ParseJson.Value.class,
                RenameFields.Key.class, RenameFields.Value.class, RouteByField.class, Unwrap.class),
            Predicate.class, names(FieldMatches.class, OperationIs.class)));
    }

    private static Set<String> names(Class<?>... plugins) {
        return Stream.of(plugins).map(Class::getName).collect(Collectors.toSet());
    }
}
