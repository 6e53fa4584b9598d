package io.tributary.connect.testkit;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** The extension behind {@link WithPostgres}: one server per JVM, one fresh database per test class. */
public final class PostgresExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(PostgresExtension.class);
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @Override
    public void beforeAll(ExtensionContext context) {
        database(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == PostgresDatabase.class || type == PostgresServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PostgresServer.class ? server(context) : database(context);
    }

    static PostgresServer server(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("server",
                key -> TestServers.postgres(),
                PostgresServer.class);
    }

    private static PostgresDatabase database(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent("database:" + testClass.getName(),
                key -> server(context).createDatabase(databaseName(testClass)), PostgresDatabase.class);
    }

    /** e.g. {@code jdbcsourceit_3}: readable in server logs, unique in this JVM. */
    static String databaseName(Class<?> testClass) {
        String simple = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (simple.isEmpty() || !Character.isLetter(simple.charAt(0))) {
            simple = "t" + simple;
        }
        return simple.substring(0, Math.min(simple.length(), 50)) + "_" + DATABASES.incrementAndGet();
    }
}
