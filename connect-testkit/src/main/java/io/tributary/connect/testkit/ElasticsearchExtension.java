package io.tributary.connect.testkit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.support.TypeBasedParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/** The extension behind {@link WithElasticsearch}: one server per pinned version per JVM. */
public final class ElasticsearchExtension extends TypeBasedParameterResolver<ElasticsearchServer>
        implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(ElasticsearchExtension.class);

    /** Starts the server before the class, so a missing JDK skips the class instead of failing each test. */
    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    @Override
    public ElasticsearchServer resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    static ElasticsearchServer server(ExtensionContext context) {
        WithElasticsearch wanted = AnnotationSupport.findAnnotation(context.getRequiredTestClass(),
                WithElasticsearch.class).orElse(null);
        int major = wanted == null ? 8 : wanted.major();
        boolean oldest = wanted != null && wanted.oldest();
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(
                "elasticsearch-" + major + (oldest ? "-oldest" : ""),
                key -> TestServers.elasticsearch(major, oldest), ElasticsearchServer.class);
    }
}
